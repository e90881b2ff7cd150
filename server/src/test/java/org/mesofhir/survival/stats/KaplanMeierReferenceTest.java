package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.survival.stats.ReferenceAssertions.KAPLAN_MEIER;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every number of every Kaplan–Meier case in kaplan-meier.json, against R's survfit. */
class KaplanMeierReferenceTest {

  @TestFactory
  Stream<DynamicTest> matchesR() {
    JsonNode cases = ReferenceData.results("kaplan-meier.json");
    return StreamSupport.stream(cases.spliterator(), false)
        .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
  }

  private static void check(JsonNode c) {
    ReferenceData.Dataset data = ReferenceData.dataset(c.get("dataset").asText());
    int[] rows = c.hasNonNull("subsetColumn")
        ? data.select(r -> data.value(r, c.get("subsetColumn").asText()) == c.get("subsetValue").asDouble())
        : data.select(r -> true);
    KaplanMeierFit fit = KaplanMeier.fit(data.time(rows), data.event(rows),
        ConfidenceType.fromCode(c.get("confType").asText()), c.get("confLevel").asDouble());

    assertThat(fit.n()).isEqualTo(c.get("n").asInt());
    assertThat(fit.events()).isEqualTo(c.get("events").asInt());

    JsonNode expected = c.get("rows");
    List<KaplanMeierRow> actual = fit.rows();
    KAPLAN_MEIER.assertAllClose("time", actual.stream().mapToDouble(KaplanMeierRow::time).toArray(),
        ReferenceData.numbers(expected.get("time")));
    KAPLAN_MEIER.assertAllClose("atRisk", actual.stream().mapToDouble(KaplanMeierRow::atRisk).toArray(),
        ReferenceData.numbers(expected.get("atRisk")));
    KAPLAN_MEIER.assertAllClose("events", actual.stream().mapToDouble(KaplanMeierRow::events).toArray(),
        ReferenceData.numbers(expected.get("events")));
    KAPLAN_MEIER.assertAllClose("censored", actual.stream().mapToDouble(KaplanMeierRow::censored).toArray(),
        ReferenceData.numbers(expected.get("censored")));
    KAPLAN_MEIER.assertAllClose("survival", actual.stream().mapToDouble(KaplanMeierRow::survival).toArray(),
        ReferenceData.numbers(expected.get("survival")));
    KAPLAN_MEIER.assertAllClose("stdErr", actual.stream().mapToDouble(KaplanMeierRow::stdErr).toArray(),
        ReferenceData.numbers(expected.get("stdErr")));
    KAPLAN_MEIER.assertAllClose("lower", actual.stream().mapToDouble(KaplanMeierRow::lower).toArray(),
        ReferenceData.numbers(expected.get("lower")));
    KAPLAN_MEIER.assertAllClose("upper", actual.stream().mapToDouble(KaplanMeierRow::upper).toArray(),
        ReferenceData.numbers(expected.get("upper")));

    JsonNode quantiles = c.get("quantiles");
    double[] probs = ReferenceData.numbers(quantiles.get("probs"));
    for (int i = 0; i < probs.length; i++) {
      SurvivalQuantile q = fit.quantile(probs[i]);
      KAPLAN_MEIER.assertClose("quantile " + probs[i], q.time(), ReferenceData.number(quantiles.get("time").get(i)));
      KAPLAN_MEIER.assertClose("quantile lower " + probs[i], q.lower(),
          ReferenceData.number(quantiles.get("lower").get(i)));
      KAPLAN_MEIER.assertClose("quantile upper " + probs[i], q.upper(),
          ReferenceData.number(quantiles.get("upper").get(i)));
    }

    if (c.has("landmarks")) {
      JsonNode landmarks = c.get("landmarks");
      List<LandmarkSurvival> at = fit.landmarks(ReferenceData.numbers(landmarks.get("requested")));
      KAPLAN_MEIER.assertAllClose("landmark time", at.stream().mapToDouble(LandmarkSurvival::time).toArray(),
          ReferenceData.numbers(landmarks.get("time")));
      KAPLAN_MEIER.assertAllClose("landmark atRisk", at.stream().mapToDouble(LandmarkSurvival::atRisk).toArray(),
          ReferenceData.numbers(landmarks.get("atRisk")));
      KAPLAN_MEIER.assertAllClose("landmark survival",
          at.stream().mapToDouble(LandmarkSurvival::survival).toArray(),
          ReferenceData.numbers(landmarks.get("survival")));
      KAPLAN_MEIER.assertAllClose("landmark stdErr", at.stream().mapToDouble(LandmarkSurvival::stdErr).toArray(),
          ReferenceData.numbers(landmarks.get("stdErr")));
      KAPLAN_MEIER.assertAllClose("landmark lower", at.stream().mapToDouble(LandmarkSurvival::lower).toArray(),
          ReferenceData.numbers(landmarks.get("lower")));
      KAPLAN_MEIER.assertAllClose("landmark upper", at.stream().mapToDouble(LandmarkSurvival::upper).toArray(),
          ReferenceData.numbers(landmarks.get("upper")));
    }

    if (c.has("rmean")) {
      JsonNode rmean = c.get("rmean");
      RestrictedMean mean = fit.restrictedMean(rmean.get("tau").asDouble());
      KAPLAN_MEIER.assertClose("rmean", mean.estimate(), ReferenceData.number(rmean.get("estimate")));
      KAPLAN_MEIER.assertClose("se(rmean)", mean.stdErr(), ReferenceData.number(rmean.get("stdErr")));
    }
  }
}
