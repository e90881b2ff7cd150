package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mesofhir.survival.RoundQuestion.Column;
import org.mesofhir.survival.SurvivalCohort.Subject;
import org.mesofhir.survival.stats.Aggregates;
import org.mesofhir.survival.stats.Aggregates.Part;
import org.mesofhir.survival.stats.Concordance;
import org.mesofhir.survival.stats.CoxDesign;
import org.mesofhir.survival.stats.RiskSetSums;

/**
 * One site's answers to the rounds of an analysis, over its own cohort (follow-up in whole days): only
 * sums whose names and lengths the question fixes. See the README's "Federated survival (hub)" for the
 * rounds and their parts.
 */
final class SiteAnswers {

	/** Bits of the extent round: {@code daysBelow[k]} counts follow-up shorter than 2^k days. */
	static final int EXTENT_BITS = 32;

	private final List<Subject> subjects;
	private final Map<String, Integer> exclusions;

	/**
	 * @param cohort the site's patients for the question's analysis, times in days
	 */
	SiteAnswers(SurvivalCohort cohort) {
		this.subjects = cohort.subjects();
		this.exclusions = cohort.exclusions();
	}

	Aggregates answer(RoundQuestion question) {
		Map<String, List<String>> levels = question.levels() == null ? Map.of() : question.levels();
		long[] unlisted = new long[levels.size()];
		List<Subject> listed = listed(levels, unlisted);
		List<Part> parts = new ArrayList<>();
		switch (question.round()) {
			case RoundQuestion.EXTENT -> parts.add(Part.counts("daysBelow", daysBelow(listed)));
			case RoundQuestion.COUNTS -> counts(question, listed, levels, unlisted, parts);
			case RoundQuestion.COX_SCALE -> scale(question, cox(question, listed), parts);
			case RoundQuestion.COX_SUMS -> sums(question, cox(question, listed), parts);
			case RoundQuestion.CONCORDANCE -> concordance(question, cox(question, listed), parts);
			default -> throw new IllegalArgumentException("unknown round '" + question.round() + "'");
		}
		return new Aggregates(parts);
	}

	/** The largest linear predictor at a {@code cox-sums} question's coefficients (local analyses only: a maximum is no sum). */
	double largestLinearPredictor(RoundQuestion question) {
		Map<String, List<String>> levels = question.levels() == null ? Map.of() : question.levels();
		double largest = Double.NEGATIVE_INFINITY;
		for (double v : design(question, cox(question, listed(levels, new long[levels.size()]))).linearPredictor(question.beta())) {
			largest = Math.max(largest, v);
		}
		return largest;
	}

	/** The subjects with every categorical value outside the public levels removed (counted as missing). */
	private List<Subject> listed(Map<String, List<String>> levels, long[] unlisted) {
		if (levels.isEmpty()) {
			return subjects;
		}
		List<Map.Entry<Covariate, List<String>>> vocabulary = new ArrayList<>();
		levels.forEach((code, allowed) -> vocabulary.add(Map.entry(RoundQuestion.Analysis.covariate(code), allowed)));
		List<Subject> listed = new ArrayList<>(subjects.size());
		for (Subject subject : subjects) {
			Map<Covariate, Object> values = null;
			for (int c = 0; c < vocabulary.size(); c++) {
				Covariate covariate = vocabulary.get(c).getKey();
				Object value = subject.values().get(covariate);
				if (value != null && !vocabulary.get(c).getValue().contains(value)) {
					if (values == null) {
						values = new EnumMap<>(Covariate.class);
						values.putAll(subject.values());
					}
					values.remove(covariate);
					unlisted[c]++;
				}
			}
			listed.add(values == null ? subject : new Subject(subject.time(), subject.event(), values));
		}
		return listed;
	}

	private static long[] daysBelow(List<Subject> subjects) {
		long[] below = new long[EXTENT_BITS];
		for (Subject subject : subjects) {
			long days = days(subject);
			for (int k = 0; k < EXTENT_BITS; k++) {
				if (days < (1L << k)) {
					below[k]++;
				}
			}
		}
		return below;
	}

	private void counts(RoundQuestion question, List<Subject> listed, Map<String, List<String>> levels, long[] unlisted,
			List<Part> parts) {
		int grid = question.grid();
		long[] excluded = new long[PooledAnalysis.REASONS.size()];
		exclusions.forEach((reason, count) -> {
			int r = PooledAnalysis.REASONS.indexOf(reason);
			if (r < 0) {
				throw new IllegalStateException("exclusion reason '" + reason + "' is not in the public list");
			}
			excluded[r] += count;
		});
		parts.add(Part.counts("excluded", excluded));
		int c = 0;
		for (String covariate : levels.keySet()) {
			parts.add(Part.counts("unlisted:" + covariate, new long[] {unlisted[c++]}));
		}
		long events = listed.stream().filter(Subject::event).count();
		parts.add(Part.counts("allEvents", new long[] {events}));
		Covariate stratify = question.analysis().stratify() == null ? null
				: RoundQuestion.Analysis.covariate(question.analysis().stratify());
		long missingStratum = 0;
		List<String> strata = question.strata();
		long[][] stratumEvents = new long[strata.size()][grid];
		long[][] stratumCensored = new long[strata.size()][grid];
		for (Subject subject : listed) {
			int s = 0;
			if (stratify != null) {
				Object value = subject.values().get(stratify);
				if (value == null) {
					missingStratum++;
					continue;
				}
				s = strata.indexOf(value);
				if (s < 0) {
					throw new IllegalStateException("stratum '" + value + "' is not in the question");
				}
			}
			int day = onGrid(subject, grid);
			(subject.event() ? stratumEvents : stratumCensored)[s][day]++;
		}
		parts.add(Part.counts("missingStratum", new long[] {missingStratum}));
		if (Boolean.TRUE.equals(question.everyone())) {
			long[] everyoneEvents = new long[grid];
			long[] everyoneCensored = new long[grid];
			for (Subject subject : listed) {
				(subject.event() ? everyoneEvents : everyoneCensored)[onGrid(subject, grid)]++;
			}
			parts.add(Part.counts("everyoneEvents", everyoneEvents));
			parts.add(Part.counts("everyoneCensored", everyoneCensored));
		}
		for (int s = 0; s < strata.size(); s++) {
			parts.add(Part.counts("events:" + strata.get(s), stratumEvents[s]));
			parts.add(Part.counts("censored:" + strata.get(s), stratumCensored[s]));
		}
		List<Covariate> covariates = question.analysis().request().covariates();
		if (covariates.isEmpty()) {
			return;
		}
		CompleteCases cases = CompleteCases.of(listed, covariates);
		long[] coxExcluded = new long[covariates.size()];
		cases.excluded().forEach((reason, count) -> {
			for (int k = 0; k < covariates.size(); k++) {
				if (CompleteCases.reason(covariates.get(k)).equals(reason)) {
					coxExcluded[k] += count;
				}
			}
		});
		long[] coxEvents = new long[grid];
		for (Subject subject : cases.subjects()) {
			if (subject.event()) {
				coxEvents[onGrid(subject, grid)]++;
			}
		}
		List<Subject> sorted = byTime(cases.subjects());
		parts.add(Part.counts("coxSubjects", new long[] {cases.subjects().size()}));
		parts.add(Part.counts("coxEvents", coxEvents));
		parts.add(Part.counts("coxExcluded", coxExcluded));
		for (Covariate covariate : covariates) {
			if (covariate.categorical) {
				List<String> allowed = levels.get(covariate.code);
				long[] counts = new long[allowed.size()];
				cases.subjects().forEach(s -> counts[allowed.indexOf(s.values().get(covariate))]++);
				parts.add(Part.counts("coxLevels:" + covariate.code, counts));
			} else {
				double sum = 0;
				long nonIndicator = 0;
				for (Subject subject : sorted) { // in time order, as a local fit sums it
					double v = (Double) subject.values().get(covariate);
					sum += v;
					if (v != 0 && v != 1 && v != -1) {
						nonIndicator++;
					}
				}
				parts.add(Part.sums("coxSum:" + covariate.code, new double[] {sum}));
				parts.add(Part.counts("coxNonIndicator:" + covariate.code, new long[] {nonIndicator}));
			}
		}
	}

	/** The Cox model's complete cases, sorted by time. */
	private static List<Subject> cox(RoundQuestion question, List<Subject> listed) {
		return byTime(CompleteCases.of(listed, question.analysis().request().covariates()).subjects());
	}

	/** Stably sorted by time: the order a local fit sums in, so one site's sums equal the local fit's bit for bit. */
	private static List<Subject> byTime(List<Subject> subjects) {
		List<Subject> sorted = new ArrayList<>(subjects);
		sorted.sort(java.util.Comparator.comparingDouble(Subject::time));
		return sorted;
	}

	private static void scale(RoundQuestion question, List<Subject> cases, List<Part> parts) {
		List<Column> columns = question.columns();
		for (int j = 0; j < columns.size(); j++) {
			Column column = columns.get(j);
			if (column.level() != null) {
				continue;
			}
			Covariate covariate = RoundQuestion.Analysis.covariate(column.covariate());
			double absolute = 0;
			for (Subject subject : cases) {
				absolute += Math.abs((Double) subject.values().get(covariate) - question.mean()[j]);
			}
			parts.add(Part.sums("coxAbsDev:" + column.covariate(), new double[] {absolute}));
		}
	}

	private static CoxDesign design(RoundQuestion question, List<Subject> cases) {
		List<Column> columns = question.columns();
		int p = columns.size();
		int n = cases.size();
		Covariate[] covariates = new Covariate[p];
		for (int j = 0; j < p; j++) {
			covariates[j] = RoundQuestion.Analysis.covariate(columns.get(j).covariate());
		}
		double[] x = new double[n * p];
		double[] time = new double[n];
		boolean[] event = new boolean[n];
		for (int i = 0; i < n; i++) {
			Subject subject = cases.get(i);
			time[i] = days(subject);
			event[i] = subject.event();
			for (int j = 0; j < p; j++) {
				Object value = subject.values().get(covariates[j]);
				String level = columns.get(j).level();
				x[i * p + j] = level != null ? (level.equals(value) ? 1 : 0)
						: ((Double) value - question.mean()[j]) * question.scale()[j];
			}
		}
		double[] grid = Arrays.stream(question.eventDays()).asDoubleStream().toArray();
		return new CoxDesign(time, event, x, p, grid);
	}

	private static void sums(RoundQuestion question, List<Subject> cases, List<Part> parts) {
		CoxDesign design = design(question, cases);
		RiskSetSums sums = design.sums(question.beta());
		parts.add(Part.counts("deaths", sums.deaths()));
		parts.add(Part.sums("deathRisk", sums.deathRisk()));
		parts.add(Part.sums("deathX", sums.deathX()));
		parts.add(Part.sums("deathXX", sums.deathXX()));
		parts.add(Part.sums("otherRisk", sums.otherRisk()));
		parts.add(Part.sums("otherX", sums.otherX()));
		parts.add(Part.sums("otherXX", sums.otherXX()));
		parts.add(Part.sums("eventEta", new double[] {sums.eventEta()}));
		parts.add(Part.sums("eventX", sums.eventX()));
		double eta = 0;
		double squares = 0;
		for (double v : design.linearPredictor(question.beta())) {
			eta += v;
			squares += v * v;
		}
		parts.add(Part.sums("allEta", new double[] {eta, squares}));
	}

	private static void concordance(RoundQuestion question, List<Subject> cases, List<Part> parts) {
		double[] lp = design(question, cases).linearPredictor(question.beta());
		long[] eventDays = question.eventDays();
		double[] edges = question.edges();
		int bins = edges.length + 1;
		int times = eventDays.length;
		long[] events = new long[times * bins];
		long[] others = new long[times * bins];
		double[] time = new double[cases.size()];
		boolean[] event = new boolean[cases.size()];
		for (int i = 0; i < cases.size(); i++) {
			Subject subject = cases.get(i);
			long day = days(subject);
			time[i] = day;
			event[i] = subject.event();
			int k = Arrays.binarySearch(eventDays, day);
			if (k < 0 && subject.event()) {
				throw new IllegalStateException("an event day is not on the question's grid");
			}
			k = k >= 0 ? k : -k - 2;
			if (k < 0) {
				continue;
			}
			int b = Arrays.binarySearch(edges, lp[i]);
			b = b >= 0 ? b : -b - 1;
			(subject.event() ? events : others)[k * bins + b]++;
		}
		parts.add(Part.counts("concordanceEvents", events));
		parts.add(Part.counts("concordanceOthers", others));
		parts.add(Part.counts("binnedPairs", Concordance.binnedPairs(events, others, times, bins)));
		parts.add(Part.counts("exactPairs", Concordance.pairs(time, event, lp)));
	}

	private static int onGrid(Subject subject, int grid) {
		long days = days(subject);
		if (days >= grid) {
			throw new IllegalStateException("follow-up of " + days + " days is beyond the question's grid of " + grid);
		}
		return (int) days;
	}

	private static long days(Subject subject) {
		long days = (long) subject.time();
		if (days != subject.time()) {
			throw new IllegalStateException("follow-up is not in whole days: " + subject.time());
		}
		return days;
	}
}
