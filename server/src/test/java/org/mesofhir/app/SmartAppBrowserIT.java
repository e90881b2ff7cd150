package org.mesofhir.app;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mesofhir.DemoServerIntegrationTest;

/**
 * The app in a real browser with security off (it calls {@code $survival} directly), on the demo cohort:
 * the default analysis drawn on opening, one curve per treatment stratum, numbers at risk and the CSV
 * download equal to {@code $survival}'s. Runs with {@code -Pbrowser} (Debian chromium + playwright-core).
 */
class SmartAppBrowserIT extends DemoServerIntegrationTest {

	@Test
	void researcherDrawsKaplanMeierCurvesWithoutLogin() throws Exception {
		BrowserScript.run("http://127.0.0.1:" + port + "/app/", Map.of("MODE", "open"));
	}
}
