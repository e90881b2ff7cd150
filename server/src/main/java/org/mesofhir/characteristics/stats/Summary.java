package org.mesofhir.characteristics.stats;

import java.util.Arrays;

/**
 * Table 1's description of a continuous variable in one group, as R's {@code quantile(type = 7)},
 * {@code range}, {@code mean} and {@code sd}. Every value but {@code n} is NaN for an empty group;
 * {@code sd} is NaN for a single value, as R's.
 */
public record Summary(int n, double median, double q1, double q3, double min, double max, double mean, double sd) {

  public static Summary of(double[] values) {
    int n = values.length;
    if (n == 0) {
      double nan = Double.NaN;
      return new Summary(0, nan, nan, nan, nan, nan, nan, nan);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double mean = mean(sorted);
    double sd = Double.NaN;
    if (n > 1) {
      double squares = 0;
      for (double v : sorted) {
        squares += (v - mean) * (v - mean);
      }
      sd = Math.sqrt(squares / (n - 1));
    }
    return new Summary(n, quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
        sorted[0], sorted[n - 1], mean, sd);
  }

  /** R's type 7: (1 − h)·x[lo] + h·x[hi] at index 1 + (n − 1)p, in R's own arithmetic. */
  static double quantile(double[] sorted, double p) {
    double index = (sorted.length - 1) * p;
    int lo = (int) Math.floor(index);
    int hi = (int) Math.ceil(index);
    double h = index - lo;
    if (h == 0 || sorted[hi] == sorted[lo]) {
      return sorted[lo];
    }
    return (1 - h) * sorted[lo] + h * sorted[hi];
  }

  /** The mean with R's second pass, which corrects the rounding of the first. */
  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double correction = 0;
    for (double v : values) {
      correction += v - mean;
    }
    return mean + correction / values.length;
  }
}
