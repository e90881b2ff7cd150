package org.mesofhir.characteristics.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Tests of independence in an r×c table of counts (rows: levels of a variable, columns: groups), as R's
 * {@code chisq.test} and {@code fisher.test}. Rows and columns whose total is zero are dropped first, as
 * R's {@code table()} has no such levels; fewer than two rows or columns left means no test (null).
 */
public final class ContingencyTests {

  /** Fisher's test enumerates every table with the observed margins; beyond this many it gives up. */
  static final long FISHER_TABLE_BUDGET = 20_000_000L;

  private ContingencyTests() {}

  /**
   * Pearson's chi-square test with Yates' continuity correction for a 2×2 table, exactly as R's
   * {@code chisq.test(x)} chooses by default (correction only for 2×2).
   */
  public static GroupComparison chiSquare(long[][] counts) {
    long[][] table = withoutEmptyMargins(counts);
    if (table == null) {
      return null;
    }
    return chiSquare(table, table.length == 2 && table[0].length == 2);
  }

  /** Pearson's chi-square test without continuity correction, as {@code chisq.test(x, correct = FALSE)}. */
  public static GroupComparison chiSquareUncorrected(long[][] counts) {
    long[][] table = withoutEmptyMargins(counts);
    return table == null ? null : chiSquare(table, false);
  }

  /** The smallest expected count under independence, the usual rule for preferring Fisher's test (&lt; 5). */
  public static double minimumExpected(long[][] counts) {
    long[][] table = withoutEmptyMargins(counts);
    if (table == null) {
      return Double.NaN;
    }
    double[][] expected = expected(table);
    double min = Double.POSITIVE_INFINITY;
    for (double[] row : expected) {
      for (double e : row) {
        min = Math.min(min, e);
      }
    }
    return min;
  }

  private static GroupComparison chiSquare(long[][] table, boolean yates) {
    double[][] expected = expected(table);
    double correction = 0;
    if (yates) {
      correction = 0.5;
      for (int i = 0; i < table.length; i++) {
        for (int j = 0; j < table[i].length; j++) {
          correction = Math.min(correction, Math.abs(table[i][j] - expected[i][j]));
        }
      }
    }
    double statistic = 0;
    for (int i = 0; i < table.length; i++) {
      for (int j = 0; j < table[i].length; j++) {
        double d = Math.abs(table[i][j] - expected[i][j]) - correction;
        statistic += d * d / expected[i][j];
      }
    }
    int df = (table.length - 1) * (table[0].length - 1);
    return new GroupComparison(
        yates && correction > 0 ? "chi-square-yates" : "chi-square", statistic, df, Tails.chiSquare(statistic, df));
  }

  /**
   * Fisher's exact test for an r×c table, as R's {@code fisher.test(x)}: the probability, under fixed
   * margins, of every table no more likely than the observed one (with R's relative tolerance 1e-7).
   *
   * @return null when there is nothing to test or the table has more than {@link #FISHER_TABLE_BUDGET}
   *     completions (a large sparse table: the caller says so and shows the chi-square test)
   */
  public static GroupComparison fisher(long[][] counts) {
    long[][] table = withoutEmptyMargins(counts);
    if (table == null) {
      return null;
    }
    FisherEnumeration enumeration = new FisherEnumeration(table);
    double p = enumeration.pValue(FISHER_TABLE_BUDGET);
    return Double.isNaN(p) ? null : new GroupComparison("fisher", Double.NaN, 0, Math.min(1.0, p));
  }

  static double[][] expected(long[][] table) {
    double[] rows = new double[table.length];
    double[] columns = new double[table[0].length];
    double total = 0;
    for (int i = 0; i < table.length; i++) {
      for (int j = 0; j < table[i].length; j++) {
        rows[i] += table[i][j];
        columns[j] += table[i][j];
        total += table[i][j];
      }
    }
    double[][] expected = new double[rows.length][columns.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < columns.length; j++) {
        expected[i][j] = rows[i] * columns[j] / total;
      }
    }
    return expected;
  }

  /** The table without all-zero rows and columns, or null when fewer than two of either remain. */
  static long[][] withoutEmptyMargins(long[][] counts) {
    if (counts.length == 0) {
      return null;
    }
    List<Integer> rows = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      long sum = 0;
      for (long c : counts[i]) {
        if (c < 0) {
          throw new IllegalArgumentException("a count is negative: " + c);
        }
        sum += c;
      }
      if (sum > 0) {
        rows.add(i);
      }
    }
    for (int j = 0; j < counts[0].length; j++) {
      long sum = 0;
      for (long[] row : counts) {
        sum += row[j];
      }
      if (sum > 0) {
        columns.add(j);
      }
    }
    if (rows.size() < 2 || columns.size() < 2) {
      return null;
    }
    long[][] table = new long[rows.size()][columns.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < columns.size(); j++) {
        table[i][j] = counts[rows.get(i)][columns.get(j)];
      }
    }
    return table;
  }
}
