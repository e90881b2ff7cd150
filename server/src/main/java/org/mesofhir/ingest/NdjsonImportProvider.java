package org.mesofhir.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.fhir.ErrorMapping;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/$import}, in the style of FHIR Bulk Data import: NDJSON (one resource or one
 * transaction Bundle per line) sent as the request body ({@code Content-Type: application/fhir+ndjson}) or
 * named by URL in a Parameters body ({@code input.url}, one per file). With {@code Prefer: respond-async} it
 * answers 202 at once with the job's status URL in {@code Content-Location}; without, it answers when the
 * job is done. {@code GET [base]/$import-poll-status?_jobId=…} answers 202 with an {@code X-Progress} header
 * while the job runs and 200 with the report (per-line errors included) once it ended.
 */
@Component
public class NdjsonImportProvider implements OperationProvider {

	static final String DEFINITION = "https://mesofhir.org/fhir/OperationDefinition/import";
	static final String STATUS_OPERATION = "$import-poll-status";
	private static final Duration SYNCHRONOUS_LIMIT = Duration.ofHours(6);

	private final ImportJobs jobs;
	private final SiteAssignment sites;
	private final ImportSources sources;
	private final FhirContext fhirContext;

	NdjsonImportProvider(ImportJobs jobs, ImportSources sources, FhirContext fhirContext, SiteAssignment sites) {
		this.jobs = jobs;
		this.sites = sites;
		this.sources = sources;
		this.fhirContext = fhirContext;
	}

	@Operation(name = "$import", idempotent = false, manualRequest = true, manualResponse = true, canonicalUrl = DEFINITION)
	public void importNdjson(ServletRequestDetails details, HttpServletRequest request, HttpServletResponse response)
			throws IOException, InterruptedException {
		ImportJob job;
		try {
			job = jobs.submit(inputs(request), sites.currentSite());
		} catch (BaseServerResponseException refused) {
			// answered here, as the report would be: HAPI would answer an NDJSON request's error in XML
			write(request, response, refused.getStatusCode(), refused.getOperationOutcome() instanceof OperationOutcome outcome
					? outcome : ErrorMapping.outcome(OperationOutcome.IssueType.PROCESSING, refused.getMessage()));
			return;
		}
		String statusUrl = details.getFhirServerBase() + "/" + STATUS_OPERATION + "?_jobId=" + job.id;
		String prefer = request.getHeader(Constants.HEADER_PREFER);
		if (prefer != null && prefer.toLowerCase(Locale.ROOT).contains(Constants.HEADER_PREFER_RESPOND_ASYNC)) {
			response.setHeader(Constants.HEADER_CONTENT_LOCATION, statusUrl);
			OperationOutcome accepted = new OperationOutcome();
			accepted.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
					.setCode(OperationOutcome.IssueType.INFORMATIONAL)
					.setDiagnostics("Import job " + job.id + " accepted; poll " + statusUrl);
			write(request, response, 202, accepted);
			return;
		}
		job.awaitCompletion(SYNCHRONOUS_LIMIT);
		response.setHeader(Constants.HEADER_CONTENT_LOCATION, statusUrl);
		write(request, response, 200, ImportReport.of(job));
	}

	@Operation(name = STATUS_OPERATION, idempotent = true, manualResponse = true)
	public void importStatus(@OperationParam(name = "_jobId", min = 1) StringType jobId, HttpServletRequest request,
			HttpServletResponse response)
			throws IOException {
		if (jobId == null || jobId.isEmpty()) {
			throw new InvalidRequestException("_jobId is required");
		}
		ImportJob job = jobs.find(jobId.getValue())
				.orElseThrow(() -> new ResourceNotFoundException("No import job " + jobId.getValue()
						+ " (unknown, or forgotten: jobs live in memory, the latest mesofhir.ingest.kept-jobs are kept)"));
		if (!job.isFinished()) {
			response.setHeader("X-Progress", job.progress());
			response.setHeader(Constants.HEADER_RETRY_AFTER, "2");
			write(request, response, 202, ImportReport.of(job));
			return;
		}
		write(request, response, 200, ImportReport.of(job));
	}

	private List<ImportInput> inputs(HttpServletRequest request) throws IOException {
		String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
		if (contentType.contains("ndjson")) {
			Charset charset = ImportSources.charsetOf(request.getContentType());
			try (InputStream body = request.getInputStream()) {
				return List.of(sources.fromBody(body, charset));
			}
		}
		EncodingEnum encoding = EncodingEnum.forContentType(contentType);
		if (encoding == null) {
			throw new InvalidRequestException("$import takes NDJSON (Content-Type: application/fhir+ndjson) or a "
					+ "Parameters resource naming input URLs (application/fhir+json), not '" + contentType + "'");
		}
		IBaseResource parsed;
		try (InputStream body = request.getInputStream()) {
			parsed = encoding.newParser(fhirContext).parseResource(new String(body.readAllBytes(), StandardCharsets.UTF_8));
		}
		if (!(parsed instanceof Parameters parameters)) {
			throw new InvalidRequestException("$import expects a Parameters resource, not " + parsed.fhirType());
		}
		List<ImportInput> inputs = new ArrayList<>();
		for (ParametersParameterComponent input : parameters.getParameter()) {
			if (!input.getName().equals("input")) {
				continue;
			}
			String url = input.getPart().stream()
					.filter(part -> part.getName().equals("url") && part.getValue() instanceof PrimitiveType<?>)
					.map(part -> ((PrimitiveType<?>) part.getValue()).getValueAsString())
					.findFirst()
					.orElseThrow(() -> new InvalidRequestException("every input parameter needs a url part"));
			sources.check(url);
			inputs.add(ImportInput.pending(url));
		}
		if (inputs.isEmpty()) {
			throw new InvalidRequestException("$import needs at least one input parameter with a url part");
		}
		return inputs;
	}

	private static boolean asksForXml(HttpServletRequest request) {
		String format = request.getParameter(Constants.PARAM_FORMAT);
		if (format != null) {
			return format.toLowerCase(Locale.ROOT).contains("xml");
		}
		String accept = request.getHeader(Constants.HEADER_ACCEPT) == null ? "" : request.getHeader(Constants.HEADER_ACCEPT).toLowerCase(Locale.ROOT);
		int xml = accept.indexOf("xml");
		int json = accept.indexOf("json");
		return xml >= 0 && (json < 0 || xml < json);
	}

	/** In FHIR XML when the request asks for it ({@code _format} or {@code Accept}), else in FHIR JSON. */
	private void write(HttpServletRequest request, HttpServletResponse response, int status, IBaseResource body) throws IOException {
		boolean xml = asksForXml(request);
		response.setStatus(status);
		response.setContentType(xml ? Constants.CT_FHIR_XML_NEW : Constants.CT_FHIR_JSON_NEW);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		try (Writer writer = response.getWriter()) {
			(xml ? fhirContext.newXmlParser() : fhirContext.newJsonParser()).setPrettyPrint(true).encodeResourceToWriter(body, writer);
		}
	}
}
