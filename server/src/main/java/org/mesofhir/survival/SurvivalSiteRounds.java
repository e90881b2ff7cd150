package org.mesofhir.survival;

import java.util.Set;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecordCache;
import org.mesofhir.survival.stats.Aggregates;
import org.springframework.stereotype.Component;

/**
 * This server as a site of a federated analysis: answers a hub's rounds over its own analysis records
 * (the cohort: the members of this site's Group with the hub's identifier, or every MPeM patient).
 * Answers hold only the sums a round's question names, on the question's grid.
 */
@Component
public class SurvivalSiteRounds implements SiteRounds {

	private final AnalysisRecordCache records;
	private final GroupMembers groups;
	private final SiteCohortCache cohorts = new SiteCohortCache();

	SurvivalSiteRounds(AnalysisRecordCache records, GroupMembers groups) {
		this.records = records;
		this.groups = groups;
	}

	@Override
	public int cohortSize(String cohort) {
		Set<String> members = members(cohort);
		return members != null ? members.size() : (int) records.records().stream().filter(AnalysisRecord::inCohort).count();
	}

	@Override
	public Aggregates answer(String cohort, String round) {
		RoundQuestion question = RoundQuestion.parse(round);
		return new SiteAnswers(cohorts.of(records.records(), members(cohort), question)).answer(question);
	}

	private Set<String> members(String cohort) {
		if (cohort == null) {
			return null;
		}
		Set<String> members = groups.byIdentifier(cohort);
		if (members == null) {
			throw new UnknownCohortException("no Group has the identifier " + cohort);
		}
		return members;
	}
}
