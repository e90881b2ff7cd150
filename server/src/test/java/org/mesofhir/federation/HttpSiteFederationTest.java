package org.mesofhir.federation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesofhir.survival.SiteFederation;

/** The hub against sites that are not MesoFHIR: a slow one is a timeout, in bounded time. */
class HttpSiteFederationTest {

	private HttpServer slow;

	@BeforeEach
	void start() throws IOException {
		slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		slow.createContext("/", exchange -> {
			exchange.getRequestBody().readAllBytes();
			try {
				Thread.sleep(5000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		slow.start();
	}

	@AfterEach
	void stop() {
		slow.stop(0);
	}

	@Test
	void aSiteSlowerThanTheRoundTimeoutIsATimeout() {
		String base = "http://127.0.0.1:" + slow.getAddress().getPort() + "/fhir";
		HttpSiteFederation hub = new HttpSiteFederation(FhirContext.forR4Cached(), new FederationProperties(
				List.of(new FederationProperties.Site("slow", base, "", "", "")), Duration.ofSeconds(1), Duration.ofSeconds(1), 5, 60, false,
				Duration.ofMinutes(30)));
		long started = System.nanoTime();

		SiteFederation.SiteStatus status = hub.open(null, List.of("slow"), null).statuses().get(0);

		assertThat(status.status()).as(status.detail()).isEqualTo("timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		hub.stop();
	}
}
