package org.mesofhir.survival;

import java.util.Set;
import org.mesofhir.cohort.AnalysisRecordCache;
import org.springframework.stereotype.Service;

/** Runs one analysis over the kept analysis records: cohort → statistics. */
@Service
class SurvivalService {

	private final AnalysisRecordCache records;
	private final SurvivalProperties properties;

	SurvivalService(AnalysisRecordCache records, SurvivalProperties properties) {
		this.records = records;
		this.properties = properties;
	}

	/** @param members Group member patient ids, or null for every MPeM patient */
	SurvivalResult analyse(SurvivalRequest request, Set<String> members) {
		return SurvivalDeadline.run(() -> {
			SurvivalCohort cohort = SurvivalCohort.of(records.records(), members, request);
			return SurvivalAnalysis.run(cohort, request, properties.minCellSize());
		}, properties.timeout());
	}
}
