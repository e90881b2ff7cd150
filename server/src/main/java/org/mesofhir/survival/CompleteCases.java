package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mesofhir.survival.SurvivalCohort.Subject;

/**
 * The patients of a cohort who have every one of some covariates, as R's default {@code na.action}
 * ({@code na.omit}) keeps them; each other patient is counted under {@code missing-<covariate>} for the
 * first of the covariates (in the order asked) it lacks, so the counts add up to the patients left out.
 *
 * @param subjects the patients with every covariate
 * @param excluded reason code → number of patients left out, in the order of the covariates
 */
record CompleteCases(List<Subject> subjects, Map<String, Integer> excluded) {

	static CompleteCases of(List<Subject> subjects, List<Covariate> covariates) {
		List<Subject> complete = new ArrayList<>();
		int[] missing = new int[covariates.size()];
		for (Subject subject : subjects) {
			int first = firstMissing(subject, covariates);
			if (first < 0) {
				complete.add(subject);
			} else {
				missing[first]++;
			}
		}
		Map<String, Integer> excluded = new LinkedHashMap<>();
		for (int c = 0; c < missing.length; c++) {
			if (missing[c] > 0) {
				excluded.put(reason(covariates.get(c)), missing[c]);
			}
		}
		return new CompleteCases(complete, excluded);
	}

	private static int firstMissing(Subject subject, List<Covariate> covariates) {
		for (int c = 0; c < covariates.size(); c++) {
			if (!subject.values().containsKey(covariates.get(c))) {
				return c;
			}
		}
		return -1;
	}

	/** The reason code of a patient left out for lacking the covariate. */
	static String reason(Covariate covariate) {
		return "missing-" + covariate.code;
	}
}
