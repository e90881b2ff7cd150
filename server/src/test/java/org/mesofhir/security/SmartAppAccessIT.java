package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With security on, the SMART app's own files and its config are open (they hold no data); the data is not. */
class SmartAppAccessIT extends SecuredServerIntegrationTest {

	@Test
	void appFilesAndConfigAreServedWithoutTokenButSurvivalStillNeedsOne() {
		FhirHttp server = new FhirHttp("http://127.0.0.1:" + port);

		HttpResponse<String> page = server.get("/app/", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Run analysis", "vendor/fhir-client.min.js");
		assertThat(server.get("/app/launch.html", null).statusCode()).isEqualTo(200);
		assertThat(server.get("/app/plot.js", null).statusCode()).isEqualTo(200);
		assertThat(server.get("/app", null).headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).endsWith("/app/"));

		HttpResponse<String> config = server.get("/app/config.json", null);
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(config.body()).contains("\"security\":true", "\"clientId\":\"mesofhir-app\"",
				"\"scope\":\"openid mesofhir/survival.read\"");

		assertThat(http().get("/$survival", null).statusCode()).isEqualTo(401);
	}
}
