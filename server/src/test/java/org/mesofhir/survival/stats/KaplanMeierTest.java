package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Behaviour the R reference cases do not reach: empty input, argument checks, API conventions. */
class KaplanMeierTest {

  @Test
  void emptyInputGivesAnEmptyCurve() {
    KaplanMeierFit fit = KaplanMeier.fit(new double[0], new boolean[0], ConfidenceType.LOG, 0.95);
    assertThat(fit.n()).isZero();
    assertThat(fit.rows()).isEmpty();
    assertThat(fit.median().isReached()).isFalse();
    assertThat(fit.landmarks(1, 2)).isEmpty();
    assertThat(fit.restrictedMean(5).estimate()).isNaN();
  }

  @Test
  void censoredAtAnEventTimeStayInTheRiskSet() {
    KaplanMeierFit fit = KaplanMeier.fit(new double[] {2, 2, 2, 3}, new boolean[] {true, false, true, true},
        ConfidenceType.LOG, 0.95);
    KaplanMeierRow first = fit.rows().get(0);
    assertThat(first.atRisk()).isEqualTo(4);
    assertThat(first.events()).isEqualTo(2);
    assertThat(first.censored()).isEqualTo(1);
    assertThat(first.survival()).isEqualTo(0.5);
    KaplanMeierRow last = fit.rows().get(1);
    assertThat(last.survival()).isZero();
    assertThat(last.stdErr()).isNaN();
    assertThat(last.lower()).isNaN();
  }

  @Test
  void landmarksAreSortedAndStopAtTheLastTime() {
    KaplanMeierFit fit = KaplanMeier.fit(new double[] {1, 2, 3}, new boolean[] {true, false, true},
        ConfidenceType.PLAIN, 0.9);
    assertThat(fit.landmarks(3.5, Double.NaN, 2.5, 0.5))
        .extracting(LandmarkSurvival::time)
        .containsExactly(0.5, 2.5);
  }

  @Test
  void rejectsBadArguments() {
    double[] time = {1, 2};
    boolean[] event = {true, false};
    assertThatIllegalArgumentException().isThrownBy(() -> KaplanMeier.fit(time, event, ConfidenceType.LOG, 1.0));
    assertThatIllegalArgumentException().isThrownBy(() -> KaplanMeier.fit(time, event, null, 0.95));
    KaplanMeierFit fit = KaplanMeier.fit(time, event, ConfidenceType.LOG, 0.95);
    assertThatIllegalArgumentException().isThrownBy(() -> fit.quantile(1.5));
    assertThatIllegalArgumentException().isThrownBy(() -> fit.restrictedMean(Double.NaN));
  }

  @Test
  void confidenceTypeCodesAreRs() {
    assertThat(ConfidenceType.fromCode("log-log")).isEqualTo(ConfidenceType.LOG_LOG);
    assertThat(ConfidenceType.PLAIN.code()).isEqualTo("plain");
    assertThatIllegalArgumentException().isThrownBy(() -> ConfidenceType.fromCode("logit"))
        .withMessageContaining("log-log");
  }
}
