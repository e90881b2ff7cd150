package org.mesofhir.survival.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted Kaplan–Meier curve (see {@link KaplanMeier#fit}). Immutable; every query reproduces the
 * corresponding R {@code survival} function on the same data.
 *
 * <p>R's NA is {@link Double#NaN} in every returned record; callers omit NaN values.
 */
public final class KaplanMeierFit {

  /** R's {@code sqrt(.Machine$double.eps)}: how close to a quantile's level S(t) counts as equal. */
  static final double QUANTILE_TOLERANCE = Math.sqrt(Math.ulp(1.0));

  private final int n;
  private final int totalEvents;
  private final ConfidenceType type;
  private final double level;
  private final double[] time;
  private final int[] atRisk;
  private final int[] events;
  private final int[] censored;
  private final double[] survival;
  /** Greenwood's sum d / (n (n - d)): the variance of the cumulative hazard, R's {@code std.err^2}. */
  private final double[] greenwood;
  private final double[] lower;
  private final double[] upper;

  KaplanMeierFit(int n, int totalEvents, ConfidenceType type, double level, double z, double[] time,
      int[] atRisk, int[] events, int[] censored, double[] survival, double[] greenwood) {
    this.n = n;
    this.totalEvents = totalEvents;
    this.type = type;
    this.level = level;
    this.time = time;
    this.atRisk = atRisk;
    this.events = events;
    this.censored = censored;
    this.survival = survival;
    this.greenwood = greenwood;
    this.lower = new double[time.length];
    this.upper = new double[time.length];
    for (int i = 0; i < time.length; i++) {
      setLimits(i, z);
    }
  }

  private void setLimits(int i, double z) {
    double s = survival[i];
    double se = Math.sqrt(greenwood[i]); // standard error of -log S, as survfit stores it
    switch (type) {
      case PLAIN -> {
        double half = se * s * z;
        lower[i] = Math.max(s - half, 0.0); // NaN stays NaN (S = 0), as R's pmax
        upper[i] = Math.min(s + half, 1.0);
      }
      case LOG -> {
        if (s == 0) {
          lower[i] = Double.NaN;
          upper[i] = Double.NaN;
        } else {
          double half = z * se;
          lower[i] = Math.exp(Math.log(s) - half);
          upper[i] = Math.min(Math.exp(Math.log(s) + half), 1.0);
        }
      }
      case LOG_LOG -> {
        if (s == 0 || s == 1) {
          lower[i] = Double.NaN;
          upper[i] = Double.NaN;
        } else {
          double half = z * se / Math.log(s);
          double loglog = Math.log(-Math.log(s));
          lower[i] = Math.exp(-Math.exp(loglog - half));
          upper[i] = Math.exp(-Math.exp(loglog + half));
        }
      }
    }
  }

  /** Number of subjects. */
  public int n() {
    return n;
  }

  /** Number of events. */
  public int events() {
    return totalEvents;
  }

  public ConfidenceType confidenceType() {
    return type;
  }

  public double confidenceLevel() {
    return level;
  }

  /** One row per distinct time (events and censorings), ascending, as {@code summary(fit, censored = TRUE)}. */
  public List<KaplanMeierRow> rows() {
    List<KaplanMeierRow> rows = new ArrayList<>(time.length);
    for (int i = 0; i < time.length; i++) {
      rows.add(new KaplanMeierRow(time[i], atRisk[i], events[i], censored[i], survival[i],
          standardError(i), lower[i], upper[i]));
    }
    return rows;
  }

  /** Greenwood standard error of S on the survival scale; NaN where S = 0 (R: Inf * 0). */
  private double standardError(int i) {
    return Math.sqrt(greenwood[i]) * survival[i];
  }

  /** The median survival time and its confidence limits (NaN when not reached). */
  public SurvivalQuantile median() {
    return quantile(0.5);
  }

  /**
   * The time by which a fraction {@code probability} has had the event, with confidence limits, as
   * R's {@code quantile(fit, probs = probability)}. Where S(t) equals 1 - probability (within R's
   * tolerance) over an interval, the midpoint of that interval is returned, as R does.
   *
   * @param probability in [0, 1]
   */
  public SurvivalQuantile quantile(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
    }
    return new SurvivalQuantile(probability,
        crossing(survival, probability), crossing(lower, probability), crossing(upper, probability));
  }

  /**
   * Where the curve {@code s} (the estimate or one of its confidence limits) crosses 1 - p, following
   * R's {@code survival:::findq}: y = 1 - s with a leading 0 at time 0; repeated y values count once,
   * at their first time; NaN is dropped. The answer averages the time of the first y reaching p - tol
   * and of the first y reaching p + tol, which is the midpoint of the interval where S sits at 1 - p.
   * A confidence limit need not be monotone, so the distinct values are sorted rather than scanned.
   */
  private double crossing(double[] s, double p) {
    int m = time.length;
    // position 0 is the leading (time 0, y 0); position i + 1 is row i
    double[] y = new double[m + 1];
    int valid = 0;
    int firstNaN = -1;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= m; i++) {
      y[i] = i == 0 ? 0.0 : 1 - s[i - 1];
      if (Double.isNaN(y[i])) {
        if (firstNaN < 0) {
          firstNaN = i;
        }
      } else {
        valid++;
        maxY = Math.max(maxY, y[i]);
      }
    }
    if (maxY < p) {
      return Double.NaN;
    }
    double[] values = new double[valid];
    int[] position = new int[valid];
    for (int i = 0, k = 0; i <= m; i++) {
      if (!Double.isNaN(y[i])) {
        values[k] = y[i];
        position[k++] = i;
      }
    }
    int[] order = TimeOrder.ascending(values); // stable: equal values keep their first position first
    double[] distinctY = new double[valid];
    int[] firstPosition = new int[valid];
    int distinct = 0;
    int lastPosition = firstNaN; // the value that comes last once repeats are dropped (R's y[n])
    double lastY = Double.NaN;
    for (int k = 0; k < valid; k++) {
      double v = values[order[k]];
      if (distinct > 0 && distinctY[distinct - 1] == v) {
        continue;
      }
      distinctY[distinct] = v;
      firstPosition[distinct] = position[order[k]];
      if (firstPosition[distinct] > lastPosition) {
        lastPosition = firstPosition[distinct];
        lastY = v;
      }
      distinct++;
    }

    int first = stepIndex(distinctY, distinct, p, QUANTILE_TOLERANCE);
    int second = stepIndex(distinctY, distinct, p, -QUANTILE_TOLERANCE);
    double q = (first < 0 || second < 0)
        ? Double.NaN
        : (timeAt(firstPosition[first]) + timeAt(firstPosition[second])) / 2;
    if (p == 0) {
      q = 0.0;
    }
    if (!Double.isNaN(lastY) && Math.abs(p - lastY) < QUANTILE_TOLERANCE) {
      // the curve ends exactly at 1 - p: the midpoint with the last observed time
      q = first < 0 ? Double.NaN : (timeAt(firstPosition[first]) + time[m - 1]) / 2;
    }
    return q;
  }

  private double timeAt(int position) {
    return position == 0 ? 0.0 : time[position - 1];
  }

  /**
   * R's {@code approx(y + shift, index, p, method = "constant", f = 1)} on ascending distinct y: the
   * index of the smallest {@code y + shift >= p}, found by R's bisection; -1 when p is outside.
   */
  private static int stepIndex(double[] sortedY, int count, double p, double shift) {
    if (count == 0 || p < sortedY[0] + shift || p > sortedY[count - 1] + shift) {
      return -1;
    }
    int lo = 0;
    int hi = count - 1;
    while (lo < hi - 1) {
      int mid = (lo + hi) >>> 1;
      if (p < sortedY[mid] + shift) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    if (p == sortedY[hi] + shift) {
      return hi;
    }
    if (p == sortedY[lo] + shift) {
      return lo;
    }
    return hi;
  }

  /**
   * Survival at the given times, as R's {@code summary(fit, times = times)}: sorted ascending;
   * non-finite times and times after the last observed time are omitted.
   */
  public List<LandmarkSurvival> landmarks(double... times) {
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    List<LandmarkSurvival> result = new ArrayList<>();
    int m = time.length;
    if (m == 0) {
      return result;
    }
    double start = Math.min(0.0, time[0]);
    // R prepends a row at the start time (S = 1, standard error 0, limits 1) unless one is there
    boolean prepended = time[0] != start;
    for (double t : sorted) {
      if (!Double.isFinite(t) || t > time[m - 1]) {
        continue;
      }
      int atOrBefore = upperBound(t) - 1; // last row with time <= t, -1 if none
      int firstAtOrAfter = lowerBound(t); // first row with time >= t
      int risk = firstAtOrAfter < m ? atRisk[firstAtOrAfter] : 0;
      if (atOrBefore < 0) {
        if (prepended) {
          result.add(new LandmarkSurvival(t, 1.0, 0.0, 1.0, 1.0, atRisk[0]));
          continue;
        }
        atOrBefore = 0; // R falls back to the first row
      }
      result.add(new LandmarkSurvival(t, survival[atOrBefore], standardError(atOrBefore),
          lower[atOrBefore], upper[atOrBefore], risk));
    }
    return result;
  }

  /** Number of rows with time &lt;= t. */
  private int upperBound(double t) {
    int lo = 0;
    int hi = time.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of rows with time &lt; t. */
  private int lowerBound(double t) {
    int lo = 0;
    int hi = time.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Restricted mean survival time up to {@code tau} with its standard error, as R's
   * {@code print(fit, rmean = tau)}. The curve starts at min(0, first time) with S = 1 and is carried
   * forward past the last observed time. (R refuses a tau before the first time; here the area is
   * then simply tau.)
   */
  public RestrictedMean restrictedMean(double tau) {
    if (!Double.isFinite(tau)) {
      throw new IllegalArgumentException("tau must be finite: " + tau);
    }
    int m = time.length;
    if (m == 0) {
      return new RestrictedMean(tau, Double.NaN, Double.NaN);
    }
    double start = Math.min(0.0, time[0]);
    int kept = upperBound(tau);
    if (kept == 0) {
      return new RestrictedMean(tau, tau, 0.0);
    }
    // rectangles under the step function: [start, t0] at S = 1, then [t(i-1), t(i)] at S(t(i-1)),
    // the last one ending at tau
    double[] rectangle = new double[kept + 1];
    double previous = start;
    for (int i = 0; i <= kept; i++) {
      double t = i < kept ? time[i] : tau;
      double height = i == 0 ? 1.0 : survival[i - 1];
      rectangle[i] = (t - previous) * height;
      previous = t;
    }
    double area = 0;
    for (double r : rectangle) {
      area += r;
    }
    // variance: sum over kept times of (area beyond that time)^2 * d / (n (n - d))
    double variance = 0;
    double beyond = 0;
    for (int i = kept - 1; i >= 0; i--) {
      beyond += rectangle[i + 1];
      int d = events[i];
      int risk = atRisk[i];
      double h = risk == d ? 0.0 : d / ((double) risk * (risk - d));
      variance += beyond * beyond * h;
    }
    return new RestrictedMean(tau, area + start, Math.sqrt(variance));
  }
}
