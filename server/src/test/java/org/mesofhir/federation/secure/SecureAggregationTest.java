package org.mesofhir.federation.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mesofhir.survival.stats.Aggregates;

class SecureAggregationTest {

	private static final String ANALYSIS = "analysis-1";

	/** Sites with fresh keys, named site-0, site-1, ... */
	private record Sites(List<MaskingKeys> keys, List<Participant> participants) {
		static Sites of(int count) {
			List<MaskingKeys> keys = new ArrayList<>();
			List<Participant> participants = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				MaskingKeys key = MaskingKeys.generate();
				keys.add(key);
				participants.add(new Participant("site-" + i, key.publicKey()));
			}
			return new Sites(keys, participants);
		}

		List<MaskedAggregates> mask(List<Aggregates> plain, int round) {
			List<MaskedAggregates> masked = new ArrayList<>();
			for (int i = 0; i < plain.size(); i++) {
				masked.add(SecureAggregation.mask(plain.get(i), keys.get(i), participants, ANALYSIS, round));
			}
			return masked;
		}
	}

	private static Aggregates random(Random random, int length) {
		long[] counts = new long[length];
		double[] sums = new double[length];
		double[] wide = new double[length];
		for (int i = 0; i < length; i++) {
			counts[i] = random.nextInt(2000) - 1000;
			sums[i] = (random.nextDouble() - 0.5) * 2e6; // Cox risk-set sums up to ~1e6, negative too
			// 1e-15 .. 1e20 in magnitude, both signs
			wide[i] = (random.nextBoolean() ? 1 : -1) * Math.pow(10, -15 + 35 * random.nextDouble());
		}
		return new Aggregates(List.of(Aggregates.Part.counts("events", counts), Aggregates.Part.sums("riskSet", sums),
				Aggregates.Part.sums("wide", wide)));
	}

	@ParameterizedTest(name = "{0} sites")
	@ValueSource(ints = {1, 2, 3, 4, 5})
	void maskedSumDecodesToThePlainSum(int siteCount) {
		Random random = new Random(siteCount);
		Sites sites = Sites.of(siteCount);
		List<Aggregates> plain = new ArrayList<>();
		for (int i = 0; i < siteCount; i++) {
			plain.add(random(random, 500));
		}

		Aggregates sum = SecureAggregation.unmaskSum(sites.mask(plain, 3));

		assertThat(sum.part("events").counts()).isEqualTo(Aggregates.sum(plain).part("events").counts());
		for (String part : List.of("riskSet", "wide")) {
			double[] got = sum.part(part).sums();
			for (int e = 0; e < got.length; e++) {
				BigDecimal exact = BigDecimal.ZERO;
				for (Aggregates site : plain) {
					exact = exact.add(new BigDecimal(site.part(part).sums()[e]));
				}
				double error = new BigDecimal(got[e]).subtract(exact).abs().doubleValue();
				assertThat(error).as("%s[%d] = %s, exact %s", part, e, got[e], exact.round(MathContext.DECIMAL64))
						.isLessThanOrEqualTo(1e-12 * Math.abs(exact.doubleValue()) + 1e-27);
			}
		}
	}

	@Test
	void everyParticipantIsNeeded() {
		Random random = new Random(7);
		Sites sites = Sites.of(3);
		List<Aggregates> plain = List.of(random(random, 50), random(random, 50), random(random, 50));
		List<MaskedAggregates> masked = sites.mask(plain, 0);

		// without the third site's answer the masks do not cancel: the two others' sum is not readable
		Aggregates partial = SecureAggregation.unmaskSum(masked.subList(0, 2));
		long[] twoSites = Aggregates.sum(plain.subList(0, 2)).part("events").counts();
		int equal = 0;
		for (int i = 0; i < twoSites.length; i++) {
			equal += partial.part("events").counts()[i] == twoSites[i] ? 1 : 0;
		}
		assertThat(equal).isZero();
	}

	@Test
	void aSingleMaskedVectorLooksRandomWhateverItHides() {
		Sites sites = Sites.of(3);
		int length = 40_000;
		Aggregates zeros = new Aggregates(List.of(Aggregates.Part.counts("c", new long[length]),
				Aggregates.Part.sums("r", new double[length])));
		long[] counts = new long[length];
		double[] sums = new double[length];
		for (int i = 0; i < length; i++) {
			counts[i] = i % 7;
			sums[i] = i * 0.25;
		}
		Aggregates data = new Aggregates(List.of(Aggregates.Part.counts("c", counts), Aggregates.Part.sums("r", sums)));

		for (Aggregates plain : List.of(zeros, data)) {
			MaskedAggregates masked = SecureAggregation.mask(plain, sites.keys().get(1), sites.participants(), ANALYSIS, 0);
			for (byte[] part : masked.parts()) {
				assertThat(RandomnessTests.byteChiSquare(part)).as("chi-square, 255 df").isLessThan(RandomnessTests.CHI_SQUARE_255_P_1E6);
				assertThat(Math.abs(RandomnessTests.bitRunsZ(part))).as("runs test z").isLessThan(5);
			}
		}
		// the plain encodings fail the same tests: they do detect structure
		MaskedAggregates unmasked = MaskedAggregates.of(RingVector.encode(data));
		assertThat(RandomnessTests.byteChiSquare(unmasked.parts().get(0))).isGreaterThan(RandomnessTests.CHI_SQUARE_255_P_1E6);
	}

	@Test
	void twoMaskingsOfTheSameDataDiffer() {
		Aggregates plain = random(new Random(1), 1000);
		Sites first = Sites.of(2);
		Sites second = Sites.of(2); // a new analysis: fresh keys
		byte[] a = SecureAggregation.mask(plain, first.keys().get(0), first.participants(), ANALYSIS, 0).parts().get(1);
		byte[] b = SecureAggregation.mask(plain, second.keys().get(0), second.participants(), ANALYSIS, 0).parts().get(1);
		byte[] nextRound = SecureAggregation.mask(plain, first.keys().get(0), first.participants(), ANALYSIS, 1).parts().get(1);

		assertThat(RandomnessTests.byteChiSquare(RandomnessTests.xor(a, b))).isLessThan(RandomnessTests.CHI_SQUARE_255_P_1E6);
		assertThat(RandomnessTests.byteChiSquare(RandomnessTests.xor(a, nextRound))).isLessThan(RandomnessTests.CHI_SQUARE_255_P_1E6);
	}

	@Test
	void anotherParticipantSetGivesUnrelatedMasks() {
		Sites four = Sites.of(4);
		Aggregates plain = new Aggregates(List.of(Aggregates.Part.counts("c", new long[20_000])));
		List<Participant> abc = four.participants().subList(0, 3);
		List<Participant> abd = List.of(four.participants().get(0), four.participants().get(1), four.participants().get(3));

		byte[] withC = SecureAggregation.mask(plain, four.keys().get(0), abc, ANALYSIS, 0).parts().get(0);
		byte[] withD = SecureAggregation.mask(plain, four.keys().get(0), abd, ANALYSIS, 0).parts().get(0);
		// site 0 shares its mask with site 1 in both sets; bound to the set, it is still unrelated
		List<Participant> ab = four.participants().subList(0, 2);
		byte[] pairOnly = SecureAggregation.mask(plain, four.keys().get(0), ab, ANALYSIS, 0).parts().get(0);

		assertThat(RandomnessTests.byteChiSquare(RandomnessTests.xor(withC, withD))).isLessThan(RandomnessTests.CHI_SQUARE_255_P_1E6);
		assertThat(RandomnessTests.byteChiSquare(RandomnessTests.xor(withC, pairOnly))).isLessThan(RandomnessTests.CHI_SQUARE_255_P_1E6);
	}

	@Test
	void badParticipantListsAreRefused() {
		Sites sites = Sites.of(2);
		Aggregates plain = random(new Random(2), 3);
		MaskingKeys stranger = MaskingKeys.generate();
		Participant a = sites.participants().get(0);

		assertThatThrownBy(() -> SecureAggregation.mask(plain, stranger, sites.participants(), ANALYSIS, 0))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not among the participants");
		assertThatThrownBy(() -> SecureAggregation.mask(plain, sites.keys().get(0), List.of(a, new Participant("site-0", stranger.publicKey())), ANALYSIS, 0))
				.hasMessageContaining("listed twice");
		assertThatThrownBy(() -> SecureAggregation.mask(plain, sites.keys().get(0), List.of(a, new Participant("x", "bm90IGEga2V5")), ANALYSIS, 0))
				.hasMessageContaining("no valid X25519 public key");
	}

	@Test
	void answersOfDifferentLayoutsAreNotSummed() {
		Sites sites = Sites.of(2);
		MaskedAggregates a = SecureAggregation.mask(random(new Random(3), 4), sites.keys().get(0), sites.participants(), ANALYSIS, 0);
		MaskedAggregates b = SecureAggregation.mask(random(new Random(3), 5), sites.keys().get(1), sites.participants(), ANALYSIS, 0);

		assertThatThrownBy(() -> SecureAggregation.unmaskSum(List.of(a, b))).hasMessageContaining("do not line up");
	}

	@Test
	void hkdfIsDeterministicAndItsInfoFieldsCannotRunTogether() {
		byte[] secret = new byte[32];
		byte[] one = PairwiseMasks.hkdf(secret, PairwiseMasks.info("a", 0, "s1", "s2", "r", "c:c:1"), 48);
		byte[] again = PairwiseMasks.hkdf(secret, PairwiseMasks.info("a", 0, "s1", "s2", "r", "c:c:1"), 48);
		byte[] shifted = PairwiseMasks.hkdf(secret, PairwiseMasks.info("a", 0, "s1s", "2", "r", "c:c:1"), 48);

		assertThat(one).hasSize(48).isEqualTo(again).isNotEqualTo(shifted);
	}

	@ParameterizedTest
	@ValueSource(ints = {1, 8191, 8192, 8193, 40_000})
	void theKeystreamIsAes256CtrOfTheSeedWhateverPiecesItIsMadeIn(int words) throws Exception {
		byte[] seed = new byte[48];
		new Random(words).nextBytes(seed);
		javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
		aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(seed, 0, 32, "AES"),
				new javax.crypto.spec.IvParameterSpec(seed, 32, 16));
		long[] expected = new long[words];
		java.nio.ByteBuffer.wrap(aes.doFinal(new byte[words * Long.BYTES])).asLongBuffer().get(expected);

		assertThat(PairwiseMasks.keystream(seed, words)).isEqualTo(expected);
	}
}
