package org.mesofhir.survival.stats;

import java.util.List;

/**
 * A fitted Cox proportional hazards model (see {@link CoxModel#fit}), with the numbers R's
 * {@code coxph} and {@code summary(coxph)} report.
 *
 * <p>R's NA is {@link Double#NaN} (see {@link CoxTerm}); {@code concordance} is NaN when no pair of
 * subjects is comparable.
 *
 * @param ties the tie handling used
 * @param n subjects
 * @param events events
 * @param terms one per design-matrix column, in column order
 * @param likelihoodRatio likelihood-ratio test
 * @param wald Wald test
 * @param score score (log-rank) test
 * @param concordance Harrell's C as {@code coxph} reports it
 * @param logLikNull log partial likelihood at beta = 0
 * @param logLik log partial likelihood at the estimate
 * @param iterations Newton–Raphson iterations used (R's {@code iter}; iter.max + 1 when it ran out)
 * @param converged whether the iteration converged
 * @param warnings what R would warn about, in plain words
 */
public record CoxFit(
    Ties ties,
    int n,
    int events,
    List<CoxTerm> terms,
    ChiSquareTest likelihoodRatio,
    ChiSquareTest wald,
    ChiSquareTest score,
    double concordance,
    double logLikNull,
    double logLik,
    int iterations,
    boolean converged,
    List<String> warnings) {

  public CoxFit {
    terms = List.copyOf(terms);
    warnings = List.copyOf(warnings);
  }
}
