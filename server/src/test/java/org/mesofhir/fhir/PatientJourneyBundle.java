package org.mesofhir.fhir;

import static org.mesofhir.demo.MpemResources.*;

import org.mesofhir.demo.MpemResources;

import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.BooleanType;
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
 * A ten-entry transaction Bundle of one MPeM patient's journey (site, patient, diagnosis, CRS with HIPEC,
 * two chemotherapy administrations, PCI, CC score, ECOG, vital status), linked by {@code urn:uuid:}
 * references, as an EHR interface engine would send it. Identifiers are unique per call.
 */
public final class PatientJourneyBundle {

	public static final String SITE_SYSTEM = MpemResources.SITE_SYSTEM;
	public static final String PATIENT_SYSTEM = "https://mesofhir.org/fhir/sid/test-patient";

	private PatientJourneyBundle() {}

	public static Bundle build(String siteCode, String patientId) {
		Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);

		String siteRef = addEntry(bundle, site(siteCode), "identifier=" + SITE_SYSTEM + "|" + siteCode);
		Patient patient = patient(PATIENT_SYSTEM, patientId, siteRef);
		String patientRef = addEntry(bundle, patient, null);

		Condition diagnosis = new Condition();
		diagnosis.setSubject(new Reference(patientRef));
		diagnosis.setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.1", "Mesothelioma of peritoneum"));
		diagnosis.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
		diagnosis.getVerificationStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status").setCode("confirmed");
		diagnosis.setOnset(new DateTimeType("2019-03-04"));
		diagnosis.addExtension(new Extension("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior",
				concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "9052/3", "Epithelioid mesothelioma, malignant")));
		diagnosis.addBodySite(concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "C48.2", "Peritoneum, NOS"));
		String diagnosisRef = addEntry(bundle, diagnosis, null);

		Procedure surgery = new Procedure();
		surgery.setStatus(Procedure.ProcedureStatus.COMPLETED);
		surgery.setSubject(new Reference(patientRef));
		surgery.setCode(concept("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C132068", "Cytoreductive Surgery"));
		surgery.setPerformed(new DateTimeType("2019-04-15"));
		surgery.addReasonReference(new Reference(diagnosisRef));
		Extension hipec = new Extension("https://mesofhir.org/fhir/StructureDefinition/hipec");
		hipec.addExtension("performed", new BooleanType(true));
		hipec.addExtension("temperature", quantity(42, "Cel"));
		hipec.addExtension("duration", quantity(90, "min"));
		surgery.addExtension(hipec);
		String surgeryRef = addEntry(bundle, surgery, null);

		addEntry(bundle, chemotherapy(patientRef, "2555", "cisplatin", "2019-04-15", "38239002", "Intraperitoneal route", surgeryRef), null);
		addEntry(bundle, chemotherapy(patientRef, "68446", "pemetrexed", "2019-06-01", "47625008", "Intravenous route", null), null);

		Observation pci = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "pci", "Peritoneal cancer index", "2019-04-15");
		int[] regions = {2, 1, 1, 0, 1, 2, 3, 1, 0, 1, 0, 1, 1};
		int total = 0;
		for (int region = 0; region < regions.length; region++) {
			pci.addComponent()
					.setCode(concept("https://mesofhir.org/fhir/CodeSystem/pci-region", String.valueOf(region), null))
					.setValue(new IntegerType(regions[region]));
			total += regions[region];
		}
		pci.setValue(new IntegerType(total));
		pci.addPartOf(new Reference(surgeryRef));
		addEntry(bundle, pci, null);

		Observation cc = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "cc-score", "Completeness of cytoreduction score", "2019-04-15");
		cc.setValue(concept("https://mesofhir.org/fhir/CodeSystem/cc-score", "CC-0", "CC-0"));
		cc.addPartOf(new Reference(surgeryRef));
		addEntry(bundle, cc, null);

		Observation ecog = observation(patientRef, "http://loinc.org", "89247-1", "ECOG Performance Status score", "2019-03-04");
		ecog.setValue(new IntegerType(1));
		addEntry(bundle, ecog, null);

		Observation vital = observation(patientRef, "http://loinc.org", "75186-7", "Vital status", "2022-09-30");
		vital.setValue(concept("http://snomed.info/sct", "438949009", "Alive"));
		addEntry(bundle, vital, null);
		return bundle;
	}

}
