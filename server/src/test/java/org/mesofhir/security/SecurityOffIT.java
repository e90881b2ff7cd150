package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** Without an issuer (the shared security-off context): open, loopback only, and no SMART endpoints pretending otherwise. */
class SecurityOffIT extends ServerIntegrationTest {

	@Autowired
	Environment environment;

	@Test
	void servesWithoutTokenOnLoopbackOnly() {
		FhirHttp http = new FhirHttp(baseUrl());

		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(http.get("/Patient?_summary=count", null).statusCode()).isEqualTo(200);
		assertThat(http.post("/$rebuild-analysis-records", null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void noSmartConfigurationAndNoSecurityInTheCapabilityStatement() {
		FhirHttp http = new FhirHttp(baseUrl());

		assertThat(http.get("/.well-known/smart-configuration", null).statusCode()).isEqualTo(404);
		assertThat(http.get("/metadata", null).body()).doesNotContain(SmartSecurityCapability.OAUTH_URIS);
	}

	@Test
	void smartAppIsToldToCallTheServerDirectly() {
		FhirHttp server = new FhirHttp("http://127.0.0.1:" + port);

		assertThat(server.get("/app/", null).statusCode()).isEqualTo(200);
		assertThat(server.get("/app/config.json", null).body()).isEqualTo("{\"security\":false,\"fhirBase\":\"../fhir\"}");
	}
}
