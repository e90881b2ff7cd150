package org.mesofhir.characteristics;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-cell suppression for a table whose rows and columns add up to totals that are shown: every count
 * from 1 to {@code minCellSize - 1} is withheld (primary), then, wherever a row or column total has exactly
 * one withheld count among its parts, the smallest other count is withheld too (secondary), until no
 * withheld count can be recovered by subtracting the shown ones from a total. Zero counts are shown.
 */
final class CellSuppression {

	private final long[] values;
	private final boolean[] suppressed;
	private final List<int[]> constraints = new ArrayList<>();

	/** @param values every count of the table, each addressed by its index */
	CellSuppression(long[] values) {
		this.values = values.clone();
		this.suppressed = new boolean[values.length];
	}

	/** Declares that the counts at these indices are linked by one sum (a total and its parts). */
	CellSuppression linked(int... indices) {
		constraints.add(indices.clone());
		return this;
	}

	/** Withholds an index whatever its value (e.g. a count already withheld elsewhere). */
	CellSuppression withhold(int index) {
		suppressed[index] = true;
		return this;
	}

	/** @return for each index, whether its count is withheld */
	boolean[] apply(int minCellSize) {
		if (minCellSize <= 1) {
			return suppressed.clone();
		}
		for (int i = 0; i < values.length; i++) {
			if (values[i] > 0 && values[i] < minCellSize) {
				suppressed[i] = true;
			}
		}
		boolean changed = true;
		while (changed) {
			changed = false;
			for (int[] constraint : constraints) {
				if (withheldIn(constraint) == 1) {
					int next = smallestShown(constraint);
					if (next >= 0) {
						suppressed[next] = true;
						changed = true;
					}
				}
			}
		}
		return suppressed.clone();
	}

	private int withheldIn(int[] constraint) {
		int count = 0;
		for (int index : constraint) {
			if (suppressed[index]) {
				count++;
			}
		}
		return count;
	}

	/** The smallest shown positive count (a shown zero only when there is no positive one), or -1. */
	private int smallestShown(int[] constraint) {
		int best = -1;
		for (int index : constraint) {
			if (suppressed[index]) {
				continue;
			}
			if (best < 0 || rank(values[index]) < rank(values[best])) {
				best = index;
			}
		}
		return best;
	}

	private static long rank(long value) {
		return value == 0 ? Long.MAX_VALUE : value;
	}
}
