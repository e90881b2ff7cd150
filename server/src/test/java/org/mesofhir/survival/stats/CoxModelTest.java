package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Edge cases of {@link CoxModel} that R cannot answer (it fails on n = 1) and API conventions. */
class CoxModelTest {

  @Test
  void oneSubjectGivesAnAliasedCoefficient() {
    CoxFit fit = CoxModel.fit(new double[] {3}, new boolean[] {true}, new double[][] {{1.5}}, Ties.EFRON, 0.95);
    assertThat(fit.n()).isEqualTo(1);
    assertThat(fit.terms()).singleElement().satisfies(term -> {
      assertThat(term.aliased()).isTrue();
      assertThat(term.coefficient()).isNaN();
    });
    assertThat(fit.likelihoodRatio().df()).isZero();
    assertThat(fit.concordance()).isNaN();
    assertThat(fit.warnings()).anyMatch(w -> w.contains("collinear"));
  }

  @Test
  void noEventsGivesNaNAndAWarning() {
    CoxFit fit = CoxModel.fit(new double[] {1, 2}, new boolean[] {false, false}, new double[][] {{0, 1}},
        Ties.BRESLOW, 0.95);
    assertThat(fit.events()).isZero();
    assertThat(fit.terms().get(0).coefficient()).isNaN();
    assertThat(fit.score().pValue()).isEqualTo(1.0);
    assertThat(fit.warnings()).containsExactly("no events: the Cox model cannot be estimated");
  }

  @Test
  void rescalingACovariateRescalesItsCoefficient() {
    Random random = new Random(3);
    int n = 300;
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    double[] age = new double[n];
    double[] ageInDays = new double[n];
    for (int i = 0; i < n; i++) {
      age[i] = 40 + 30 * random.nextDouble();
      ageInDays[i] = age[i] * 365.25;
      time[i] = Math.ceil(-Math.log(random.nextDouble()) / (0.01 * Math.exp(0.03 * age[i])));
      event[i] = random.nextDouble() < 0.7;
    }
    CoxFit years = CoxModel.fit(time, event, new double[][] {age}, Ties.EFRON, 0.95);
    CoxFit days = CoxModel.fit(time, event, new double[][] {ageInDays}, Ties.EFRON, 0.95);
    assertThat(days.terms().get(0).coefficient() * 365.25)
        .isCloseTo(years.terms().get(0).coefficient(), within(1e-9));
    assertThat(days.terms().get(0).pValue()).isCloseTo(years.terms().get(0).pValue(), within(1e-9));
    assertThat(days.concordance()).isEqualTo(years.concordance());
  }

  @Test
  void rejectsBadArguments() {
    double[] time = {1, 2};
    boolean[] event = {true, false};
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CoxModel.fit(time, event, new double[0][], Ties.EFRON, 0.95));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CoxModel.fit(time, event, new double[][] {{1}}, Ties.EFRON, 0.95));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CoxModel.fit(time, event, new double[][] {{1, Double.NaN}}, Ties.EFRON, 0.95));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CoxModel.fit(time, event, new double[][] {{1, 2}}, null, 0.95));
    assertThatIllegalArgumentException().isThrownBy(() -> Ties.fromCode("exact"));
  }
}
