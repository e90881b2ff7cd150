package org.mesofhir.survival.stats;

/**
 * What a Cox fit needs from the data: the number of subjects and events, and at any coefficients the
 * risk-set sums of {@link RiskSetSums}. One design matrix in memory ({@link CoxModel#fit(double[], boolean[],
 * double[][], Ties, double)}) or the sum of several sites' answers (a federated analysis) gives the same
 * fit, because the partial likelihood, its score and its information depend on the data only through
 * these additive sums.
 *
 * <p>Coefficients are in the centred and scaled units of {@link #scale()} (R's working scale).
 */
public interface CoxData {

  /** Subjects in the model. */
  int n();

  /** Events. */
  int events();

  /** Design columns. */
  int p();

  /**
   * The factor each centred column was multiplied by (R: the inverse mean absolute deviation; 1 for
   * columns whose values all lie in {-1, 0, 1}).
   */
  double[] scale();

  /** The risk-set sums at {@code beta}, per distinct event time. */
  RiskSetSums sums(double[] beta);

  /** Harrell's concordance of the linear predictor at {@code beta} (NaN when no pair is comparable). */
  double concordance(double[] beta);

  /**
   * The largest linear predictor at {@code beta}, or an upper bound of it (R warns that coefficients may
   * be infinite when it exceeds 500 after the iteration ran out).
   */
  double largestLinearPredictor(double[] beta);
}
