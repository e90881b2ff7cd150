package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.survival.OfflineSurvival.survival;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.GeneratedAnalysisRecords;
import org.mesofhir.demo.DemoCohortGenerator;
import org.mesofhir.demo.StudyOutcomes;

/**
 * The demo cohort shows the study's result by its design, not by the default seed: ten other seeds at the
 * default size (118), analysed by the server's own code (generated Bundles → analysis records →
 * {@code $survival}'s cohort, statistics and Parameters), at least nine meeting every criterion of
 * {@link StudyOutcomes}. ({@code DemoCohortIT} checks the default seed over HTTP on the loaded demo.)
 */
class DemoCohortOutcomesTest {

	private static final int DEFAULT_SIZE = 118;
	private static final long DEFAULT_SEED = 20261126L;
	/** Fixed, not chosen: the first ten positive seeds. */
	private static final long[] OTHER_SEEDS = LongStream.rangeClosed(1, 10).toArray();

	@Test
	void atLeastNineOfTenOtherSeedsShowTheStudysResult() {
		List<String> table = new ArrayList<>(List.of(StudyOutcomes.TABLE_HEADER));
		StudyOutcomes standard = outcomes(DEFAULT_SEED);
		table.add(standard.tableRow(DEFAULT_SEED + " (default)"));
		int met = 0;
		for (long seed : OTHER_SEEDS) {
			StudyOutcomes outcomes = outcomes(seed);
			table.add(outcomes.tableRow(String.valueOf(seed)) + (outcomes.unmet().isEmpty() ? "" : " " + outcomes.unmet()));
			met += outcomes.unmet().isEmpty() ? 1 : 0;
		}
		System.out.println(String.join("\n", table));
		assertThat(standard.unmet()).as("default seed").isEmpty();
		assertThat(met).as(String.join("\n", table)).isGreaterThanOrEqualTo(9);
	}

	@Test
	void defaultCohortHasTheReferenceFiveYearSurvivalAndProgressionFreeSurvival() {
		List<AnalysisRecord> records = records(DEFAULT_SEED);
		Parameters overall = survival(records, StudyOutcomes.byTreatment().addParameter("at", new DecimalType(60)));
		// SPEC §1: CRS+HIPEC 5-year OS 41–47 %; chemotherapy alone PFS 7–11 months
		assertThat(landmarkSurvival(overall, "crs-hipec")).isBetween(0.41, 0.47);
		Parameters progression = survival(records, StudyOutcomes.byTreatment().addParameter("endpoint", new CodeType("PFS")));
		assertThat(median(progression, "chemotherapy")).isBetween(7.0, 11.0);
		assertThat(median(progression, "crs-hipec")).isLessThan(median(overall, "crs-hipec"));
	}

	/** The outcomes of the demo cohort of this seed at the default size, as {@code $survival} computes them. */
	static StudyOutcomes outcomes(long seed) {
		List<AnalysisRecord> records = records(seed);
		return StudyOutcomes.of(survival(records, StudyOutcomes.byTreatment()), survival(records, StudyOutcomes.coxModel()));
	}

	private static List<AnalysisRecord> records(long seed) {
		return GeneratedAnalysisRecords.of(new DemoCohortGenerator(seed, 5, DEFAULT_SIZE).patients(1, DEFAULT_SIZE));
	}

	private static ParametersParameterComponent stratum(Parameters result, String label) {
		return result.getParameter().stream().filter(p -> p.getName().equals("stratum"))
				.filter(p -> p.getPart().stream().anyMatch(q -> q.getName().equals("label") && label.equals(q.getValue().primitiveValue())))
				.findFirst().orElseThrow();
	}

	private static double median(Parameters result, String label) {
		return stratum(result, label).getPart().stream().filter(p -> p.getName().equals("median"))
				.mapToDouble(p -> ((DecimalType) p.getValue()).getValue().doubleValue()).findFirst().orElseThrow();
	}

	private static double landmarkSurvival(Parameters result, String label) {
		return stratum(result, label).getPart().stream().filter(p -> p.getName().equals("landmark"))
				.flatMap(p -> p.getPart().stream()).filter(p -> p.getName().equals("survival"))
				.mapToDouble(p -> ((DecimalType) p.getValue()).getValue().doubleValue()).findFirst().orElseThrow();
	}
}
