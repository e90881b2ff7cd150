package org.mesofhir.survival.stats;

/**
 * One group of a log-rank test, as a row of R's {@code survdiff} output.
 *
 * @param group the group index given to {@link LogRankTest#compare}
 * @param n subjects in the group
 * @param observed events observed in the group
 * @param expected events expected under equal hazards
 */
public record LogRankGroup(int group, int n, int observed, double expected) {}
