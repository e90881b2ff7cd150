package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a Java number with R's under SPEC §4's tolerance: relative, with an absolute floor near
 * zero. R's NA must be NaN in Java and the reverse; infinities must match exactly.
 */
record ReferenceAssertions(double relative, double absoluteFloor) {

  /** Kaplan–Meier and log-rank: 1e-9 relative, 1e-12 absolute. */
  static final ReferenceAssertions KAPLAN_MEIER = new ReferenceAssertions(1e-9, 1e-12);
  /** Cox models: 1e-6 relative, 1e-10 absolute. */
  static final ReferenceAssertions COX = new ReferenceAssertions(1e-6, 1e-10);

  void assertClose(String what, double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as(what + " (R: NA)").isNaN();
      return;
    }
    if (Double.isInfinite(expected)) {
      assertThat(actual).as(what).isEqualTo(expected);
      return;
    }
    double tolerance = Math.max(relative * Math.abs(expected), absoluteFloor);
    assertThat(Math.abs(actual - expected))
        .as("%s: Java %s, R %s", what, actual, expected)
        .isLessThanOrEqualTo(tolerance);
  }

  void assertAllClose(String what, double[] actual, double[] expected) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertClose(what + "[" + i + "]", actual[i], expected[i]);
    }
  }
}
