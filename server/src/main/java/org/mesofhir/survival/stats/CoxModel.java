package org.mesofhir.survival.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cox proportional hazards regression by partial likelihood, matching R's
 * {@code coxph(Surv(time, status) ~ x1 + ..., ties = ...)}: the same Newton–Raphson path (start at
 * 0, step-halving when the log-likelihood falls, convergence when |1 - old/new| &lt;= 1e-9, at most
 * 20 iterations), the same centring and scaling of covariates, the same singularity rule for aliased
 * columns, and the same warnings.
 *
 * <p>Categorical covariates are dummy-coded by the caller; this class takes a numeric design matrix.
 */
public final class CoxModel {

  /** R's {@code coxph.control()$eps}. */
  static final double CONVERGENCE = 1e-9;
  /** R's {@code coxph.control()$toler.chol}. */
  static final double CHOLESKY_TOLERANCE = Math.pow(Math.ulp(1.0), 0.75);
  /** R's {@code coxph.control()$toler.inf}. */
  static final double INFINITE_TOLERANCE = Math.sqrt(CONVERGENCE);
  /** R's {@code coxph.control()$iter.max}. */
  static final int MAX_ITERATIONS = 20;

  private CoxModel() {}

  /**
   * Fits the model.
   *
   * @param time follow-up times (finite)
   * @param event {@code true} for an event, {@code false} for censoring
   * @param columns the design matrix by column: {@code columns[j][i]} is covariate j of subject i
   *     (at least one column; finite values)
   * @param ties Efron or Breslow
   * @param confLevel level of the hazard-ratio confidence limits, strictly between 0 and 1
   * @throws IllegalArgumentException on inconsistent lengths, non-finite values or a bad level
   */
  public static CoxFit fit(double[] time, boolean[] event, double[][] columns, Ties ties, double confLevel) {
    TimeOrder.requireValid(time, event);
    if (ties == null) {
      throw new IllegalArgumentException("ties method is required");
    }
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException("at least one covariate column is required");
    }
    int n = time.length;
    for (int j = 0; j < columns.length; j++) {
      if (columns[j] == null || columns[j].length != n) {
        throw new IllegalArgumentException("column " + j + " must have one value per subject");
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(columns[j][i])) {
          throw new IllegalArgumentException("column " + j + ", subject " + i + " is not finite");
        }
      }
    }
    return fit(new ArrayCoxData(time, event, columns), ties, confLevel);
  }

  /**
   * Fits the model from its sufficient statistics: the same Newton–Raphson path whether the sums come
   * from one design matrix or from several sites.
   */
  public static CoxFit fit(CoxData data, Ties ties, double confLevel) {
    if (ties == null) {
      throw new IllegalArgumentException("ties method is required");
    }
    double z = Distributions.twoSidedNormalQuantile(confLevel);
    if (data.events() == 0) {
      return withoutEvents(ties, data.n(), data.p());
    }
    return new Estimation(data, ties).run(data.events(), z);
  }

  /** R's scale of a centred column: n over the sum of absolute deviations (1 when they are all 0). */
  public static double scale(int n, double absoluteDeviations) {
    return absoluteDeviations > 0 ? n / absoluteDeviations : 1.0;
  }

  /** R's coxph returns early without events: no coefficient, log-likelihoods 0, tests 0. */
  private static CoxFit withoutEvents(Ties ties, int n, int p) {
    List<CoxTerm> terms = new ArrayList<>(p);
    for (int j = 0; j < p; j++) {
      double nan = Double.NaN;
      terms.add(new CoxTerm(nan, nan, nan, nan, nan, nan, nan, false, false));
    }
    ChiSquareTest none = new ChiSquareTest(0.0, 0, 1.0);
    return new CoxFit(ties, n, 0, terms, none, none, none, Double.NaN, 0.0, 0.0, 0, true,
        List.of("no events: the Cox model cannot be estimated"));
  }

  /** The working state of one fit, over the data's centred and scaled units. */
  private static final class Estimation {
    private final CoxData data;
    private final boolean breslow;
    private final int n;
    private final int p;
    private final double[] scale;

    // work arrays, reused by every evaluation
    private final double[] u;
    private final double[] imat;
    private final double[] a;
    private final double[] a2;
    private final double[] cmat;
    private final double[] cmat2;

    Estimation(CoxData data, Ties ties) {
      this.data = data;
      this.breslow = ties == Ties.BRESLOW;
      this.n = data.n();
      this.p = data.p();
      this.scale = data.scale();
      this.u = new double[p];
      this.imat = new double[p * p];
      this.a = new double[p];
      this.a2 = new double[p];
      this.cmat = new double[p * p];
      this.cmat2 = new double[p * p];
    }

    /**
     * Log partial likelihood at {@code beta} (scaled units); fills the score {@code u} and the
     * information matrix {@code imat} (lower triangle). Walks from the latest event time down so each
     * risk set is the previous one plus the subjects binned at the current time.
     */
    private double evaluate(double[] beta) {
      RiskSetSums sums = data.sums(beta);
      final int p = this.p;
      final double[] u = this.u;
      final double[] imat = this.imat;
      final double[] a = this.a;
      final double[] a2 = this.a2;
      final double[] cmat = this.cmat;
      final double[] cmat2 = this.cmat2;
      Arrays.fill(imat, 0);
      Arrays.fill(a, 0);
      Arrays.fill(cmat, 0);
      System.arraycopy(sums.eventX(), 0, u, 0, p);
      double logLik = sums.eventEta();
      double denom = 0;
      int tri = RiskSetSums.triangle(p);
      for (int k = sums.eventTimes() - 1; k >= 0; k--) {
        denom += sums.otherRisk()[k];
        for (int i = 0; i < p; i++) {
          a[i] += sums.otherX()[k * p + i];
          a2[i] = sums.deathX()[k * p + i];
          for (int j = 0; j <= i; j++) {
            cmat[i * p + j] += sums.otherXX()[k * tri + RiskSetSums.packed(i, j)];
            cmat2[i * p + j] = sums.deathXX()[k * tri + RiskSetSums.packed(i, j)];
          }
        }
        int deaths = (int) sums.deaths()[k];
        if (deaths == 0) {
          continue;
        }
        double deathRisk = sums.deathRisk()[k];
        if (breslow || deaths == 1) {
          denom += deathRisk;
          logLik -= deaths * Math.log(denom);
          for (int i = 0; i < p; i++) {
            a[i] += a2[i];
            double meanI = a[i] / denom;
            u[i] -= deaths * meanI;
            for (int j = 0; j <= i; j++) {
              cmat[i * p + j] += cmat2[i * p + j];
              imat[i * p + j] += deaths * (cmat[i * p + j] - meanI * a[j]) / denom;
            }
          }
        } else {
          // Efron: the tied deaths leave the risk set in equal fractions, one term per death
          for (int d = 0; d < deaths; d++) {
            denom += deathRisk / deaths;
            logLik -= Math.log(denom);
            for (int i = 0; i < p; i++) {
              a[i] += a2[i] / deaths;
              double meanI = a[i] / denom;
              u[i] -= meanI;
              for (int j = 0; j <= i; j++) {
                cmat[i * p + j] += cmat2[i * p + j] / deaths;
                imat[i * p + j] += (cmat[i * p + j] - meanI * a[j]) / denom;
              }
            }
          }
        }
      }
      return logLik;
    }

    private boolean allFinite(double logLik) {
      if (!Double.isFinite(logLik)) {
        return false;
      }
      for (double v : u) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      for (double v : imat) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      return true;
    }

    CoxFit run(int events, double z) {
      double[] beta = new double[p];
      double logLikNull = evaluate(beta);
      GeneralizedCholesky information = GeneralizedCholesky.decompose(imat, p, CHOLESKY_TOLERANCE);
      double[] step = u.clone();
      information.solveInPlace(step);
      double scoreTest = 0;
      for (int i = 0; i < p; i++) {
        scoreTest += u[i] * step[i];
      }

      double[] next = step.clone(); // beta + step, beta = 0
      double best = logLikNull;
      double logLik = logLikNull;
      double[] variance = null;
      boolean converged = false;
      int iterations = 0;
      int halving = 0;
      for (int iter = 1; iter <= MAX_ITERATIONS; iter++) {
        double candidate = evaluate(next);
        information = GeneralizedCholesky.decompose(imat, p, CHOLESKY_TOLERANCE);
        boolean finite = allFinite(candidate);
        if (finite && Math.abs(1 - best / candidate) <= CONVERGENCE) {
          System.arraycopy(next, 0, beta, 0, p);
          logLik = candidate;
          variance = information.inverse();
          converged = true;
          iterations = iter;
          break;
        }
        if (!finite || candidate < best) {
          // the step overshot: retreat towards the last good point, more each time it fails
          halving++;
          for (int i = 0; i < p; i++) {
            next[i] = (next[i] + halving * beta[i]) / (halving + 1.0);
          }
        } else {
          halving = 0;
          best = candidate;
          System.arraycopy(u, 0, step, 0, p);
          information.solveInPlace(step);
          for (int i = 0; i < p; i++) {
            beta[i] = next[i];
            next[i] += step[i];
          }
        }
      }
      if (!converged) {
        // as R: back to the last good point; R then inverts only the diagonal of its information
        iterations = MAX_ITERATIONS + 1;
        logLik = evaluate(beta);
        information = GeneralizedCholesky.decompose(imat, p, CHOLESKY_TOLERANCE);
        variance = new double[p * p];
        for (int i = 0; i < p; i++) {
          double d = imat[i * p + i];
          variance[i * p + i] = d > 0 ? 1 / d : 0;
        }
      }
      return summarize(events, z, beta, variance, information, logLikNull, logLik, scoreTest,
          converged, iterations);
    }

    private CoxFit summarize(int events, double z, double[] scaledBeta, double[] scaledVariance,
        GeneralizedCholesky information, double logLikNull, double logLik, double scoreTest,
        boolean converged, int iterations) {
      double[] beta = new double[p];
      double[] score = new double[p];
      double[] variance = new double[p * p];
      for (int i = 0; i < p; i++) {
        beta[i] = scaledBeta[i] * scale[i];
        score[i] = u[i] / scale[i];
        for (int j = 0; j < p; j++) {
          variance[i * p + j] = scaledVariance[i * p + j] * scale[i] * scale[j];
        }
      }
      boolean[] aliased = new boolean[p];
      int estimable = 0;
      for (int i = 0; i < p; i++) {
        // (R skips this check when the iteration ran out; a zero pivot means no estimate either way)
        aliased[i] = information.rank() < p && variance[i * p + i] == 0;
        if (!aliased[i]) {
          estimable++;
        }
      }

      List<String> warnings = new ArrayList<>();
      boolean[] mayBeInfinite = new boolean[p];
      double[] nextStep = new double[p]; // |u' V|: how far one more Newton step would still move
      boolean nonFiniteStep = false;
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int i = 0; i < p; i++) {
          sum += score[i] * variance[i * p + j];
        }
        nextStep[j] = Math.abs(sum);
        nonFiniteStep |= !Double.isFinite(nextStep[j]);
      }
      if (!converged) {
        warnings.add("ran out of iterations and did not converge");
        if (nonFiniteStep || data.largestLinearPredictor(scaledBeta) > 500) {
          warnings.add("one or more coefficients may be infinite");
        }
      } else {
        for (int j = 0; j < p; j++) {
          mayBeInfinite[j] = !Double.isFinite(score[j])
              || (nextStep[j] > CONVERGENCE && nextStep[j] > INFINITE_TOLERANCE * Math.abs(beta[j]));
          if (mayBeInfinite[j]) {
            warnings.add("column " + (j + 1) + ": the log-likelihood converged before the coefficient;"
                + " it may be infinite (monotone likelihood)");
          }
        }
      }
      for (int j = 0; j < p; j++) {
        if (aliased[j]) {
          warnings.add("column " + (j + 1) + " is collinear with other columns (aliased); it has no coefficient");
        }
      }

      List<CoxTerm> terms = new ArrayList<>(p);
      for (int j = 0; j < p; j++) {
        if (aliased[j]) {
          double nan = Double.NaN;
          terms.add(new CoxTerm(nan, nan, nan, nan, nan, nan, nan, true, false));
          continue;
        }
        double se = Math.sqrt(variance[j * p + j]);
        double zj = beta[j] / se;
        terms.add(new CoxTerm(beta[j], Math.exp(beta[j]), se, zj, Distributions.twoSidedNormalP(zj),
            Math.exp(beta[j] - z * se), Math.exp(beta[j] + z * se), false, mayBeInfinite[j]));
      }

      double likelihoodRatio = 2 * (logLik - logLikNull);
      double wald = waldStatistic(beta, variance, aliased, estimable);
      double concordance = data.concordance(scaledBeta);
      return new CoxFit(
          breslow ? Ties.BRESLOW : Ties.EFRON, n, events, terms,
          new ChiSquareTest(likelihoodRatio, estimable,
              Distributions.chiSquareUpperTail(likelihoodRatio, estimable)),
          new ChiSquareTest(wald, estimable, Distributions.chiSquareUpperTail(wald, estimable)),
          new ChiSquareTest(scoreTest, estimable, Distributions.chiSquareUpperTail(scoreTest, estimable)),
          concordance, logLikNull, logLik, iterations, converged, warnings);
    }

    /** beta' V^- beta over the estimable coefficients, as R's coxph.wtest. */
    private static double waldStatistic(double[] beta, double[] variance, boolean[] aliased, int estimable) {
      int p = beta.length;
      if (estimable == 0) {
        return 0.0;
      }
      int[] keep = new int[estimable];
      for (int j = 0, k = 0; j < p; j++) {
        if (!aliased[j]) {
          keep[k++] = j;
        }
      }
      if (estimable == 1) {
        double b = beta[keep[0]];
        return b * b / variance[keep[0] * p + keep[0]];
      }
      double[] sub = new double[estimable * estimable];
      double[] b = new double[estimable];
      for (int r = 0; r < estimable; r++) {
        b[r] = beta[keep[r]];
        for (int c = 0; c < estimable; c++) {
          sub[r * estimable + c] = variance[keep[r] * p + keep[c]];
        }
      }
      double[] solution = b.clone();
      GeneralizedCholesky.decompose(sub, estimable, CHOLESKY_TOLERANCE).solveInPlace(solution);
      double test = 0;
      for (int r = 0; r < estimable; r++) {
        test += b[r] * solution[r];
      }
      return test;
    }
  }
}
