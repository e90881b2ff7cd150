package org.mesofhir.demo;

import java.util.SplittableRandom;

/**
 * Quota sampling: a cohort's categories in exact proportions (largest-remainder rounding), handed out in
 * random order. Sampling noise then cannot move a proportion by more than one patient.
 */
final class Quotas {

	private Quotas() {}

	/** How many of {@code total} fall in each category of {@code shares} (which need not sum to 1), adding up to total. */
	static int[] counts(double[] shares, int total) {
		double sum = 0;
		for (double share : shares) {
			sum += share;
		}
		int[] counts = new int[shares.length];
		double[] remainders = new double[shares.length];
		int given = 0;
		for (int i = 0; i < shares.length; i++) {
			double exact = shares[i] / sum * total;
			counts[i] = (int) Math.floor(exact);
			remainders[i] = exact - counts[i];
			given += counts[i];
		}
		for (; given < total; given++) {
			int largest = 0;
			for (int i = 1; i < shares.length; i++) {
				if (remainders[i] > remainders[largest]) {
					largest = i;
				}
			}
			counts[largest]++;
			remainders[largest] = -1;
		}
		return counts;
	}

	/** {@code total} category indexes in the proportions of {@code shares}, shuffled. */
	static int[] shuffled(double[] shares, int total, SplittableRandom random) {
		int[] counts = counts(shares, total);
		int[] categories = new int[total];
		int next = 0;
		for (int category = 0; category < counts.length; category++) {
			for (int k = 0; k < counts[category]; k++) {
				categories[next++] = category;
			}
		}
		shuffle(categories, random);
		return categories;
	}

	/**
	 * {@code total} category indexes in the proportions of {@code shares}, evenly spread (each prefix of
	 * the sequence holds every category as near its share as whole patients allow): walked through in
	 * consecutive groups, every group gets its fair part of every category.
	 */
	static int[] spread(double[] shares, int total) {
		int[] counts = counts(shares, total);
		int[] given = new int[counts.length];
		int[] sequence = new int[total];
		for (int position = 0; position < total; position++) {
			int neediest = -1;
			double largestDeficit = Double.NEGATIVE_INFINITY;
			for (int c = 0; c < counts.length; c++) {
				double deficit = (double) counts[c] * (position + 1) / total - given[c];
				if (given[c] < counts[c] && deficit > largestDeficit) {
					largestDeficit = deficit;
					neediest = c;
				}
			}
			sequence[position] = neediest;
			given[neediest]++;
		}
		return sequence;
	}

	/** {@code n} stratified uniforms: one in each of [k/n, (k+1)/n), shuffled. */
	static double[] stratifiedUniforms(int n, SplittableRandom random) {
		double[] uniforms = new double[n];
		for (int k = 0; k < n; k++) {
			uniforms[k] = (k + random.nextDouble()) / n;
		}
		shuffle(uniforms, random);
		return uniforms;
	}

	/** The midpoints (k + ½)/n of the n strata of [0, 1), shuffled: the least noisy n-point sample of a uniform. */
	static double[] stratifiedMidpoints(int n, SplittableRandom random) {
		double[] midpoints = new double[n];
		for (int k = 0; k < n; k++) {
			midpoints[k] = (k + 0.5) / n;
		}
		shuffle(midpoints, random);
		return midpoints;
	}

	private static void shuffle(double[] values, SplittableRandom random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			double swap = values[i];
			values[i] = values[j];
			values[j] = swap;
		}
	}

	static void shuffle(int[] values, SplittableRandom random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = values[i];
			values[i] = values[j];
			values[j] = swap;
		}
	}
}
