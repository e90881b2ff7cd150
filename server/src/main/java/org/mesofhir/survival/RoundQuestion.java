package org.mesofhir.survival;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.mesofhir.survival.stats.ConfidenceType;
import org.mesofhir.survival.stats.Ties;

/**
 * One round's question of a federated analysis, the JSON a hub's {@link PooledAnalysis} writes and every
 * site's {@link SiteAnswers} reads. Everything that fixes the names and lengths of the answer's parts is in
 * the question (the public grid), so every site's answer lines up. Fields a round does not use are absent.
 *
 * @param round {@code extent}, {@code counts}, {@code cox-scale}, {@code cox-sums} or {@code concordance}
 * @param analysis which patients and follow-up (the same in every round)
 * @param levels the public levels of every categorical covariate the analysis uses (a site counts a value
 *     outside them as missing, and says how many in {@code unlisted:<covariate>})
 * @param grid days 0..grid-1 of the per-day counts ({@code counts})
 * @param strata stratum labels of the per-day counts ({@code counts}): the stratification variable's levels,
 *     or {@code all}
 * @param columns the Cox design ({@code cox-*}, {@code concordance})
 * @param mean each column's centre ({@code cox-scale} and later)
 * @param scale each column's scale factor ({@code cox-sums}, {@code concordance})
 * @param eventDays the pooled Cox event days, ascending ({@code cox-sums}, {@code concordance})
 * @param beta coefficients in the centred and scaled units ({@code cox-sums}, {@code concordance})
 * @param edges ascending linear-predictor bin edges ({@code concordance}): bins = edges + 1
 * @param everyone {@code true} asks the {@code counts} round also for the per-day counts of every patient,
 *     stratum or none ({@code everyoneEvents}, {@code everyoneCensored}: a stratified analysis's overall
 *     follow-up); absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RoundQuestion(
		String round,
		Analysis analysis,
		Map<String, List<String>> levels,
		Integer grid,
		List<String> strata,
		List<Column> columns,
		double[] mean,
		double[] scale,
		long[] eventDays,
		double[] beta,
		double[] edges,
		Boolean everyone) {

	static final String EXTENT = "extent";
	static final String COUNTS = "counts";
	static final String COX_SCALE = "cox-scale";
	static final String COX_SUMS = "cox-sums";
	static final String CONCORDANCE = "concordance";

	private static final ObjectMapper JSON = new ObjectMapper()
			.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

	/**
	 * The analysis parameters a site needs to find its patients and their follow-up (SPEC §3).
	 *
	 * @param cutoff ISO date or null
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Analysis(String endpoint, String origin, String stratify, List<String> covariates, String cutoff,
			int[] pciCutoffs) {

		static Analysis of(SurvivalRequest request) {
			return new Analysis(request.endpoint().name(), request.origin().code,
					request.stratify() == null ? null : request.stratify().code,
					request.covariates().stream().map(c -> c.code).toList(),
					request.cutoff() == null ? null : request.cutoff().toString(), request.pciCutoffs());
		}

		/** The request a site analyses: follow-up in days, the statistics' own settings irrelevant. */
		SurvivalRequest request() {
			Endpoint e = Endpoint.valueOf(endpoint);
			Origin o = java.util.Arrays.stream(Origin.values()).filter(v -> v.code.equals(origin)).findFirst()
					.orElseThrow(() -> new IllegalArgumentException("unknown origin '" + origin + "'"));
			return new SurvivalRequest(e, o, stratify == null ? null : covariate(stratify),
					covariates == null ? List.of() : covariates.stream().map(Analysis::covariate).toList(),
					TimeUnit.DAY, new double[0], null, ConfidenceType.LOG, 0.95, Ties.EFRON,
					cutoff == null ? null : LocalDate.parse(cutoff), pciCutoffs == null ? new int[] {10, 20} : pciCutoffs);
		}

		static Covariate covariate(String code) {
			for (Covariate c : Covariate.values()) {
				if (c.code.equals(code)) {
					return c;
				}
			}
			throw new IllegalArgumentException("unknown covariate '" + code + "'");
		}
	}

	/** A Cox design column: a numeric covariate ({@code level} null) or one level's 0/1 indicator. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Column(String covariate, String level) {

		String termName() {
			return level == null ? covariate : covariate + "=" + level;
		}
	}

	/** This question, also asking for the per-day counts of every patient ({@code everyone}). */
	RoundQuestion askingEveryone() {
		return new RoundQuestion(round, analysis, levels, grid, strata, columns, mean, scale, eventDays, beta, edges, true);
	}

	String json() {
		try {
			return JSON.writeValueAsString(this);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The analysis as JSON: equal for every round of one analysis. */
	String analysisKey() {
		try {
			return JSON.writeValueAsString(analysis);
		} catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** @throws IllegalArgumentException when the text is not a question */
	static RoundQuestion parse(String json) {
		try {
			RoundQuestion question = JSON.readValue(json, RoundQuestion.class);
			if (question.round() == null || question.analysis() == null) {
				throw new IllegalArgumentException("a round question needs 'round' and 'analysis'");
			}
			return question;
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException("not a round question: " + e.getOriginalMessage(), e);
		}
	}
}
