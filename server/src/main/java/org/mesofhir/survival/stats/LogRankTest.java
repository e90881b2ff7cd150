package org.mesofhir.survival.stats;

import java.util.ArrayList;
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
    TimeOrder.Sorted sorted = TimeOrder.sort(time);
    int[] order = sorted.order();
    double[] sortedTime = sorted.times();
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sortedTime[i] != sortedTime[i - 1]) {
        distinct++;
      }
    }
    long[][] events = new long[k][distinct];
    long[][] leaving = new long[k][distinct];
    int row = -1;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sortedTime[i] != sortedTime[i - 1]) {
        row++;
      }
      int subject = order[i];
      leaving[group[subject]][row]++;
      if (event[subject]) {
        events[group[subject]][row]++;
      }
    }
    return fromCounts(events, leaving);
  }

  /**
   * Compares the groups from their numbers of events and of subjects leaving the risk set (events and
   * censorings) per time, the sufficient statistics that add up across sites.
   *
   * @param events {@code events[g][t]}: events of group g at the t-th time (times ascending)
   * @param leaving {@code leaving[g][t]}: subjects of group g whose follow-up ends at that time
   */
  public static LogRankResult fromCounts(long[][] events, long[][] leaving) {
    int k = events.length;
    int times = k == 0 ? 0 : events[0].length;
    int[] size = new int[k];
    for (int g = 0; g < k; g++) {
      if (events[g].length != times || leaving[g].length != times) {
        throw new IllegalArgumentException("group " + g + " has counts of another length");
      }
      for (long l : leaving[g]) {
        size[g] += Math.toIntExact(l);
      }
    }
    int n = 0;
    for (int s : size) {
      n += s;
    }
    int[] atRisk = size.clone(); // at risk per group at the current time, walking upwards
    int[] observed = new int[k];
    double[] expected = new double[k];
    double[] variance = new double[k * k];
    int passed = 0;
    for (int t = 0; t < times; t++) {
      int dead = 0;
      int leave = 0;
      for (int g = 0; g < k; g++) {
        dead += (int) events[g][t];
        leave += (int) leaving[g][t];
      }
      if (leave == 0) {
        continue;
      }
      int risk = n - passed;
      if (dead > 0) {
        // hypergeometric mean and covariance of the deaths split across groups
        double scale = risk > 1 ? (double) dead * (risk - dead) / ((double) risk * risk * (risk - 1)) : 0;
        for (int a = 0; a < k; a++) {
          if (atRisk[a] == 0) {
            continue;
          }
          expected[a] += (double) dead * atRisk[a] / risk;
          observed[a] += (int) events[a][t];
          variance[a * k + a] += scale * atRisk[a] * (risk - atRisk[a]);
          for (int b = 0; b < a; b++) {
            double covariance = scale * atRisk[a] * atRisk[b];
            variance[a * k + b] -= covariance;
            variance[b * k + a] -= covariance;
          }
        }
      }
      for (int g = 0; g < k; g++) {
        atRisk[g] -= (int) leaving[g][t];
      }
      passed += leave;
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
