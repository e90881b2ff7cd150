package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.survival.stats.ReferenceAssertions.KAPLAN_MEIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case in log-rank.json, against R's survdiff. */
class LogRankReferenceTest {

  @TestFactory
  Stream<DynamicTest> matchesR() {
    JsonNode cases = ReferenceData.results("log-rank.json");
    return StreamSupport.stream(cases.spliterator(), false)
        .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
  }

  private static void check(JsonNode c) {
    ReferenceData.Dataset data = ReferenceData.dataset(c.get("dataset").asText());
    int[] rows = rows(c);
    List<String> levels = new ArrayList<>();
    c.get("levels").forEach(level -> levels.add(level.asText()));
    String column = c.get("groupColumn").asText();
    int[] group = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      group[i] = levels.indexOf(data.text(rows[i], column));
      assertThat(group[i]).as("level of row " + rows[i]).isNotNegative();
    }

    LogRankResult result = LogRankTest.compare(data.time(rows), data.event(rows), group);

    assertThat(result.df()).isEqualTo(c.get("df").asInt());
    KAPLAN_MEIER.assertClose("chiSquare", result.chiSquare(), ReferenceData.number(c.get("chiSquare")));
    KAPLAN_MEIER.assertClose("pValue", result.pValue(), ReferenceData.number(c.get("pValue")));
    assertThat(result.groups()).hasSize(levels.size());
    for (int g = 0; g < levels.size(); g++) {
      LogRankGroup actual = result.groups().get(g);
      assertThat(actual.n()).as("n " + levels.get(g)).isEqualTo(c.get("n").get(g).asInt());
      assertThat(actual.observed()).as("observed " + levels.get(g)).isEqualTo(c.get("observed").get(g).asInt());
      KAPLAN_MEIER.assertClose("expected " + levels.get(g), actual.expected(),
          ReferenceData.number(c.get("expected").get(g)));
    }
  }

  /** R's 1-based row names of the rows it used. */
  static int[] rows(JsonNode c) {
    int[] rows = new int[c.get("rows").size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = c.get("rows").get(i).asInt() - 1;
    }
    return rows;
  }
}
