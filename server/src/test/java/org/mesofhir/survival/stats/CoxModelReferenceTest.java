package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.survival.stats.ReferenceAssertions.COX;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case in cox.json, against R's coxph and summary(coxph). */
class CoxModelReferenceTest {

  @TestFactory
  Stream<DynamicTest> matchesR() {
    JsonNode cases = ReferenceData.results("cox.json");
    return StreamSupport.stream(cases.spliterator(), false)
        .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
  }

  private static void check(JsonNode c) {
    ReferenceData.Dataset data = ReferenceData.dataset(c.get("dataset").asText());
    int[] rows = LogRankReferenceTest.rows(c);
    double[][] columns = new double[c.get("columns").size()][];
    for (int j = 0; j < columns.length; j++) {
      columns[j] = data.column(rows, c.get("columns").get(j).asText());
    }

    CoxFit fit = CoxModel.fit(data.time(rows), data.event(rows), columns,
        Ties.fromCode(c.get("ties").asText()), c.get("confLevel").asDouble());

    assertThat(fit.n()).isEqualTo(c.get("n").asInt());
    assertThat(fit.events()).isEqualTo(c.get("events").asInt());
    assertThat(fit.iterations()).isEqualTo(c.get("iterations").asInt());
    List<CoxTerm> terms = fit.terms();
    compare("coefficient", terms, CoxTerm::coefficient, c);
    compare("stdErr", terms, CoxTerm::stdErr, c);
    compare("z", terms, CoxTerm::z, c);
    compare("pValue", terms, CoxTerm::pValue, c);
    compare("hazardRatio", terms, CoxTerm::hazardRatio, c);
    compare("lower", terms, CoxTerm::lower, c);
    compare("upper", terms, CoxTerm::upper, c);
    double[] logLik = ReferenceData.numbers(c.get("logLik"));
    COX.assertClose("logLik null", fit.logLikNull(), logLik[0]);
    COX.assertClose("logLik", fit.logLik(), logLik[1]);
    test("likelihoodRatio", fit.likelihoodRatio(), c.get("likelihoodRatio"));
    test("wald", fit.wald(), c.get("wald"));
    test("score", fit.score(), c.get("score"));
    COX.assertClose("concordance", fit.concordance(), ReferenceData.number(c.get("concordance")));

    // R's warnings, by kind
    String rWarnings = c.get("warnings").toString();
    assertThat(fit.converged()).isEqualTo(!rWarnings.contains("Ran out of iterations"));
    for (int j = 0; j < terms.size(); j++) {
      boolean infinite = rWarnings.matches(".*Loglik converged before variable [ 0-9,]*\\b" + (j + 1) + "\\b.*");
      assertThat(terms.get(j).mayBeInfinite()).as("may be infinite, column " + (j + 1)).isEqualTo(infinite);
      boolean aliased = fit.events() > 0 && c.get("coefficient").get(j).isNull();
      assertThat(terms.get(j).aliased()).as("aliased, column " + (j + 1)).isEqualTo(aliased);
    }
  }

  private static void compare(String what, List<CoxTerm> terms, ToDoubleFunction<CoxTerm> value, JsonNode c) {
    COX.assertAllClose(what, terms.stream().mapToDouble(value).toArray(), ReferenceData.numbers(c.get(what)));
  }

  private static void test(String what, ChiSquareTest actual, JsonNode expected) {
    assertThat(actual.df()).as(what + " df").isEqualTo(expected.get("df").asInt());
    COX.assertClose(what + " chiSquare", actual.chiSquare(), ReferenceData.number(expected.get("chiSquare")));
    COX.assertClose(what + " pValue", actual.pValue(), ReferenceData.number(expected.get("pValue")));
  }
}
