package org.mesofhir.survival.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatesTest {

  @Test
  void sumsElementWisePartByPart() {
    Aggregates a = new Aggregates(List.of(Aggregates.Part.counts("events", new long[] {1, 0, 2}),
        Aggregates.Part.sums("s0", new double[] {0.5, 1.5})));
    Aggregates b = new Aggregates(List.of(Aggregates.Part.counts("events", new long[] {0, 3, 1}),
        Aggregates.Part.sums("s0", new double[] {2.0, -1.0})));
    Aggregates total = Aggregates.sum(List.of(a, b));
    assertArrayEquals(new long[] {1, 3, 3}, total.part("events").counts());
    assertArrayEquals(new double[] {2.5, 0.5}, total.part("s0").sums());
  }

  @Test
  void refusesPartsThatDoNotLineUp() {
    Aggregates a = new Aggregates(List.of(Aggregates.Part.counts("events", new long[] {1, 0})));
    Aggregates longer = new Aggregates(List.of(Aggregates.Part.counts("events", new long[] {1, 0, 2})));
    Aggregates renamed = new Aggregates(List.of(Aggregates.Part.counts("censored", new long[] {1, 0})));
    assertThrows(IllegalArgumentException.class, () -> a.plus(longer));
    assertThrows(IllegalArgumentException.class, () -> a.plus(renamed));
    assertThrows(IllegalArgumentException.class, () -> Aggregates.Part.sums("x", null));
  }
}
