package org.mesofhir.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The SMART App Launch 2.2 configuration of this server ({@code [base]/.well-known/smart-configuration}),
 * built from the issuer's OpenID Connect discovery document and what this server enforces.
 */
@Component
@Conditional(IssuerConfigured.class)
class SmartConfiguration {

	/** What MesoFHIR supports on top of the issuer (SMART 2.2 §"Capability Sets"). */
	static final List<String> CAPABILITIES = List.of(
			"launch-standalone", "client-public", "client-confidential-symmetric", "sso-openid-connect",
			"permission-v1", "permission-v2", "permission-patient", "permission-user");

	/** The token-endpoint grants SMART defines: App Launch and Backend Services. */
	private static final List<String> SMART_GRANTS = List.of("authorization_code", "client_credentials");

	/** Discovery fields copied as they are, when the issuer publishes them. */
	private static final List<String> COPIED = List.of(
			"issuer", "jwks_uri", "authorization_endpoint", "token_endpoint", "token_endpoint_auth_methods_supported",
			"registration_endpoint", "scopes_supported", "response_types_supported", "introspection_endpoint",
			"revocation_endpoint", "userinfo_endpoint");

	private final IssuerMetadata issuer;
	private final ObjectMapper json;

	SmartConfiguration(IssuerMetadata issuer, ObjectMapper json) {
		this.issuer = issuer;
		this.json = json;
	}

	ObjectNode document() {
		JsonNode discovered = issuer.document();
		ObjectNode smart = json.createObjectNode();
		for (String field : COPIED) {
			Optional.ofNullable(discovered.get(field)).ifPresent(value -> smart.set(field, value));
		}
		ArrayNode grants = smart.putArray("grant_types_supported");
		discovered.path("grant_types_supported").forEach(grant -> {
			if (SMART_GRANTS.contains(grant.asText())) {
				grants.add(grant.asText());
			}
		});
		// SMART requires S256 and forbids advertising "plain", whatever else the issuer accepts
		smart.putArray("code_challenge_methods_supported").add("S256");
		ArrayNode capabilities = smart.putArray("capabilities");
		CAPABILITIES.forEach(capabilities::add);
		return smart;
	}

	String tokenEndpoint() {
		return issuer.required("token_endpoint");
	}

	String authorizationEndpoint() {
		return issuer.required("authorization_endpoint");
	}

	Optional<String> optional(String field) {
		return Optional.ofNullable(issuer.document().get(field)).filter(JsonNode::isTextual).map(JsonNode::asText);
	}
}
