package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.survival.SurvivalCohortTest.record;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.survival.SurvivalCohort.Subject;
import org.mesofhir.survival.SurvivalResult.Stratum;
import org.mesofhir.survival.stats.CoxFit;
import org.mesofhir.survival.stats.CoxModel;
import org.mesofhir.survival.stats.KaplanMeier;

/**
 * Who each part of an analysis counts (SPEC §3 "Exclusions"): the Kaplan–Meier strata and the log-rank
 * test every patient eligible for the endpoint, the Cox model its complete cases. The numbers themselves
 * are compared with R in {@code SurvivalEndToEndIT}.
 */
class SurvivalAnalysisTest {

	private static final LocalDate DIAGNOSIS = LocalDate.of(2019, 1, 10);

	/** 24 patients: 8 not operated (chemotherapy), 16 operated of whom 3 have no PCI. */
	private static List<AnalysisRecord> cohort() {
		List<AnalysisRecord> records = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			SurvivalCohortTest.RecordBuilder record = record().id(String.valueOf(i)).birth(LocalDate.of(1950 + (i * 11) % 17, 3, 1))
					.lastContact(DIAGNOSIS.plusDays(40L * i + 20));
			if (i % 3 == 0) {
				record.chemotherapy(DIAGNOSIS.plusDays(10), true);
			} else {
				record.surgery(DIAGNOSIS.plusDays(15), i % 2 == 0);
				if (i % 5 != 1) {
					record.pci((i * 7) % 39);
				}
			}
			if (i % 4 != 3) {
				record.death(DIAGNOSIS.plusDays(25L * ((i * 5) % 24) + 30));
			}
			records.add(record.build());
		}
		return records;
	}

	@Test
	void aCoxCovariateMissingForSomeLeavesTheStrataWholeAndFitsTheCompleteCases() {
		SurvivalRequest request = request("treatment", "pci", "age");
		SurvivalCohort cohort = SurvivalCohort.of(cohort(), null, request);
		SurvivalResult result = SurvivalAnalysis.run(cohort, request, 0);

		assertThat(result.patients()).isEqualTo(24);
		assertThat(result.exclusions()).isEmpty();
		assertThat(result.strata()).extracting(Stratum::label).containsExactly("chemotherapy", "crs", "crs-hipec");
		assertThat(result.strata().stream().mapToInt(s -> s.fit().n()).sum()).isEqualTo(24);
		assertThat(result.logRank().result().df()).isEqualTo(2);

		List<Subject> complete = cohort.subjects().stream().filter(s -> s.values().containsKey(Covariate.PCI)).toList();
		assertThat(complete).hasSize(24 - 8 - 3);
		assertThat(result.cox().excluded()).containsExactly(Map.entry("missing-pci", 11));
		CoxFit direct = CoxModel.fit(SurvivalAnalysis.times(complete), SurvivalAnalysis.events(complete),
				new double[][] {column(complete, Covariate.PCI), column(complete, Covariate.AGE)}, request.ties(), 0.95);
		assertThat(result.cox().fit().n()).isEqualTo(13);
		assertThat(result.cox().fit().events()).isEqualTo(direct.events());
		assertThat(result.cox().fit().terms()).isEqualTo(direct.terms());
		assertThat(result.events()).isEqualTo((int) cohort.subjects().stream().filter(Subject::event).count());
	}

	@Test
	void patientsWithoutTheStratificationVariableAreInNoStratumButStayInTheCoxModel() {
		SurvivalRequest request = request("pci-band", "age");
		SurvivalCohort cohort = SurvivalCohort.of(cohort(), null, request);
		SurvivalResult result = SurvivalAnalysis.run(cohort, request, 0);

		assertThat(result.patients()).isEqualTo(24);
		assertThat(result.exclusions()).containsExactly(Map.entry("missing-pci-band", 11));
		assertThat(result.strata().stream().mapToInt(s -> s.fit().n()).sum()).isEqualTo(13);
		assertThat(result.logRank().result().groups().stream().mapToInt(g -> g.observed()).sum())
				.isEqualTo(result.strata().stream().mapToInt(s -> s.fit().events()).sum());
		assertThat(result.cox().fit().n()).isEqualTo(24);
		assertThat(result.cox().excluded()).isEmpty();
	}

	@Test
	void withoutStratificationTheOneStratumHoldsEveryPatient() {
		SurvivalRequest request = request(null, "pci-band");
		SurvivalCohort cohort = SurvivalCohort.of(cohort(), null, request);
		SurvivalResult result = SurvivalAnalysis.run(cohort, request, 0);

		assertThat(result.strata()).singleElement().satisfies(s -> {
			assertThat(s.label()).isEqualTo("all");
			assertThat(s.fit().rows()).isEqualTo(KaplanMeier.fit(SurvivalAnalysis.times(cohort.subjects()),
					SurvivalAnalysis.events(cohort.subjects()), request.confType(), request.confLevel()).rows());
		});
		assertThat(result.cox().fit().n()).isEqualTo(13);
		assertThat(result.cox().excluded()).containsExactly(Map.entry("missing-pci-band", 11));
	}

	@Test
	void aPatientMissingSeveralCovariatesIsCountedOnceUnderTheFirstAsked() {
		List<AnalysisRecord> records = cohort();
		SurvivalRequest request = request(null, "cc", "pci");
		SurvivalResult result = SurvivalAnalysis.run(SurvivalCohort.of(records, null, request), request, 0);
		// the unoperated have neither CC nor PCI; no one here has a CC score
		assertThat(result.cox()).isNull();
		assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("No Cox model").contains("missing-cc: 24"));

		SurvivalRequest pciFirst = request(null, "pci", "cc");
		assertThat(SurvivalAnalysis.run(SurvivalCohort.of(records, null, pciFirst), pciFirst, 0).warnings())
				.anySatisfy(w -> assertThat(w).contains("missing-pci: 11, missing-cc: 13"));
	}

	private static SurvivalRequest request(String stratify, String... covariates) {
		return SurvivalRequestParser.parse(null, null, stratify == null ? null : new CodeType(stratify),
				Arrays.stream(covariates).map(CodeType::new).toList(), null, null, null, null, null, null, null, null);
	}

	private static double[] column(List<Subject> subjects, Covariate covariate) {
		return subjects.stream().mapToDouble(s -> (Double) s.values().get(covariate)).toArray();
	}
}
