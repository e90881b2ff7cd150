package org.mesofhir.characteristics.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Every table with the observed margins, filled column by column (the last row and column follow from
 * the margins), summing the hypergeometric probabilities of those no more likely than the observed one.
 * Within a column the recursion keeps the rows still to fill able to take what the column needs.
 */
final class FisherEnumeration {

  /** R's {@code fisher.test}: tables within this relative distance of the observed probability count as equal. */
  private static final double RELATIVE_TOLERANCE = 1 + 1e-7;

  private final int rows;
  private final int columns;
  private final long[] columnTotals;
  private final double logConstant;
  private final double logObserved;
  private double sum;
  private long visited;
  private long budget;

  FisherEnumeration(long[][] table) {
    rows = table.length;
    columns = table[0].length;
    long[] rowTotals = new long[rows];
    columnTotals = new long[columns];
    long total = 0;
    double cells = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        rowTotals[i] += table[i][j];
        columnTotals[j] += table[i][j];
        total += table[i][j];
        cells += logFactorial(table[i][j]);
      }
    }
    double margins = -logFactorial(total);
    for (long r : rowTotals) {
      margins += logFactorial(r);
    }
    for (long c : columnTotals) {
      margins += logFactorial(c);
    }
    logConstant = margins;
    logObserved = margins - cells;
    this.rowTotals = rowTotals;
  }

  private final long[] rowTotals;

  /** The p-value, or NaN when more than {@code budget} tables would have to be visited. */
  double pValue(long budget) {
    this.budget = budget;
    sum = 0;
    visited = 0;
    try {
      fillColumn(0, rowTotals.clone(), 0.0);
    } catch (BudgetExceeded e) {
      return Double.NaN;
    }
    return sum;
  }

  private void fillColumn(int column, long[] remainingRows, double logCells) {
    if (column == columns - 1) {
      double last = logCells;
      for (long r : remainingRows) {
        last += logFactorial(r);
      }
      count(logConstant - last);
      return;
    }
    long below = 0;
    for (long r : remainingRows) {
      below += r;
    }
    fillCell(column, 0, remainingRows, columnTotals[column], below, logCells);
  }

  /**
   * @param need what column {@code column} still needs from rows {@code row} and after
   * @param available the remaining row totals of rows {@code row} and after
   */
  private void fillCell(int column, int row, long[] remainingRows, long need, long available, double logCells) {
    if (row == rows - 1) {
      long value = need; // the last row takes what the column still needs
      remainingRows[row] -= value;
      fillColumn(column + 1, remainingRows, logCells + logFactorial(value));
      remainingRows[row] += value;
      return;
    }
    long own = remainingRows[row];
    long othersAvailable = available - own;
    long low = Math.max(0, need - othersAvailable);
    long high = Math.min(own, need);
    for (long value = low; value <= high; value++) {
      remainingRows[row] -= value;
      fillCell(column, row + 1, remainingRows, need - value, othersAvailable, logCells + logFactorial(value));
      remainingRows[row] += value;
    }
  }

  private void count(double logProbability) {
    if (++visited > budget) {
      throw new BudgetExceeded();
    }
    if (logProbability <= logObserved + Math.log(RELATIVE_TOLERANCE)) {
      sum += Math.exp(logProbability);
    }
  }

  private static double logFactorial(long n) {
    return Gamma.logGamma(n + 1.0);
  }

  private static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super(null, null, false, false);
    }
  }
}
