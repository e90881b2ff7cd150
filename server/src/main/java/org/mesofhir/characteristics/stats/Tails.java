package org.mesofhir.characteristics.stats;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** Upper-tail probabilities computed in the tail, so small p-values keep their digits. */
final class Tails {

  private Tails() {}

  /** P(X > x) for chi-square X, as R's {@code pchisq(x, df, lower.tail = FALSE)}. */
  static double chiSquare(double x, int df) {
    return x <= 0 ? 1.0 : Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
  }

  /** P(Z > z) for a standard normal Z, as R's {@code pnorm(z, lower.tail = FALSE)}. */
  static double normal(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2.0));
  }
}
