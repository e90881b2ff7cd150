package org.mesofhir.characteristics;

import java.util.List;

/**
 * One Table 1: the grouping (a categorical covariate of SPEC §3, or null for the whole cohort) and the
 * variables to describe, in the order asked.
 */
record CharacteristicsRequest(String by, List<String> variables, int[] pciCutoffs) {

	/** ECOG is a score of five grades: a table shows its grades, as a manuscript's Table 1 does. */
	static boolean describedByLevels(String variable) {
		return "ecog".equals(variable) || org.mesofhir.survival.BaselineVariables.categorical(variable);
	}
}
