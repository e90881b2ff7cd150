package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.demo.MpemResources.*;

import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An EHR feed built as README "Ingestion" says (conditional PUT on business identifiers): the same Bundle
 * sent twice leaves one copy of everything, and a corrected diagnosis date replaces the old one in the
 * analysis records and in {@code $survival}.
 */
class EhrIdempotencyIT extends ServerIntegrationTest {

	private static final String MRN = "https://hospital.example.org/fhir/sid/mrn";
	private static final String RECORD = "https://hospital.example.org/fhir/sid/clinical-record";

	@Autowired
	private AnalysisRecordRebuilder records;

	@Test
	void sameBundleTwiceLeavesOneCopyAndACorrectionChangesTheAnalysis() {
		String mrn = "MRN-" + UUID.randomUUID();
		int cohortBefore = survivalPatients();

		Bundle first = client.transaction().withBundle(ehrBundle(mrn, "2020-02-03")).execute();
		String patientId = first.getEntry().get(1).getResponse().getLocation().split("/")[1];
		client.transaction().withBundle(ehrBundle(mrn, "2020-02-03")).execute();

		assertThat(count("Patient?identifier=" + MRN + "|" + mrn)).isEqualTo(1);
		assertThat(count("Condition?subject=Patient/" + patientId)).isEqualTo(1);
		assertThat(count("Observation?subject=Patient/" + patientId)).isEqualTo(2);
		assertThat(record(patientId).diagnosisDate()).isEqualTo(LocalDate.of(2020, 2, 3));
		assertThat(survivalPatients()).isEqualTo(cohortBefore + 1);

		// the registrar corrects the diagnosis date in the EHR, which sends the journey again
		Bundle corrected = client.transaction().withBundle(ehrBundle(mrn, "2019-11-20")).execute();
		assertThat(corrected.getEntry().get(2).getResponse().getStatus()).startsWith("200");

		assertThat(count("Patient?identifier=" + MRN + "|" + mrn)).isEqualTo(1);
		assertThat(count("Condition?subject=Patient/" + patientId)).isEqualTo(1);
		Condition stored = client.search().byUrl("Condition?subject=Patient/" + patientId)
				.returnBundle(Bundle.class).execute().getEntryFirstRep().getResource() instanceof Condition c ? c : null;
		assertThat(stored.getOnsetDateTimeType().getValueAsString()).isEqualTo("2019-11-20");
		assertThat(stored.getMeta().getVersionId()).isEqualTo("2");
		AnalysisRecord after = record(patientId);
		assertThat(after.diagnosisDate()).isEqualTo(LocalDate.of(2019, 11, 20));
		assertThat(after.lastContactDate()).isEqualTo(LocalDate.of(2023, 5, 1));
		assertThat(survivalPatients()).isEqualTo(cohortBefore + 1);
	}

	/** One patient's EHR message: site (created once), patient, diagnosis, ECOG and vital status, all by identifier. */
	static Bundle ehrBundle(String mrn, String diagnosisDate) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Organization site = site("EHR-SITE");
		String siteRef = ConditionalEntries.createIfAbsent(bundle, site, site.getIdentifierFirstRep());

		Patient patient = patient(MRN, mrn, siteRef);
		patient.setGender(AdministrativeGender.MALE);
		patient.setBirthDateElement(new DateType("1958-07-14"));
		String patientRef = ConditionalEntries.put(bundle, patient, patient.getIdentifierFirstRep());

		Condition diagnosis = new Condition();
		Identifier diagnosisId = diagnosis.addIdentifier().setSystem(RECORD).setValue(mrn + "/diagnosis");
		diagnosis.setSubject(new Reference(patientRef));
		diagnosis.setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.1", "Mesothelioma of peritoneum"));
		diagnosis.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
		diagnosis.getVerificationStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status").setCode("confirmed");
		diagnosis.setOnset(new DateTimeType(diagnosisDate));
		diagnosis.addExtension(new Extension("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior",
				concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "9052/3", "Epithelioid mesothelioma, malignant")));
		diagnosis.addBodySite(concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "C48.2", "Peritoneum, NOS"));
		ConditionalEntries.put(bundle, diagnosis, diagnosisId);

		Observation ecog = observation(patientRef, "http://loinc.org", "89247-1", "ECOG Performance Status score", "2020-02-03");
		ecog.setValue(new IntegerType(1));
		ConditionalEntries.put(bundle, ecog, ecog.addIdentifier().setSystem(RECORD).setValue(mrn + "/ecog/2020-02-03"));

		Observation vital = observation(patientRef, "http://loinc.org", "75186-7", "Vital status", "2023-05-01");
		vital.setValue(concept("http://snomed.info/sct", "438949009", "Alive"));
		ConditionalEntries.put(bundle, vital, vital.addIdentifier().setSystem(RECORD).setValue(mrn + "/vital-status"));
		return bundle;
	}

	private AnalysisRecord record(String patientId) {
		return records.storedRecords().stream().filter(r -> r.patientId().equals(patientId)).findFirst().orElseThrow();
	}

	private int survivalPatients() {
		Parameters result = client.operation().onServer().named("$survival")
				.withParameters(new Parameters().addParameter("timeUnit", new CodeType("day"))).execute();
		return ((IntegerType) result.getParameter("patients").getValue()).getValue();
	}

	private int count(String query) {
		return client.search().byUrl(query + "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
	}
}
