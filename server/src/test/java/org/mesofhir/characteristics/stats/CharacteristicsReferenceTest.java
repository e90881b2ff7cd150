package org.mesofhir.characteristics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table 1's tests and summaries against R (stats 4.2) on the data sets that
 * {@code characteristics/make-reference.R} wrote: ties, missing values, a sparse level, a zero cell,
 * a group of one, small groups (exact Wilcoxon, Fisher r×c) and a 2×2 table (Yates).
 */
class CharacteristicsReferenceTest {

  private static final Map<String, Map<String, Double>> REFERENCE = reference();

  @ParameterizedTest
  @ValueSource(strings = {"three", "two", "small", "sparse"})
  void contingencyTestsMatchR(String dataset) throws IOException {
    Map<String, Double> r = REFERENCE.get(dataset);
    long[][] table = table(read(dataset));

    GroupComparison chi = ContingencyTests.chiSquare(table);
    assertClose(chi.statistic(), r.get("chisq.statistic"));
    assertThat(chi.df()).isEqualTo(r.get("chisq.df").intValue());
    assertClose(chi.pValue(), r.get("chisq.p"));
    assertThat(chi.method()).isEqualTo(r.get("chisq.corrected") == 1 ? "chi-square-yates" : "chi-square");

    GroupComparison raw = ContingencyTests.chiSquareUncorrected(table);
    assertClose(raw.statistic(), r.get("chisq-uncorrected.statistic"));
    assertClose(raw.pValue(), r.get("chisq-uncorrected.p"));
    assertClose(ContingencyTests.minimumExpected(table), r.get("chisq.min-expected"));

    assertClose(ContingencyTests.fisher(table).pValue(), r.get("fisher.p"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"three", "two", "small", "sparse"})
  void rankTestsMatchR(String dataset) throws IOException {
    Map<String, Double> r = REFERENCE.get(dataset);
    Map<String, double[]> values = values(read(dataset));
    double[][] groups = values.values().toArray(double[][]::new);

    GroupComparison kruskal = RankTests.kruskalWallis(groups);
    assertClose(kruskal.statistic(), r.get("kruskal.statistic"));
    assertThat(kruskal.df()).isEqualTo(r.get("kruskal.df").intValue());
    assertClose(kruskal.pValue(), r.get("kruskal.p"));

    if (groups.length == 2) {
      GroupComparison wilcoxon = RankTests.wilcoxon(groups[0], groups[1]);
      assertClose(wilcoxon.statistic(), r.get("wilcoxon.statistic"));
      assertClose(wilcoxon.pValue(), r.get("wilcoxon.p"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"three", "two", "small", "sparse"})
  void summariesMatchR(String dataset) throws IOException {
    Map<String, Double> r = REFERENCE.get(dataset);
    Map<String, double[]> values = values(read(dataset));
    values.put("all", values.values().stream().flatMapToDouble(java.util.Arrays::stream).toArray());
    for (Map.Entry<String, double[]> group : values.entrySet()) {
      Summary s = Summary.of(group.getValue());
      String p = "summary." + group.getKey() + ".";
      assertThat(s.n()).isEqualTo(r.get(p + "n").intValue());
      assertClose(s.median(), r.get(p + "median"));
      assertClose(s.q1(), r.get(p + "q1"));
      assertClose(s.q3(), r.get(p + "q3"));
      assertClose(s.min(), r.get(p + "min"));
      assertClose(s.max(), r.get(p + "max"));
      assertClose(s.mean(), r.get(p + "mean"));
      assertClose(s.sd(), r.get(p + "sd"));
    }
  }

  /** 1e-9 relative, with an absolute floor of 1e-12 near zero; R's NA is Java's NaN. */
  static void assertClose(double actual, Double expected) {
    assertThat(expected).as("reference value").isNotNull();
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
      return;
    }
    assertThat(actual).isCloseTo(expected, within(Math.max(1e-12, Math.abs(expected) * 1e-9)));
  }

  private static List<CSVRecord> read(String dataset) throws IOException {
    try (InputStream in = CharacteristicsReferenceTest.class.getResourceAsStream("/characteristics/" + dataset + ".csv")) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
    }
  }

  /** Levels × groups, both in sorted order, missing factor values left out (R's table()). */
  private static long[][] table(List<CSVRecord> rows) {
    TreeSet<String> levels = new TreeSet<>();
    TreeSet<String> groups = new TreeSet<>();
    for (CSVRecord row : rows) {
      groups.add(row.get("group"));
      if (!row.get("factor").isEmpty()) {
        levels.add(row.get("factor"));
      }
    }
    List<String> l = new ArrayList<>(levels);
    List<String> g = new ArrayList<>(groups);
    long[][] table = new long[l.size()][g.size()];
    for (CSVRecord row : rows) {
      if (!row.get("factor").isEmpty()) {
        table[l.indexOf(row.get("factor"))][g.indexOf(row.get("group"))]++;
      }
    }
    return table;
  }

  private static Map<String, double[]> values(List<CSVRecord> rows) {
    Map<String, List<Double>> byGroup = new TreeMap<>();
    for (CSVRecord row : rows) {
      byGroup.computeIfAbsent(row.get("group"), k -> new ArrayList<>());
      if (!row.get("value").isEmpty()) {
        byGroup.get(row.get("group")).add(Double.parseDouble(row.get("value")));
      }
    }
    Map<String, double[]> values = new TreeMap<>();
    byGroup.forEach((k, v) -> values.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
    return values;
  }

  private static Map<String, Map<String, Double>> reference() {
    Map<String, Map<String, Double>> reference = new HashMap<>();
    try (InputStream in = CharacteristicsReferenceTest.class.getResourceAsStream("/characteristics/reference.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t");
        reference.computeIfAbsent(f[0], k -> new HashMap<>())
            .put(f[1], f[2].equals("NA") ? Double.NaN : Double.parseDouble(f[2]));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return reference;
  }
}
