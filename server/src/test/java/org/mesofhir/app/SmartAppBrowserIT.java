package org.mesofhir.app;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app in a real browser with security off (it calls {@code $survival} directly), on the demo cohort:
 * one curve per treatment stratum, numbers at risk and the CSV download equal to {@code $survival}'s.
 * Runs with {@code -Pbrowser} (Debian chromium + playwright-core).
 */
class SmartAppBrowserIT extends ServerIntegrationTest {

	@DynamicPropertySource
	static void demoCohort(DynamicPropertyRegistry registry) {
		registry.add("mesofhir.demo.enabled", () -> "true");
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA_DIR + "-app/mesofhir;DB_CLOSE_ON_EXIT=FALSE");
		}
	}

	@Test
	void researcherDrawsKaplanMeierCurvesWithoutLogin() throws Exception {
		BrowserScript.run("http://127.0.0.1:" + port + "/app/", Map.of("MODE", "open"));
	}
}
