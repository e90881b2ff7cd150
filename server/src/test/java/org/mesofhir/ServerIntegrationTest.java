package org.mesofhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every server integration test: the whole server on a random port, one Spring context shared
 * by all subclasses (Spring's test-context cache), called through HAPI's {@link IGenericClient}.
 *
 * <p>Database: a fresh embedded H2 file per test run by default (profile {@code it}); {@code .ci/run}
 * points the same tests at PostgreSQL with {@code SPRING_PROFILES_ACTIVE=it,postgres} and
 * {@code SPRING_DATASOURCE_URL}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ActiveProfiles(resolver = IntegrationTestProfiles.class)
public abstract class ServerIntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected FhirContext fhirContext;

	protected IGenericClient client;

	/** One fresh H2 folder per test JVM; ignored when SPRING_DATASOURCE_URL names another database. */
	protected static final String DATA_DIR = "target/it-data/" + UUID.randomUUID();

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("mesofhir.data-dir", () -> DATA_DIR);
	}

	@BeforeEach
	protected void connectClient() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhirContext.getRestfulClientFactory().setSocketTimeout(120_000);
		client = fhirContext.newRestfulGenericClient(baseUrl());
	}

	protected String baseUrl() {
		return "http://127.0.0.1:" + port + "/fhir";
	}
}
