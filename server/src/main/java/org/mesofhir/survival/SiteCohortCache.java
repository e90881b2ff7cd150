package org.mesofhir.survival;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mesofhir.cohort.AnalysisRecord;

/**
 * A site's cohorts of its last few analyses: every round of one analysis asks about the same patients, so
 * the cohort is derived from the records once per analysis, not once per round (a Cox fit takes several).
 * An entry holds only while the records are the same snapshot (the record cache replaces its list on
 * every committed write) and the Group has the same members.
 */
final class SiteCohortCache {

	private static final int ENTRIES = 4;

	private record Key(List<AnalysisRecord> records, Set<String> members, String analysis) {
		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && k.records == records && Objects.equals(k.members, members)
					&& k.analysis.equals(analysis);
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(records) * 31 + analysis.hashCode();
		}
	}

	private final Map<Key, SurvivalCohort> cohorts = new LinkedHashMap<>(8, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Key, SurvivalCohort> eldest) {
			return size() > ENTRIES;
		}
	};

	/** The cohort of the question's analysis over these records (members null: every MPeM patient). */
	SurvivalCohort of(List<AnalysisRecord> records, Set<String> members, RoundQuestion question) {
		Key key = new Key(records, members, question.analysisKey());
		synchronized (cohorts) {
			SurvivalCohort cached = cohorts.get(key);
			if (cached != null) {
				return cached;
			}
		}
		SurvivalCohort cohort = SurvivalCohort.of(records, members, question.analysis().request());
		synchronized (cohorts) {
			cohorts.put(key, cohort);
		}
		return cohort;
	}
}
