package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §5, one test per scope family and interaction, allowed and denied: read, search, create,
 * transaction, {@code $survival}, {@code $export} and an admin operation, with self-signed tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeEnforcementIT extends SecuredServerIntegrationTest {

	/**
	 * Expected status per scope family. "patient" = the token carries patient A in its {@code patient}
	 * claim. read = Patient/A, search = Observation?subject=Patient/A, create = a new site Organization,
	 * transaction = a whole patient journey, admin = $rebuild-analysis-records, federation = a site's
	 * $survival-aggregates (a join in a protocol version no site speaks: 400 once past authorization).
	 */
	private static final String[] MATRIX = {
		// scopes                        | claim   | read | search | create | transaction | survival | export | admin | federation
		"system/*.cruds                  | -       | 200  | 200    | 201    | 200         | 403      | 202    | 403   | 403",
		"system/*.rs                     | -       | 200  | 200    | 403    | 403         | 403      | 202    | 403   | 403",
		"user/*.cruds                    | -       | 200  | 200    | 201    | 200         | 403      | 403    | 403   | 403",
		"user/*.rs                       | -       | 200  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
		"patient/*.rs                    | patient | 200  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
		"patient/*.rs                    | -       | 403  | 403    | 403    | 403         | 403      | 403    | 403   | 403",
		"patient/*.cruds                 | patient | 200  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
		"mesofhir/survival.read          | -       | 403  | 403    | 403    | 403         | 200      | 403    | 403   | 403",
		"mesofhir/admin                  | -       | 403  | 403    | 403    | 403         | 403      | 403    | 200   | 403",
		"mesofhir/federation             | -       | 403  | 403    | 403    | 403         | 403      | 403    | 403   | 400",
		"openid profile                  | -       | 403  | 403    | 403    | 403         | 403      | 403    | 403   | 403",
		// granular v2 scopes: one type, or read without search and search without read
		"user/Observation.rs             | -       | 403  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
		"user/*.r                        | -       | 200  | 403    | 403    | 403         | 403      | 403    | 403   | 403",
		"user/*.s                        | -       | 403  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
		"user/*.c                        | -       | 403  | 403    | 201    | 200         | 403      | 403    | 403   | 403",
		"user/Observation.rs?category=x  | -       | 403  | 403    | 403    | 403         | 403      | 403    | 403   | 403",
		// SMART v1 syntax
		"system/*.*                      | -       | 200  | 200    | 201    | 200         | 403      | 202    | 403   | 403",
		"system/*.read                   | -       | 200  | 200    | 403    | 403         | 403      | 202    | 403   | 403",
		"user/*.read                     | -       | 200  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
		"user/*.write                    | -       | 403  | 403    | 201    | 200         | 403      | 403    | 403   | 403",
		"patient/*.read                  | patient | 200  | 200    | 403    | 403         | 403      | 403    | 403   | 403",
	};

	private static final String[] INTERACTIONS = {"read", "search", "create", "transaction", "survival", "export", "admin", "federation"};

	private static final String FEDERATION_JOIN = """
			{"resourceType":"Parameters","parameter":[{"name":"step","valueString":"join"},
			 {"name":"protocol","valueString":"mesofhir-federation/0"},{"name":"analysis","valueString":"a1"}]}""";

	private SecurityTestData data;

	@BeforeAll
	void storePatients() {
		connectClient();
		data = SecurityTestData.store(client, ISSUER);
	}

	static Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		for (String row : MATRIX) {
			String[] cells = row.split("\\|");
			for (int i = 0; i < INTERACTIONS.length; i++) {
				int expected = Integer.parseInt(cells[i + 2].trim());
				cases.add(Arguments.of(cells[0].trim(), cells[1].trim().equals("patient"), INTERACTIONS[i], expected));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} (patient claim {1}): {2} -> {3}")
	@MethodSource("matrix")
	void scopeDecidesTheOutcome(String scopes, boolean patientClaim, String interaction, int expected) {
		LocalIssuer.Token token = ISSUER.token().scopes(scopes);
		if (patientClaim) {
			token.patient(data.patientA());
		}
		HttpResponse<String> response = call(interaction, token.sign());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
		if (expected == 403) {
			OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
			assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		}
	}

	@org.junit.jupiter.api.Test
	void groupSurvivalNeedsOnlyTheSurvivalScope() {
		org.hl7.fhir.r4.model.Group cohort = new org.hl7.fhir.r4.model.Group();
		cohort.setType(org.hl7.fhir.r4.model.Group.GroupType.PERSON).setActual(true);
		cohort.addMember().getEntity().setReference("Patient/" + data.patientA());
		cohort.addMember().getEntity().setReference("Patient/" + data.patientB());
		client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(ISSUER.token("system/*.cruds")));
		String group = client.create().resource(cohort).execute().getId().getIdPart();

		HttpResponse<String> researcher = http().get("/Group/" + group + "/$survival", ISSUER.token(TokenGrants.SURVIVAL_SCOPE));
		assertThat(researcher.statusCode()).as(researcher.body()).isEqualTo(200);
		assertThat(researcher.body()).contains("\"patients\"").doesNotContain("Patient/" + data.patientA());
		assertThat(http().get("/Group/" + group + "/$survival", ISSUER.token("user/*.rs")).statusCode()).isEqualTo(403);
		// the survival scope opens the aggregate, not the Group's member list
		assertThat(http().get("/Group/" + group, ISSUER.token(TokenGrants.SURVIVAL_SCOPE)).statusCode()).isEqualTo(403);
	}

	/** Bulk ingestion needs a system scope that creates and updates every type; reading scopes get 403. */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}: $import {1}")
	@org.junit.jupiter.params.provider.CsvSource({"system/*.cruds, 200", "system/*.cu, 200", "system/*.rs, 403",
			"user/*.cruds, 403", "user/*.rs, 403", "mesofhir/survival.read, 403", "mesofhir/admin, 403"})
	void bulkImportNeedsASystemWriteScope(String scope, int expected) {
		String token = ISSUER.token(scope);
		String line = SecurityTestData.transactionJson(fhirContext);
		HttpResponse<String> ndjson = http().postText("/$import", token, "application/fhir+ndjson", line + "\n");
		assertThat(ndjson.statusCode()).as("$import: " + ndjson.body()).isEqualTo(expected);
		HttpResponse<String> registry = http().postText("/$import-registry", token, "text/csv", "patient_id\n");
		if (expected == 403) {
			assertThat(registry.statusCode()).as("$import-registry: " + registry.body()).isEqualTo(403);
			assertThat(http().get("/$import-poll-status?_jobId=none", token).statusCode()).isEqualTo(403);
		} else {
			// past the scope check: the file itself is then judged (this one lacks the required columns)
			assertThat(registry.statusCode()).as("$import-registry: " + registry.body()).isNotEqualTo(403).isBetween(200, 499);
			assertThat(http().get("/$import-poll-status?_jobId=none", token).statusCode()).as("status of an unknown job").isEqualTo(404);
		}
	}

	@org.junit.jupiter.api.Test
	void everyAggregateAnalysisNeedsOnlyTheSurvivalScope() {
		for (String path : java.util.List.of("/$survival-plot", "/$survival-table", "/$cohort-characteristics?by=sex",
				"/$cohort-characteristics-table?by=sex", "/$cohort-characteristics-table?format=html")) {
			HttpResponse<String> researcher = http().get(path, ISSUER.token(TokenGrants.SURVIVAL_SCOPE));
			assertThat(researcher.statusCode()).as(path + ": " + researcher.body()).isEqualTo(200);
			assertThat(researcher.body()).doesNotContain("Patient/" + data.patientA());
			assertThat(http().get(path, ISSUER.token("user/*.rs")).statusCode()).as(path + " with user/*.rs").isEqualTo(403);
			assertThat(http().get(path, ISSUER.token("system/*.cruds")).statusCode()).as(path + " with system/*.cruds").isEqualTo(403);
		}
	}

	private HttpResponse<String> call(String interaction, String token) {
		FhirHttp http = http();
		return switch (interaction) {
			case "read" -> http.get("/Patient/" + data.patientA(), token);
			case "search" -> http.get("/Observation?subject=Patient/" + data.patientA(), token);
			case "create" -> http.post("/Organization", token, SecurityTestData.siteJson(fhirContext));
			case "transaction" -> http.post("", token, SecurityTestData.transactionJson(fhirContext));
			case "survival" -> http.get("/$survival", token);
			case "export" -> http.export(token);
			case "admin" -> http.post("/$rebuild-analysis-records", token, null);
			case "federation" -> http.post("/$survival-aggregates", token, FEDERATION_JOIN);
			default -> throw new IllegalArgumentException(interaction);
		};
	}
}
