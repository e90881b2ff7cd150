package org.mesofhir.characteristics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesofhir.characteristics.TableOneResult.Cell;
import org.mesofhir.characteristics.TableOneResult.Row;
import org.mesofhir.characteristics.TableOneResult.Variable;

/**
 * Small-cell suppression of Table 1: what is shown equals the unsuppressed table, nothing from 1 to 4 is
 * shown, and no withheld count is alone in a column or a row (so none can be recovered by subtraction).
 */
class TableOneSuppressionTest {

  private static final List<String> VARIABLES = List.of("age", "pci", "sex", "histology", "pci-band", "cc");

  @Test
  void shownCountsAreExactAndNoWithheldCountStandsAlone() throws IOException {
    CharacteristicsRequest request = new CharacteristicsRequest("treatment", VARIABLES, new int[] {10, 20});
    TableOneResult open = TableOne.compute(TableOneReferenceTest.records(), null, request, 0);
    TableOneResult safe = TableOne.compute(TableOneReferenceTest.records(), null, request, 5);

    int withheld = 0;
    for (int v = 0; v < VARIABLES.size(); v++) {
      Variable shown = safe.variables().get(v);
      Variable all = open.variables().get(v);
      int columns = safe.columns().size();
      int[] withheldPerColumn = new int[columns];
      for (int r = 0; r < shown.rows().size(); r++) {
        Row row = shown.rows().get(r);
        int withheldInRow = 0;
        for (int c = 0; c < columns; c++) {
          Cell cell = row.cells().get(c);
          Cell truth = all.rows().get(r).cells().get(c);
          if (cell.suppressed()) {
            withheldInRow++;
            withheldPerColumn[c]++;
            withheld++;
          } else {
            assertThat(cell.count()).isEqualTo(truth.count());
            assertThat(cell.count() == 0 || cell.count() >= 5).as(shown.name() + " " + row.label()).isTrue();
          }
        }
        assertThat(withheldInRow).as(shown.name() + " row " + row.label()).isNotEqualTo(1);
      }
      for (int c = 0; c < columns; c++) {
        // a continuous variable's count of patients with a value is its summary's n: withheld with the summary
        int presentWithheld = !shown.categorical() && shown.summaries().get(c) == null ? 1 : 0;
        int withheldInColumn = withheldPerColumn[c] + presentWithheld + (safe.columns().get(c).suppressed() ? 1 : 0);
        assertThat(withheldInColumn).as(shown.name() + " column " + c).isNotEqualTo(1);
      }
      if (shown.test() != null) {
        assertThat(shown.test()).isEqualTo(all.test());
      }
    }
    assertThat(withheld).as("the crs group (about 8 patients) forces suppression").isPositive();
    assertThat(safe.warnings()).isNotEmpty();
  }

  @Test
  void aSmallCountWithItsComplementInARowIsWithheldAndTheRestShown() {
    long[] counts = {3, 10, 13, 20, 30, 50};
    // a 2x2 table as parts of row totals: (3 + 10 = 13), (20 + 30 = 50); columns 3 + 20, 10 + 30 not linked here
    boolean[] withheld = new CellSuppression(counts).linked(0, 1, 2).linked(3, 4, 5).apply(5);
    assertThat(withheld).containsExactly(true, true, false, false, false, false);
  }

  @Test
  void zeroIsShownAndThresholdOneSuppressesNothing() {
    long[] counts = {0, 2, 9};
    assertThat(new CellSuppression(counts).linked(0, 1, 2).apply(1)).containsExactly(false, false, false);
    assertThat(new CellSuppression(counts).linked(0, 1, 2).apply(5)).containsExactly(false, true, true);
  }
}
