package org.mesofhir.characteristics;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.cohort.AnalysisRecordCache;
import org.mesofhir.fhir.OperationProvider;
import org.mesofhir.fhir.TextDownload;
import org.mesofhir.survival.GroupMembers;
import org.mesofhir.survival.SurvivalProperties;
import org.springframework.stereotype.Component;

/**
 * {@code [base]/$cohort-characteristics} and {@code Group/[id]/$cohort-characteristics}: Table 1 of the
 * cohort (baseline characteristics by group, with tests), as {@code Parameters}; {@code
 * $cohort-characteristics-table} the same as CSV for a manuscript. Counts below
 * {@code mesofhir.survival.min-cell-size} are withheld, as in {@code $survival}.
 */
@Component
public class CohortCharacteristicsProvider implements OperationProvider {

	static final String DEFINITION = "https://mesofhir.org/fhir/OperationDefinition/cohort-characteristics";

	private final AnalysisRecordCache records;
	private final GroupMembers groups;
	private final SurvivalProperties properties;

	CohortCharacteristicsProvider(AnalysisRecordCache records, GroupMembers groups, SurvivalProperties properties) {
		this.records = records;
		this.groups = groups;
		this.properties = properties;
	}

	@Operation(name = "$cohort-characteristics", idempotent = true, canonicalUrl = DEFINITION)
	public Parameters characteristics(
			@OperationParam(name = "by") CodeType by,
			@OperationParam(name = "variable", max = OperationParam.MAX_UNLIMITED) List<CodeType> variables,
			@OperationParam(name = "pciCutoffs") StringType pciCutoffs) {
		return TableOneParametersWriter.write(compute(parse(by, variables, pciCutoffs), null));
	}

	@Operation(name = "$cohort-characteristics", idempotent = true, type = Group.class, canonicalUrl = DEFINITION)
	public Parameters groupCharacteristics(
			@IdParam IdType group,
			@OperationParam(name = "by") CodeType by,
			@OperationParam(name = "variable", max = OperationParam.MAX_UNLIMITED) List<CodeType> variables,
			@OperationParam(name = "pciCutoffs") StringType pciCutoffs,
			RequestDetails request) {
		return TableOneParametersWriter.write(compute(parse(by, variables, pciCutoffs), groups.of(group, request)));
	}

	@Operation(name = "$cohort-characteristics-table", idempotent = true, manualResponse = true)
	public void table(RequestDetails request, HttpServletResponse response) throws IOException {
		download(compute(parse(request), null), request, response);
	}

	@Operation(name = "$cohort-characteristics-table", idempotent = true, manualResponse = true, type = Group.class)
	public void groupTable(@IdParam IdType group, RequestDetails request, HttpServletResponse response) throws IOException {
		download(compute(parse(request), groups.of(group, request)), request, response);
	}

	private TableOneResult compute(CharacteristicsRequest request, Set<String> members) {
		return TableOne.compute(records.records(), members, request, properties.minCellSize());
	}

	private static CharacteristicsRequest parse(CodeType by, List<CodeType> variables, StringType pciCutoffs) {
		return CharacteristicsRequestParser.parse(by == null ? null : by.getValue(),
				variables == null ? List.of() : variables.stream().map(v -> v == null ? null : v.getValue()).toList(),
				pciCutoffs == null ? null : pciCutoffs.getValue());
	}

	private static CharacteristicsRequest parse(RequestDetails request) {
		Map<String, String[]> query = request.getParameters();
		String[] by = query.get("by");
		String[] cutoffs = query.get("pciCutoffs");
		return CharacteristicsRequestParser.parse(by == null ? null : by[0],
				Arrays.asList(query.getOrDefault("variable", new String[0])), cutoffs == null ? null : cutoffs[0]);
	}

	/** CSV by default; {@code format=html} for a table to paste into a manuscript. */
	private static void download(TableOneResult result, RequestDetails request, HttpServletResponse response) throws IOException {
		String[] format = request.getParameters().get("format");
		String chosen = format == null || format.length == 0 ? "csv" : format[0];
		switch (chosen) {
			case "csv" -> TextDownload.write(response, "text/csv", "table-1.csv", TableOneCsv.write(result));
			case "html" -> TextDownload.write(response, "text/html", null, TableOneHtml.write(result,
					"Table 1. Baseline characteristics" + (result.by() == null ? "" : " by " + result.by())));
			default -> throw org.mesofhir.survival.BadParameter.of("format", "unknown value '" + chosen + "'; allowed: csv, html");
		}
	}
}
