package org.mesofhir.security;

import org.mesofhir.ServerIntegrationTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server with security on, trusting the {@link LocalIssuer}: a second Spring context (cached and
 * shared by every subclass), on its own fresh H2 file so the security-off tests never see its data.
 */
abstract class SecuredServerIntegrationTest extends ServerIntegrationTest {

	protected static final LocalIssuer ISSUER = LocalIssuer.shared();

	@DynamicPropertySource
	static void trustLocalIssuer(DynamicPropertyRegistry registry) {
		registry.add("mesofhir.security.issuer-uri", ISSUER::issuer);
		registry.add("mesofhir.security.audience", () -> LocalIssuer.AUDIENCE);
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			registry.add("spring.datasource.url",
					() -> "jdbc:h2:file:" + DATA_DIR + "-secured/mesofhir;DB_CLOSE_ON_EXIT=FALSE");
		}
	}

	protected FhirHttp http() {
		return new FhirHttp(baseUrl());
	}
}
