package org.mesofhir.survival.stats;

/**
 * Harrell's concordance of a risk score with survival, as {@code coxph} reports it (R's
 * {@code concordancefit(..., reverse = TRUE)} with the default {@code timewt = "n"}).
 *
 * <p>A pair is comparable when the shorter time is an event; a subject censored at the same time as
 * an event counts as the longer one (still at risk), while two events at the same time are not
 * comparable. A higher score with the shorter time is concordant; equal scores count one half.
 */
public final class Concordance {

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
    return fromPairs(pairs(sortedTime, sortedEvent, sortedScore));
  }

  /**
   * The comparable pairs of {@link #harrell}: {lower, higher, tied}, the numbers of (event, longer-lived)
   * pairs where the longer-lived subject's score is lower than, higher than or equal to the event's. They
   * add up over disjoint sets of pairs.
   */
  public static long[] pairs(double[] sortedTime, boolean[] sortedEvent, double[] sortedScore) {
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
    return new long[] {lowerScore, higherScore, tiedScore};
  }

  /** C from the pair counts {lower, higher, tied}; NaN when there are none. */
  public static double fromPairs(long[] pairs) {
    long lowerScore = pairs[0];
    long higherScore = pairs[1];
    long tiedScore = pairs[2];
    // R's arithmetic: Somers' d of the un-reversed score, then C = 1 - (d + 1) / 2
    double all = (double) lowerScore + higherScore + tiedScore;
    double somers = (higherScore - lowerScore) / all;
    return 1 - (somers + 1) / 2;
  }

  /**
   * The pair counts of {@link #pairs} when scores are known only by bin (bin b holds scores between
   * edge b-1 and edge b): pairs within a bin count as tied. Exact when each bin holds one distinct score.
   *
   * @param events {@code events[k * bins + b]}: events at the k-th event time (ascending) in bin b
   * @param others {@code others[k * bins + b]}: censored subjects whose follow-up ends at or after the
   *     k-th event time and before the next one, in bin b
   */
  public static long[] binnedPairs(long[] events, long[] others, int times, int bins) {
    return binnedPairs(events, others, times, bins, null);
  }

  /**
   * The pairs that share a bin, per bin ({@code result[b]}: comparable pairs both in bin b): where a finer
   * binning could tell them apart.
   */
  public static long[] tiedPairsPerBin(long[] events, long[] others, int times, int bins) {
    long[] perBin = new long[bins];
    binnedPairs(events, others, times, bins, perBin);
    return perBin;
  }

  private static long[] binnedPairs(long[] events, long[] others, int times, int bins, long[] tiedPerBin) {
    long[] tree = new long[bins + 1];
    long inTree = 0;
    long lowerScore = 0;
    long higherScore = 0;
    long tiedScore = 0;
    for (int k = times - 1; k >= 0; k--) {
      int row = k * bins;
      for (int b = 0; b < bins; b++) {
        if (others[row + b] != 0) {
          addCount(tree, b, others[row + b]);
          inTree += others[row + b];
        }
      }
      for (int b = 0; b < bins; b++) {
        long d = events[row + b];
        if (d != 0) {
          long below = sumBelow(tree, b);
          long same = sumBelow(tree, b + 1) - below;
          lowerScore += d * below;
          tiedScore += d * same;
          higherScore += d * (inTree - below - same);
          if (tiedPerBin != null) {
            tiedPerBin[b] += d * same;
          }
        }
      }
      for (int b = 0; b < bins; b++) {
        if (events[row + b] != 0) {
          addCount(tree, b, events[row + b]);
          inTree += events[row + b];
        }
      }
    }
    return new long[] {lowerScore, higherScore, tiedScore};
  }

  private static void addCount(long[] tree, int bin, long count) {
    for (int i = bin + 1; i < tree.length; i += i & -i) {
      tree[i] += count;
    }
  }

  private static long sumBelow(long[] tree, int bin) {
    long sum = 0;
    for (int i = bin; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
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
