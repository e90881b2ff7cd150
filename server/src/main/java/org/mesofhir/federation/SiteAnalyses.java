package org.mesofhir.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mesofhir.federation.secure.MaskingKeys;
import org.mesofhir.federation.secure.Participant;

/**
 * A site's memory of the federated analyses it has joined: the private key of each (in memory only, dropped
 * when the analysis expires), the hub that opened it, its participants (fixed by the first round) and the
 * rounds already answered; and each hub's joins of the last hour, for the rate limit.
 */
final class SiteAnalyses {

	private static final Duration HOUR = Duration.ofHours(1);

	/** One joined analysis. */
	static final class Analysis {
		final String id;
		final String hub;
		final String cohort;
		final MaskingKeys keys;
		final Instant expires;
		private List<Participant> participants;
		private final Set<Integer> rounds = new HashSet<>();

		Analysis(String id, String hub, String cohort, MaskingKeys keys, Instant expires) {
			this.id = id;
			this.hub = hub;
			this.cohort = cohort;
			this.keys = keys;
			this.expires = expires;
		}

		/**
		 * Claims round {@code round} with these participants: null when allowed, else why not. The participants
		 * may not change within an analysis (else differences of two rounds could unmask a site), nor a round be
		 * answered twice.
		 */
		synchronized String claim(int round, List<Participant> asked) {
			if (participants != null && !participants.equals(asked)) {
				return "the participants differ from this analysis's earlier rounds; a changed set of sites needs a new analysis";
			}
			if (!rounds.add(round)) {
				return "round " + round + " of this analysis was already answered";
			}
			participants = List.copyOf(asked);
			return null;
		}
	}

	private final Clock clock;
	private final Duration lifetime;
	private final int maxJoinsPerHour;
	private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
	private final Map<String, Deque<Instant>> joins = new HashMap<>();

	SiteAnalyses(Clock clock, Duration lifetime, int maxJoinsPerHour) {
		this.clock = clock;
		this.lifetime = lifetime;
		this.maxJoinsPerHour = maxJoinsPerHour;
	}

	/** Counts a join by this hub; false when the hub has reached its limit for the last hour. */
	synchronized boolean allowJoin(String hub) {
		Instant now = clock.instant();
		Deque<Instant> recent = joins.computeIfAbsent(hub, h -> new ArrayDeque<>());
		while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(HOUR))) {
			recent.pollFirst();
		}
		if (recent.size() >= maxJoinsPerHour) {
			return false;
		}
		recent.addLast(now);
		return true;
	}

	/** A new analysis with a fresh key pair; null when this id is already taken. */
	Analysis join(String id, String hub, String cohort) {
		expire();
		Analysis analysis = new Analysis(id, hub, cohort, MaskingKeys.generate(), clock.instant().plus(lifetime));
		return analyses.putIfAbsent(id, analysis) == null ? analysis : null;
	}

	/** The live analysis of that id, or null (never joined, or expired: its key is gone). */
	Analysis find(String id) {
		expire();
		return analyses.get(id);
	}

	int live() {
		expire();
		return analyses.size();
	}

	private void expire() {
		Instant now = clock.instant();
		analyses.values().removeIf(analysis -> !analysis.expires.isAfter(now));
	}
}
