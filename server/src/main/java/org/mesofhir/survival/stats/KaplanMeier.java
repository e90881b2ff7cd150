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
    long[] events = new long[distinct];
    long[] censored = new long[distinct];
    int row = -1;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sortedTime[i] != sortedTime[i - 1]) {
        times[++row] = sortedTime[i];
      }
      if (event[order[i]]) {
        events[row]++;
      } else {
        censored[row]++;
      }
    }
    return fromCounts(times, events, censored, type, level);
  }

  /**
   * Fits the curve from the numbers of events and censorings per time: the sufficient statistics, which
   * add up across sites (a federated analysis sums them per day before fitting).
   *
   * @param time times in ascending order (any unit); a time with neither events nor censorings is skipped
   * @param events events at each time
   * @param censored censorings at each time
   */
  public static KaplanMeierFit fromCounts(double[] time, long[] events, long[] censored, ConfidenceType type,
      double level) {
    if (type == null) {
      throw new IllegalArgumentException("confidence type is required");
    }
    if (time.length != events.length || time.length != censored.length) {
      throw new IllegalArgumentException("time, events and censored differ in length");
    }
    double z = Distributions.twoSidedNormalQuantile(level);
    long total = 0;
    int distinct = 0;
    for (int i = 0; i < time.length; i++) {
      total += events[i] + censored[i];
      if (events[i] + censored[i] > 0) {
        distinct++;
      }
    }
    int n = Math.toIntExact(total);
    double[] times = new double[distinct];
    int[] atRisk = new int[distinct];
    int[] rowEvents = new int[distinct];
    int[] rowCensored = new int[distinct];
    double[] survival = new double[distinct];
    double[] greenwood = new double[distinct];

    double s = 1.0;
    double sum = 0.0;
    int totalEvents = 0;
    int row = 0;
    int passed = 0;
    for (int i = 0; i < time.length; i++) {
      int d = Math.toIntExact(events[i]);
      int c = Math.toIntExact(censored[i]);
      if (d + c == 0) {
        continue;
      }
      int risk = n - passed;
      if (d > 0) {
        s *= (double) (risk - d) / risk;
        // d == risk gives +Infinity: the standard error of S = 0 is undefined (R: NaN)
        sum += d / ((double) risk * (risk - d));
      }
      times[row] = time[i];
      atRisk[row] = risk;
      rowEvents[row] = d;
      rowCensored[row] = c;
      survival[row] = s;
      greenwood[row] = sum;
      totalEvents += d;
      row++;
      passed += d + c;
    }
    return new KaplanMeierFit(n, totalEvents, type, level, z, times, atRisk, rowEvents, rowCensored,
        survival, greenwood);
  }
}
