package org.mesofhir.survival;

import java.util.List;

/**
 * The hub's connection to the configured sites, implemented by the federation transport: opens one attempt
 * at a federated analysis (the per-analysis key agreement for secure aggregation happens here) over which
 * the engine then asks its rounds. A site that drops out makes the engine open a new attempt without it,
 * with fresh keys, so nothing is ever partially unmasked.
 */
public interface SiteFederation {

	/** The configured site names, in configuration order. */
	List<String> siteNames();

	/**
	 * Asks every named site to take part in one analysis. Sites that cannot (unreachable, refused, timeout,
	 * error) are in the attempt's {@link FederatedAttempt#statuses()} and take no part in its rounds.
	 *
	 * @param cohort {@code system|value} of the Group each site analyses, or null for every patient
	 * @param sites names among {@link #siteNames()}
	 * @param parameters the analysis parameters as the researcher gave them, for the sites' audit logs
	 */
	FederatedAttempt open(String cohort, List<String> sites, String parameters);

	/** One attempt at an analysis: its rounds go to the sites that joined it, and only their sum comes back. */
	interface FederatedAttempt extends RoundExchange {

		/** Every site asked, in the order asked: those that joined ({@code ok}) and those that did not. */
		List<SiteStatus> statuses();

		/** What the attempt cost so far, for the hub's log (rounds, time, bytes per site); empty when untracked. */
		default String summary() {
			return "";
		}
	}

	/**
	 * @param status {@code ok}, {@code unreachable}, {@code refused}, {@code timeout} or {@code error}
	 * @param detail why, for any status but {@code ok} (the site's own words for {@code refused}); else null
	 * @param patientCount the site's cohort size, only when the site's settings allow publishing it; else null
	 */
	record SiteStatus(String name, String status, String detail, Integer patientCount) {

		public boolean ok() {
			return "ok".equals(status);
		}
	}
}
