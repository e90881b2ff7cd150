package org.mesofhir.characteristics;

import java.util.List;
import java.util.Map;
import org.mesofhir.characteristics.stats.GroupComparison;
import org.mesofhir.characteristics.stats.Summary;

/**
 * Table 1 as computed: one column per group (in label order) and a last column {@code overall}; every
 * count may be withheld for privacy, in which case its value must not be shown.
 *
 * @param patients patients in the table (the overall column's n)
 * @param excluded reason → patients left out of the whole table
 * @param minCellSize the privacy threshold the table was suppressed with
 */
record TableOneResult(String by, int patients, List<Column> columns, Map<String, Integer> excluded,
		List<Variable> variables, List<String> warnings, int minCellSize) {

	static final String OVERALL = "overall";

	record Column(String label, long n, boolean suppressed) {}

	/**
	 * @param rows a categorical variable's levels, then its {@code missing} row; a continuous one's
	 *     {@code missing} row only
	 * @param summaries a continuous variable's description per column (null where withheld); else empty
	 * @param test the comparison of the groups, or null (no grouping, one group, or withheld: see warnings)
	 */
	record Variable(String name, boolean categorical, List<Row> rows, List<Summary> summaries, GroupComparison test) {}

	record Row(String label, boolean missing, List<Cell> cells) {}

	/** @param percent of the column's patients (missing included, so a column adds up to 100) */
	record Cell(long count, boolean suppressed, double percent) {

		/**
		 * What a reader may see: {@code <5} for a count withheld because it is small, {@code withheld} for
		 * one withheld so that a small one cannot be recovered from a total, else the count.
		 */
		String display(int minCellSize) {
			if (!suppressed) {
				return Long.toString(count);
			}
			return count > 0 && count < minCellSize ? "<" + minCellSize : "withheld";
		}
	}
}
