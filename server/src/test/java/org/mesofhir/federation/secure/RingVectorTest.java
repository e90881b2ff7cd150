package org.mesofhir.federation.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesofhir.survival.stats.Aggregates;

class RingVectorTest {

	private static Aggregates of(long[] counts, double[] sums) {
		return new Aggregates(List.of(Aggregates.Part.counts("n", counts), Aggregates.Part.sums("s", sums)));
	}

	@Test
	void encodingRoundTripsExactlyForDoublesInRange() {
		double[] sums = {0, -0.0, 1, -1, 0.1, -123456.789, 1e6 + 1e-6, 1e-15, -3e-20, 0x1p79, -0x1p79, Math.PI};
		Aggregates plain = of(new long[] {0, 1, -1, RingVector.MAX_COUNT, -RingVector.MAX_COUNT}, sums);

		Aggregates decoded = RingVector.encode(plain).decode();

		assertThat(decoded.part("n").counts()).isEqualTo(plain.part("n").counts());
		// a double of magnitude 2^-44 or more has no bit below 2^-96: it comes back bit for bit
		for (int i = 0; i < sums.length; i++) {
			if (sums[i] == 0 || Math.abs(sums[i]) >= 0x1p-44) {
				assertThat(decoded.part("s").sums()[i]).as("%s", sums[i]).isEqualTo(sums[i] == -0.0 ? 0.0 : sums[i]);
			}
		}
		// smaller ones are rounded to 2^-97 absolute: 1e-15 still to 1e-13 relative
		assertThat(decoded.part("s").sums()[7]).isCloseTo(1e-15, org.assertj.core.data.Offset.offset(1e-28));
		assertThat(decoded.part("s").sums()[8]).isCloseTo(-3e-20, org.assertj.core.data.Offset.offset(1e-29));
	}

	/** The fixed-point reference, in BigInteger arithmetic: round(value * 2^96) modulo 2^192, as three words. */
	private static long[] referenceEncoding(double value) {
		java.math.BigInteger fixed = new java.math.BigDecimal(Math.rint(value * 0x1p96)).toBigIntegerExact();
		if (fixed.signum() < 0) {
			fixed = fixed.add(java.math.BigInteger.ONE.shiftLeft(192));
		}
		return new long[] {fixed.shiftRight(128).longValue(), fixed.shiftRight(64).longValue(), fixed.longValue()};
	}

	/** The reference decoding: the signed 192-bit value, rounded to the nearest double by BigInteger. */
	private static double referenceDecoding(long high, long middle, long low) {
		java.math.BigInteger fixed = java.math.BigInteger.ZERO;
		for (long word : new long[] {high, middle, low}) {
			fixed = fixed.shiftLeft(64).or(new java.math.BigInteger(Long.toUnsignedString(word)));
		}
		if (fixed.testBit(191)) {
			fixed = fixed.subtract(java.math.BigInteger.ONE.shiftLeft(192));
		}
		return fixed.doubleValue() * 0x1p-96;
	}

	@Test
	void wordArithmeticAgreesWithBigIntegerForEveryMagnitude() {
		java.util.Random random = new java.util.Random(192);
		List<Double> values = new java.util.ArrayList<>(List.of(0.0, -0.0, 0x1p-96, -0x1p-96, 0x1p-97, 0x1p-33, 0x1p-32,
				-0x1p-32, 0x1p31, 0x1p32, -0x1p32, 0x1p79, -0x1p79, Math.nextDown(0x1p80), -Math.nextDown(0x1p80), 1.5 * 0x1p-96));
		for (int i = 0; i < 20_000; i++) {
			double value = (random.nextDouble() + 0.5) * Math.scalb(1.0, random.nextInt(180) - 100);
			values.add(random.nextBoolean() ? value : -value);
		}
		for (double value : values) {
			Aggregates one = of(new long[0], new double[] {value});
			long[] encoded = RingVector.encode(one).words();
			assertThat(encoded).as("encoding of %s", value).containsExactly(referenceEncoding(value));
			assertThat(RingVector.decodeReal(encoded[0], encoded[1], encoded[2])).as("decoding of %s", value)
					.isEqualTo(referenceDecoding(encoded[0], encoded[1], encoded[2]));
		}
		// sums of several sites carry across words; random words (every bit pattern) decode as BigInteger rounds them
		for (int i = 0; i < 20_000; i++) {
			long high = random.nextLong() >> random.nextInt(64);
			long middle = random.nextInt(4) == 0 ? 0 : random.nextLong();
			long low = random.nextInt(4) == 0 ? 0 : random.nextLong();
			if (random.nextInt(8) == 0) {
				high = random.nextBoolean() ? 0 : -1;
			}
			assertThat(RingVector.decodeReal(high, middle, low)).as("%x %x %x", high, middle, low)
					.isEqualTo(referenceDecoding(high, middle, low));
		}
	}

	@Test
	void negativeSumsAndCarriesAcrossWords() {
		RingVector a = RingVector.encode(of(new long[] {-5}, new double[] {-0x1p-96, 0x1p60, -1}));
		RingVector b = RingVector.encode(of(new long[] {3}, new double[] {0x1p-96, 0x1p60, 0.5}));

		Aggregates sum = a.plus(b).decode();

		assertThat(sum.part("n").counts()).containsExactly(-2);
		assertThat(sum.part("s").sums()).containsExactly(0, 0x1p61, -0.5);
	}

	@Test
	void addingThenSubtractingAMaskRestoresTheVector() {
		RingVector vector = RingVector.encode(of(new long[] {7, -7}, new double[] {1.5, -2.25}));
		long[] original = vector.words().clone();
		long[] mask = {-1L, Long.MIN_VALUE, -1L, -1L, -1L, 1L, 0L, Long.MAX_VALUE};

		vector.addInto(vector.words(), mask, false);
		assertThat(vector.words()).isNotEqualTo(original);
		vector.addInto(vector.words(), mask, true);

		assertThat(vector.words()).isEqualTo(original);
	}

	@Test
	void valuesOutOfRangeAreRefusedNamingThePartAndIndex() {
		assertThatThrownBy(() -> RingVector.encode(of(new long[] {0, RingVector.MAX_COUNT + 1}, new double[0])))
				.isInstanceOf(RingVector.ValueOutOfRange.class).hasMessageContaining("part 'n' [1]");
		assertThatThrownBy(() -> RingVector.encode(of(new long[0], new double[] {1e30})))
				.isInstanceOf(RingVector.ValueOutOfRange.class).hasMessageContaining("part 's' [0]");
		assertThatThrownBy(() -> RingVector.encode(of(new long[0], new double[] {1, Double.NaN})))
				.hasMessageContaining("part 's' [1]").hasMessageContaining("not a finite number");
		assertThatThrownBy(() -> RingVector.encode(of(new long[0], new double[] {Double.NEGATIVE_INFINITY})))
				.hasMessageContaining("not a finite number");
	}

	@Test
	void wireBytesRoundTripAndWrongLengthsAreRefused() {
		RingVector vector = RingVector.encode(of(new long[] {1, 2}, new double[] {3}));
		MaskedAggregates wire = MaskedAggregates.of(vector);

		assertThat(wire.parts().get(0)).hasSize(16);
		assertThat(wire.parts().get(1)).hasSize(24);
		assertThat(wire.vector().words()).isEqualTo(vector.words());
		assertThat(vector.layout().describe()).isEqualTo("n:c:2,s:r:1");
		assertThatThrownBy(() -> new MaskedAggregates(vector.layout(), List.of(new byte[16], new byte[23])))
				.hasMessageContaining("part 's' must be 24 bytes, not 23");
	}
}
