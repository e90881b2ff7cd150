package org.mesofhir.survival.stats;

/**
 * The survival estimate at a chosen time, as a row of R's {@code summary(survfit, times = ...)}: the
 * curve's value carried forward from the last observed time at or before {@code time}.
 *
 * <p>R's NA is {@link Double#NaN} (standard error and limits where S(t) = 0; log-log limits where
 * S(t) = 1 at an observed time). Before the first observed time S = 1 with standard error 0 and
 * limits 1, as R reports.
 *
 * @param time the requested time
 * @param survival S(time)
 * @param stdErr Greenwood standard error of S(time)
 * @param lower lower confidence limit
 * @param upper upper confidence limit
 * @param atRisk subjects with observed time &gt;= {@code time}
 */
public record LandmarkSurvival(
    double time, double survival, double stdErr, double lower, double upper, int atRisk) {}
