package org.mesofhir.survival;

import org.mesofhir.survival.stats.Aggregates;

/**
 * The hub's view of the sites during one federated analysis: asks every participating site one round's
 * question and returns only the sum of their aggregates (with secure aggregation, the hub can read
 * nothing else). Local {@code $survival} is the one-site case, with an in-process exchange.
 */
public interface RoundExchange {

	/**
	 * @param round the round's question (JSON written by the engine), relayed unread to every site
	 * @return the element-wise sum of every participating site's answer
	 * @throws SiteDropoutException when a site fails mid-analysis: the caller restarts the analysis
	 *     without it (no partial unmasking)
	 */
	Aggregates sum(String round);

	/** A site stopped answering (or answered garbage) in the middle of an analysis. */
	class SiteDropoutException extends RuntimeException {
		private final String site;
		private final String status;

		public SiteDropoutException(String site, String message) {
			this(site, "error", message);
		}

		/** @param status as {@link SiteFederation.SiteStatus#status()}: unreachable, refused, timeout or error */
		public SiteDropoutException(String site, String status, String message) {
			super(message);
			this.site = site;
			this.status = status;
		}

		public String site() {
			return site;
		}

		public String status() {
			return status;
		}
	}
}
