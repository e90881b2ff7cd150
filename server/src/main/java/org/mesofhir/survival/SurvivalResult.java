package org.mesofhir.survival;

import java.util.List;
import java.util.Map;
import org.mesofhir.survival.stats.CoxFit;
import org.mesofhir.survival.stats.KaplanMeierFit;
import org.mesofhir.survival.stats.LandmarkSurvival;
import org.mesofhir.survival.stats.LogRankResult;
import org.mesofhir.survival.stats.RestrictedMean;

/** Everything one {@code $survival} call computed, before it is written as Parameters, CSV or SVG. */
record SurvivalResult(
		SurvivalRequest request,
		int patients,
		int events,
		Map<String, Integer> exclusions,
		List<Stratum> strata,
		LogRank logRank,
		Cox cox,
		List<String> warnings) {

	/** One reported stratum; {@code restrictedMean} is null without tau. */
	record Stratum(String label, KaplanMeierFit fit, List<LandmarkSurvival> landmarks, RestrictedMean restrictedMean) {}

	/** A log-rank test; {@code labels[g]} names group g. */
	record LogRank(LogRankResult result, List<String> labels) {}

	/** A Cox model; {@code termNames[j]} names design column j. */
	record Cox(CoxFit fit, List<String> termNames) {}
}
