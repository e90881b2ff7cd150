package org.mesofhir.federation.secure;

/** Two classic statistical tests of randomness (byte frequencies, runs of bits), for the masking tests. */
final class RandomnessTests {

	/** The chi-square quantile of 255 degrees of freedom at p = 1e-6 (scipy.stats.chi2.ppf(1 - 1e-6, 255) = 377.08). */
	static final double CHI_SQUARE_255_P_1E6 = 377.08;

	private RandomnessTests() {}

	static double byteChiSquare(byte[] bytes) {
		long[] counts = new long[256];
		for (byte b : bytes) {
			counts[b & 0xff]++;
		}
		double expected = bytes.length / 256.0;
		double chiSquare = 0;
		for (long count : counts) {
			chiSquare += (count - expected) * (count - expected) / expected;
		}
		return chiSquare;
	}

	/** Wald–Wolfowitz runs test on the bit string: z of the number of runs. */
	static double bitRunsZ(byte[] bytes) {
		long ones = 0;
		long runs = 1;
		int previous = bytes[0] >> 7 & 1;
		long n = bytes.length * 8L;
		for (int i = 0; i < n; i++) {
			int bit = bytes[i >> 3] >> (7 - (i & 7)) & 1;
			ones += bit;
			if (i > 0 && bit != previous) {
				runs++;
			}
			previous = bit;
		}
		long zeros = n - ones;
		double mean = 2.0 * ones * zeros / n + 1;
		double variance = (mean - 1) * (mean - 2) / (n - 1);
		return (runs - mean) / Math.sqrt(variance);
	}

	static byte[] xor(byte[] a, byte[] b) {
		byte[] x = new byte[a.length];
		for (int i = 0; i < a.length; i++) {
			x[i] = (byte) (a[i] ^ b[i]);
		}
		return x;
	}
}
