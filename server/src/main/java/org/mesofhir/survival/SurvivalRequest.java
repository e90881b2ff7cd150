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
 * @param univariableCox also one Cox model per covariate ({@code coxTable=univariable}), each on its own
 *        complete cases, beside the multivariable model
 * @param followUp also the median follow-up by reverse Kaplan–Meier ({@code followUp=true}), per stratum and
 *        over every patient of the analysis
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
		int[] pciCutoffs,
		boolean univariableCox,
		boolean followUp) {

	/** A request with the multivariable Cox model only. */
	SurvivalRequest(Endpoint endpoint, Origin origin, Covariate stratify, List<Covariate> covariates, TimeUnit timeUnit,
			double[] landmarks, Double tau, ConfidenceType confType, double confLevel, Ties ties, LocalDate cutoff,
			int[] pciCutoffs) {
		this(endpoint, origin, stratify, covariates, timeUnit, landmarks, tau, confType, confLevel, ties, cutoff, pciCutoffs,
				false, false);
	}

	/** This request with ({@code true}) or without the univariable Cox models. */
	SurvivalRequest withUnivariableCox(boolean univariable) {
		return new SurvivalRequest(endpoint, origin, stratify, covariates, timeUnit, landmarks, tau, confType, confLevel, ties,
				cutoff, pciCutoffs, univariable, followUp);
	}

	/** This request with ({@code true}) or without the median follow-up. */
	SurvivalRequest withFollowUp(boolean wanted) {
		return new SurvivalRequest(endpoint, origin, stratify, covariates, timeUnit, landmarks, tau, confType, confLevel, ties,
				cutoff, pciCutoffs, univariableCox, wanted);
	}

	/** The univariable model of one covariate: the same patients and settings, unstratified, that term alone. */
	SurvivalRequest univariable(Covariate covariate) {
		return new SurvivalRequest(endpoint, origin, null, List.of(covariate), timeUnit, landmarks, tau, confType, confLevel,
				ties, cutoff, pciCutoffs, false, false);
	}

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
