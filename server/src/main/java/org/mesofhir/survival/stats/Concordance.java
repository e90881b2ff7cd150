package org.mesofhir.survival.stats;

/**
 * Harrell's concordance of a risk score with survival, as {@code coxph} reports it (R's
 * {@code concordancefit(..., reverse = TRUE)} with the default {@code timewt = "n"}).
 *
 * <p>A pair is comparable when the shorter time is an event; a subject censored at the same time as
 * an event counts as the longer one (still at risk), while two events at the same time are not
 * comparable. A higher score with the shorter time is concordant; equal scores count one half.
 */
final class Concordance {

  private Concordance() {}

  /**
   * NaN when no pair is comparable. O(n log n): one sort of the scores, then a Fenwick tree of the
   * scores of the subjects already passed while walking from the latest time down.
   *
   * @param sortedTime times in ascending order
   * @param sortedEvent events in the same order
   * @param sortedScore risk scores in the same order
   */
  static double harrell(double[] sortedTime, boolean[] sortedEvent, double[] sortedScore) {
    int n = sortedTime.length;
    // dense rank of each score (equal scores, also -0.0 and 0.0, share one)
    TimeOrder.Sorted byScore = TimeOrder.sort(sortedScore);
    int[] rank = new int[n];
    int levels = 0;
    for (int k = 0; k < n; k++) {
      if (k > 0 && byScore.times()[k] != byScore.times()[k - 1]) {
        levels++;
      }
      rank[byScore.order()[k]] = levels;
    }

    int[] tree = new int[levels + 2];
    long inTree = 0;
    long lowerScore = 0;
    long higherScore = 0;
    long tiedScore = 0;
    // at each time, from the latest down: censored subjects join first (they outlive the events at
    // that time), then each event is compared with everyone in the tree, then the events join
    for (int end = n; end > 0; ) {
      double t = sortedTime[end - 1];
      int begin = end;
      while (begin > 0 && sortedTime[begin - 1] == t) {
        begin--;
      }
      for (int i = begin; i < end; i++) {
        if (!sortedEvent[i]) {
          add(tree, rank[i]);
          inTree++;
        }
      }
      for (int i = begin; i < end; i++) {
        if (sortedEvent[i]) {
          long below = countBelow(tree, rank[i]);
          long same = countBelow(tree, rank[i] + 1) - below;
          lowerScore += below;
          tiedScore += same;
          higherScore += inTree - below - same;
        }
      }
      for (int i = begin; i < end; i++) {
        if (sortedEvent[i]) {
          add(tree, rank[i]);
          inTree++;
        }
      }
      end = begin;
    }
    // R's arithmetic: Somers' d of the un-reversed score, then C = 1 - (d + 1) / 2
    double pairs = (double) lowerScore + higherScore + tiedScore;
    double somers = (higherScore - lowerScore) / pairs;
    return 1 - (somers + 1) / 2;
  }

  private static void add(int[] tree, int rank) {
    for (int i = rank + 1; i < tree.length; i += i & -i) {
      tree[i]++;
    }
  }

  /** Number of entries with rank &lt; {@code rank}. */
  private static long countBelow(int[] tree, int rank) {
    long sum = 0;
    for (int i = rank; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
  }
}
