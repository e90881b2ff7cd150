package org.mesofhir.survival.stats;

/**
 * The Kaplan–Meier estimator of one survival curve, with Greenwood standard errors and confidence
 * limits, matching R's {@code survfit(Surv(time, status) ~ 1, conf.type = ..., conf.int = ...)}.
 * For several strata, fit one curve per stratum.
 */
public final class KaplanMeier {

  private KaplanMeier() {}

  /**
   * Fits the curve.
   *
   * @param time follow-up times (finite; any unit)
   * @param event {@code true} for an event at {@code time[i]}, {@code false} for censoring
   * @param type how confidence limits are formed
   * @param level confidence level, strictly between 0 and 1 (0.95 as R's default)
   * @throws IllegalArgumentException on arrays of different length, non-finite times or a bad level
   */
  public static KaplanMeierFit fit(double[] time, boolean[] event, ConfidenceType type, double level) {
    TimeOrder.requireValid(time, event);
    if (type == null) {
      throw new IllegalArgumentException("confidence type is required");
    }
    double z = Distributions.twoSidedNormalQuantile(level);
    int n = time.length;
    TimeOrder.Sorted sorted = TimeOrder.sort(time);
    int[] order = sorted.order();
    double[] sortedTime = sorted.times();

    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sortedTime[i] != sortedTime[i - 1]) {
        distinct++;
      }
    }
    double[] times = new double[distinct];
    int[] atRisk = new int[distinct];
    int[] events = new int[distinct];
    int[] censored = new int[distinct];
    double[] survival = new double[distinct];
    double[] greenwood = new double[distinct];

    double s = 1.0;
    double sum = 0.0;
    int totalEvents = 0;
    int row = 0;
    for (int i = 0; i < n; ) {
      double t = sortedTime[i];
      int d = 0;
      int c = 0;
      int j = i;
      while (j < n && sortedTime[j] == t) {
        if (event[order[j]]) {
          d++;
        } else {
          c++;
        }
        j++;
      }
      int risk = n - i;
      if (d > 0) {
        s *= (double) (risk - d) / risk;
        // d == risk gives +Infinity: the standard error of S = 0 is undefined (R: NaN)
        sum += d / ((double) risk * (risk - d));
      }
      times[row] = t;
      atRisk[row] = risk;
      events[row] = d;
      censored[row] = c;
      survival[row] = s;
      greenwood[row] = sum;
      totalEvents += d;
      row++;
      i = j;
    }
    return new KaplanMeierFit(n, totalEvents, type, level, z, times, atRisk, events, censored,
        survival, greenwood);
  }
}
