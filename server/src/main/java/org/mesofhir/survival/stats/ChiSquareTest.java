package org.mesofhir.survival.stats;

/**
 * A chi-square test of a Cox model against the null model (likelihood-ratio, Wald or score), as the
 * last lines of R's {@code summary(coxph)}.
 *
 * @param chiSquare the statistic
 * @param df degrees of freedom: the number of estimable coefficients
 * @param pValue upper tail probability (1 when df = 0, as R)
 */
public record ChiSquareTest(double chiSquare, int df, double pValue) {}
