package org.mesofhir.survival.stats;

import java.util.Arrays;

/**
 * Subjects' follow-up and centred, scaled covariates, summed into {@link RiskSetSums} on a given grid of
 * event times: one site's contribution to a Cox fit (or the whole fit when the grid is its own event times).
 */
public final class CoxDesign {

  private final int n;
  private final int p;
  private final boolean[] event;
  private final double[] x;
  /** Each subject's bin: the latest grid time at or before its time; -1 before the first. */
  private final int[] bin;
  private final int times;

  /**
   * @param time follow-up times
   * @param event events
   * @param x covariates, row-major (subject i's column j at {@code i * p + j}), already centred and scaled
   * @param p columns
   * @param eventTimes the grid, ascending; every event's time must be on it
   * @throws IllegalArgumentException when an event's time is not on the grid
   */
  public CoxDesign(double[] time, boolean[] event, double[] x, int p, double[] eventTimes) {
    this.n = time.length;
    this.p = p;
    this.event = event;
    this.x = x;
    this.times = eventTimes.length;
    this.bin = new int[n];
    for (int i = 0; i < n; i++) {
      int found = Arrays.binarySearch(eventTimes, time[i]);
      if (found < 0 && event[i]) {
        throw new IllegalArgumentException("event time " + time[i] + " is not on the grid");
      }
      bin[i] = found >= 0 ? found : -found - 2;
    }
  }

  /** eta = x beta of every subject. */
  public double[] linearPredictor(double[] beta) {
    double[] lp = new double[n];
    for (int i = 0; i < n; i++) {
      double eta = 0;
      for (int j = 0; j < p; j++) {
        eta += beta[j] * x[i * p + j];
      }
      lp[i] = eta;
    }
    return lp;
  }

  /** The sums at {@code beta}. */
  public RiskSetSums sums(double[] beta) {
    final int p = this.p;
    final double[] x = this.x;
    int tri = RiskSetSums.triangle(p);
    long[] deaths = new long[times];
    double[] deathRisk = new double[times];
    double[] deathX = new double[times * p];
    double[] deathXX = new double[times * tri];
    double[] otherRisk = new double[times];
    double[] otherX = new double[times * p];
    double[] otherXX = new double[times * tri];
    double eventEta = 0;
    double[] eventX = new double[p];
    for (int s = 0; s < n; s++) {
      int base = s * p;
      double eta = 0;
      for (int i = 0; i < p; i++) {
        eta += beta[i] * x[base + i];
      }
      if (event[s]) {
        eventEta += eta;
        for (int i = 0; i < p; i++) {
          eventX[i] += x[base + i];
        }
      }
      int k = bin[s];
      if (k < 0) {
        continue;
      }
      double risk = Math.exp(eta);
      double[] sum;
      double[] squares;
      if (event[s]) {
        deaths[k]++;
        deathRisk[k] += risk;
        sum = deathX;
        squares = deathXX;
      } else {
        otherRisk[k] += risk;
        sum = otherX;
        squares = otherXX;
      }
      for (int i = 0; i < p; i++) {
        double weighted = risk * x[base + i];
        sum[k * p + i] += weighted;
        int row = k * tri + RiskSetSums.packed(i, 0);
        for (int j = 0; j <= i; j++) {
          squares[row + j] += weighted * x[base + j];
        }
      }
    }
    return new RiskSetSums(p, deaths, deathRisk, deathX, deathXX, otherRisk, otherX, otherXX, eventEta, eventX);
  }
}
