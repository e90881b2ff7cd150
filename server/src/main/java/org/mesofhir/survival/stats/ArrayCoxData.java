package org.mesofhir.survival.stats;

/**
 * One design matrix in memory as {@link CoxData}: centred and scaled as R does, summed on its own event
 * times, with the exact concordance.
 */
final class ArrayCoxData implements CoxData {

  private final int n;
  private final int p;
  private final int events;
  private final double[] sortedTime;
  private final boolean[] sortedEvent;
  private final double[] scale;
  private final CoxDesign design;

  ArrayCoxData(double[] time, boolean[] event, double[][] columns) {
    this.n = time.length;
    this.p = columns.length;
    TimeOrder.Sorted sorted = TimeOrder.sort(time);
    int[] order = sorted.order();
    this.sortedTime = sorted.times();
    this.sortedEvent = new boolean[n];
    int eventCount = 0;
    int eventTimes = 0;
    for (int i = 0; i < n; i++) {
      sortedEvent[i] = event[order[i]];
      if (sortedEvent[i]) {
        eventCount++;
      }
    }
    this.events = eventCount;
    double[] grid = new double[eventCount];
    for (int i = 0; i < n; i++) {
      if (sortedEvent[i] && (eventTimes == 0 || grid[eventTimes - 1] != sortedTime[i])) {
        grid[eventTimes++] = sortedTime[i];
      }
    }
    double[] x = new double[n * p];
    this.scale = new double[p];
    for (int j = 0; j < p; j++) {
      for (int i = 0; i < n; i++) {
        x[i * p + j] = columns[j][order[i]];
      }
      scale[j] = standardize(x, j);
    }
    this.design = new CoxDesign(sortedTime, sortedEvent, x, p, java.util.Arrays.copyOf(grid, eventTimes));
  }

  /**
   * R centres a column on its mean and divides by its mean absolute deviation, except columns whose
   * values all lie in {-1, 0, 1} (dummies), which are left as they are. Newton–Raphson is invariant to
   * this, but the singularity tolerance is applied to the scaled information matrix.
   *
   * @return the scale factor
   */
  private double standardize(double[] x, int j) {
    boolean indicator = true;
    for (int i = 0; i < n; i++) {
      double v = x[i * p + j];
      if (v != 0 && v != 1 && v != -1) {
        indicator = false;
        break;
      }
    }
    if (indicator) {
      return 1;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i * p + j];
    }
    double m = sum / n;
    double absolute = 0;
    for (int i = 0; i < n; i++) {
      double centred = x[i * p + j] - m;
      x[i * p + j] = centred;
      absolute += Math.abs(centred);
    }
    double s = CoxModel.scale(n, absolute);
    for (int i = 0; i < n; i++) {
      x[i * p + j] *= s;
    }
    return s;
  }

  @Override
  public int n() {
    return n;
  }

  @Override
  public int events() {
    return events;
  }

  @Override
  public int p() {
    return p;
  }

  @Override
  public double[] scale() {
    return scale.clone();
  }

  @Override
  public RiskSetSums sums(double[] beta) {
    return design.sums(beta);
  }

  /**
   * The linear predictor from the centred and scaled covariates differs from R's x beta - sum(beta *
   * means) by a constant only, and equal covariate rows give equal values either way, which is all the
   * concordance looks at.
   */
  @Override
  public double concordance(double[] beta) {
    return Concordance.harrell(sortedTime, sortedEvent, design.linearPredictor(beta));
  }

  @Override
  public double largestLinearPredictor(double[] beta) {
    double largest = Double.NEGATIVE_INFINITY;
    for (double v : design.linearPredictor(beta)) {
      largest = Math.max(largest, v);
    }
    return largest;
  }
}
