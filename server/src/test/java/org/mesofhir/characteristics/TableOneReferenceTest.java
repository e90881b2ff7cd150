package org.mesofhir.characteristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mesofhir.characteristics.TableOneResult.Cell;
import org.mesofhir.characteristics.TableOneResult.Row;
import org.mesofhir.characteristics.TableOneResult.Variable;
import org.mesofhir.characteristics.stats.Summary;
import org.mesofhir.cohort.AnalysisRecord;

/**
 * Table 1 end to end (analysis records → values at diagnosis → counts, summaries, the test R's rule
 * picks and its p-value) against R on the 118 patients of {@code characteristics/cohort.csv}, by a
 * three-group (treatment) and a two-group (sex) variable; see make-reference.R.
 */
class TableOneReferenceTest {

  private static final List<String> VARIABLES = List.of("age", "pci", "sex", "histology", "pci-band", "cc", "treatment");

  @ParameterizedTest
  @ValueSource(strings = {"treatment", "sex"})
  void everyCountSummaryAndTestEqualsR(String by) throws IOException {
    Map<String, String> r = reference(by);
    List<String> variables = VARIABLES.stream().filter(v -> !v.equals(by)).toList();
    TableOneResult table = TableOne.compute(records(), null,
        new CharacteristicsRequest(by, variables, new int[] {10, 20}), 0);

    assertThat(table.patients()).isEqualTo(118);
    assertThat(table.warnings()).isEmpty();
    List<String> groups = table.columns().stream().map(TableOneResult.Column::label).toList();
    for (Variable variable : table.variables()) {
      String key = variable.name() + "\t";
      assertThat(variable.test()).as(variable.name()).isNotNull();
      assertClose(variable.test().pValue(), number(r.get(key + "p")));
      if (variable.categorical()) {
        assertThat(variable.test().method()).as(variable.name()).isEqualTo(r.get(key + "method"));
        for (Row row : variable.rows()) {
          for (int g = 0; g < groups.size() - 1; g++) {
            Cell cell = row.cells().get(g);
            assertThat(cell.suppressed()).isFalse();
            if (!row.missing()) {
              assertThat(cell.count()).as(variable.name() + " " + row.label() + " " + groups.get(g))
                  .isEqualTo(Long.parseLong(r.get(key + "count." + row.label() + "." + groups.get(g))));
            }
          }
        }
      } else {
        for (int g = 0; g < groups.size() - 1; g++) {
          Summary s = variable.summaries().get(g);
          String group = groups.get(g);
          assertClose(s.median(), number(r.get(key + "median." + group)));
          assertClose(s.mean(), number(r.get(key + "mean." + group)));
          assertClose(s.sd(), number(r.get(key + "sd." + group)));
          assertThat(variable.rows().get(0).cells().get(g).count())
              .isEqualTo(Long.parseLong(r.get(key + "missing." + group)));
        }
      }
    }
  }

  /** R's NA (a median of no values, an SD of one) is NaN. */
  private static double number(String value) {
    return value.equals("NA") ? Double.NaN : Double.parseDouble(value);
  }

  static void assertClose(double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
      return;
    }
    assertThat(actual).isCloseTo(expected, within(Math.max(1e-12, Math.abs(expected) * 1e-9)));
  }

  /** The cohort's patients as the server's analysis records would hold them. */
  static List<AnalysisRecord> records() throws IOException {
    List<AnalysisRecord> records = new ArrayList<>();
    try (InputStream in = TableOneReferenceTest.class.getResourceAsStream("/characteristics/cohort.csv")) {
      for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        LocalDate diagnosis = LocalDate.parse(row.get("diagnosis"));
        String treatment = row.get("treatment");
        boolean surgery = !treatment.equals("chemotherapy");
        records.add(new AnalysisRecord(row.get("id"), true, row.get("sex"),
            row.get("birth").isEmpty() ? null : LocalDate.parse(row.get("birth")), "SITE-01", diagnosis,
            row.get("histology"), surgery ? diagnosis.plusDays(30) : null, treatment.equals("crs-hipec"),
            surgery ? null : diagnosis.plusDays(20), surgery ? null : diagnosis.plusDays(20), null,
            diagnosis.plusDays(400), row.get("pci").isEmpty() ? null : Integer.valueOf(row.get("pci")),
            row.get("cc").isEmpty() ? null : row.get("cc"), List.of(), List.of()));
      }
    }
    return records;
  }

  private static Map<String, String> reference(String by) throws IOException {
    Map<String, String> reference = new HashMap<>();
    try (InputStream in = TableOneReferenceTest.class.getResourceAsStream("/characteristics/cohort-reference.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split("\t");
        if (f[0].equals(by)) {
          reference.put(f[1] + "\t" + f[2], f[3]);
        }
      }
    }
    return reference;
  }
}
