package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §5: which tokens are accepted at all (401 otherwise), and what stays open without one. */
class TokenValidationIT extends SecuredServerIntegrationTest {

	static Stream<Arguments> refusedTokens() {
		LocalIssuer issuer = LocalIssuer.shared();
		String all = "system/*.cruds user/*.rs";
		return Stream.of(
				Arguments.of("no token", null),
				Arguments.of("malformed", "not-a-jwt"),
				Arguments.of("bad signature", issuer.token().scopes(all).forged().sign()),
				Arguments.of("expired", issuer.token().scopes(all).expires(Instant.now().minusSeconds(3600)).sign()),
				Arguments.of("no expiry", issuer.token().scopes(all).expires(null).sign()),
				Arguments.of("wrong audience", issuer.token().scopes(all).audience("another-api").sign()),
				Arguments.of("wrong issuer", issuer.token().scopes(all).issuer("http://127.0.0.1:1/realms/other").sign()),
				Arguments.of("unsigned (alg none)", unsigned(issuer.token(all))));
	}

	/** The same claims with {@code alg: none} and no signature. */
	private static String unsigned(String jwt) {
		String[] parts = jwt.split("\\.");
		String header = java.util.Base64.getUrlEncoder().withoutPadding()
				.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return header + "." + parts[1] + ".";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedTokens")
	void refusedTokenGets401WithOperationOutcome(String why, String token) {
		HttpResponse<String> response = http().get("/Patient", token);

		assertThat(response.statusCode()).as(why).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
	}

	@Test
	void validTokenIsAccepted() {
		HttpResponse<String> response = http().get("/Patient?_summary=count", ISSUER.token("user/*.rs"));

		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void validTokenWithoutFhirScopesGets403WithOperationOutcome() {
		HttpResponse<String> response = http().get("/Patient", ISSUER.token("openid profile"));

		assertThat(response.statusCode()).isEqualTo(403);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
	}

	@Test
	void capabilityStatementIsOpenAndDeclaresSmartOnFhir() {
		HttpResponse<String> response = http().get("/metadata", null);

		assertThat(response.statusCode()).isEqualTo(200);
		CapabilityStatement capabilities = fhirContext.newJsonParser().parseResource(CapabilityStatement.class, response.body());
		CapabilityStatement.CapabilityStatementRestSecurityComponent security = capabilities.getRestFirstRep().getSecurity();
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		Extension uris = security.getExtensionByUrl(SmartSecurityCapability.OAUTH_URIS);
		assertThat(uris).isNotNull();
		assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue())
				.isEqualTo(ISSUER.issuer() + "/protocol/openid-connect/token");
		assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
				.isEqualTo(ISSUER.issuer() + "/protocol/openid-connect/auth");
	}

	@Test
	void smartConfigurationIsOpenAndHasSmart22RequiredFields() throws Exception {
		HttpResponse<String> response = http().get("/.well-known/smart-configuration", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
		var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
		assertThat(json.path("issuer").asText()).isEqualTo(ISSUER.issuer());
		assertThat(json.path("jwks_uri").asText()).isEqualTo(ISSUER.issuer() + "/protocol/openid-connect/certs");
		assertThat(json.path("token_endpoint").asText()).isEqualTo(ISSUER.issuer() + "/protocol/openid-connect/token");
		assertThat(json.path("authorization_endpoint").asText()).isEqualTo(ISSUER.issuer() + "/protocol/openid-connect/auth");
		assertThat(texts(json.path("grant_types_supported"))).containsExactly("authorization_code", "client_credentials");
		assertThat(texts(json.path("code_challenge_methods_supported"))).containsExactly("S256");
		assertThat(texts(json.path("capabilities"))).contains("launch-standalone", "client-public", "permission-v2", "permission-patient");
		assertThat(texts(json.path("scopes_supported"))).contains("patient/*.rs", "mesofhir/survival.read");
	}

	@Test
	void healthIsOpenButMetricsNeedTheAdminScope() {
		String root = "http://127.0.0.1:" + port;

		assertThat(http().get(root + "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(http().get(root + "/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(http().get(root + "/actuator/prometheus", ISSUER.token("user/*.rs")).statusCode()).isEqualTo(403);
		assertThat(http().get(root + "/actuator/prometheus", ISSUER.token(TokenGrants.ADMIN_SCOPE)).statusCode()).isEqualTo(200);
	}

	private static java.util.List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
		java.util.List<String> values = new java.util.ArrayList<>();
		array.forEach(value -> values.add(value.asText()));
		return values;
	}
}
