package org.mesofhir.cohort;

import ca.uhn.fhir.rest.annotation.Operation;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/** {@code POST [base]/$rebuild-analysis-records}: the admin repair of the analysis records. */
@Component
public class RebuildAnalysisRecordsProvider implements OperationProvider {

	private final AnalysisRecordRebuilder rebuilder;

	RebuildAnalysisRecordsProvider(AnalysisRecordRebuilder rebuilder) {
		this.rebuilder = rebuilder;
	}

	@Operation(name = "$rebuild-analysis-records", manualResponse = false)
	public Parameters rebuild() {
		Parameters result = new Parameters();
		result.addParameter().setName("patients").setValue(new IntegerType(rebuilder.rebuild()));
		return result;
	}
}
