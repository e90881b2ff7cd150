package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mesofhir.survival.RoundQuestion.Analysis;
import org.mesofhir.survival.RoundQuestion.Column;
import org.mesofhir.survival.SurvivalResult.Cox;
import org.mesofhir.survival.SurvivalResult.LogRank;
import org.mesofhir.survival.SurvivalResult.Stratum;
import org.mesofhir.survival.stats.Aggregates;
import org.mesofhir.survival.stats.Concordance;
import org.mesofhir.survival.stats.CoxData;
import org.mesofhir.survival.stats.CoxFit;
import org.mesofhir.survival.stats.CoxModel;
import org.mesofhir.survival.stats.KaplanMeier;
import org.mesofhir.survival.stats.KaplanMeierFit;
import org.mesofhir.survival.stats.LogRankTest;
import org.mesofhir.survival.stats.RiskSetSums;
import org.mesofhir.survival.stats.SurvivalQuantile;

/**
 * The engine of every survival analysis: asks the rounds of an analysis over a {@link RoundExchange} and
 * computes Kaplan–Meier, log-rank and Cox from the summed answers only. Local {@code $survival} is the
 * one-site case (an in-process exchange over this server's own {@link SiteAnswers}); a hub's
 * {@code $federated-survival} sums several sites' answers. Rounds: {@code extent} (how long the day grid
 * must be), {@code counts} (per stratum and day: events and censorings; exclusions; the Cox model's
 * event days, level counts and column sums), {@code cox-scale} (absolute deviations from the pooled
 * means), {@code cox-sums} per Newton–Raphson step (risk-set sums on the pooled event days) and
 * {@code concordance} (per event day and linear-predictor bin).
 */
final class PooledAnalysis {

	/** The reasons a patient is left out of the whole analysis (SurvivalCohort), in the public order. */
	static final List<String> REASONS = List.of("no-record", "no-diagnosis", "no-index-date", "no-surgery",
			"no-treatment", "index-after-cutoff", "no-follow-up", "negative-time");

	/**
	 * Linear-predictor bins of the concordance round when the predictor takes many values: as many as fit in
	 * {@link #CONCORDANCE_CELLS} per vector (event days x bins), at least {@link #MIN_CONCORDANCE_BINS}. A small
	 * cohort has few pairs, each weighing much in the index, and few event days: it gets fine bins, so that
	 * hardly any two patients at different sites share one; a large cohort's many pairs dilute the few that do.
	 * 2^17 cells (2 MB per site for the two count vectors, more where the minimum of 128 bins needs more: 5.5 MB
	 * at 2,700 event days): on 6,000, 30,000 and 90,000 demo patients over three sites the index came within
	 * 8.3e-5 of the exact one, and 2^19 cells with a refinement round did not make it exact either (1e-6 to 5e-5).
	 */
	static final int MIN_CONCORDANCE_BINS = 128;
	static final int MAX_CONCORDANCE_BINS = 1 << 16;
	static final int CONCORDANCE_CELLS = 1 << 17;
	/**
	 * Concordance rounds after the first that split, more finely, the bins where patients of different sites
	 * met (only a small cohort's few such bins fit the cell budget; a large cohort keeps its approximation).
	 */
	static final int MAX_CONCORDANCE_REFINEMENTS = 3;
	/**
	 * Fewest new edges a refinement gives each bin it splits: a refinement spread thinner (most bins holding pairs
	 * across sites, as in a large cohort) would cost a round without making the index exact.
	 */
	static final int MIN_REFINEMENT_EDGES = 16;

	static int concordanceBins(int eventDays) {
		return Math.max(MIN_CONCORDANCE_BINS, Math.min(MAX_CONCORDANCE_BINS, CONCORDANCE_CELLS / Math.max(1, eventDays)));
	}
	/** Most distinct linear-predictor values given a bin each (exact concordance). */
	static final int EXACT_CONCORDANCE_VALUES = 512;

	private final SurvivalRequest request;
	private final RoundExchange exchange;
	private final Function<Covariate, List<String>> vocabulary;
	private final boolean oneSite;
	private final java.util.function.ToDoubleFunction<String> largestLocal;
	private final Analysis analysis;
	private final Map<String, List<String>> levels = new LinkedHashMap<>();

	/**
	 * @param vocabulary the levels a categorical covariate may take (a site counts other values as missing)
	 * @param oneSite whether one site answers (its concordance is then exact whatever the predictor)
	 */
	private PooledAnalysis(SurvivalRequest request, RoundExchange exchange, Function<Covariate, List<String>> vocabulary,
			boolean oneSite, java.util.function.ToDoubleFunction<String> largestLocal) {
		this.largestLocal = largestLocal;
		this.request = request;
		this.exchange = exchange;
		this.vocabulary = vocabulary;
		this.oneSite = oneSite;
		this.analysis = Analysis.of(request);
		for (Covariate covariate : request.requiredCovariates()) {
			if (covariate.categorical) {
				List<String> sorted = new ArrayList<>(vocabulary.apply(covariate));
				sorted.sort(SurvivalAnalysis.CODE_POINT_ORDER);
				levels.put(covariate.code, List.copyOf(sorted));
			}
		}
	}

	/**
	 * @param reasonOrder the order in which to list exclusion reasons (the local cohort's order of first
	 *     meeting them), or empty for {@link #REASONS}' order
	 * @param minCellSize strata with fewer patients are withheld (0: none are)
	 * @throws RoundExchange.SiteDropoutException when a site drops out
	 */
	static SurvivalResult run(SurvivalRequest request, RoundExchange exchange, Function<Covariate, List<String>> vocabulary,
			boolean oneSite, List<String> reasonOrder, int minCellSize) {
		return new PooledAnalysis(request, exchange, vocabulary, oneSite, null).run(reasonOrder, minCellSize);
	}

	/**
	 * Local {@code $survival}: as {@link #run}, over this server's own cohort, which can also give the exact
	 * largest linear predictor (a maximum is no sum, so a federation bounds it instead).
	 *
	 * @param largest the largest linear predictor at a {@code cox-sums} question's coefficients
	 */
	static SurvivalResult local(SurvivalRequest request, RoundExchange exchange, Function<Covariate, List<String>> vocabulary,
			java.util.function.ToDoubleFunction<String> largest, List<String> reasonOrder, int minCellSize) {
		return new PooledAnalysis(request, exchange, vocabulary, true, largest).run(reasonOrder, minCellSize);
	}

	private Aggregates ask(RoundQuestion question) {
		return exchange.sum(question.json());
	}

	private RoundQuestion question(String round, Integer grid, List<String> strata, List<Column> columns, double[] mean,
			double[] scale, long[] eventDays, double[] beta, double[] edges) {
		return new RoundQuestion(round, analysis, levels.isEmpty() ? null : levels, grid, strata, columns, mean, scale,
				eventDays, beta, edges, null);
	}

	private SurvivalResult run(List<String> reasonOrder, int minCellSize) {
		long[] below = counts(ask(question(RoundQuestion.EXTENT, null, null, null, null, null, null, null, null)),
				"daysBelow", SiteAnswers.EXTENT_BITS);
		int patients = Math.toIntExact(below[SiteAnswers.EXTENT_BITS - 1]);
		int grid = 1;
		for (int k = 0; k < SiteAnswers.EXTENT_BITS - 1; k++) {
			if (below[k] == patients) {
				grid = 1 << k;
				break;
			}
		}
		grid = Math.max(grid, 1);
		List<String> strata = request.stratify() == null ? List.of("all") : levels.get(request.stratify().code);
		boolean everyone = request.followUp() && request.stratify() != null;
		RoundQuestion countsQuestion = question(RoundQuestion.COUNTS, grid, strata, null, null, null, null, null, null);
		Aggregates counts = ask(everyone ? countsQuestion.askingEveryone() : countsQuestion);

		List<String> warnings = new ArrayList<>();
		Map<String, Integer> exclusions = new LinkedHashMap<>();
		long[] excluded = counts(counts, "excluded", REASONS.size());
		for (String reason : reasonOrder) {
			int r = REASONS.indexOf(reason);
			if (r >= 0 && excluded[r] > 0) {
				exclusions.put(reason, Math.toIntExact(excluded[r]));
			}
		}
		for (int r = 0; r < REASONS.size(); r++) {
			if (excluded[r] > 0) {
				exclusions.putIfAbsent(REASONS.get(r), Math.toIntExact(excluded[r]));
			}
		}
		for (String covariate : levels.keySet()) {
			long unlisted = counts(counts, "unlisted:" + covariate, 1)[0];
			if (unlisted > 0) {
				warnings.add(unlisted + " patients have a value of '" + covariate
						+ "' outside the levels every site shares (" + String.join(", ", levels.get(covariate))
						+ "); they count as missing it");
			}
		}
		int events = Math.toIntExact(counts(counts, "allEvents", 1)[0]);

		List<String> present = new ArrayList<>();
		List<long[]> presentEvents = new ArrayList<>();
		List<long[]> presentCensored = new ArrayList<>();
		if (patients == 0) {
			warnings.add("No patient could be analysed: see the exclusions");
		} else {
			if (request.stratify() != null) {
				long missing = counts(counts, "missingStratum", 1)[0];
				if (missing > 0) {
					exclusions.merge(CompleteCases.reason(request.stratify()), Math.toIntExact(missing), Integer::sum);
				}
			}
			for (String label : strata) {
				long[] e = counts(counts, "events:" + label, grid);
				long[] c = counts(counts, "censored:" + label, grid);
				if (Arrays.stream(e).sum() + Arrays.stream(c).sum() > 0) {
					present.add(label);
					presentEvents.add(e);
					presentCensored.add(c);
				}
			}
			if (request.stratify() != null && present.isEmpty()) {
				warnings.add("No stratum: no patient has a value of '" + request.stratify().code + "'");
			}
		}
		double[] times = new double[grid];
		for (int d = 0; d < grid; d++) {
			times[d] = d / request.timeUnit().days;
		}
		List<String> withheld = new ArrayList<>();
		List<Stratum> reported = new ArrayList<>();
		List<long[]> reportedEvents = new ArrayList<>();
		List<long[]> reportedLeaving = new ArrayList<>();
		List<String> reportedLabels = new ArrayList<>();
		for (int s = 0; s < present.size(); s++) {
			long[] e = presentEvents.get(s);
			long[] c = presentCensored.get(s);
			long size = Arrays.stream(e).sum() + Arrays.stream(c).sum();
			if (minCellSize > 0 && size < minCellSize) {
				withheld.add(present.get(s));
				continue;
			}
			KaplanMeierFit fit = KaplanMeier.fromCounts(times, e, c, request.confType(), request.confLevel());
			reported.add(new Stratum(present.get(s), fit,
					request.landmarks().length == 0 ? List.of() : fit.landmarks(request.landmarks()),
					request.tau() == null ? null : fit.restrictedMean(request.tau()),
					request.followUp() ? followUp(times, e, c) : null));
			long[] leaving = new long[grid];
			for (int d = 0; d < grid; d++) {
				leaving[d] = e[d] + c[d];
			}
			reportedEvents.add(e);
			reportedLeaving.add(leaving);
			reportedLabels.add(present.get(s));
		}
		if (!withheld.isEmpty()) {
			warnings.add("Strata withheld because they hold fewer than " + minCellSize + " patients (privacy): "
					+ String.join(", ", withheld) + (request.stratify() != null ? "; the log-rank test leaves them out" : ""));
		}
		if (events == 0 && patients > 0) {
			warnings.add("No events: survival stays at 1 and no median can be estimated");
		}
		LogRank logRank = null;
		if (request.stratify() != null && reportedLabels.size() >= 2) {
			logRank = new LogRank(LogRankTest.fromCounts(reportedEvents.toArray(long[][]::new),
					reportedLeaving.toArray(long[][]::new)), reportedLabels);
		}
		Cox cox = request.covariates().isEmpty() ? null : cox(counts, grid, warnings);
		List<SurvivalResult.Univariable> univariable = new ArrayList<>();
		if (request.univariableCox() && patients > 0) {
			for (Covariate covariate : request.covariates()) {
				univariable.add(new SurvivalResult.Univariable(covariate.code, univariableCox(covariate, grid, warnings)));
			}
		}
		SurvivalResult.FollowUp followUp = null;
		if (request.followUp() && patients > 0 && (minCellSize <= 0 || patients >= minCellSize)) {
			// unstratified, the one stratum is every patient
			long[] e = everyone ? counts(counts, "everyoneEvents", grid) : presentEvents.get(0);
			long[] c = everyone ? counts(counts, "everyoneCensored", grid) : presentCensored.get(0);
			followUp = new SurvivalResult.FollowUp(patients, followUp(times, e, c));
		}
		return new SurvivalResult(request, patients, events, exclusions, reported, logRank, cox, List.copyOf(univariable),
				followUp, warnings);
	}

	/**
	 * The median follow-up by reverse Kaplan–Meier (R: {@code survfit} with the status flipped): the censored are
	 * the events, the deaths censored at their time and so still at risk then, as R orders a tie.
	 */
	private SurvivalQuantile followUp(double[] times, long[] events, long[] censored) {
		return KaplanMeier.fromCounts(times, censored, events, request.confType(), request.confLevel()).median();
	}

	/**
	 * One covariate's own model, on the patients who have it: a counts round of its own (the same patients and
	 * grid, unstratified) and the Cox rounds, exactly as a multivariable model of that one term. Its warnings
	 * are prefixed with the covariate.
	 */
	private Cox univariableCox(Covariate covariate, int grid, List<String> warnings) {
		PooledAnalysis alone = new PooledAnalysis(request.univariable(covariate), exchange, vocabulary, oneSite, largestLocal);
		Aggregates counts = alone.ask(alone.question(RoundQuestion.COUNTS, grid, List.of("all"), null, null, null, null, null,
				null));
		List<String> own = new ArrayList<>();
		Cox cox = alone.cox(counts, grid, own);
		own.forEach(w -> warnings.add("univariable " + covariate.code + ": " + w));
		return cox;
	}

	private Cox cox(Aggregates counts, int grid, List<String> warnings) {
		List<Covariate> covariates = request.covariates();
		int n = Math.toIntExact(counts(counts, "coxSubjects", 1)[0]);
		long[] missing = counts(counts, "coxExcluded", covariates.size());
		Map<String, Integer> excluded = new LinkedHashMap<>();
		for (int c = 0; c < covariates.size(); c++) {
			if (missing[c] > 0) {
				excluded.put(CompleteCases.reason(covariates.get(c)), Math.toIntExact(missing[c]));
			}
		}
		if (n == 0) {
			warnings.add("No Cox model: no patient has every covariate (" + excluded.entrySet().stream()
					.map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")");
			return null;
		}
		List<Column> columns = new ArrayList<>();
		List<Double> means = new ArrayList<>();
		List<Boolean> indicator = new ArrayList<>();
		List<List<Integer>> categories = new ArrayList<>(); // per categorical covariate: its column indices
		for (Covariate covariate : covariates) {
			if (!covariate.categorical) {
				long nonIndicator = counts(counts, "coxNonIndicator:" + covariate.code, 1)[0];
				double sum = sums(counts, "coxSum:" + covariate.code, 1)[0];
				columns.add(new Column(covariate.code, null));
				indicator.add(nonIndicator == 0);
				means.add(nonIndicator == 0 ? 0.0 : sum / n);
				continue;
			}
			List<String> allowed = levels.get(covariate.code);
			long[] perLevel = counts(counts, "coxLevels:" + covariate.code, allowed.size());
			TreeSet<String> present = new TreeSet<>(SurvivalAnalysis.CODE_POINT_ORDER);
			for (int l = 0; l < allowed.size(); l++) {
				if (perLevel[l] > 0) {
					present.add(allowed.get(l));
				}
			}
			if (present.size() < 2) {
				warnings.add("Cox term '" + covariate.code + "' left out: all patients of the Cox model share one level"
						+ (present.isEmpty() ? "" : " (" + present.first() + ")"));
				continue;
			}
			// The first level (code-point order) is the reference; each other level gets a 0/1 column.
			List<Integer> indices = new ArrayList<>();
			for (String level : present.tailSet(present.first(), false)) {
				indices.add(columns.size());
				columns.add(new Column(covariate.code, level));
				indicator.add(true);
				means.add(0.0);
			}
			categories.add(indices);
		}
		if (columns.isEmpty()) {
			warnings.add("No Cox model: no usable covariate");
			return null;
		}
		int p = columns.size();
		double[] mean = means.stream().mapToDouble(Double::doubleValue).toArray();
		double[] scale = new double[p];
		Arrays.fill(scale, 1.0);
		if (indicator.contains(false)) {
			Aggregates deviations = ask(question(RoundQuestion.COX_SCALE, null, null, columns, mean, null, null, null, null));
			for (int j = 0; j < p; j++) {
				if (!indicator.get(j)) {
					scale[j] = CoxModel.scale(n, sums(deviations, "coxAbsDev:" + columns.get(j).covariate(), 1)[0]);
				}
			}
		}
		long[] coxEvents = counts(counts, "coxEvents", grid);
		long[] eventDays = java.util.stream.IntStream.range(0, grid).filter(d -> coxEvents[d] > 0).asLongStream().toArray();
		int events = Math.toIntExact(Arrays.stream(coxEvents).sum());
		PooledCoxData data = new PooledCoxData(n, events, columns, mean, scale, eventDays, categories, indicator.contains(false));
		CoxFit fit = CoxModel.fit(data, request.ties(), request.confLevel());
		warnings.addAll(fit.warnings());
		if (data.approximateConcordance) {
			warnings.add("concordance: an approximation across sites (the linear predictor in " + data.concordanceBins
					+ " bins, finer where patients of different sites met; pairs of patients at different sites left in one bin"
					+ " count as tied; exact within each site)");
		}
		return new Cox(fit, columns.stream().map(Column::termName).toList(), excluded);
	}

	/** The Cox model's data as the sum of every site's answers. */
	final class PooledCoxData implements CoxData {
		private final int n;
		private final int events;
		private final List<Column> columns;
		private final double[] mean;
		private final double[] scale;
		private final long[] eventDays;
		private final List<List<Integer>> categories;
		private final boolean numeric;
		private double[] lastBeta;
		private Aggregates lastSums;
		boolean approximateConcordance;
		int concordanceBins;

		PooledCoxData(int n, int events, List<Column> columns, double[] mean, double[] scale, long[] eventDays,
				List<List<Integer>> categories, boolean numeric) {
			this.n = n;
			this.events = events;
			this.columns = columns;
			this.mean = mean;
			this.scale = scale;
			this.eventDays = eventDays;
			this.categories = categories;
			this.numeric = numeric || columns.stream().anyMatch(c -> c.level() == null);
		}

		@Override
		public int n() {
			return n;
		}

		@Override
		public int events() {
			return events;
		}

		@Override
		public int p() {
			return columns.size();
		}

		@Override
		public double[] scale() {
			return scale.clone();
		}

		private Aggregates at(double[] beta) {
			if (lastBeta == null || !Arrays.equals(lastBeta, beta)) {
				lastSums = ask(question(RoundQuestion.COX_SUMS, null, null, columns, mean, scale, eventDays, beta.clone(), null));
				lastBeta = beta.clone();
			}
			return lastSums;
		}

		@Override
		public RiskSetSums sums(double[] beta) {
			Aggregates sums = at(beta);
			int e = eventDays.length;
			int p = p();
			int tri = RiskSetSums.triangle(p);
			return new RiskSetSums(p, counts(sums, "deaths", e), PooledAnalysis.sums(sums, "deathRisk", e),
					PooledAnalysis.sums(sums, "deathX", e * p), PooledAnalysis.sums(sums, "deathXX", e * tri),
					PooledAnalysis.sums(sums, "otherRisk", e), PooledAnalysis.sums(sums, "otherX", e * p),
					PooledAnalysis.sums(sums, "otherXX", e * tri), PooledAnalysis.sums(sums, "eventEta", 1)[0],
					PooledAnalysis.sums(sums, "eventX", p));
		}

		/**
		 * Locally exact; in a federation an upper bound: the log of the total risk at beta (at most log n above
		 * the largest predictor).
		 */
		@Override
		public double largestLinearPredictor(double[] beta) {
			if (largestLocal != null) {
				return largestLocal.applyAsDouble(
						question(RoundQuestion.COX_SUMS, null, null, columns, mean, scale, eventDays, beta.clone(), null).json());
			}
			Aggregates sums = at(beta);
			double total = Arrays.stream(PooledAnalysis.sums(sums, "deathRisk", eventDays.length)).sum()
					+ Arrays.stream(PooledAnalysis.sums(sums, "otherRisk", eventDays.length)).sum();
			return Math.log(total);
		}

		@Override
		public double concordance(double[] beta) {
			double[] edges = exactEdges(beta);
			boolean exact = edges != null;
			if (!exact) {
				double[] moments = PooledAnalysis.sums(at(beta), "allEta", 2);
				double centre = moments[0] / n;
				double sd = Math.sqrt(Math.max(moments[1] / n - centre * centre, 0));
				int binCount = concordanceBins(eventDays.length);
				edges = new double[sd > 0 ? binCount - 1 : 0];
				for (int b = 0; b < edges.length; b++) {
					edges[b] = centre - 4 * sd + 8 * sd * (b + 1) / binCount;
				}
			}
			int e = eventDays.length;
			long[] pairs;
			for (int refinements = 0;; refinements++) {
				int bins = edges.length + 1;
				Aggregates answer = ask(question(RoundQuestion.CONCORDANCE, null, null, columns, mean, scale, eventDays,
						beta.clone(), edges));
				long[] events = counts(answer, "concordanceEvents", e * bins);
				long[] others = counts(answer, "concordanceOthers", e * bins);
				pairs = Concordance.binnedPairs(events, others, e, bins);
				long[] binned = counts(answer, "binnedPairs", 3);
				long[] within = counts(answer, "exactPairs", 3);
				long acrossSitesInOneBin = pairs[2] - binned[2];
				for (int i = 0; i < 3; i++) {
					pairs[i] += within[i] - binned[i];
				}
				approximateConcordance = !exact && !oneSite && acrossSitesInOneBin > 0;
				if (!approximateConcordance || refinements == MAX_CONCORDANCE_REFINEMENTS) {
					break;
				}
				double[] finer = refine(edges, Concordance.tiedPairsPerBin(events, others, e, bins), concordanceBins(e),
						MIN_REFINEMENT_EDGES);
				if (finer == null) {
					break;
				}
				edges = finer;
			}
			concordanceBins = edges.length + 1;
			return Concordance.fromPairs(pairs);
		}

		/**
		 * Finer edges inside every bounded bin that holds a comparable pair (the pairs a bin cannot order), with
		 * at most {@code budget} new edges in all; null when none can be added (every such bin at the
		 * resolution of doubles, or in the open bins beyond the outer edges) or when the budget would give a bin
		 * fewer than {@code fewest}.
		 */
		static double[] refine(double[] edges, long[] tiedPerBin, int budget, int fewest) {
			List<Integer> split = new ArrayList<>();
			for (int b = 1; b < edges.length; b++) {
				double width = edges[b] - edges[b - 1];
				if (tiedPerBin[b] > 0 && width > 1e-12 * Math.max(Math.abs(edges[b]), Math.abs(edges[b - 1]))) {
					split.add(b);
				}
			}
			int each = split.isEmpty() ? 0 : budget / split.size();
			if (each < Math.max(1, fewest)) {
				return null;
			}
			double[] finer = new double[edges.length + each * split.size()];
			int out = 0;
			int next = 0;
			for (int b = 0; b < edges.length; b++) {
				if (next < split.size() && split.get(next) == b) {
					for (int k = 1; k <= each; k++) {
						double edge = edges[b - 1] + (edges[b] - edges[b - 1]) * k / (each + 1);
						finer[out++] = edge;
					}
					next++;
				}
				finer[out++] = edges[b];
			}
			double[] sorted = Arrays.stream(finer, 0, out).sorted().distinct().toArray();
			return sorted.length > edges.length ? sorted : null;
		}

		/**
		 * With indicator columns only, the linear predictor takes one value per combination of levels: a bin
		 * each (edges halfway between), so the concordance is exact. Null when there are too many values or a
		 * numeric column.
		 */
		private double[] exactEdges(double[] beta) {
			if (numeric) {
				return null;
			}
			List<double[]> values = new ArrayList<>();
			values.add(new double[p()]); // indicator settings, summed in column order as a site does
			for (List<Integer> indices : categories) {
				List<double[]> next = new ArrayList<>();
				for (double[] x : values) {
					next.add(x);
					for (int j : indices) {
						double[] y = x.clone();
						y[j] = 1;
						next.add(y);
					}
				}
				values = next;
				if (values.size() > 4 * EXACT_CONCORDANCE_VALUES) {
					return null;
				}
			}
			TreeSet<Double> distinct = new TreeSet<>();
			for (double[] x : values) {
				double eta = 0;
				for (int j = 0; j < x.length; j++) {
					eta += beta[j] * x[j];
				}
				distinct.add(eta == 0 ? 0.0 : eta);
			}
			if (distinct.size() > EXACT_CONCORDANCE_VALUES) {
				return null;
			}
			Double[] sorted = distinct.toArray(Double[]::new);
			double[] edges = new double[sorted.length - 1];
			for (int i = 0; i < edges.length; i++) {
				edges[i] = sorted[i] + (sorted[i + 1] - sorted[i]) / 2;
			}
			return edges;
		}
	}

	/** The counts of a part, checked to have the length the question fixed. */
	static long[] counts(Aggregates answer, String name, int length) {
		Aggregates.Part part = part(answer, name, length);
		if (!part.integral()) {
			throw new MalformedAnswerException("part '" + name + "' should hold counts");
		}
		return part.counts();
	}

	static double[] sums(Aggregates answer, String name, int length) {
		Aggregates.Part part = part(answer, name, length);
		if (part.integral()) {
			throw new MalformedAnswerException("part '" + name + "' should hold sums");
		}
		return part.sums();
	}

	private static Aggregates.Part part(Aggregates answer, String name, int length) {
		Aggregates.Part part;
		try {
			part = answer.part(name);
		} catch (IllegalArgumentException e) {
			throw new MalformedAnswerException("the sites' answer has no part '" + name + "'");
		}
		if (part.length() != length) {
			throw new MalformedAnswerException("part '" + name + "' has " + part.length() + " entries, not " + length);
		}
		return part;
	}

	/** The summed answer does not have the shape the question fixed (a site answered garbage). */
	static final class MalformedAnswerException extends RuntimeException {
		MalformedAnswerException(String message) {
			super(message);
		}
	}
}
