package org.mesofhir.characteristics.stats;

import java.util.Arrays;

/**
 * Rank tests of a continuous variable across groups, as R's {@code wilcox.test(x ~ g)} (two groups) and
 * {@code kruskal.test(x ~ g)}: mid-ranks for ties, the tie correction in the variance, and for Wilcoxon
 * R's choice between the exact distribution (both groups under 50 and no ties) and the normal
 * approximation with continuity correction.
 */
public final class RankTests {

  private static final int EXACT_BELOW = 50;

  private RankTests() {}

  /**
   * Wilcoxon rank-sum (Mann–Whitney) test; W is the rank sum of {@code first} minus n(n+1)/2, as R's.
   *
   * @return null when either group is empty
   */
  public static GroupComparison wilcoxon(double[] first, double[] second) {
    int m = first.length;
    int n = second.length;
    if (m == 0 || n == 0) {
      return null;
    }
    double[] all = concat(new double[][] {first, second});
    double[] ranks = midRanks(all);
    double rankSum = 0;
    for (int i = 0; i < m; i++) {
      rankSum += ranks[i];
    }
    double w = rankSum - m * (m + 1) / 2.0;
    double tieTerm = tieTerm(all);
    if (m < EXACT_BELOW && n < EXACT_BELOW && tieTerm == 0) {
      double[] distribution = mannWhitneyDistribution(m, n);
      int q = (int) Math.round(w);
      double p = w > m * n / 2.0 ? upper(distribution, q - 1) : lower(distribution, q);
      return new GroupComparison("wilcoxon-exact", w, 0, Math.min(1.0, 2 * p));
    }
    double z = w - m * (double) n / 2;
    double sigma = Math.sqrt((m * (double) n / 12)
        * ((m + n + 1) - tieTerm / ((m + (double) n) * (m + n - 1))));
    z = (z - Math.signum(z) * 0.5) / sigma;
    double p = 2 * Math.min(1 - Tails.normal(z), Tails.normal(z));
    return new GroupComparison("wilcoxon", w, 0, Math.min(1.0, p));
  }

  /**
   * Kruskal–Wallis rank-sum test over the non-empty groups.
   *
   * @return null when fewer than two groups have values, or every value is the same
   */
  public static GroupComparison kruskalWallis(double[][] groups) {
    double[][] present = Arrays.stream(groups).filter(g -> g.length > 0).toArray(double[][]::new);
    if (present.length < 2) {
      return null;
    }
    double[] all = concat(present);
    int n = all.length;
    double tieTerm = tieTerm(all);
    double denominator = 1 - tieTerm / ((double) n * n * n - n);
    if (denominator <= 0) {
      return null;
    }
    double[] ranks = midRanks(all);
    double sumOfSquares = 0;
    int offset = 0;
    for (double[] group : present) {
      double rankSum = 0;
      for (int i = 0; i < group.length; i++) {
        rankSum += ranks[offset + i];
      }
      sumOfSquares += rankSum * rankSum / group.length;
      offset += group.length;
    }
    double statistic = (12 * sumOfSquares / (n * (n + 1.0)) - 3 * (n + 1.0)) / denominator;
    int df = present.length - 1;
    return new GroupComparison("kruskal-wallis", statistic, df, Tails.chiSquare(statistic, df));
  }

  /** Ranks 1..n with ties given their mean rank, as R's {@code rank()}. */
  static double[] midRanks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  /** Σ (t³ − t) over the groups of tied values. */
  static double tieTerm(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double term = 0;
    for (int start = 0; start < sorted.length; ) {
      int end = start;
      while (end + 1 < sorted.length && sorted[end + 1] == sorted[start]) {
        end++;
      }
      double t = end - start + 1;
      term += t * t * t - t;
      start = end + 1;
    }
    return term;
  }

  /**
   * P(U = k) for k = 0..mn, U the Mann–Whitney statistic of samples of sizes m and n without ties (R's
   * {@code dwilcox}): counts of rank subsets by their sum, divided by C(m + n, m).
   */
  static double[] mannWhitneyDistribution(int m, int n) {
    int max = m * n;
    // ways[j][u]: subsets of size j of the ranks seen so far whose U-statistic part is u
    double[][] ways = new double[m + 1][max + 1];
    ways[0][0] = 1;
    for (int rank = 1; rank <= m + n; rank++) {
      for (int j = Math.min(rank, m); j >= 1; j--) {
        // choosing this rank as the j-th smallest of the subset adds (rank - j) to U
        int shift = rank - j;
        if (shift > n) {
          continue;
        }
        double[] target = ways[j];
        double[] source = ways[j - 1];
        for (int u = max; u >= shift; u--) {
          target[u] += source[u - shift];
        }
      }
    }
    double total = 0;
    for (double w : ways[m]) {
      total += w;
    }
    double[] distribution = new double[max + 1];
    for (int u = 0; u <= max; u++) {
      distribution[u] = ways[m][u] / total;
    }
    return distribution;
  }

  private static double lower(double[] distribution, int q) {
    double p = 0;
    for (int u = 0; u <= Math.min(q, distribution.length - 1); u++) {
      p += distribution[u];
    }
    return p;
  }

  private static double upper(double[] distribution, int q) {
    double p = 0;
    for (int u = Math.max(q + 1, 0); u < distribution.length; u++) {
      p += distribution[u];
    }
    return p;
  }

  private static double[] concat(double[][] groups) {
    return Arrays.stream(groups).flatMapToDouble(Arrays::stream).toArray();
  }
}
