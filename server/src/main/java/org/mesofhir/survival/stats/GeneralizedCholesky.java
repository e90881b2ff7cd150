package org.mesofhir.survival.stats;

/**
 * LDL' decomposition of a symmetric non-negative definite matrix that tolerates singularity: a pivot
 * below {@code tolerance} times the largest diagonal element is set to zero, and solving or inverting
 * then gives zero for that coordinate. This is how R's Cox fit detects aliased (collinear) covariates
 * and keeps going with the others, so the same rule is used here.
 *
 * <p>Matrices are flat, row-major, {@code p * p}. Only the lower triangle is read.
 */
final class GeneralizedCholesky {

  private final int p;
  /** Unit lower triangle L below the diagonal, D on the diagonal. */
  private final double[] factor;
  private final int rank;

  private GeneralizedCholesky(int p, double[] factor, int rank) {
    this.p = p;
    this.factor = factor;
    this.rank = rank;
  }

  static GeneralizedCholesky decompose(double[] matrix, int p, double tolerance) {
    double[] f = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        f[i * p + j] = matrix[i * p + j];
      }
    }
    double largest = 0;
    for (int i = 0; i < p; i++) {
      largest = Math.max(largest, f[i * p + i]);
    }
    double threshold = largest == 0 ? tolerance : largest * tolerance;
    int rank = 0;
    for (int i = 0; i < p; i++) {
      double pivot = f[i * p + i];
      if (!Double.isFinite(pivot) || pivot < threshold) {
        f[i * p + i] = 0;
        for (int j = i + 1; j < p; j++) {
          f[j * p + i] = 0; // an aliased column takes no part in the others' solution
        }
        continue;
      }
      rank++;
      for (int j = i + 1; j < p; j++) {
        double ratio = f[j * p + i] / pivot;
        f[j * p + i] = ratio;
        f[j * p + j] -= ratio * ratio * pivot;
        for (int k = j + 1; k < p; k++) {
          f[k * p + j] -= ratio * f[k * p + i];
        }
      }
    }
    return new GeneralizedCholesky(p, f, rank);
  }

  int rank() {
    return rank;
  }

  boolean isSingularAt(int i) {
    return factor[i * p + i] == 0;
  }

  /** Solves A x = b in place; coordinates with a zero pivot get 0. */
  void solveInPlace(double[] b) {
    for (int i = 0; i < p; i++) {
      double sum = b[i];
      for (int j = 0; j < i; j++) {
        sum -= b[j] * factor[i * p + j];
      }
      b[i] = sum;
    }
    for (int i = p - 1; i >= 0; i--) {
      double d = factor[i * p + i];
      if (d == 0) {
        b[i] = 0;
        continue;
      }
      double sum = b[i] / d;
      for (int j = i + 1; j < p; j++) {
        sum -= b[j] * factor[j * p + i];
      }
      b[i] = sum;
    }
  }

  /** The (generalized) inverse, full symmetric, with zero rows and columns for zero pivots. */
  double[] inverse() {
    // invert L (unit lower triangular) in place of a copy, then form L^-T D^-1 L^-1
    double[] linv = new double[p * p];
    for (int i = 0; i < p; i++) {
      linv[i * p + i] = 1;
      for (int j = 0; j < i; j++) {
        double sum = 0;
        for (int k = j; k < i; k++) {
          sum -= factor[i * p + k] * linv[k * p + j];
        }
        linv[i * p + j] = sum;
      }
    }
    double[] inv = new double[p * p];
    for (int i = 0; i < p; i++) {
      if (factor[i * p + i] == 0) {
        continue;
      }
      for (int j = 0; j <= i; j++) {
        if (factor[j * p + j] == 0) {
          continue;
        }
        double sum = 0;
        for (int k = i; k < p; k++) {
          double d = factor[k * p + k];
          if (d != 0) {
            sum += linv[k * p + i] * linv[k * p + j] / d;
          }
        }
        inv[i * p + j] = sum;
        inv[j * p + i] = sum;
      }
    }
    return inv;
  }
}
