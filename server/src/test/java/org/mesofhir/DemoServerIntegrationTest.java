package org.mesofhir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server as a first-time user starts it: on an empty database of its own (a fresh H2 file), with the
 * demo cohort loaded at start-up ({@code mesofhir.demo.enabled=true}, default size and seed). One Spring
 * context, cached and shared by every subclass; the tests on the shared context never see its patients.
 */
public abstract class DemoServerIntegrationTest extends ServerIntegrationTest {

	/** Size of the default demo cohort ({@code mesofhir.demo.patients}). */
	protected static final int DEMO_PATIENTS = 118;

	@DynamicPropertySource
	static void demoCohort(DynamicPropertyRegistry registry) {
		registry.add("mesofhir.demo.enabled", () -> "true");
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA_DIR + "-demo/mesofhir;DB_CLOSE_ON_EXIT=FALSE");
		}
	}
}
