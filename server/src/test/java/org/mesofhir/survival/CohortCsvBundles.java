package org.mesofhir.survival;

import static org.mesofhir.demo.MpemResources.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns the rows of {@code survival/e2e/cohort.csv} (one patient each, dates of diagnosis, treatment,
 * progression, death or last contact) into profile-valid transaction Bundles, the way an EHR would send them.
 */
public final class CohortCsvBundles {

	static final String PATIENT_SYSTEM = "https://mesofhir.org/fhir/sid/e2e-patient";

	private CohortCsvBundles() {}

	/** @param file a CSV of {@code survival/e2e} ({@code cohort.csv}, {@code cohort-missing.csv}) */
	public static List<CSVRecord> rows(String file) throws IOException {
		try (InputStream in = CohortCsvBundles.class.getResourceAsStream("/survival/e2e/" + file)) {
			return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
					.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
		}
	}

	public static Bundle bundle(CSVRecord row, String identifierSuffix) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String siteRef = addEntry(bundle, site(row.get("site")), "identifier=" + SITE_SYSTEM + "|" + row.get("site"));
		Patient patient = patient(PATIENT_SYSTEM, row.get("patient") + identifierSuffix, siteRef);
		patient.setGender(AdministrativeGender.fromCode(row.get("sex")));
		patient.setBirthDateElement(new DateType(row.get("birth")));
		String patientRef = addEntry(bundle, patient, null);

		Condition diagnosis = new Condition();
		diagnosis.setSubject(new Reference(patientRef));
		diagnosis.setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.1", "Mesothelioma of peritoneum"));
		diagnosis.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
		diagnosis.getVerificationStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status").setCode("confirmed");
		diagnosis.setOnset(new DateTimeType(row.get("diagnosis")));
		diagnosis.addExtension(new Extension("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior",
				concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "9052/3", "Epithelioid mesothelioma, malignant")));
		diagnosis.addBodySite(concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "C48.2", "Peritoneum, NOS"));
		String diagnosisRef = addEntry(bundle, diagnosis, null);

		if (!row.get("ecog").isEmpty()) {
			Observation ecog = observation(patientRef, "http://loinc.org", "89247-1", "ECOG Performance Status score", row.get("ecog_date"));
			ecog.setValue(new IntegerType(Integer.parseInt(row.get("ecog"))));
			addEntry(bundle, ecog, null);
		}

		if (!row.get("surgery").isEmpty()) {
			boolean hipec = Boolean.parseBoolean(row.get("hipec"));
			Procedure surgery = new Procedure();
			surgery.setStatus(Procedure.ProcedureStatus.COMPLETED);
			surgery.setSubject(new Reference(patientRef));
			surgery.setCode(concept("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C132068", "Cytoreductive Surgery"));
			surgery.setPerformed(new DateTimeType(row.get("surgery")));
			surgery.addReasonReference(new Reference(diagnosisRef));
			Extension extension = new Extension("https://mesofhir.org/fhir/StructureDefinition/hipec");
			extension.addExtension("performed", new BooleanType(hipec));
			if (hipec) {
				extension.addExtension("temperature", quantity(42, "Cel"));
				extension.addExtension("duration", quantity(90, "min"));
			}
			surgery.addExtension(extension);
			String surgeryRef = addEntry(bundle, surgery, null);

			if (!row.get("pci").isEmpty()) {
				addEntry(bundle, pci(patientRef, row.get("surgery"), Integer.parseInt(row.get("pci")), surgeryRef), null);
			}

			Observation cc = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "cc-score", "Completeness of cytoreduction score", row.get("surgery"));
			cc.setValue(concept("https://mesofhir.org/fhir/CodeSystem/cc-score", row.get("cc"), row.get("cc")));
			cc.addPartOf(new Reference(surgeryRef));
			addEntry(bundle, cc, null);
			if (hipec) {
				addEntry(bundle, chemotherapy(patientRef, "2555", "cisplatin", row.get("surgery"), "38239002", "Intraperitoneal route", surgeryRef), null);
			}
		}
		if (!row.get("chemo").isEmpty()) {
			addEntry(bundle, chemotherapy(patientRef, "68446", "pemetrexed", row.get("chemo"), "47625008", "Intravenous route", null), null);
		}
		if (!row.get("progression").isEmpty()) {
			Observation status = observation(patientRef, "http://loinc.org", "97509-4", "Cancer disease status", row.get("progression"));
			status.setValue(concept("http://snomed.info/sct", "271299001", "Patient's condition worsened"));
			status.addFocus(new Reference(diagnosisRef));
			addEntry(bundle, status, null);
		}
		boolean dead = !row.get("death").isEmpty();
		Observation vital = observation(patientRef, "http://loinc.org", "75186-7", "Vital status",
				dead ? row.get("death") : row.get("last_contact"));
		vital.setValue(dead ? concept("http://snomed.info/sct", "419099009", "Dead") : concept("http://snomed.info/sct", "438949009", "Alive"));
		addEntry(bundle, vital, null);
		return bundle;
	}

	/** The PCI of a surgery, its regions filled up to 3 each until the total is reached. */
	private static Observation pci(String patientRef, String date, int total, String surgeryRef) {
		Observation pci = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "pci", "Peritoneal cancer index", date);
		pci.setValue(new IntegerType(total));
		int remaining = total;
		for (int region = 0; region < 13; region++) {
			int score = Math.min(3, remaining);
			remaining -= score;
			pci.addComponent().setCode(concept("https://mesofhir.org/fhir/CodeSystem/pci-region", String.valueOf(region), null))
					.setValue(new IntegerType(score));
		}
		pci.addPartOf(new Reference(surgeryRef));
		return pci;
	}

}
