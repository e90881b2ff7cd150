package org.mesofhir.survival.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Edge cases of {@link LogRankTest} where R stops with an error instead of answering. */
class LogRankTestTest {

  @Test
  void oneGroupHasNoDegreesOfFreedom() {
    LogRankResult result = LogRankTest.compare(new double[] {1, 2, 3}, new boolean[] {true, true, false},
        new int[] {0, 0, 0});
    assertThat(result.df()).isZero();
    assertThat(result.chiSquare()).isZero();
    assertThat(result.pValue()).isEqualTo(1.0);
    assertThat(result.groups()).singleElement().satisfies(g -> assertThat(g.observed()).isEqualTo(2));
  }

  @Test
  void anUnusedGroupIndexIsReportedEmpty() {
    LogRankResult result = LogRankTest.compare(new double[] {1, 2, 3, 4}, new boolean[] {true, true, true, false},
        new int[] {0, 2, 0, 2});
    assertThat(result.groups()).hasSize(3);
    assertThat(result.groups().get(1).n()).isZero();
    assertThat(result.groups().get(1).expected()).isZero();
    assertThat(result.df()).isEqualTo(1);
  }

  @Test
  void singularVarianceIsNaN() {
    // both subjects die at the same time: no variance left to test with
    LogRankResult result = LogRankTest.compare(new double[] {1, 1}, new boolean[] {true, true}, new int[] {0, 1});
    assertThat(result.chiSquare()).isNaN();
    assertThat(result.pValue()).isNaN();
  }

  @Test
  void rejectsBadGroups() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LogRankTest.compare(new double[] {1}, new boolean[] {true}, new int[] {-1}));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LogRankTest.compare(new double[] {1}, new boolean[] {true}, new int[0]));
  }
}
