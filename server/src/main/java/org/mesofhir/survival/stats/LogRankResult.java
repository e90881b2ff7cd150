package org.mesofhir.survival.stats;

import java.util.List;

/**
 * The log-rank test of k groups, as R's {@code survdiff(..., rho = 0)}.
 *
 * <p>As R: groups with no expected events (nobody at risk at any event time) take no part in the
 * statistic, so {@code df} = (groups with expected &gt; 0) - 1. With df = 0 the statistic is 0 and
 * the p-value 1. When the variance matrix is singular (R stops with an error) the statistic and
 * p-value are {@link Double#NaN}.
 *
 * @param chiSquare the test statistic
 * @param df degrees of freedom
 * @param pValue upper tail of the chi-square distribution
 * @param groups observed and expected events, one entry per group index 0..k-1
 */
public record LogRankResult(double chiSquare, int df, double pValue, List<LogRankGroup> groups) {

  public LogRankResult {
    groups = List.copyOf(groups);
  }
}
