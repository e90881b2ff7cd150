package org.mesofhir.characteristics.stats;

/**
 * A test of whether a variable differs between groups, as R reports it.
 *
 * @param method {@code chi-square}, {@code chi-square-yates}, {@code fisher}, {@code wilcoxon},
 *     {@code wilcoxon-exact} or {@code kruskal-wallis}
 * @param statistic the statistic (X-squared, W, Kruskal–Wallis chi-squared); NaN for Fisher's test
 * @param df degrees of freedom, 0 where the test has none
 * @param pValue the two-sided p-value
 */
public record GroupComparison(String method, double statistic, int df, double pValue) {}
