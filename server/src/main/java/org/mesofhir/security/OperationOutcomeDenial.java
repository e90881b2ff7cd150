package org.mesofhir.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request that Spring Security turns away as FHIR clients expect: 401 (no or bad token) or
 * 403 (token without the scope) with an OperationOutcome, keeping the RFC 6750 {@code WWW-Authenticate}
 * header that says why.
 */
class OperationOutcomeDenial implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final FhirContext fhir;
	private final BearerTokenAuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler bearerDenial = new BearerTokenAccessDeniedHandler();

	OperationOutcomeDenial(FhirContext fhir) {
		this.fhir = fhir;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
			throws IOException {
		bearerChallenge.commence(request, response, reason);
		String detail = request.getHeader("Authorization") == null
				? "This server requires a bearer access token (OAuth2, SMART App Launch)."
				: "The access token was refused: " + reason.getMessage();
		write(response, OperationOutcome.IssueType.LOGIN, detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		bearerDenial.handle(request, response, denied);
		write(response, OperationOutcome.IssueType.FORBIDDEN, "The access token's scopes do not permit this request.");
	}

	private void write(HttpServletResponse response, OperationOutcome.IssueType type, String detail) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(detail);
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(outcome));
	}
}
