package org.mesofhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.demo.MpemResources.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord.EcogAssessment;

/** From FHIR resources to facts to one patient's analysis record (SPEC §3), without a server. */
class AnalysisRecordDerivationTest {

	private final List<Resource> resources = new ArrayList<>();

	@Test
	void wholeJourneyBecomesOneRecord() {
		Organization site = add(new Organization(), "Organization/10");
		site.addIdentifier().setSystem("https://mesofhir.org/fhir/sid/site").setValue("SITE-X");
		Patient patient = add(new Patient(), "Patient/1");
		patient.setGender(AdministrativeGender.MALE).setBirthDateElement(new DateType("1955-02-03"));
		patient.setManagingOrganization(new Reference("Organization/10"));
		diagnosis("Condition/2", "2019-03-04");
		diagnosis("Condition/3", "2020-01-01"); // a later diagnosis does not count
		surgery("Procedure/4", "2019-04-15T09:30:00+02:00", true);
		surgery("Procedure/5", "2020-06-01", false);
		pci("Observation/6", "Procedure/4", "2019-04-15", 14);
		pci("Observation/7", "Procedure/4", "2019-04-15", 12); // same date, higher id: not used
		pci("Observation/8", "Procedure/5", "2019-04-01", 30); // another surgery's
		Observation cc = add(observation("Patient/1", "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "cc-score", null, "2019-04-15"), "Observation/9");
		cc.setValue(concept("https://mesofhir.org/fhir/CodeSystem/cc-score", "CC-1", null)).addPartOf(new Reference("Procedure/4"));
		add(chemotherapy("Patient/1", "2555", "cisplatin", "2019-04-15", "38239002", "ip", "Procedure/4"), "MedicationAdministration/11");
		add(chemotherapy("Patient/1", "68446", "pemetrexed", "2019-06-01", "47625008", "iv", null), "MedicationAdministration/12")
				.setEffective(new Period().setStartElement(new DateTimeType("2019-06-01")).setEndElement(new DateTimeType("2019-09-30")));
		add(observation("Patient/1", "http://loinc.org", "89247-1", null, "2019-03-01"), "Observation/13").setValue(new IntegerType(1));
		add(observation("Patient/1", "http://loinc.org", "97509-4", null, "2020-05-05"), "Observation/14")
				.setValue(concept("http://snomed.info/sct", "271299001", null));
		add(observation("Patient/1", "http://loinc.org", "97509-4", null, "2020-02-02"), "Observation/15")
				.setValue(concept("http://snomed.info/sct", "359746009", null)); // stable: not a progression
		add(observation("Patient/1", "http://loinc.org", "75186-7", null, "2021-07-08"), "Observation/16")
				.setValue(concept("http://snomed.info/sct", "419099009", null));
		add(observation("Patient/1", "http://loinc.org", "75186-7", null, "2021-01-01"), "Observation/17")
				.setValue(concept("http://snomed.info/sct", "438949009", null));

		AnalysisRecord record = derive("1");

		assertThat(record.inCohort()).isTrue();
		assertThat(record.gender()).isEqualTo("male");
		assertThat(record.birthDate()).isEqualTo(LocalDate.of(1955, 2, 3));
		assertThat(record.site()).isEqualTo("SITE-X");
		assertThat(record.diagnosisDate()).isEqualTo(LocalDate.of(2019, 3, 4));
		assertThat(record.histology()).isEqualTo("9052/3");
		assertThat(record.surgeryDate()).as("calendar date as written, no time-zone shift").isEqualTo(LocalDate.of(2019, 4, 15));
		assertThat(record.surgeryWithHipec()).isTrue();
		assertThat(record.firstChemotherapyDate()).isEqualTo(LocalDate.of(2019, 4, 15));
		assertThat(record.firstSystemicChemotherapyDate()).isEqualTo(LocalDate.of(2019, 6, 1));
		assertThat(record.pci()).isEqualTo(14);
		assertThat(record.ccScore()).isEqualTo("CC-1");
		assertThat(record.progressionDates()).containsExactly(LocalDate.of(2020, 5, 5));
		assertThat(record.ecog()).containsExactly(new EcogAssessment(LocalDate.of(2019, 3, 1), 1));
		assertThat(record.deathDate()).isEqualTo(LocalDate.of(2021, 7, 8));
		assertThat(record.lastContactDate()).isEqualTo(LocalDate.of(2021, 7, 8));
	}

	@Test
	void patientDeceasedDateWinsOverVitalStatus() {
		Patient patient = add(new Patient(), "Patient/1");
		patient.setDeceased(new DateTimeType("2022-02-02"));
		diagnosis("Condition/2", "2019-03-04");
		add(observation("Patient/1", "http://loinc.org", "75186-7", null, "2021-07-08"), "Observation/3")
				.setValue(concept("http://snomed.info/sct", "419099009", null));
		assertThat(derive("1").deathDate()).isEqualTo(LocalDate.of(2022, 2, 2));
	}

	@Test
	void lastContactUsesThePeriodEndAndIgnoresEnteredInError() {
		add(new Patient(), "Patient/1").setDeceased(new BooleanType(false));
		diagnosis("Condition/2", "2019-03-04");
		add(chemotherapy("Patient/1", "68446", "pemetrexed", "2019-06-01", "47625008", "iv", null), "MedicationAdministration/3")
				.setEffective(new Period().setStartElement(new DateTimeType("2019-06-01")).setEndElement(new DateTimeType("2019-09-30")));
		add(observation("Patient/1", "http://loinc.org", "89247-1", null, "2025-01-01"), "Observation/4")
				.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
		AnalysisRecord record = derive("1");
		assertThat(record.deathDate()).isNull();
		assertThat(record.lastContactDate()).isEqualTo(LocalDate.of(2019, 9, 30));
	}

	@Test
	void patientWithoutMpemDiagnosisIsNotInTheCohort() {
		add(new Patient(), "Patient/1");
		Condition other = add(new Condition(), "Condition/2");
		other.setSubject(new Reference("Patient/1")).setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.0", null));
		assertThat(derive("1").inCohort()).isFalse();
	}

	@Test
	void mcodeShapedJourneyGivesTheRecordOfItsMpemTwin() {
		mpemJourney("1");
		mcodeJourney("2", "http://terminology.hl7.org/CodeSystem/icd-o-3", "9052/3", "LA9623-5", "97509-4");
		AnalysisRecord mpem = derive("1");
		AnalysisRecord mcode = derive("2");
		assertThat(mpem.inCohort()).isTrue();
		assertThat(mpem.ecog()).containsExactly(new EcogAssessment(LocalDate.of(2019, 3, 1), 1));
		assertThat(mpem.progressionDates()).containsExactly(LocalDate.of(2020, 5, 5));
		assertThat(mcode).usingRecursiveComparison().ignoringFields("patientId").isEqualTo(mpem);
	}

	@Test
	void snomedMesotheliomaMorphologyIsIcdO3MalignantNos() {
		mcodeJourney("2", "http://snomed.info/sct", "62064005", "LA9623-5", "88040-1");
		AnalysisRecord record = derive("2");
		assertThat(record.inCohort()).isTrue();
		assertThat(record.histology()).isEqualTo("9050/3");
		assertThat(record.progressionDates()).as("mCODE STU1 code 88040-1").containsExactly(LocalDate.of(2020, 5, 5));
		assertThat(record.ecog()).containsExactly(new EcogAssessment(LocalDate.of(2019, 3, 1), 1));
	}

	@Test
	void snomedCancerOfThePeritoneumWithoutMesotheliomaHistologyIsNotMpem() {
		mcodeJourney("2", "http://snomed.info/sct", "1187332001", "LA9623-5", "97509-4"); // adenocarcinoma
		assertThat(derive("2").inCohort()).isFalse();
	}

	@Test
	void ecogAnswerCodesAreGradesZeroToFive() {
		String[] answers = {"LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8", "LA9627-6"};
		add(new Patient(), "Patient/1");
		for (int grade = 0; grade < answers.length; grade++) {
			add(observation("Patient/1", "http://loinc.org", "89247-1", null, "2019-03-0" + (grade + 1)), "Observation/" + (10 + grade))
					.setValue(concept("http://loinc.org", answers[grade], null));
		}
		add(observation("Patient/1", "http://loinc.org", "89247-1", null, "2019-04-01"), "Observation/20")
				.setValue(concept("http://loinc.org", "LA9628-4", null)); // not an ECOG answer: no fact
		assertThat(derive("1").ecog()).extracting(EcogAssessment::value).containsExactly(0, 1, 2, 3, 4, 5);
	}

	/** A patient's journey as MesoFHIR codes it: ICD-10 diagnosis, ECOG integer, disease status 97509-4. */
	private void mpemJourney(String patient) {
		add(new Patient(), "Patient/" + patient).setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("1960-05-06"));
		diagnosis("Condition/" + patient + "0", "2019-03-04");
		((Condition) resources.get(resources.size() - 1)).setSubject(new Reference("Patient/" + patient));
		add(observation("Patient/" + patient, "http://loinc.org", "89247-1", null, "2019-03-01"), "Observation/" + patient + "1")
				.setValue(new IntegerType(1));
		add(observation("Patient/" + patient, "http://loinc.org", "97509-4", null, "2020-05-05"), "Observation/" + patient + "2")
				.setValue(concept("http://snomed.info/sct", "271299001", null));
	}

	/** The same facts as mCODE codes them: SNOMED CT diagnosis on the peritoneum with mCODE's histology extension. */
	private void mcodeJourney(String patient, String morphologySystem, String morphology, String ecogAnswer, String statusCode) {
		add(new Patient(), "Patient/" + patient).setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("1960-05-06"));
		Condition condition = add(new Condition(), "Condition/" + patient + "0");
		condition.setSubject(new Reference("Patient/" + patient)).setCode(concept("http://snomed.info/sct", "363346000", null));
		condition.addBodySite(concept("http://snomed.info/sct", "15425007", null));
		condition.setOnset(new DateTimeType("2019-03-04"));
		condition.addExtension(new Extension("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior",
				concept(morphologySystem, morphology, null)));
		add(observation("Patient/" + patient, "http://loinc.org", "89247-1", null, "2019-03-01"), "Observation/" + patient + "1")
				.setValue(concept("http://loinc.org", ecogAnswer, null));
		add(observation("Patient/" + patient, "http://loinc.org", statusCode, null, "2020-05-05"), "Observation/" + patient + "2")
				.setValue(concept("http://snomed.info/sct", "271299001", null));
	}

	@Test
	void partialDatesCountAsTheirFirstDay() {
		assertThat(ClinicalFactExtractor.date(new DateTimeType("2019"))).isEqualTo(LocalDate.of(2019, 1, 1));
		assertThat(ClinicalFactExtractor.date(new DateTimeType("2019-07"))).isEqualTo(LocalDate.of(2019, 7, 1));
	}

	@Test
	void numericIdsCompareNumerically() {
		assertThat(AnalysisRecordBuilder.compareIds("9", "10")).isNegative();
		assertThat(AnalysisRecordBuilder.compareIds("10", "abc")).isNegative();
	}

	private AnalysisRecord derive(String patientId) {
		List<ClinicalFact> facts = new ArrayList<>();
		resources.forEach(r -> facts.addAll(ClinicalFactExtractor.factsOf(r)));
		Map<String, String> sites = new java.util.HashMap<>();
		facts.stream().filter(f -> f.kind() == ClinicalFact.Kind.SITE).forEach(f -> sites.put(f.resourceId(), f.code()));
		return AnalysisRecordBuilder.build(patientId,
				facts.stream().filter(f -> patientId.equals(f.patientId())).toList(), sites);
	}

	private void diagnosis(String id, String onset) {
		Condition condition = add(new Condition(), id);
		condition.setSubject(new Reference("Patient/1")).setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.1", null));
		condition.setOnset(new DateTimeType(onset));
		condition.addExtension(new Extension("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior",
				concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "9052/3", null)));
	}

	private void surgery(String id, String performed, boolean hipec) {
		Procedure procedure = add(new Procedure(), id);
		procedure.setStatus(Procedure.ProcedureStatus.COMPLETED).setSubject(new Reference("Patient/1"));
		procedure.setCode(concept("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C132068", null));
		procedure.setPerformed(new DateTimeType(performed));
		Extension extension = new Extension("https://mesofhir.org/fhir/StructureDefinition/hipec");
		extension.addExtension("performed", new BooleanType(hipec));
		procedure.addExtension(extension);
	}

	private void pci(String id, String surgery, String date, int value) {
		Observation pci = add(observation("Patient/1", "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "pci", null, date), id);
		pci.setValue(new IntegerType(value)).addPartOf(new Reference(surgery));
	}

	private <T extends Resource> T add(T resource, String id) {
		resource.setId(id);
		resources.add(resource);
		return resource;
	}
}
