package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.demo.MpemResources.*;

import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an mCODE-conformant EHR sends for the facts of an MPeM journey (a SNOMED CT primary cancer condition on the
 * peritoneum with mCODE's histology extension, mCODE's ECOG as a LOINC answer code, mCODE's CancerDiseaseStatus) is
 * stored and lands in the analysis records exactly like its MPeM twin (same dates, other patient identifiers).
 */
class McodeShapesIT extends ServerIntegrationTest {

	private static final String MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/";
	private static final int PATIENT = 1, DIAGNOSIS = 2, ECOG = 8;

	@Autowired
	private AnalysisRecordRebuilder records;

	@Test
	void mcodeJourneyGivesTheAnalysisRecordOfItsMpemTwin() {
		String run = UUID.randomUUID().toString();
		Bundle mpem = PatientJourneyBundle.build("SITE-MCODE", "mpem-twin-" + run);
		addDiseaseStatus(mpem, false);

		Bundle mcode = PatientJourneyBundle.build("SITE-MCODE", "mcode-twin-" + run);
		mcode.getEntry().get(PATIENT).getResource().getMeta().addProfile(MCODE + "mcode-cancer-patient");
		Condition diagnosis = (Condition) mcode.getEntry().get(DIAGNOSIS).getResource();
		diagnosis.getMeta().addProfile(MCODE + "mcode-primary-cancer-condition");
		diagnosis.setCode(concept("http://snomed.info/sct", "363346000", "Malignant neoplastic disease"));
		diagnosis.setBodySite(List.of(concept("http://snomed.info/sct", "15425007", "Peritoneum structure")));
		diagnosis.setExtension(List.of(new Extension(MpemRecognition.MCODE_HISTOLOGY_EXTENSION,
				concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "9052/3", "Epithelioid mesothelioma, malignant"))));
		Observation ecog = (Observation) mcode.getEntry().get(ECOG).getResource();
		ecog.getMeta().addProfile(MCODE + "mcode-ecog-performance-status");
		ecog.setValue(concept("http://loinc.org", "LA9623-5", null)); // grade 1, as the twin's valueInteger
		addDiseaseStatus(mcode, true);

		String mpemPatient = patientId(client.transaction().withBundle(mpem).execute());
		String mcodePatient = patientId(client.transaction().withBundle(mcode).execute());

		AnalysisRecord twin = record(mpemPatient);
		AnalysisRecord record = record(mcodePatient);
		assertThat(twin.inCohort()).isTrue();
		assertThat(twin.histology()).isEqualTo("9052/3");
		assertThat(twin.ecog()).extracting(AnalysisRecord.EcogAssessment::value).containsExactly(1);
		assertThat(twin.progressionDates()).hasSize(1);
		assertThat(record).usingRecursiveComparison().ignoringFields("patientId").isEqualTo(twin);

		Group both = new Group().setType(Group.GroupType.PERSON).setActual(true);
		both.addMember().setEntity(new Reference("Patient/" + mpemPatient));
		both.addMember().setEntity(new Reference("Patient/" + mcodePatient));
		IdType group = (IdType) client.create().resource(both).execute().getId().toUnqualifiedVersionless();
		for (String endpoint : new String[] {"OS", "PFS"}) {
			Parameters result = client.operation().onInstance(group).named("$survival")
					.withParameter(Parameters.class, "endpoint", new CodeType(endpoint)).execute();
			assertThat(((IntegerType) result.getParameter("patients").getValue()).getValue()).as(endpoint).isEqualTo(2);
			assertThat(((IntegerType) result.getParameter("events").getValue()).getValue())
					.as(endpoint + ": both progress, neither dies").isEqualTo(endpoint.equals("PFS") ? 2 : 0);
		}
	}

	/** A progression 18 months after diagnosis: MesoFHIR's shape, or mCODE's (claimed profile, evidence type). */
	private static void addDiseaseStatus(Bundle journey, boolean mcodeShape) {
		String patientRef = journey.getEntry().get(PATIENT).getFullUrl();
		Observation status = observation(patientRef, "http://loinc.org", "97509-4", "Cancer disease status", "2020-09-01");
		status.addFocus(new Reference(journey.getEntry().get(DIAGNOSIS).getFullUrl()));
		status.setValue(concept("http://snomed.info/sct", "271299001", "Patient's condition worsened"));
		if (mcodeShape) {
			status.getMeta().addProfile(MCODE + "mcode-cancer-disease-status");
			status.addCategory(new CodeableConcept().addCoding(
					new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/observation-category", "exam", null)));
			status.addExtension(new Extension(MCODE + "mcode-cancer-disease-status-evidence-type",
					concept("http://snomed.info/sct", "363679005", "Imaging (procedure)")));
		}
		addEntry(journey, status, null);
	}

	private static String patientId(Bundle response) {
		// 201 each, but the shared site: created by the first journey, matched by the second (ifNoneExist)
		assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).matches("20[01].*"));
		return new IdType(response.getEntry().get(PATIENT).getResponse().getLocation()).getIdPart();
	}

	private AnalysisRecord record(String patientId) {
		return records.storedRecords().stream().filter(r -> r.patientId().equals(patientId)).findFirst().orElseThrow();
	}
}
