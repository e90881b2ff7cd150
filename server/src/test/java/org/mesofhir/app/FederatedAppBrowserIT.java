package org.mesofhir.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mesofhir.DemoServerIntegrationTest;
import org.mesofhir.MesoFhirApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The app on a federation hub, in a real browser: a second server (another Spring context on loopback, its
 * own H2 file and a demo cohort of another seed, security off) is the hub and site SITE-A of itself, the shared demo server is
 * SITE-B. The app offers the "pool all hospitals" switch, runs {@code $federated-survival} with it, names
 * each hospital's status and shows the pooled medians {@code $federated-survival} gives when called
 * directly. Runs with {@code -Pbrowser}, like {@link SmartAppBrowserIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederatedAppBrowserIT extends DemoServerIntegrationTest {

	private ConfigurableApplicationContext hub;
	private int hubPort;

	@BeforeAll
	void startHub() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			hubPort = socket.getLocalPort();
		}
		String data = "target/it-data/app-hub-" + UUID.randomUUID();
		hub = new SpringApplicationBuilder(MesoFhirApplication.class).profiles("it").run(
				"--server.port=" + hubPort, "--mesofhir.data-dir=" + data,
				"--spring.datasource.url=jdbc:h2:file:./" + data + "/mesofhir",
				"--mesofhir.demo.enabled=true", "--mesofhir.demo.seed=20261127",
				"--mesofhir.federation.sites[0].name=SITE-A",
				"--mesofhir.federation.sites[0].base-url=http://127.0.0.1:" + hubPort + "/fhir",
				"--mesofhir.federation.sites[1].name=SITE-B",
				"--mesofhir.federation.sites[1].base-url=http://127.0.0.1:" + port + "/fhir");
	}

	@AfterAll
	void stopHub() {
		if (hub != null) {
			hub.close();
		}
	}

	@Test
	void researcherPoolsTheHospitalsFromTheApp() throws Exception {
		BrowserScript.run("http://127.0.0.1:" + hubPort + "/app/", Map.of("MODE", "open", "FEDERATION_SITES", "SITE-A,SITE-B"));
	}
}
