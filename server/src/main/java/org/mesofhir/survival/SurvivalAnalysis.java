package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mesofhir.survival.SurvivalCohort.Subject;
import org.mesofhir.survival.SurvivalResult.Cox;
import org.mesofhir.survival.SurvivalResult.LogRank;
import org.mesofhir.survival.SurvivalResult.Stratum;
import org.mesofhir.survival.stats.CoxFit;
import org.mesofhir.survival.stats.CoxModel;
import org.mesofhir.survival.stats.KaplanMeier;
import org.mesofhir.survival.stats.KaplanMeierFit;
import org.mesofhir.survival.stats.LogRankTest;

/** Runs Kaplan–Meier per stratum, the log-rank test and the Cox model over a {@link SurvivalCohort}. */
final class SurvivalAnalysis {

	/** Unicode code-point order, as SPEC §3 orders categorical levels. */
	static final java.util.Comparator<String> CODE_POINT_ORDER = (a, b) -> {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	};

	private SurvivalAnalysis() {}

	/**
	 * Kaplan–Meier and log-rank over every patient eligible for the endpoint (a patient without the
	 * stratification variable is in no stratum, counted as {@code missing-<stratify>}); the Cox model over
	 * its complete cases, with exclusions of its own.
	 *
	 * @param minCellSize strata with fewer patients are withheld (0: none are)
	 */
	static SurvivalResult run(SurvivalCohort cohort, SurvivalRequest request, int minCellSize) {
		List<Subject> subjects = cohort.subjects();
		List<String> warnings = new ArrayList<>();
		int events = (int) subjects.stream().filter(Subject::event).count();
		Map<String, Integer> exclusions = new LinkedHashMap<>(cohort.exclusions());

		Map<String, List<Subject>> byLevel = new TreeMap<>(CODE_POINT_ORDER);
		if (subjects.isEmpty()) {
			warnings.add("No patient could be analysed: see the exclusions");
		} else if (request.stratify() == null) {
			byLevel.put("all", subjects);
		} else {
			CompleteCases stratified = CompleteCases.of(subjects, List.of(request.stratify()));
			stratified.excluded().forEach((reason, count) -> exclusions.merge(reason, count, Integer::sum));
			for (Subject subject : stratified.subjects()) {
				byLevel.computeIfAbsent((String) subject.values().get(request.stratify()), l -> new ArrayList<>()).add(subject);
			}
			if (byLevel.isEmpty()) {
				warnings.add("No stratum: no patient has a value of '" + request.stratify().code + "'");
			}
		}
		List<String> withheld = new ArrayList<>();
		List<Stratum> strata = new ArrayList<>();
		List<Subject> reported = new ArrayList<>();
		List<String> reportedLabels = new ArrayList<>();
		List<Integer> groups = new ArrayList<>();
		for (Map.Entry<String, List<Subject>> level : byLevel.entrySet()) {
			List<Subject> members = level.getValue();
			if (minCellSize > 0 && members.size() < minCellSize) {
				withheld.add(level.getKey());
				continue;
			}
			KaplanMeierFit fit = KaplanMeier.fit(times(members), events(members), request.confType(), request.confLevel());
			strata.add(new Stratum(level.getKey(), fit,
					request.landmarks().length == 0 ? List.of() : fit.landmarks(request.landmarks()),
					request.tau() == null ? null : fit.restrictedMean(request.tau())));
			for (Subject member : members) {
				reported.add(member);
				groups.add(reportedLabels.size());
			}
			reportedLabels.add(level.getKey());
		}
		if (!withheld.isEmpty()) {
			warnings.add("Strata withheld because they hold fewer than " + minCellSize + " patients (privacy): "
					+ String.join(", ", withheld) + (request.stratify() != null ? "; the log-rank test leaves them out" : ""));
		}
		if (events == 0 && !subjects.isEmpty()) {
			warnings.add("No events: survival stays at 1 and no median can be estimated");
		}

		LogRank logRank = null;
		if (request.stratify() != null && reportedLabels.size() >= 2) {
			int[] reportedGroups = groups.stream().mapToInt(Integer::intValue).toArray();
			logRank = new LogRank(LogRankTest.compare(times(reported), events(reported), reportedGroups), reportedLabels);
		}

		Cox cox = request.covariates().isEmpty() ? null
				: cox(CompleteCases.of(subjects, request.covariates()), request, warnings);
		return new SurvivalResult(request, subjects.size(), events, exclusions, strata, logRank, cox, warnings);
	}

	/** The Cox model over the patients with every covariate (as R's {@code coxph} with its default {@code na.action}). */
	private static Cox cox(CompleteCases cases, SurvivalRequest request, List<String> warnings) {
		List<Subject> subjects = cases.subjects();
		if (subjects.isEmpty()) {
			warnings.add("No Cox model: no patient has every covariate (" + describe(cases.excluded()) + ")");
			return null;
		}
		List<String> names = new ArrayList<>();
		List<double[]> columns = new ArrayList<>();
		for (Covariate covariate : request.covariates()) {
			if (!covariate.categorical) {
				names.add(covariate.code);
				columns.add(subjects.stream().mapToDouble(s -> (Double) s.values().get(covariate)).toArray());
				continue;
			}
			TreeSet<String> levels = new TreeSet<>(CODE_POINT_ORDER);
			subjects.forEach(s -> levels.add((String) s.values().get(covariate)));
			if (levels.size() < 2) {
				warnings.add("Cox term '" + covariate.code + "' left out: all patients of the Cox model share one level"
						+ (levels.isEmpty() ? "" : " (" + levels.first() + ")"));
				continue;
			}
			// The first level (code-point order) is the reference; each other level gets a 0/1 column.
			for (String level : levels.tailSet(levels.first(), false)) {
				names.add(covariate.code + "=" + level);
				columns.add(subjects.stream().mapToDouble(s -> level.equals(s.values().get(covariate)) ? 1 : 0).toArray());
			}
		}
		if (columns.isEmpty()) {
			warnings.add("No Cox model: no usable covariate");
			return null;
		}
		CoxFit fit = CoxModel.fit(times(subjects), events(subjects), columns.toArray(double[][]::new),
				request.ties(), request.confLevel());
		warnings.addAll(fit.warnings());
		return new Cox(fit, names, cases.excluded());
	}

	private static String describe(Map<String, Integer> exclusions) {
		return exclusions.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
				.collect(Collectors.joining(", "));
	}

	static double[] times(List<Subject> subjects) {
		return subjects.stream().mapToDouble(Subject::time).toArray();
	}

	static boolean[] events(List<Subject> subjects) {
		boolean[] events = new boolean[subjects.size()];
		for (int i = 0; i < events.length; i++) {
			events[i] = subjects.get(i).event();
		}
		return events;
	}

}
