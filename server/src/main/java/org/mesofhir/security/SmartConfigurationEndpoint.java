package org.mesofhir.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.mesofhir.fhir.RestInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Serves {@code GET [base]/.well-known/smart-configuration} (open to all, as SMART requires). It lives under
 * the FHIR servlet, so it is answered before HAPI would take {@code .well-known} for a resource type.
 */
@Component
@Interceptor
@Conditional(IssuerConfigured.class)
public class SmartConfigurationEndpoint implements RestInterceptor {

	static final String PATH = "/.well-known/smart-configuration";
	private static final Logger log = LoggerFactory.getLogger(SmartConfigurationEndpoint.class);

	private final SmartConfiguration configuration;
	private final ObjectMapper json;

	SmartConfigurationEndpoint(SmartConfiguration configuration, ObjectMapper json) {
		this.configuration = configuration;
		this.json = json;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
	public boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!PATH.equals(request.getPathInfo()) || !"GET".equals(request.getMethod())) {
			return true;
		}
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		try {
			String body = json.writerWithDefaultPrettyPrinter().writeValueAsString(configuration.document());
			response.setStatus(200);
			response.setContentType("application/json");
			response.getWriter().write(body);
		} catch (IssuerMetadata.IssuerUnavailable e) {
			log.warn("SMART configuration requested but {}", e.getMessage());
			response.setStatus(503);
			response.setContentType("application/json");
			response.getWriter().write(json.createObjectNode().put("error", "temporarily_unavailable")
					.put("error_description", e.getMessage()).toString());
		}
		return false;
	}
}
