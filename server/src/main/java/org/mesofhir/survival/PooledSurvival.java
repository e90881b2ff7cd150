package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mesofhir.survival.RoundExchange.SiteDropoutException;
import org.mesofhir.survival.SiteFederation.FederatedAttempt;
import org.mesofhir.survival.SiteFederation.SiteStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The hub's side of a federated analysis: runs a {@link SurvivalRequest} over the sites of a
 * {@link SiteFederation} with the same engine as local {@code $survival} ({@link PooledAnalysis}). A site that
 * cannot take part, or drops out mid-analysis, ends the analysis unless partial results are allowed; then a
 * new attempt without it starts from the first round (fresh keys, nothing partially unmasked), and a warning
 * says which sites the result covers.
 */
@Service
class PooledSurvival {

	private static final Logger LOG = LoggerFactory.getLogger(PooledSurvival.class);

	private final SurvivalProperties properties;

	PooledSurvival(SurvivalProperties properties) {
		this.properties = properties;
	}

	/** The pooled result with every asked site's status (in the order asked). */
	record Federated(SurvivalResult result, List<SiteStatus> sites) {}

	/** The analysis could not be completed: every asked site's status says why. */
	static final class FederationFailure extends RuntimeException {
		private final List<SiteStatus> sites;

		FederationFailure(String message, List<SiteStatus> sites) {
			super(message);
			this.sites = List.copyOf(sites);
		}

		List<SiteStatus> sites() {
			return sites;
		}
	}

	/**
	 * @param cohort {@code system|value} of the Group each site analyses, or null for every patient
	 * @param sites names among the federation's sites
	 * @param parameters the request as the researcher gave it, for the sites' audit logs
	 */
	Federated analyse(SurvivalRequest request, SiteFederation federation, String cohort, List<String> sites,
			boolean allowPartial, String parameters) {
		return SurvivalDeadline.run(() -> attempt(request, federation, cohort, sites, allowPartial, parameters),
				properties.timeout());
	}

	private Federated attempt(SurvivalRequest request, SiteFederation federation, String cohort, List<String> sites,
			boolean allowPartial, String parameters) {
		Map<String, SiteStatus> left = new LinkedHashMap<>(); // sites out of the analysis, and why
		List<String> asking = new ArrayList<>(sites);
		while (true) {
			FederatedAttempt attempt = federation.open(cohort, List.copyOf(asking), parameters);
			List<SiteStatus> statuses = attempt.statuses();
			for (SiteStatus status : statuses) {
				if (!status.ok()) {
					left.put(status.name(), status);
				}
			}
			List<String> joined = statuses.stream().filter(SiteStatus::ok).map(SiteStatus::name).toList();
			if (!left.isEmpty() && !allowPartial) {
				throw new FederationFailure("Not every site could take part (allowPartial=true gives the pooled result"
						+ " of those that can): " + describe(left.values()), all(sites, statuses, left));
			}
			if (joined.isEmpty()) {
				throw new FederationFailure("No site could take part: " + describe(left.values()), all(sites, statuses, left));
			}
			try {
				SurvivalResult result = PooledAnalysis.run(request, guarded(attempt), covariate -> publicLevels(covariate, request),
						joined.size() == 1, List.of(), properties.minCellSize());
				if (!left.isEmpty()) {
					List<String> warnings = new ArrayList<>(result.warnings());
					warnings.add(0, "Partial result: pooled over " + String.join(", ", joined) + " only; "
							+ describe(left.values()));
					result = new SurvivalResult(result.request(), result.patients(), result.events(), result.exclusions(),
							result.strata(), result.logRank(), result.cox(), result.univariable(), result.followUp(), warnings);
				}
				String cost = attempt.summary();
				if (!cost.isEmpty()) {
					LOG.info("federated analysis over {}: {}", joined, cost);
				}
				return new Federated(result, all(sites, statuses, left));
			} catch (SiteDropoutException e) {
				SiteStatus dropped = new SiteStatus(e.site(), e.status(), e.getMessage(), null);
				left.put(e.site(), dropped);
				if (!allowPartial) {
					throw new FederationFailure("Site " + e.site() + " dropped out of the analysis (" + e.status() + ": "
							+ e.getMessage() + "); allowPartial=true gives the pooled result of the others",
							all(sites, statuses, left));
				}
				asking.remove(e.site());
				if (asking.isEmpty()) {
					throw new FederationFailure("No site could complete the analysis: " + describe(left.values()),
							all(sites, statuses, left));
				}
			} catch (PooledAnalysis.MalformedAnswerException e) {
				throw new FederationFailure("The sites' summed answer is malformed (" + e.getMessage()
						+ "); a site answered something other than the question asked", all(sites, statuses, left));
			}
		}
	}

	/**
	 * The attempt's sums, with any failure but a site's dropout (which the transport attributes to a site)
	 * turned into a malformed answer: the federation, not this server, failed.
	 */
	private static RoundExchange guarded(FederatedAttempt attempt) {
		return round -> {
			try {
				return attempt.sum(round);
			} catch (SiteDropoutException e) {
				throw e;
			} catch (RuntimeException e) {
				throw new PooledAnalysis.MalformedAnswerException("the round could not be summed: " + e.getMessage());
			}
		};
	}

	/** Every asked site's status, in the order asked: its reason for leaving, else as the last attempt had it. */
	private static List<SiteStatus> all(List<String> sites, List<SiteStatus> last, Map<String, SiteStatus> left) {
		Map<String, SiteStatus> byName = new LinkedHashMap<>();
		last.forEach(s -> byName.put(s.name(), s));
		byName.putAll(left);
		return sites.stream().map(name -> byName.getOrDefault(name, new SiteStatus(name, "error", "no status", null)))
				.toList();
	}

	private static String describe(java.util.Collection<SiteStatus> statuses) {
		return statuses.stream().map(s -> s.name() + " " + s.status() + (s.detail() == null ? "" : " (" + s.detail() + ")"))
				.collect(Collectors.joining("; "));
	}

	/**
	 * The levels every site shares for a categorical covariate: its fixed vocabulary (SPEC §3). {@code site}
	 * has none (each hospital names its own), so federated analyses refuse it (see
	 * {@link FederatedSurvivalOperationProvider}).
	 */
	static List<String> publicLevels(Covariate covariate, SurvivalRequest request) {
		return switch (covariate) {
			case SEX -> List.of("female", "male", "other", "unknown");
			case TREATMENT -> List.of("chemotherapy", "crs", "crs-hipec", "none");
			case CC -> List.of("CC-0", "CC-1", "CC-2", "CC-3");
			case CC_COMPLETE -> List.of("CC-0/1", "CC-2/3");
			case HISTOLOGY -> List.of("9050/3", "9051/3", "9052/3", "9053/3");
			case PCI_BAND -> {
				List<String> bands = new ArrayList<>();
				for (int pci = 0; pci <= 39; pci++) {
					String band = SurvivalCohort.pciBand(pci, request.pciCutoffs());
					if (!bands.contains(band)) {
						bands.add(band);
					}
				}
				yield bands;
			}
			default -> throw new IllegalArgumentException("'" + covariate.code + "' has no levels shared by every site");
		};
	}
}
