package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The security model with real tokens from a real Keycloak (realm {@code docker/keycloak/realm.json}):
 * client credentials for {@code ehr-ingest} and {@code bulk-export}, password grant for the researcher,
 * clinician, patient and admin users. Runs with {@code -Pkeycloak} after
 * {@code docker/keycloak/local-keycloak.sh start}; fails when no Keycloak answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityKeycloakIT extends ServerIntegrationTest {

	/** The FHIR id that the realm's patient user carries in its {@code patient} claim. */
	private static final String REALM_PATIENT = "mesofhir-patient-1";
	/** The site the realm gives client ehr-ingest (claim mesofhir_site). */
	private static final String INGEST_SITE = "SITE-01";

	@DynamicPropertySource
	static void trustKeycloak(DynamicPropertyRegistry registry) {
		registry.add("mesofhir.security.issuer-uri", () -> KeycloakTokens.ISSUER);
		registry.add("mesofhir.security.audience", () -> "mesofhir");
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA_DIR + "-keycloak/mesofhir;DB_CLOSE_ON_EXIT=FALSE");
		}
	}

	private final Map<String, String> tokens = new java.util.HashMap<>();
	private String otherPatient;

	@BeforeAll
	void fetchTokensAndStorePatients() {
		tokens.put("ehr-ingest", KeycloakTokens.clientCredentials("ehr-ingest", "ehr-ingest-secret"));
		tokens.put("bulk-export", KeycloakTokens.clientCredentials("bulk-export", "bulk-export-secret"));
		tokens.put("mesofhir-hub", KeycloakTokens.clientCredentials("mesofhir-hub", "mesofhir-hub-secret"));
		for (String user : List.of("researcher", "clinician", "patient", "admin")) {
			tokens.put(user, KeycloakTokens.password(user, user));
		}
		connectClient();
		client.registerInterceptor(new BearerTokenAuthInterceptor(tokens.get("ehr-ingest")));
		// ehr-ingest sends for SITE-01 (its token's mesofhir_site claim): its patients are SITE-01's
		Bundle journey = client.transaction().withBundle(PatientJourneyBundle.build(INGEST_SITE, "kc-other-" + System.nanoTime())).execute();
		String site = null;
		for (Bundle.BundleEntryComponent entry : journey.getEntry()) {
			IdType location = new IdType(entry.getResponse().getLocation());
			if (location.getResourceType().equals("Patient")) {
				otherPatient = location.getIdPart();
			} else if (location.getResourceType().equals("Organization")) {
				site = location.toUnqualifiedVersionless().getValue();
			}
		}
		// the realm's patient user points at this id: an EHR creates it with its own id (update as create)
		Patient own = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, REALM_PATIENT, site);
		own.setId(REALM_PATIENT);
		client.update().resource(own).execute();
	}

	@Test
	void tokensCarryTheAudienceTheScopesAndThePatientClaim() {
		JsonNode ingest = KeycloakTokens.claims(tokens.get("ehr-ingest"));
		assertThat(ingest.path("iss").asText()).isEqualTo(KeycloakTokens.ISSUER);
		assertThat(ingest.path("aud").toString()).contains("\"mesofhir\"");
		assertThat(ingest.path("scope").asText().split(" ")).contains("system/*.cruds").doesNotContain("system/*.rs");

		assertThat(KeycloakTokens.claims(tokens.get("researcher")).path("scope").asText().split(" "))
				.contains("user/*.rs", "mesofhir/survival.read").doesNotContain("patient/*.rs", "mesofhir/admin");
		assertThat(KeycloakTokens.claims(tokens.get("clinician")).path("scope").asText().split(" "))
				.contains("user/*.rs").doesNotContain("mesofhir/survival.read", "patient/*.rs");
		JsonNode patient = KeycloakTokens.claims(tokens.get("patient"));
		assertThat(patient.path("scope").asText().split(" ")).contains("patient/*.rs").doesNotContain("user/*.rs");
		assertThat(patient.path("patient").asText()).isEqualTo(REALM_PATIENT);
	}

	static Stream<Arguments> realTokens() {
		String[] rows = {
			// principal  | read own | read other | search | create | transaction | survival | export | admin | everything own | everything other | federation
			"ehr-ingest   | 200 | 200 | 200 | 201 | 200 | 403 | 202 | 403 | 200 | 200 | 403",
			"bulk-export  | 200 | 200 | 200 | 403 | 403 | 403 | 202 | 403 | 200 | 200 | 403",
			"researcher   | 200 | 200 | 200 | 403 | 403 | 200 | 403 | 403 | 200 | 200 | 403",
			"clinician    | 200 | 200 | 200 | 403 | 403 | 403 | 403 | 403 | 200 | 200 | 403",
			"patient      | 200 | 403 | 200 | 403 | 403 | 403 | 403 | 403 | 200 | 403 | 403",
			"admin        | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 200 | 403 | 403 | 403",
			// the federation hub: $survival-aggregates only (a join in a protocol no site speaks: 400 once authorized)
			"mesofhir-hub | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 400",
		};
		String[] interactions = {"read own", "read other", "search", "create", "transaction", "survival", "export", "admin",
			"everything own", "everything other", "federation"};
		List<Arguments> cases = new ArrayList<>();
		for (String row : rows) {
			String[] cells = row.split("\\|");
			for (int i = 0; i < interactions.length; i++) {
				cases.add(Arguments.of(cells[0].trim(), interactions[i], Integer.parseInt(cells[i + 1].trim())));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: {1} -> {2}")
	@MethodSource("realTokens")
	void realTokenScopesDecideTheOutcome(String principal, String interaction, int expected) {
		String token = tokens.get(principal);
		FhirHttp http = new FhirHttp(baseUrl());
		HttpResponse<String> response = switch (interaction) {
			case "read own" -> http.get("/Patient/" + REALM_PATIENT, token);
			case "read other" -> http.get("/Patient/" + otherPatient, token);
			case "search" -> http.get("/Patient?_id=" + REALM_PATIENT, token);
			case "create" -> http.post("/Organization", token, SecurityTestData.siteJson(fhirContext));
			case "transaction" -> http.post("", token, SecurityTestData.transactionJson(fhirContext, INGEST_SITE));
			case "survival" -> http.get("/$survival", token);
			case "export" -> http.export(token);
			case "admin" -> http.post("/$rebuild-analysis-records", token, null);
			case "everything own" -> http.get("/Patient/" + REALM_PATIENT + "/$everything", token);
			case "everything other" -> http.get("/Patient/" + otherPatient + "/$everything", token);
			case "federation" -> http.post("/$survival-aggregates", token, """
					{"resourceType":"Parameters","parameter":[{"name":"step","valueString":"join"},
					 {"name":"protocol","valueString":"mesofhir-federation/0"},{"name":"analysis","valueString":"kc"}]}""");
			default -> throw new IllegalArgumentException(interaction);
		};

		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
	}

	@Test
	void theHubsTokenCarriesTheFederationScopeOnly() {
		JsonNode hub = KeycloakTokens.claims(tokens.get("mesofhir-hub"));
		assertThat(hub.path("aud").toString()).contains("\"mesofhir\"");
		assertThat(hub.path("scope").asText().split(" ")).contains("mesofhir/federation")
				.doesNotContain("mesofhir/survival.read", "system/*.rs", "system/*.cruds", "user/*.rs");
	}

	@Test
	void aHubWithClientCredentialsAtThisSitesIssuerIsLetIn() throws InterruptedException {
		org.mesofhir.survival.SiteFederation.SiteStatus status = org.mesofhir.federation.FederationTestAccess.join(fhirContext,
				"this-site", baseUrl(), KeycloakTokens.ISSUER + "/protocol/openid-connect/token", "mesofhir-hub", "mesofhir-hub-secret");

		// past authentication and the scope check: whatever the site then says (no engine, a small cohort), not 401/403
		assertThat(status.status()).as(status.detail()).isIn("ok", "refused", "error");
		assertThat(String.valueOf(status.detail())).doesNotContain("HTTP 401").doesNotContain("HTTP 403");
		// and the site's own audit names the hub's client as the caller
		String audits = "";
		for (int attempt = 0; attempt < 50 && !audits.contains("\"keycloak-it\""); attempt++) {
			audits = new FhirHttp(baseUrl()).get("/AuditEvent?entity-name=$survival-aggregates&agent-name=mesofhir-hub",
					tokens.get("ehr-ingest")).body();
			Thread.sleep(200);
		}
		assertThat(audits).contains("\"keycloak-it\"");

		org.mesofhir.survival.SiteFederation.SiteStatus badSecret = org.mesofhir.federation.FederationTestAccess.join(fhirContext,
				"this-site", baseUrl(), KeycloakTokens.ISSUER + "/protocol/openid-connect/token", "mesofhir-hub", "wrong");
		assertThat(badSecret.status()).isEqualTo("refused");
		assertThat(badSecret.detail()).contains("client credentials");
	}

	@Test
	void theIngestClientsSiteClaimFillsInThePatientsSiteAndAnotherSiteIs403() {
		String token = tokens.get("ehr-ingest");
		assertThat(KeycloakTokens.claims(token).path("mesofhir_site").asText()).isEqualTo(INGEST_SITE);
		FhirHttp http = new FhirHttp(baseUrl());
		Patient withoutSite = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "kc-no-site-" + System.nanoTime(), null);
		withoutSite.setManagingOrganization(null);
		HttpResponse<String> created = http.post("/Patient", token, fhirContext.newJsonParser().encodeResourceToString(withoutSite));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Patient stored = fhirContext.newJsonParser().parseResource(Patient.class, created.body());
		String site = stored.getManagingOrganization().getReferenceElement().getIdPart();
		HttpResponse<String> organization = http.get("/Organization/" + site, token);
		assertThat(organization.body()).contains(MpemResources.SITE_SYSTEM).contains("\"" + INGEST_SITE + "\"");

		HttpResponse<String> foreign = http.post("", token, SecurityTestData.transactionJson(fhirContext, "SITE-02"));
		assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
		assertThat(foreign.body()).contains("managingOrganization").contains("SITE-02").contains(INGEST_SITE);

		// bulk import with the same token: the site is the one of the request that started the job
		Patient line = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "kc-bulk-" + System.nanoTime(), null);
		line.setManagingOrganization(null);
		HttpResponse<String> imported = http.postText("/$import", token, "application/fhir+ndjson",
				fhirContext.newJsonParser().encodeResourceToString(line) + "\n");
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		org.hl7.fhir.r4.model.Parameters report = fhirContext.newJsonParser().parseResource(org.hl7.fhir.r4.model.Parameters.class, imported.body());
		assertThat(report.getParameter("errorCount").getValue().primitiveValue()).as(imported.body()).isEqualTo("0");
		assertThat(report.getParameter("linesStored").getValue().primitiveValue()).isEqualTo("1");
		assertThat(http.postText("/$import", tokens.get("researcher"), "application/fhir+ndjson", "{}\n").statusCode()).isEqualTo(403);
		assertThat(http.postText("/$import", tokens.get("bulk-export"), "application/fhir+ndjson", "{}\n").statusCode()).isEqualTo(403);
	}

	@Test
	void tamperedAndForeignTokensGet401() {
		FhirHttp http = new FhirHttp(baseUrl());
		String good = tokens.get("clinician");
		String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

		assertThat(http.get("/Patient", null).statusCode()).isEqualTo(401);
		assertThat(http.get("/Patient", tampered).statusCode()).isEqualTo(401);
		// signed by this Keycloak, but by its master realm: another issuer, another audience
		assertThat(http.get("/Patient", KeycloakTokens.masterRealmAdmin()).statusCode()).isEqualTo(401);
	}

	@Test
	void smartConfigurationComesFromKeycloaksDiscovery() throws Exception {
		HttpResponse<String> response = new FhirHttp(baseUrl()).get("/.well-known/smart-configuration", null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode smart = new ObjectMapper().readTree(response.body());
		assertThat(smart.path("issuer").asText()).isEqualTo(KeycloakTokens.ISSUER);
		assertThat(smart.path("token_endpoint").asText()).isEqualTo(KeycloakTokens.ISSUER + "/protocol/openid-connect/token");
		assertThat(smart.path("authorization_endpoint").asText()).isEqualTo(KeycloakTokens.ISSUER + "/protocol/openid-connect/auth");
		assertThat(smart.path("jwks_uri").asText()).isEqualTo(KeycloakTokens.ISSUER + "/protocol/openid-connect/certs");
		assertThat(smart.path("grant_types_supported").toString()).contains("authorization_code", "client_credentials");
		assertThat(smart.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
		assertThat(smart.path("scopes_supported").toString())
				.contains("patient/*.rs", "user/*.rs", "system/*.cruds", "mesofhir/survival.read", "mesofhir/admin");
	}

	@Test
	void smartAppMayRedirectToAppOnAnyLoopbackPortWithPkceOnly() {
		String authorize = KeycloakTokens.ISSUER + "/protocol/openid-connect/auth?response_type=code&client_id=mesofhir-app"
				+ "&scope=openid&state=s1&redirect_uri=http%3A%2F%2F127.0.0.1%3A" + port + "%2Fapp%2F";
		String challenge = "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

		HttpResponse<String> withPkce = KeycloakTokens.get(authorize + challenge);
		assertThat(withPkce.statusCode()).as("login page").isEqualTo(200);
		assertThat(withPkce.body()).doesNotContain("Invalid parameter: redirect_uri");

		HttpResponse<String> withoutPkce = KeycloakTokens.get(authorize);
		assertThat(withoutPkce.statusCode()).isEqualTo(302);
		assertThat(withoutPkce.headers().firstValue("Location")).hasValueSatisfying(location ->
				assertThat(location).startsWith("http://127.0.0.1:" + port + "/app/").contains("error=invalid_request"));

		HttpResponse<String> foreignRedirect = KeycloakTokens.get(authorize.replace("%2F%2F127.0.0.1", "%2F%2Fevil.invalid") + challenge);
		assertThat(foreignRedirect.statusCode()).isEqualTo(400);
		HttpResponse<String> otherPath = KeycloakTokens.get(authorize.replace("%2Fapp%2F", "%2Fother%2F") + challenge);
		assertThat(otherPath.statusCode()).isEqualTo(400);
	}
}
