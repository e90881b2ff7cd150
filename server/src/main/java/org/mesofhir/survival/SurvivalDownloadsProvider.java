package org.mesofhir.survival;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/**
 * The same analysis as {@code $survival}, for people: {@code $survival-plot} answers an SVG Kaplan–Meier
 * plot, {@code $survival-table} the Kaplan–Meier table as CSV. GET with the query parameters of
 * {@code $survival} (so a plot can be an {@code <img src>}); also at {@code Group/[id]/...}.
 */
@Component
public class SurvivalDownloadsProvider implements OperationProvider {

	private final SurvivalService service;
	private final GroupMembers groups;

	SurvivalDownloadsProvider(SurvivalService service, GroupMembers groups) {
		this.service = service;
		this.groups = groups;
	}

	@Operation(name = "$survival-plot", idempotent = true, manualResponse = true)
	public void plot(RequestDetails request, HttpServletResponse response) throws IOException {
		svg(service.analyse(parse(request), null), response);
	}

	@Operation(name = "$survival-plot", idempotent = true, manualResponse = true, type = Group.class)
	public void groupPlot(@IdParam IdType group, RequestDetails request, HttpServletResponse response) throws IOException {
		svg(service.analyse(parse(request), groups.of(group, request)), response);
	}

	@Operation(name = "$survival-table", idempotent = true, manualResponse = true)
	public void table(RequestDetails request, HttpServletResponse response) throws IOException {
		csv(service.analyse(parse(request), null), response);
	}

	@Operation(name = "$survival-table", idempotent = true, manualResponse = true, type = Group.class)
	public void groupTable(@IdParam IdType group, RequestDetails request, HttpServletResponse response) throws IOException {
		csv(service.analyse(parse(request), groups.of(group, request)), response);
	}

	static void svg(SurvivalResult result, HttpServletResponse response) throws IOException {
		SurvivalRequest request = result.request();
		String title = (request.endpoint() == Endpoint.OS ? "Overall survival" : "Progression-free survival")
				+ " from " + request.origin().code
				+ (request.stratify() == null ? "" : " by " + request.stratify().code);
		write(response, "image/svg+xml", SurvivalPlotSvg.draw(result, title));
	}

	static void csv(SurvivalResult result, HttpServletResponse response) throws IOException {
		response.setHeader("Content-Disposition", "attachment; filename=\"survival.csv\"");
		write(response, "text/csv", SurvivalTableCsv.write(result));
	}

	private static void write(HttpServletResponse response, String contentType, String body) throws IOException {
		response.setStatus(200);
		response.setContentType(contentType + ";charset=UTF-8");
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** The {@code $survival} parameters, from the query string. */
	static SurvivalRequest parse(RequestDetails request) {
		Map<String, String[]> query = request.getParameters();
		return SurvivalRequestParser.parse(
				code(query, "endpoint"), code(query, "origin"), code(query, "stratify"),
				all(query, "covariate").stream().map(CodeType::new).toList(),
				code(query, "timeUnit"),
				all(query, "at").stream().map(v -> decimal("at", v)).toList(),
				first(query, "tau") == null ? null : decimal("tau", first(query, "tau")),
				code(query, "confType"),
				first(query, "confLevel") == null ? null : decimal("confLevel", first(query, "confLevel")),
				code(query, "ties"),
				first(query, "cutoff") == null ? null : date(first(query, "cutoff")),
				first(query, "pciCutoffs") == null ? null : new StringType(first(query, "pciCutoffs")));
	}

	private static CodeType code(Map<String, String[]> query, String name) {
		String value = first(query, name);
		return value == null ? null : new CodeType(value);
	}

	static String first(Map<String, String[]> query, String name) {
		String[] values = query.get(name);
		return values == null || values.length == 0 ? null : values[0];
	}

	static List<String> all(Map<String, String[]> query, String name) {
		String[] values = query.get(name);
		return values == null ? List.of() : Arrays.asList(values);
	}

	private static DecimalType decimal(String parameter, String value) {
		try {
			return new DecimalType(value);
		} catch (NumberFormatException e) {
			throw BadParameter.of(parameter, "must be a number, got '" + value + "'");
		}
	}

	private static DateType date(String value) {
		try {
			return new DateType(value);
		} catch (RuntimeException e) {
			throw BadParameter.of("cutoff", "must be a date YYYY-MM-DD, got '" + value + "'");
		}
	}
}
