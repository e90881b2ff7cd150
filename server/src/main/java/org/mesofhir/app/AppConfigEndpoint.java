package org.mesofhir.app;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mesofhir.federation.FederationProperties;
import org.mesofhir.security.SecurityProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /app/config.json}: what the app needs to know before it can talk to the server, namely whether
 * to log in (SMART standalone launch) or call {@code $survival} directly because security is off, and whether
 * the server is a federation hub (the app then offers to pool the configured sites with
 * {@code $federated-survival}).
 */
@RestController
class AppConfigEndpoint {

	private final SecurityProperties security;
	private final AppProperties app;
	private final FederationProperties federation;

	AppConfigEndpoint(SecurityProperties security, AppProperties app, FederationProperties federation) {
		this.security = security;
		this.app = app;
		this.federation = federation;
	}

	@GetMapping(path = "/app/config.json", produces = "application/json")
	ResponseEntity<Map<String, Object>> config() {
		Map<String, Object> body = new LinkedHashMap<>();
		boolean secured = !security.issuerUri().isBlank();
		body.put("security", secured);
		// relative to /app/, so the app works behind a proxy that adds a path prefix
		body.put("fhirBase", "../fhir");
		if (secured) {
			body.put("clientId", app.clientId());
			body.put("scope", app.scope());
		}
		if (!federation.sites().isEmpty()) {
			body.put("federation", Map.of("sites", federation.sites().stream().map(FederationProperties.Site::name).toList()));
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}
}
