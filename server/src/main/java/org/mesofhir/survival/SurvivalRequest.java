package org.mesofhir.survival;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import org.mesofhir.survival.stats.ConfidenceType;
import org.mesofhir.survival.stats.Ties;

/**
 * One {@code $survival} request, parsed and validated (SPEC §4).
 *
 * @param endpoint OS or PFS
 * @param origin index date rule
 * @param stratify categorical covariate to stratify by, or null for one stratum "all"
 * @param covariates Cox model terms; empty for no Cox model
 * @param timeUnit unit of reported times
 * @param landmarks landmark times, in {@code timeUnit}
 * @param tau horizon of the restricted mean survival time, or null
 * @param confType confidence interval type of S(t)
 * @param confLevel confidence level, in (0, 1)
 * @param ties Cox tie handling
 * @param cutoff administrative censoring date, or null
 * @param pciCutoffs upper bounds of the PCI bands, ascending, each in 0..38
 */
record SurvivalRequest(
		Endpoint endpoint,
		Origin origin,
		Covariate stratify,
		List<Covariate> covariates,
		TimeUnit timeUnit,
		double[] landmarks,
		Double tau,
		ConfidenceType confType,
		double confLevel,
		Ties ties,
		LocalDate cutoff,
		int[] pciCutoffs) {

	/** The covariates the analysis needs: every Cox term and the stratification variable. */
	List<Covariate> requiredCovariates() {
		LinkedHashSet<Covariate> all = new LinkedHashSet<>();
		if (stratify != null) {
			all.add(stratify);
		}
		all.addAll(covariates);
		return List.copyOf(all);
	}
}
