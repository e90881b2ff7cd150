package org.mesofhir.survival.stats;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** The few distribution functions the tests need, computed in the tail so small p-values keep their digits. */
final class Distributions {

  private static final double SQRT2 = Math.sqrt(2.0);

  private Distributions() {}

  /** z such that P(|Z| <= z) = level for a standard normal Z, as R's {@code qnorm(1 - (1 - level) / 2)}. */
  static double twoSidedNormalQuantile(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be strictly between 0 and 1: " + level);
    }
    return SQRT2 * Erf.erfInv(level);
  }

  /** P(|Z| >= |z|), as R's {@code 2 * pnorm(-abs(z))}; NaN stays NaN. */
  static double twoSidedNormalP(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return Erf.erfc(Math.abs(z) / SQRT2);
  }

  /** P(X > x) for chi-square X with {@code df} degrees of freedom, as R's {@code pchisq(x, df, lower.tail = FALSE)}. */
  static double chiSquareUpperTail(double x, int df) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (df == 0) {
      return x > 0 ? 0.0 : 1.0; // point mass at 0, as R
    }
    if (x <= 0) {
      return 1.0;
    }
    return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
  }
}
