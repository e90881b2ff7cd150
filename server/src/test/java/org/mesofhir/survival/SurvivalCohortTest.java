package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecord.EcogAssessment;
import org.mesofhir.survival.SurvivalCohort.Subject;

/** The derivation rules of SPEC §3, one by one, from analysis records to (time, event, covariates). */
class SurvivalCohortTest {

	private static final LocalDate DIAGNOSIS = LocalDate.of(2019, 1, 10);

	@Test
	void overallSurvivalFromDiagnosisEndsAtDeath() {
		Subject subject = only(record().death(DIAGNOSIS.plusDays(365)).build(), request("endpoint", "OS"));
		assertThat(subject.event()).isTrue();
		assertThat(subject.time()).isEqualTo(365 / 30.4375);
	}

	@Test
	void aliveIsCensoredAtTheLastContactDate() {
		Subject subject = only(record().lastContact(DIAGNOSIS.plusDays(700)).build(), request("timeUnit", "day"));
		assertThat(subject.event()).isFalse();
		assertThat(subject.time()).isEqualTo(700);
	}

	@Test
	void timeUnitsUseFixedLengths() {
		AnalysisRecord r = record().lastContact(DIAGNOSIS.plusDays(730)).build();
		assertThat(only(r, request("timeUnit", "week")).time()).isEqualTo(730 / 7.0);
		assertThat(only(r, request("timeUnit", "year")).time()).isEqualTo(730 / 365.25);
	}

	@Test
	void surgeryOriginCountsFromTheFirstSurgeryAndExcludesTheUnoperated() {
		AnalysisRecord operated = record().surgery(DIAGNOSIS.plusDays(30), true).death(DIAGNOSIS.plusDays(130)).build();
		AnalysisRecord unoperated = record().id("2").death(DIAGNOSIS.plusDays(50)).build();
		SurvivalCohort cohort = SurvivalCohort.of(List.of(operated, unoperated), null, request("origin", "surgery", "timeUnit", "day"));
		assertThat(cohort.subjects()).extracting(Subject::time).containsExactly(100.0);
		assertThat(cohort.exclusions()).containsExactly(Map.entry("no-surgery", 1));
	}

	@Test
	void treatmentOriginIsTheEarlierOfSurgeryAndChemotherapy() {
		AnalysisRecord r = record().surgery(DIAGNOSIS.plusDays(60), false).chemotherapy(DIAGNOSIS.plusDays(20), true)
				.lastContact(DIAGNOSIS.plusDays(120)).build();
		assertThat(only(r, request("origin", "treatment", "timeUnit", "day")).time()).isEqualTo(100);
	}

	@Test
	void progressionFreeSurvivalTakesTheFirstProgressionAfterTheIndexDateOrDeath() {
		AnalysisRecord r = record().progression(DIAGNOSIS.minusDays(5), DIAGNOSIS.plusDays(200), DIAGNOSIS.plusDays(100))
				.death(DIAGNOSIS.plusDays(300)).build();
		Subject subject = only(r, request("endpoint", "PFS", "timeUnit", "day"));
		assertThat(subject.event()).isTrue();
		assertThat(subject.time()).isEqualTo(100);
		AnalysisRecord deathFirst = record().death(DIAGNOSIS.plusDays(40)).build();
		assertThat(only(deathFirst, request("endpoint", "PFS", "timeUnit", "day")).time()).isEqualTo(40);
	}

	@Test
	void cutoffCensorsLaterEventsAtTheCutoff() {
		AnalysisRecord r = record().death(DIAGNOSIS.plusDays(400)).build();
		SurvivalRequest request = request("timeUnit", "day");
		request = new SurvivalRequest(request.endpoint(), request.origin(), null, List.of(), request.timeUnit(),
				new double[0], null, request.confType(), 0.95, request.ties(), DIAGNOSIS.plusDays(100), new int[] {10, 20});
		Subject subject = only(r, request);
		assertThat(subject.event()).isFalse();
		assertThat(subject.time()).isEqualTo(100);
	}

	@Test
	void negativeFollowUpIsExcluded() {
		AnalysisRecord r = record().surgery(DIAGNOSIS.plusDays(50), true).lastContact(DIAGNOSIS.plusDays(40)).death(null).build();
		SurvivalCohort cohort = SurvivalCohort.of(List.of(r), null, request("origin", "surgery"));
		assertThat(cohort.subjects()).isEmpty();
		assertThat(cohort.exclusions()).containsExactly(Map.entry("negative-time", 1));
	}

	@Test
	void covariatesFollowTheRecord() {
		AnalysisRecord r = record().surgery(DIAGNOSIS.plusDays(30), true).pci(23).cc("CC-1").ecog(
				new EcogAssessment(DIAGNOSIS.minusDays(30), 2), new EcogAssessment(DIAGNOSIS, 1),
				new EcogAssessment(DIAGNOSIS.plusDays(10), 3)).build();
		int[] bands = {10, 20};
		assertThat(SurvivalCohort.value(Covariate.AGE, r, DIAGNOSIS, bands))
				.isEqualTo(java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(1960, 6, 1), DIAGNOSIS) / 365.25);
		assertThat(SurvivalCohort.value(Covariate.SEX, r, DIAGNOSIS, bands)).isEqualTo("female");
		assertThat(SurvivalCohort.value(Covariate.ECOG, r, DIAGNOSIS, bands)).isEqualTo(1.0);
		assertThat(SurvivalCohort.value(Covariate.PCI, r, DIAGNOSIS, bands)).isEqualTo(23.0);
		assertThat(SurvivalCohort.value(Covariate.PCI_BAND, r, DIAGNOSIS, bands)).isEqualTo("21-39");
		assertThat(SurvivalCohort.value(Covariate.CC, r, DIAGNOSIS, bands)).isEqualTo("CC-1");
		assertThat(SurvivalCohort.value(Covariate.CC_COMPLETE, r, DIAGNOSIS, bands)).isEqualTo("CC-0/1");
		assertThat(SurvivalCohort.value(Covariate.HISTOLOGY, r, DIAGNOSIS, bands)).isEqualTo("9052/3");
		assertThat(SurvivalCohort.value(Covariate.TREATMENT, r, DIAGNOSIS, bands)).isEqualTo("crs-hipec");
		assertThat(SurvivalCohort.value(Covariate.SITE, r, DIAGNOSIS, bands)).isEqualTo("SITE-A");
	}

	@Test
	void pciBandsFollowTheCutoffs() {
		assertThat(SurvivalCohort.pciBand(0, new int[] {10, 20})).isEqualTo("0-10");
		assertThat(SurvivalCohort.pciBand(10, new int[] {10, 20})).isEqualTo("0-10");
		assertThat(SurvivalCohort.pciBand(11, new int[] {10, 20})).isEqualTo("11-20");
		assertThat(SurvivalCohort.pciBand(39, new int[] {17})).isEqualTo("18-39");
	}

	@Test
	void treatmentCategories() {
		assertThat(SurvivalCohort.treatment(record().surgery(DIAGNOSIS, false).build())).isEqualTo("crs");
		assertThat(SurvivalCohort.treatment(record().chemotherapy(DIAGNOSIS, true).build())).isEqualTo("chemotherapy");
		assertThat(SurvivalCohort.treatment(record().chemotherapy(DIAGNOSIS, false).build())).isEqualTo("none");
		assertThat(SurvivalCohort.treatment(record().build())).isEqualTo("none");
	}

	@Test
	void missingCovariateKeepsThePatientWithoutTheValue() {
		SurvivalRequest request = SurvivalRequestParser.parse(null, null, new CodeType("pci-band"),
				List.of(new CodeType("pci"), new CodeType("age")), null, null, null, null, null, null, null, null);
		SurvivalCohort cohort = SurvivalCohort.of(List.of(record().build()), null, request);
		assertThat(cohort.exclusions()).isEmpty();
		assertThat(cohort.subjects()).singleElement().satisfies(subject ->
				assertThat(subject.values()).containsOnlyKeys(Covariate.AGE));
	}

	@Test
	void groupMembersWithoutDiagnosisOrRecordAreCounted() {
		AnalysisRecord noDiagnosis = new RecordBuilder().id("7").diagnosis(null).inCohort(false).build();
		SurvivalCohort cohort = SurvivalCohort.of(List.of(record().build(), noDiagnosis), Set.of("1", "7", "99"), request());
		assertThat(cohort.subjects()).hasSize(1);
		assertThat(cohort.exclusions()).containsEntry("no-diagnosis", 1).containsEntry("no-record", 1);
	}

	private static Subject only(AnalysisRecord record, SurvivalRequest request) {
		SurvivalCohort cohort = SurvivalCohort.of(List.of(record), null, request);
		assertThat(cohort.exclusions()).isEmpty();
		return cohort.subjects().get(0);
	}

	private static SurvivalRequest request(String... pairs) {
		Map<String, String> p = new java.util.HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			p.put(pairs[i], pairs[i + 1]);
		}
		return SurvivalRequestParser.parse(code(p.get("endpoint")), code(p.get("origin")), null, List.of(),
				code(p.get("timeUnit")), null, null, null, null, null,
				p.containsKey("cutoff") ? new DateType(p.get("cutoff")) : null, (StringType) null);
	}

	private static CodeType code(String value) {
		return value == null ? null : new CodeType(value);
	}

	static RecordBuilder record() {
		return new RecordBuilder();
	}

	/** A record of a woman born 1960-06-01, diagnosed 2019-01-10 (epithelioid) at SITE-A, last seen a year later. */
	static final class RecordBuilder {
		private String id = "1";
		private LocalDate birth = LocalDate.of(1960, 6, 1);
		private boolean inCohort = true;
		private LocalDate diagnosis = DIAGNOSIS;
		private LocalDate surgery;
		private boolean hipec;
		private LocalDate chemotherapy;
		private LocalDate systemic;
		private LocalDate death;
		private LocalDate lastContact = DIAGNOSIS.plusDays(365);
		private Integer pci;
		private String cc;
		private List<LocalDate> progression = List.of();
		private List<EcogAssessment> ecog = List.of();

		RecordBuilder id(String value) { id = value; return this; }
		RecordBuilder birth(LocalDate value) { birth = value; return this; }
		RecordBuilder inCohort(boolean value) { inCohort = value; return this; }
		RecordBuilder diagnosis(LocalDate value) { diagnosis = value; return this; }
		RecordBuilder surgery(LocalDate value, boolean withHipec) { surgery = value; hipec = withHipec; return this; }
		RecordBuilder chemotherapy(LocalDate value, boolean isSystemic) {
			chemotherapy = value;
			systemic = isSystemic ? value : null;
			return this;
		}
		RecordBuilder death(LocalDate value) { death = value; return this; }
		RecordBuilder lastContact(LocalDate value) { lastContact = value; return this; }
		RecordBuilder pci(int value) { pci = value; return this; }
		RecordBuilder cc(String value) { cc = value; return this; }
		RecordBuilder progression(LocalDate... values) { progression = List.of(values); return this; }
		RecordBuilder ecog(EcogAssessment... values) { ecog = List.of(values); return this; }

		AnalysisRecord build() {
			return new AnalysisRecord(id, inCohort, "female", birth, "SITE-A", diagnosis, "9052/3", surgery,
					hipec, chemotherapy, systemic, death, lastContact, pci, cc, progression, ecog);
		}
	}
}
