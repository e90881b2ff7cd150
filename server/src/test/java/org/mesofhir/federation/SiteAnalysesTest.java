package org.mesofhir.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mesofhir.federation.secure.Participant;

class SiteAnalysesTest {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");
	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	};

	@Test
	void eachHubMayStartSoManyAnalysesPerHour() {
		SiteAnalyses analyses = new SiteAnalyses(clock, Duration.ofMinutes(30), 2);

		assertThat(analyses.allowJoin("hub-a")).isTrue();
		now = now.plusSeconds(600);
		assertThat(analyses.allowJoin("hub-a")).isTrue();
		assertThat(analyses.allowJoin("hub-a")).isFalse();
		assertThat(analyses.allowJoin("hub-b")).as("another hub has its own count").isTrue();
		now = now.plusSeconds(3000); // the first join is an hour old
		assertThat(analyses.allowJoin("hub-a")).isTrue();
		assertThat(analyses.allowJoin("hub-a")).isFalse();
	}

	@Test
	void keysExpireAndIdsAreNotReused() {
		SiteAnalyses analyses = new SiteAnalyses(clock, Duration.ofMinutes(30), 10);
		SiteAnalyses.Analysis joined = analyses.join("a1", "hub", null);

		assertThat(joined).isNotNull();
		assertThat(analyses.join("a1", "hub", null)).isNull();
		now = now.plus(Duration.ofMinutes(29));
		assertThat(analyses.find("a1")).isSameAs(joined);
		now = now.plus(Duration.ofMinutes(1));
		assertThat(analyses.find("a1")).isNull();
		assertThat(analyses.live()).isZero();
	}

	@Test
	void participantsAreFixedByTheFirstRoundAndEachRoundIsAnsweredOnce() {
		SiteAnalyses.Analysis analysis = new SiteAnalyses(clock, Duration.ofMinutes(30), 10).join("a1", "hub", null);
		List<Participant> three = List.of(new Participant("a", "k1"), new Participant("b", "k2"), new Participant("c", "k3"));

		assertThat(analysis.claim(0, three)).isNull();
		assertThat(analysis.claim(1, three)).isNull();
		assertThat(analysis.claim(1, three)).contains("already answered");
		assertThat(analysis.claim(2, three.subList(0, 2))).contains("participants differ");
	}
}
