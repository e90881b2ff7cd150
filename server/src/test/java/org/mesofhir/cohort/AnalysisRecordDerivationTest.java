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
