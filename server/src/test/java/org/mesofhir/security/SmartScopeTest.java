package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** SMART App Launch scope syntax, v2 and v1, and what a token's claims grant. */
class SmartScopeTest {

	@ParameterizedTest(name = "{0} -> {1} {2} {3}")
	@CsvSource({
		"patient/*.rs,          PATIENT, *,           rs",
		"user/Observation.cruds, USER,   Observation, cruds",
		"system/*.cruds,        SYSTEM,  *,           cruds",
		"user/Patient.r,        USER,    Patient,     r",
		"system/*.s,            SYSTEM,  *,           s",
		"user/*.read,           USER,    *,           rs",
		"patient/Condition.write, PATIENT, Condition, cud",
		"system/*.*,            SYSTEM,  *,           cruds",
	})
	void understoodScopes(String scope, SmartScope.Context context, String type, String interactions) {
		assertThat(SmartScope.parse(scope)).contains(new SmartScope(context, type, interactions));
	}

	@ParameterizedTest(name = "{0} grants nothing")
	@CsvSource({
		"openid", "profile", "launch/patient", "mesofhir/survival.read", "user/*.",
		"user/*.sr",           // v2 letters must come in the order c r u d s
		"user/*.rs?category=laboratory", "admin/*.rs", "user/patient.rs", "user/*.execute", "USER/*.rs"
	})
	void scopesThatGrantNoResourceAccess(String scope) {
		assertThat(SmartScope.parse(scope)).isEmpty();
	}

	@Test
	void scopeClaimIsSpaceSeparatedAsKeycloakWritesIt() {
		TokenGrants grants = TokenGrants.of(jwt(Map.of("scope", "openid user/*.rs mesofhir/survival.read")));

		assertThat(grants.has("mesofhir/survival.read")).isTrue();
		assertThat(grants.resourceScopes()).containsExactly(new SmartScope(SmartScope.Context.USER, "*", "rs"));
		assertThat(grants.patient()).isEmpty();
	}

	@Test
	void scpListClaimIsAcceptedToo() {
		TokenGrants grants = TokenGrants.of(jwt(Map.of("scp", List.of("system/*.cruds"))));

		assertThat(grants.resourceScopes()).containsExactly(new SmartScope(SmartScope.Context.SYSTEM, "*", "cruds"));
	}

	@Test
	void patientScopesNeedAPatientClaim() {
		assertThat(TokenGrants.of(jwt(Map.of("scope", "patient/*.rs"))).resourceScopes()).isEmpty();

		TokenGrants withClaim = TokenGrants.of(jwt(Map.of("scope", "patient/*.rs", "patient", "Patient/123")));
		assertThat(withClaim.resourceScopes()).hasSize(1);
		assertThat(withClaim.patient()).contains("123");
	}

	private static Jwt jwt(Map<String, Object> claims) {
		Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("s")
				.issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(jwt::claim);
		return jwt.build();
	}
}
