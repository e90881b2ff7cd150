package org.mesofhir.survival.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

/** The log-rank test comparing the survival of k groups, as R's {@code survdiff(Surv(time, status) ~ group)}. */
public final class LogRankTest {

  private LogRankTest() {}

  /**
   * Compares the groups.
   *
   * @param time follow-up times (finite)
   * @param event {@code true} for an event, {@code false} for censoring
   * @param group each subject's group, 0..k-1 (k is the largest index + 1; an index with no subject
   *     is reported with n = 0 and takes no part in the test)
   * @throws IllegalArgumentException on arrays of different length, non-finite times or a negative
   *     group
   */
  public static LogRankResult compare(double[] time, boolean[] event, int[] group) {
    TimeOrder.requireValid(time, event);
    if (group == null || group.length != time.length) {
      throw new IllegalArgumentException("group must have one entry per subject");
    }
    int n = time.length;
    int k = 0;
    for (int g : group) {
      if (g < 0) {
        throw new IllegalArgumentException("group indices must be >= 0: " + g);
      }
      k = Math.max(k, g + 1);
    }
    int[] size = new int[k];
    for (int g : group) {
      size[g]++;
    }

    TimeOrder.Sorted sorted = TimeOrder.sort(time);
    int[] order = sorted.order();
    double[] sortedTime = sorted.times();
    int[] atRisk = size.clone(); // at risk per group at the current time, walking upwards
    int[] deaths = new int[k];
    int[] observed = new int[k];
    double[] expected = new double[k];
    double[] variance = new double[k * k];
    for (int i = 0; i < n; ) {
      double t = sortedTime[i];
      int j = i;
      int dead = 0;
      while (j < n && sortedTime[j] == t) {
        int subject = order[j];
        if (event[subject]) {
          deaths[group[subject]]++;
          dead++;
        }
        j++;
      }
      int risk = n - i;
      if (dead > 0) {
        // hypergeometric mean and covariance of the deaths split across groups
        double scale = risk > 1 ? (double) dead * (risk - dead) / ((double) risk * risk * (risk - 1)) : 0;
        for (int a = 0; a < k; a++) {
          if (atRisk[a] == 0) {
            continue;
          }
          expected[a] += (double) dead * atRisk[a] / risk;
          observed[a] += deaths[a];
          variance[a * k + a] += scale * atRisk[a] * (risk - atRisk[a]);
          for (int b = 0; b < a; b++) {
            double covariance = scale * atRisk[a] * atRisk[b];
            variance[a * k + b] -= covariance;
            variance[b * k + a] -= covariance;
          }
        }
        Arrays.fill(deaths, 0);
      }
      for (int m = i; m < j; m++) {
        atRisk[group[order[m]]]--;
      }
      i = j;
    }

    List<LogRankGroup> groups = new ArrayList<>(k);
    List<Integer> tested = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      groups.add(new LogRankGroup(a, size[a], observed[a], expected[a]));
      if (expected[a] > 0) {
        tested.add(a);
      }
    }
    int df = tested.size() - 1;
    if (df < 1) {
      return new LogRankResult(0.0, Math.max(df, 0), 1.0, groups);
    }
    // as R: drop the first tested group and solve V[-1,-1] x = (O - E)[-1]
    Array2DRowRealMatrix v = new Array2DRowRealMatrix(df, df);
    RealVector difference = new ArrayRealVector(df);
    for (int a = 0; a < df; a++) {
      int ga = tested.get(a + 1);
      difference.setEntry(a, observed[ga] - expected[ga]);
      for (int b = 0; b < df; b++) {
        v.setEntry(a, b, variance[ga * k + tested.get(b + 1)]);
      }
    }
    double chiSquare;
    try {
      chiSquare = new LUDecomposition(v).getSolver().solve(difference).dotProduct(difference);
    } catch (SingularMatrixException e) {
      chiSquare = Double.NaN;
    }
    return new LogRankResult(chiSquare, df, Distributions.chiSquareUpperTail(chiSquare, df), groups);
  }
}
