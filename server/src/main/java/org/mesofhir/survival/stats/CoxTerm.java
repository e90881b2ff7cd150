package org.mesofhir.survival.stats;

/**
 * One coefficient of a Cox model, as a row of R's {@code summary(coxph)}.
 *
 * <p>R's NA is {@link Double#NaN}: every number is NaN for an {@code aliased} column (collinear with
 * earlier columns, or constant) and when the data hold no event. Under monotone likelihood the
 * coefficient is finite but meaningless and {@code upper} may be {@link Double#POSITIVE_INFINITY}
 * (R: {@code Inf}); callers should omit non-finite values.
 *
 * @param coefficient log hazard ratio per unit of the column
 * @param hazardRatio exp(coefficient)
 * @param stdErr standard error of the coefficient
 * @param z coefficient / stdErr
 * @param pValue two-sided Wald p-value
 * @param lower lower confidence limit of the hazard ratio, exp(coef - z * se)
 * @param upper upper confidence limit of the hazard ratio, exp(coef + z * se)
 * @param aliased the column is linearly dependent on earlier ones, so not estimable
 * @param mayBeInfinite the likelihood converged before this coefficient did (R's "coefficient may be
 *     infinite" warning)
 */
public record CoxTerm(
    double coefficient,
    double hazardRatio,
    double stdErr,
    double z,
    double pValue,
    double lower,
    double upper,
    boolean aliased,
    boolean mayBeInfinite) {}
