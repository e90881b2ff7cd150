package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeOrderTest {

  @Test
  void sortsLikeAStableComparisonSort() {
    Random random = new Random(7);
    for (int n : new int[] {0, 1, 2, 17, 1000, 50_000}) {
      double[] time = new double[n];
      for (int i = 0; i < n; i++) {
        time[i] = switch (i % 5) {
          case 0 -> random.nextInt(20); // heavy ties
          case 1 -> -random.nextDouble() * 1e6;
          case 2 -> random.nextBoolean() ? -0.0 : 0.0;
          case 3 -> random.nextGaussian() * 1e-300;
          default -> random.nextDouble() * 1e300;
        };
      }
      Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
      // numeric order with -0.0 == 0.0, ties by index
      Arrays.sort(expected, Comparator.<Integer>comparingDouble(i -> time[i] + 0.0).thenComparing(i -> i));
      TimeOrder.Sorted sorted = TimeOrder.sort(time);
      assertThat(sorted.order()).containsExactly(Arrays.stream(expected).mapToInt(i -> i).toArray());
      for (int i = 0; i < n; i++) {
        assertThat(sorted.times()[i]).isEqualTo(time[sorted.order()[i]] + 0.0);
      }
    }
  }

  @Test
  void rejectsBadInput() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TimeOrder.requireValid(new double[] {1, 2}, new boolean[] {true}))
        .withMessageContaining("differ in length");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TimeOrder.requireValid(new double[] {1, Double.NaN}, new boolean[2]))
        .withMessageContaining("time[1]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TimeOrder.requireValid(new double[] {Double.POSITIVE_INFINITY}, new boolean[1]));
  }
}
