package org.mesofhir.survival;

import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.cohort.AnalysisRecord;

/**
 * {@code $survival} without a server: the operation's own request parsing, cohort, statistics and
 * Parameters writer over given analysis records (min-cell-size 5, the default). For tests that analyse many
 * generated cohorts, where loading each through HTTP would take minutes.
 */
public final class OfflineSurvival {

	private OfflineSurvival() {}

	/** What {@code [base]/$survival} with these parameters answers on a server holding exactly these records. */
	public static Parameters survival(List<AnalysisRecord> records, Parameters input) {
		SurvivalRequest request = SurvivalRequestParser.parse(
				code(input, "endpoint"), code(input, "origin"), code(input, "stratify"), all(input, "covariate", CodeType.class),
				code(input, "timeUnit"), all(input, "at", DecimalType.class), null, null, null, null, (DateType) null, (StringType) null);
		return SurvivalParametersWriter.write(SurvivalAnalysis.run(SurvivalCohort.of(records, null, request), request, 5));
	}

	private static CodeType code(Parameters input, String name) {
		ParametersParameterComponent parameter = input.getParameter(name);
		return parameter == null ? null : (CodeType) parameter.getValue();
	}

	private static <T> List<T> all(Parameters input, String name, Class<T> type) {
		return input.getParameter().stream().filter(p -> p.getName().equals(name)).map(p -> type.cast(p.getValue())).toList();
	}
}
