package org.mesofhir.federation.secure;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pairwise masks (Bonawitz et al., "Practical Secure Aggregation", without the dropout recovery): each pair
 * of participants derives one seed from their X25519 shared secret by HKDF-SHA256, bound to the analysis,
 * the round, both site names, the whole participant list and the layout (so another participant set, round
 * or layout gives unrelated masks); the seed keys AES-256-CTR, whose keystream is the mask. The
 * earlier participant (in the hub's order) adds it, the later one subtracts it, so every mask cancels in the
 * sum and each masked vector alone is uniformly random to anyone without one of the two private keys.
 */
final class PairwiseMasks {

	private static final byte[] SALT = "mesofhir secure aggregation v1".getBytes(StandardCharsets.UTF_8);

	private PairwiseMasks() {}

	/** Adds this site's masks into {@code vector} (in place). */
	static void apply(RingVector vector, MaskingKeys own, List<Participant> participants, String analysisId, int round) {
		int self = position(own, participants);
		long[] words = vector.words();
		for (int other = 0; other < participants.size(); other++) {
			if (other == self) {
				continue;
			}
			Participant first = participants.get(Math.min(self, other));
			Participant second = participants.get(Math.max(self, other));
			byte[] seed = hkdf(own.sharedSecret(participants.get(other).publicKey()),
					info(analysisId, round, first.site(), second.site(), roster(participants), vector.layout().describe()), 48);
			long[] mask = keystream(seed, words.length);
			vector.addInto(words, mask, other < self);
			Arrays.fill(seed, (byte) 0);
		}
	}

	/** This site's place among the participants, found by its own public key; the list is checked as well. */
	static int position(MaskingKeys own, List<Participant> participants) {
		Set<String> sites = new HashSet<>();
		Set<String> keys = new HashSet<>();
		int self = -1;
		for (int i = 0; i < participants.size(); i++) {
			Participant participant = participants.get(i);
			if (!sites.add(participant.site())) {
				throw new IllegalArgumentException("site '" + participant.site() + "' is listed twice among the participants");
			}
			if (!keys.add(participant.publicKey())) {
				throw new IllegalArgumentException("two participants have the same public key");
			}
			if (!MaskingKeys.isPublicKey(participant.publicKey())) {
				throw new IllegalArgumentException("participant '" + participant.site() + "' has no valid X25519 public key");
			}
			if (participant.publicKey().equals(own.publicKey())) {
				self = i;
			}
		}
		if (self < 0) {
			throw new IllegalArgumentException("this site's public key for the analysis is not among the participants");
		}
		return self;
	}

	/** The participant list, in order, as one string of length-prefixed names and keys. */
	static String roster(List<Participant> participants) {
		StringBuilder roster = new StringBuilder();
		participants.forEach(p -> roster.append(p.site().length()).append(':').append(p.site())
				.append(p.publicKey().length()).append(':').append(p.publicKey()));
		return roster.toString();
	}

	static byte[] info(String analysisId, int round, String firstSite, String secondSite, String roster, String layout) {
		ByteArrayOutputStream info = new ByteArrayOutputStream();
		for (String field : List.of(analysisId, Integer.toString(round), firstSite, secondSite, roster, layout)) {
			byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
			// length-prefixed, so no two different tuples give the same bytes
			info.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
			info.writeBytes(bytes);
		}
		return info.toByteArray();
	}

	/** HKDF-SHA256 (RFC 5869): extract with the fixed salt, expand with {@code info}. */
	static byte[] hkdf(byte[] secret, byte[] info, int length) {
		try {
			Mac extract = Mac.getInstance("HmacSHA256");
			extract.init(new SecretKeySpec(SALT, "HmacSHA256"));
			byte[] prk = extract.doFinal(secret);
			Mac expand = Mac.getInstance("HmacSHA256");
			expand.init(new SecretKeySpec(prk, "HmacSHA256"));
			byte[] out = new byte[length];
			byte[] block = new byte[0];
			for (int filled = 0, counter = 1; filled < length; counter++) {
				expand.update(block);
				expand.update(info);
				expand.update((byte) counter);
				block = expand.doFinal();
				int take = Math.min(block.length, length - filled);
				System.arraycopy(block, 0, out, filled, take);
				filled += take;
			}
			Arrays.fill(prk, (byte) 0);
			return out;
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 unavailable", e);
		}
	}

	/** Keystream is made this many bytes at a time: the JDK's AES-CTR runs about 1.6x faster in such pieces than in one. */
	private static final int CHUNK = 64 * 1024;

	/** {@code words} 64-bit words of AES-256-CTR keystream: key = seed[0..32), initial counter = seed[32..48). */
	static long[] keystream(byte[] seed, int words) {
		try {
			Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
			aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 32, "AES"), new IvParameterSpec(seed, 32, 16));
			long[] mask = new long[words];
			byte[] zeros = new byte[CHUNK];
			byte[] stream = new byte[CHUNK];
			for (int from = 0; from < words; from += CHUNK / Long.BYTES) {
				int count = Math.min(CHUNK / Long.BYTES, words - from);
				int made = aes.update(zeros, 0, count * Long.BYTES, stream, 0);
				if (made != count * Long.BYTES) {
					throw new IllegalStateException("AES/CTR gave " + made + " bytes, not " + count * Long.BYTES);
				}
				ByteBuffer.wrap(stream, 0, made).asLongBuffer().get(mask, from, count);
			}
			return mask;
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES/CTR unavailable", e);
		}
	}
}
