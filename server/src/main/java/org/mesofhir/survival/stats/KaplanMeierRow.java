package org.mesofhir.survival.stats;

/**
 * One distinct observed time of a Kaplan–Meier curve (an event time or a censoring time), as a row of
 * R's {@code summary(survfit(...), censored = TRUE)}.
 *
 * <p>R's NA is {@link Double#NaN}: {@code stdErr}, {@code lower} and {@code upper} are NaN where
 * S(t) = 0, and {@code lower}/{@code upper} are NaN for the log-log transform where S(t) = 1.
 *
 * @param time the time
 * @param atRisk subjects with time &gt;= {@code time} (censored at {@code time} are still at risk)
 * @param events events at {@code time}
 * @param censored censorings at {@code time}
 * @param survival the Kaplan–Meier estimate S(time)
 * @param stdErr Greenwood standard error of S(time), on the survival scale
 * @param lower lower confidence limit of S(time)
 * @param upper upper confidence limit of S(time)
 */
public record KaplanMeierRow(
    double time,
    int atRisk,
    int events,
    int censored,
    double survival,
    double stdErr,
    double lower,
    double upper) {}
