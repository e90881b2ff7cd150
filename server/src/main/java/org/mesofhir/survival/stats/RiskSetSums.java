package org.mesofhir.survival.stats;

/**
 * The sufficient statistics of a Cox partial likelihood at given coefficients, per distinct event time
 * t_k (ascending, k = 0..E-1). Every array is a sum over subjects, so several sites' sums add up to the
 * sums of their union. Subjects are binned by the latest event time at or before their follow-up ends
 * (those ending before the first event time are in no risk set and in no bin); a bin's subjects join the
 * risk set of t_k and of every earlier event time. Matrices hold their lower triangle packed by rows
 * ({@link #packed}), p(p+1)/2 entries per event time.
 *
 * @param p design columns
 * @param deaths events at t_k
 * @param deathRisk sum of exp(eta) over the events at t_k
 * @param deathX sum of exp(eta) x over them, E x p
 * @param deathXX sum of exp(eta) x x' over them, E x p(p+1)/2
 * @param otherRisk sum of exp(eta) over the subjects of bin k that are not events at t_k
 * @param otherX sum of exp(eta) x over them, E x p
 * @param otherXX sum of exp(eta) x x' over them, E x p(p+1)/2
 * @param eventEta sum of eta over every event (the numerator of the log partial likelihood)
 * @param eventX sum of x over every event, p
 */
public record RiskSetSums(
    int p,
    long[] deaths,
    double[] deathRisk,
    double[] deathX,
    double[] deathXX,
    double[] otherRisk,
    double[] otherX,
    double[] otherXX,
    double eventEta,
    double[] eventX) {

  /** Index of (i, j), j &lt;= i, in a packed lower triangle. */
  public static int packed(int i, int j) {
    return i * (i + 1) / 2 + j;
  }

  /** Entries of a packed lower triangle of a p x p matrix. */
  public static int triangle(int p) {
    return p * (p + 1) / 2;
  }

  /** Number of event times. */
  public int eventTimes() {
    return deaths.length;
  }
}
