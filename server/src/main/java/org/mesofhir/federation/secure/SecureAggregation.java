package org.mesofhir.federation.secure;

import java.util.List;
import org.mesofhir.survival.stats.Aggregates;

/**
 * Secure aggregation of the sites' aggregates: a site {@link #mask}s its answer to a round so that only the
 * sum over all the round's participants can be read, and the hub {@link #unmaskSum}s the masked answers.
 * With one participant there is nothing to mask against: its answer is the pooled answer.
 */
public final class SecureAggregation {

	private SecureAggregation() {}

	/**
	 * This site's masked answer.
	 *
	 * @param participants every site of the round, in the hub's order, this site among them (by its public key)
	 * @throws IllegalArgumentException when a value is out of the ring's range or the participants are not a
	 *     valid list (a name or key twice, a key that is not X25519, this site missing)
	 */
	public static MaskedAggregates mask(Aggregates plain, MaskingKeys own, List<Participant> participants, String analysisId,
			int round) {
		RingVector vector = RingVector.encode(plain);
		PairwiseMasks.apply(vector, own, participants, analysisId, round);
		return MaskedAggregates.of(vector);
	}

	/** The plain sum of every participant's masked answer (all of them, or the masks do not cancel). */
	public static Aggregates unmaskSum(List<MaskedAggregates> answers) {
		if (answers.isEmpty()) {
			throw new IllegalArgumentException("no answers to sum");
		}
		RingVector sum = answers.get(0).vector();
		for (int i = 1; i < answers.size(); i++) {
			sum = sum.plus(answers.get(i).vector());
		}
		return sum.decode();
	}
}
