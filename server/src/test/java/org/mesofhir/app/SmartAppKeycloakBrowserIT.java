package org.mesofhir.app;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app in a real browser with security on: a SMART standalone launch through the real Keycloak login page
 * (user {@code researcher} of {@code docker/keycloak/realm.json}), then the same checks as
 * {@link SmartAppBrowserIT}. Runs with {@code -Pkeycloak,browser} after
 * {@code docker/keycloak/local-keycloak.sh start}; fails when no Keycloak answers.
 */
class SmartAppKeycloakBrowserIT extends ServerIntegrationTest {

	private static final String ISSUER =
			System.getProperty("mesofhir.it.keycloak-url", "http://127.0.0.1:18080") + "/realms/mesofhir";

	@DynamicPropertySource
	static void demoCohortBehindKeycloak(DynamicPropertyRegistry registry) {
		registry.add("mesofhir.security.issuer-uri", () -> ISSUER);
		registry.add("mesofhir.security.audience", () -> "mesofhir");
		registry.add("mesofhir.demo.enabled", () -> "true");
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			registry.add("spring.datasource.url",
					() -> "jdbc:h2:file:" + DATA_DIR + "-app-keycloak/mesofhir;DB_CLOSE_ON_EXIT=FALSE");
		}
	}

	@Test
	void researcherLogsInThroughKeycloakAndDrawsKaplanMeierCurves() throws Exception {
		BrowserScript.run("http://127.0.0.1:" + port + "/app/", Map.of(
				"MODE", "keycloak",
				"KEYCLOAK_ISSUER", ISSUER,
				"KEYCLOAK_USER", "researcher",
				"KEYCLOAK_PASSWORD", "researcher"));
	}
}
