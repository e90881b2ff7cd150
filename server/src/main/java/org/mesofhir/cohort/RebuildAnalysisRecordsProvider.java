package org.mesofhir.cohort;

import ca.uhn.fhir.rest.annotation.Operation;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/$rebuild-analysis-records}: the admin repair of the analysis records; its answer says
 * how many kept records the rebuild corrected ({@code differing}), so it doubles as a consistency check.
 */
@Component
public class RebuildAnalysisRecordsProvider implements OperationProvider {

	private final AnalysisRecordRebuilder rebuilder;

	RebuildAnalysisRecordsProvider(AnalysisRecordRebuilder rebuilder) {
		this.rebuilder = rebuilder;
	}

	@Operation(name = "$rebuild-analysis-records", manualResponse = false)
	public Parameters rebuild() {
		AnalysisRecordRebuilder.Outcome outcome = rebuilder.rebuildComparing();
		Parameters result = new Parameters();
		result.addParameter().setName("patients").setValue(new IntegerType(outcome.records()));
		// records the rebuild added, changed or removed: 0 means the kept records were already right
		result.addParameter().setName("differing").setValue(new IntegerType(outcome.differing()));
		return result;
	}
}
