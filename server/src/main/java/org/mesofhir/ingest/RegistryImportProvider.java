package org.mesofhir.ingest;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/$import-registry} with a registry CSV as the body ({@code Content-Type: text/csv}):
 * stores every valid row and answers with a Parameters report whose {@code error} parts name the line and
 * the column of every problem.
 */
@Component
public class RegistryImportProvider implements OperationProvider {

	static final String DEFINITION = "https://mesofhir.org/fhir/OperationDefinition/import-registry";

	private final RegistryImport registryImport;

	RegistryImportProvider(RegistryImport registryImport) {
		this.registryImport = registryImport;
	}

	@Operation(name = "$import-registry", idempotent = false, manualRequest = true, canonicalUrl = DEFINITION)
	public Parameters importRegistry(HttpServletRequest request) throws IOException {
		String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
		if (!contentType.startsWith("text/csv")) {
			throw new InvalidRequestException("$import-registry takes a CSV body (Content-Type: text/csv), not '" + contentType + "'");
		}
		String csv;
		try (InputStream body = request.getInputStream()) {
			csv = new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
		if (csv.isBlank()) {
			throw new InvalidRequestException("$import-registry: the CSV body is empty");
		}
		RegistryImport.Report report = registryImport.importCsv(csv);
		Parameters result = new Parameters();
		result.addParameter("rows", new IntegerType(report.rows()));
		result.addParameter("rowsStored", new IntegerType(report.rowsStored()));
		result.addParameter("rowsWithErrors", new IntegerType(
				(int) report.problems().stream().map(RegistryRow.Problem::line).distinct().count()));
		result.addParameter("resourcesWritten", new IntegerType(report.resourcesWritten()));
		result.addParameter("elapsedSeconds", new DecimalType(report.seconds()));
		for (RegistryRow.Problem problem : report.problems()) {
			ParametersParameterComponent error = result.addParameter().setName("error");
			error.addPart().setName("line").setValue(new IntegerType(Math.toIntExact(problem.line())));
			if (!problem.column().isEmpty()) {
				error.addPart().setName("column").setValue(new StringType(problem.column()));
			}
			error.addPart().setName("message").setValue(new StringType(problem.message()));
		}
		return result;
	}
}
