package org.mesofhir.survival;

import org.mesofhir.survival.stats.Aggregates;

/**
 * A site's side of a federated analysis: answers one round's question over this site's own cohort with
 * additive aggregates only (never a patient identifier, date or single-patient row). The question is the
 * JSON text that the hub's side of the engine ({@code PooledSurvival}) wrote; the transport relays it
 * unread. Implemented by the survival engine, called by {@code $survival-aggregates}.
 */
public interface SiteRounds {

	/**
	 * The number of patients in this site's cohort, for the site's own privacy rules.
	 *
	 * @param cohort {@code system|value} of this site's Group that is the cohort, or null for every patient
	 * @throws UnknownCohortException when no Group has that identifier
	 */
	int cohortSize(String cohort);

	/**
	 * This site's aggregates for one round.
	 *
	 * @param cohort as for {@link #cohortSize}
	 * @param round the round's question as the hub's engine wrote it
	 * @throws IllegalArgumentException when the question is malformed (the site answers 400, naming why)
	 * @throws UnknownCohortException when no Group has that identifier
	 */
	Aggregates answer(String cohort, String round);

	/** No Group of this site carries the cohort identifier the hub asked for. */
	class UnknownCohortException extends RuntimeException {
		public UnknownCohortException(String message) {
			super(message);
		}
	}
}
