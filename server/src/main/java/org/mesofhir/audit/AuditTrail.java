package org.mesofhir.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.mesofhir.fhir.RestInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Records who did what, when: one AuditEvent per successful write request (create, update, patch, delete,
 * transaction, batch, and the operations that store data) and per {@code $survival} call, the latter with
 * its parameters only. Built when the request has completed, stored by the {@link AuditWriter}.
 */
@Component
@Interceptor
@ConditionalOnProperty(name = "mesofhir.audit.enabled", havingValue = "true", matchIfMissing = true)
public class AuditTrail implements RestInterceptor {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
	private static final Set<String> ANALYSES = Set.of("$survival", "$survival-plot", "$survival-table");
	private static final Set<String> WRITING_OPERATIONS = Set.of("$import", "$import-registry", "$rebuild-analysis-records");
	/** The parameters of {@code $survival} (SPEC §4): only these are recorded, so no free text gets in. */
	private static final Set<String> ANALYSIS_PARAMETERS = Set.of("endpoint", "origin", "stratify", "covariate",
			"timeUnit", "at", "tau", "confType", "confLevel", "ties", "cutoff", "pciCutoffs");

	private final AuditWriter writer;

	AuditTrail(AuditWriter writer) {
		this.writer = writer;
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void completed(RequestDetails request, ServletRequestDetails servletRequest) {
		try {
			record(request, servletRequest == null ? null : servletRequest.getServletRequest().getRemoteAddr());
		} catch (RuntimeException e) {
			log.warn("Could not build the AuditEvent of {} {}: {}", request.getRequestType(), request.getCompleteUrl(), e.toString());
		}
	}

	private void record(RequestDetails request, String address) {
		RestOperationTypeEnum type = request.getRestOperationType();
		if (type == null) {
			return;
		}
		String operation = request.getOperation();
		List<WrittenResources.Written> written = List.copyOf(WrittenResources.of(request));
		switch (type) {
			case CREATE, UPDATE, DELETE, PATCH, TRANSACTION, BATCH -> writer.submit(AuditEvents.write(
					type.getCode(), null, Requester.current(), address, written));
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> {
				if (operation == null) {
					return;
				}
				if (ANALYSES.contains(operation)) {
					String group = request.getId() == null ? null : request.getId().toUnqualifiedVersionless().getValue();
					writer.submit(AuditEvents.analysis(operation, Requester.current(), address, group, parameters(request)));
				} else if (!written.isEmpty() || WRITING_OPERATIONS.contains(operation)) {
					writer.submit(AuditEvents.write("operation", operation, Requester.current(), address, written));
				}
			}
			default -> {}
		}
	}

	/** The analysis parameters, from the query string or a POSTed Parameters resource. */
	private static Map<String, List<String>> parameters(RequestDetails request) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		request.getParameters().forEach((name, given) -> {
			if (ANALYSIS_PARAMETERS.contains(name)) {
				values.put(name, List.of(given));
			}
		});
		if (request.getResource() instanceof Parameters body) {
			for (ParametersParameterComponent parameter : body.getParameter()) {
				if (ANALYSIS_PARAMETERS.contains(parameter.getName()) && parameter.getValue() != null) {
					values.computeIfAbsent(parameter.getName(), n -> new java.util.ArrayList<>())
							.add(parameter.getValue().primitiveValue());
				}
			}
		}
		return values;
	}
}
