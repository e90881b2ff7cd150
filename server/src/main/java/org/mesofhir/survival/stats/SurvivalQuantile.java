package org.mesofhir.survival.stats;

/**
 * A quantile of the survival time with its confidence limits, as R's {@code quantile(survfit, probs)}.
 * The median is the quantile with {@code probability} 0.5.
 *
 * <p>R's NA is {@link Double#NaN}: a quantile or limit that the curve (or its confidence band) never
 * reaches is NaN.
 *
 * @param probability the fraction that has had the event by {@code time} (0.5 for the median; 0.25
 *     for the first quartile, where S(t) = 0.75)
 * @param time the quantile
 * @param lower lower confidence limit (where the lower limit of S(t) crosses 1 - probability)
 * @param upper upper confidence limit (where the upper limit of S(t) crosses 1 - probability)
 */
public record SurvivalQuantile(double probability, double time, double lower, double upper) {

  /** Whether the curve reaches this quantile at all. */
  public boolean isReached() {
    return !Double.isNaN(time);
  }
}
