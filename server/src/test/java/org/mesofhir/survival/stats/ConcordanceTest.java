package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConcordanceTest {

  @Test
  void equalsThePairwiseDefinition() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(trial < 100 ? 60 : 700);
      boolean continuous = trial % 3 == 0;
      double[] time = new double[n];
      boolean[] event = new boolean[n];
      double[] score = new double[n];
      for (int i = 0; i < n; i++) {
        time[i] = random.nextInt(8);
        event[i] = random.nextDouble() < 0.6;
        score[i] = continuous ? random.nextGaussian() : random.nextInt(5) - 2;
      }
      double expected = bruteForce(time, event, score);
      double actual = concordance(time, event, score);
      if (Double.isNaN(expected)) {
        assertThat(actual).isNaN();
      } else {
        assertThat(actual).isCloseTo(expected, within(1e-12));
      }
    }
  }

  @Test
  void binnedPairsWithOneBinPerScoreEqualTheExactPairs() {
    Random random = new Random(15);
    for (int trial = 0; trial < 100; trial++) {
      int n = 1 + random.nextInt(300);
      double[] time = new double[n];
      boolean[] event = new boolean[n];
      double[] score = new double[n];
      for (int i = 0; i < n; i++) {
        time[i] = random.nextInt(12);
        event[i] = random.nextDouble() < 0.5;
        score[i] = random.nextInt(5) - 2;
      }
      TimeOrder.Sorted sorted = TimeOrder.sort(time);
      boolean[] sortedEvent = new boolean[n];
      double[] sortedScore = new double[n];
      for (int i = 0; i < n; i++) {
        sortedEvent[i] = event[sorted.order()[i]];
        sortedScore[i] = score[sorted.order()[i]];
      }
      double[] eventTimes = java.util.stream.IntStream.range(0, n).filter(i -> sortedEvent[i])
          .mapToDouble(i -> sorted.times()[i]).distinct().toArray();
      int bins = 5; // scores -2..2, edges at -1.5, -0.5, 0.5, 1.5
      long[] events = new long[eventTimes.length * bins];
      long[] others = new long[eventTimes.length * bins];
      for (int i = 0; i < n; i++) {
        int k = java.util.Arrays.binarySearch(eventTimes, sorted.times()[i]);
        k = k >= 0 ? k : -k - 2;
        if (k >= 0) {
          (sortedEvent[i] ? events : others)[k * bins + (int) sortedScore[i] + 2]++;
        }
      }
      assertThat(Concordance.binnedPairs(events, others, eventTimes.length, bins))
          .containsExactly(Concordance.pairs(sorted.times(), sortedEvent, sortedScore));
    }
  }

  @Test
  void noComparablePairIsNaN() {
    double[] time = {1, 1};
    boolean[] event = {true, true};
    assertThat(concordance(time, event, new double[] {0, 1})).isNaN();
  }

  @Test
  void tiedPairsPerBinAddUpToTheBinnedTies() {
    // two event times, three bins: events {t0: b0 x2, b1 x1; t1: b1 x1}, others {t0: b1 x1, b2 x1; t1: b1 x2}
    long[] events = {2, 1, 0, 0, 1, 0};
    long[] others = {0, 1, 1, 0, 2, 0};
    long[] perBin = Concordance.tiedPairsPerBin(events, others, 2, 3);
    assertThat(perBin).containsExactly(0, 6, 0);
    assertThat(java.util.Arrays.stream(perBin).sum()).isEqualTo(Concordance.binnedPairs(events, others, 2, 3)[2]);
  }

  private static double concordance(double[] time, boolean[] event, double[] score) {
    TimeOrder.Sorted sorted = TimeOrder.sort(time);
    boolean[] sortedEvent = new boolean[time.length];
    double[] sortedScore = new double[time.length];
    for (int i = 0; i < time.length; i++) {
      sortedEvent[i] = event[sorted.order()[i]];
      sortedScore[i] = score[sorted.order()[i]];
    }
    return Concordance.harrell(sorted.times(), sortedEvent, sortedScore);
  }

  /** Comparable: the shorter time is an event (a censoring at the same time counts as longer). */
  private static double bruteForce(double[] time, boolean[] event, double[] score) {
    double concordant = 0;
    double tied = 0;
    double pairs = 0;
    for (int i = 0; i < time.length; i++) {
      for (int j = 0; j < time.length; j++) {
        boolean comparable = event[i] && (time[i] < time[j] || (time[i] == time[j] && !event[j]));
        if (!comparable) {
          continue;
        }
        pairs++;
        if (score[i] > score[j]) {
          concordant++;
        } else if (score[i] == score[j]) {
          tied++;
        }
      }
    }
    return (concordant + tied / 2) / pairs;
  }
}
