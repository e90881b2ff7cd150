package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.survival.stats.Aggregates;

/**
 * A {@link SiteFederation} whose sites are in this process: each answers from its own analysis records as
 * {@link SurvivalSiteRounds} does (cohort identifiers map to member sets), and an attempt sums their answers
 * in the clear (no secure aggregation: that is the transport's business, and masks cancel in the sum).
 * A site can be made to drop out at its k-th round, or to be unreachable when an attempt opens.
 */
final class InProcessFederation implements SiteFederation {

	/** One in-process site: its records and its Groups (identifier token → member ids). */
	record Site(String name, List<AnalysisRecord> records, Map<String, Set<String>> groups, SiteCohortCache cohorts) {

		Site(String name, List<AnalysisRecord> records, Map<String, Set<String>> groups) {
			this(name, records, groups, new SiteCohortCache());
		}

		Aggregates answer(String cohort, String round) {
			Set<String> members = null;
			if (cohort != null) {
				members = groups.get(cohort);
				if (members == null) {
					throw new SiteRounds.UnknownCohortException("no Group has the identifier " + cohort);
				}
			}
			RoundQuestion question = RoundQuestion.parse(round);
			return new SiteAnswers(cohorts.of(records, members, question)).answer(question);
		}
	}

	private final Map<String, Site> sites = new LinkedHashMap<>();
	private final Map<String, Integer> dropAtRound = new LinkedHashMap<>();
	private final Map<String, String> unreachable = new LinkedHashMap<>();
	private final Set<String> garbage = new java.util.HashSet<>();
	final List<String> questions = new ArrayList<>();
	int attempts;

	InProcessFederation add(Site site) {
		sites.put(site.name(), site);
		return this;
	}

	/** The site throws {@link RoundExchange.SiteDropoutException} at its {@code round}-th round (1-based), once. */
	InProcessFederation dropOut(String site, int round) {
		dropAtRound.put(site, round);
		return this;
	}

	/** The site answers every round with a part the question did not ask for. */
	InProcessFederation garbage(String site) {
		garbage.add(site);
		return this;
	}

	InProcessFederation unreachable(String site) {
		unreachable.put(site, "connection refused");
		return this;
	}

	@Override
	public List<String> siteNames() {
		return List.copyOf(sites.keySet());
	}

	@Override
	public FederatedAttempt open(String cohort, List<String> asked, String parameters) {
		attempts++;
		List<SiteStatus> statuses = new ArrayList<>();
		List<Site> joined = new ArrayList<>();
		for (String name : asked) {
			if (unreachable.containsKey(name)) {
				statuses.add(new SiteStatus(name, "unreachable", unreachable.get(name), null));
			} else {
				statuses.add(new SiteStatus(name, "ok", null, null));
				joined.add(sites.get(name));
			}
		}
		return new FederatedAttempt() {
			int round;

			@Override
			public List<SiteStatus> statuses() {
				return statuses;
			}

			@Override
			public Aggregates sum(String question) {
				round++;
				questions.add(question);
				List<Aggregates> answers = new ArrayList<>();
				for (Site site : joined) {
					Integer drop = dropAtRound.get(site.name());
					if (drop != null && drop == round) {
						dropAtRound.remove(site.name());
						throw new RoundExchange.SiteDropoutException(site.name(), "timeout", "no answer in round " + round);
					}
					answers.add(garbage.contains(site.name())
							? new Aggregates(List.of(Aggregates.Part.counts("junk", new long[] {1})))
							: site.answer(cohort, question));
				}
				return Aggregates.sum(answers);
			}
		};
	}
}
