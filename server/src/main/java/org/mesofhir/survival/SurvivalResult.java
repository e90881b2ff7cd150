package org.mesofhir.survival;

import java.util.List;
import java.util.Map;
import org.mesofhir.survival.stats.CoxFit;
import org.mesofhir.survival.stats.KaplanMeierFit;
import org.mesofhir.survival.stats.LandmarkSurvival;
import org.mesofhir.survival.stats.LogRankResult;
import org.mesofhir.survival.stats.RestrictedMean;
import org.mesofhir.survival.stats.SurvivalQuantile;

/**
 * Everything one {@code $survival} call computed, before it is written as Parameters, CSV or SVG.
 *
 * @param patients the patients eligible for the endpoint (the Kaplan–Meier analysis; stratified, some may
 *        be in no stratum: see {@code exclusions})
 * @param events their events
 * @param exclusions reason code → patients: those left out of the whole analysis, and under
 *        {@code missing-<stratify>} those of {@code patients} in no stratum
 * @param univariable with {@code coxTable=univariable}: one model per covariate, in the request's order
 *        (empty otherwise)
 * @param followUp with {@code followUp=true}: the median follow-up over every patient of the analysis (null
 *        otherwise, or when the cohort is below the minimum cell size)
 */
record SurvivalResult(
		SurvivalRequest request,
		int patients,
		int events,
		Map<String, Integer> exclusions,
		List<Stratum> strata,
		LogRank logRank,
		Cox cox,
		List<Univariable> univariable,
		FollowUp followUp,
		List<String> warnings) {

	/** The median follow-up (reverse Kaplan–Meier) of {@code n} patients. */
	record FollowUp(int n, SurvivalQuantile median) {}

	/** One covariate's own Cox model; {@code cox} is null when none could be fitted (a warning says why). */
	record Univariable(String covariate, Cox cox) {}

	/**
	 * One reported stratum; {@code restrictedMean} is null without tau, {@code followUp} (its median follow-up by
	 * reverse Kaplan–Meier) without {@code followUp=true}.
	 */
	record Stratum(String label, KaplanMeierFit fit, List<LandmarkSurvival> landmarks, RestrictedMean restrictedMean,
			SurvivalQuantile followUp) {}

	/** A log-rank test; {@code labels[g]} names group g. */
	record LogRank(LogRankResult result, List<String> labels) {}

	/**
	 * A Cox model over the complete cases; {@code termNames[j]} names design column j; {@code excluded}
	 * counts the patients left out of the model for a missing covariate ({@code missing-<covariate>}).
	 */
	record Cox(CoxFit fit, List<String> termNames, Map<String, Integer> excluded) {}
}
