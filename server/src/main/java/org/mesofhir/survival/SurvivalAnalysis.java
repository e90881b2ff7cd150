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
	 * its complete cases, with exclusions of its own. The one-site case of {@link PooledAnalysis}: its rounds
	 * are answered in process by this cohort's own {@link SiteAnswers}.
	 *
	 * @param minCellSize strata with fewer patients are withheld (0: none are)
	 */
	static SurvivalResult run(SurvivalCohort cohort, SurvivalRequest request, int minCellSize) {
		List<Subject> inDays = new ArrayList<>(cohort.subjects().size());
		for (Subject subject : cohort.subjects()) {
			double days = Math.rint(subject.time() * request.timeUnit().days);
			inDays.add(new Subject(days, subject.event(), subject.values()));
		}
		SiteAnswers site = new SiteAnswers(new SurvivalCohort(inDays, cohort.exclusions()));
		Map<Covariate, List<String>> observed = new java.util.EnumMap<>(Covariate.class);
		for (Covariate covariate : request.requiredCovariates()) {
			if (covariate.categorical) {
				TreeSet<String> levels = new TreeSet<>(CODE_POINT_ORDER);
				for (Subject subject : inDays) {
					Object value = subject.values().get(covariate);
					if (value != null) {
						levels.add((String) value);
					}
				}
				observed.put(covariate, List.copyOf(levels));
			}
		}
		RoundExchange local = round -> site.answer(RoundQuestion.parse(round));
		return PooledAnalysis.local(request, local, observed::get, round -> site.largestLinearPredictor(RoundQuestion.parse(round)),
				List.copyOf(cohort.exclusions().keySet()), minCellSize);
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
