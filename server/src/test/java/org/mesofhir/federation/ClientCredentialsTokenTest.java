package org.mesofhir.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsTokenTest {

	private HttpServer issuer;
	private final AtomicInteger issued = new AtomicInteger();
	private final List<String> requests = new ArrayList<>();
	private volatile int status = 200;
	private volatile long expiresIn = 300;
	private final MutableClock clock = new MutableClock();

	@BeforeEach
	void startIssuer() throws IOException {
		issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		issuer.createContext("/token", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
			String answer = status == 200
					? "{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}"
					: "{\"error\":\"invalid_client\"}";
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		issuer.start();
	}

	@AfterEach
	void stopIssuer() {
		issuer.stop(0);
	}

	private ClientCredentialsToken token(String uri) {
		return new ClientCredentialsToken(uri, "mesofhir-hub", "s3cret:&", HttpClient.newHttpClient(), Duration.ofSeconds(2), clock);
	}

	private String uri() {
		return "http://127.0.0.1:" + issuer.getAddress().getPort() + "/token";
	}

	@Test
	void aTokenIsFetchedOnceAndKeptUntilShortlyBeforeItExpires() {
		ClientCredentialsToken token = token(uri());

		assertThat(token.token()).isEqualTo("t1");
		clock.advance(Duration.ofSeconds(269));
		assertThat(token.token()).isEqualTo("t1");
		clock.advance(Duration.ofSeconds(1)); // 300 s lifetime, renewed 30 s early
		assertThat(token.token()).isEqualTo("t2");
		assertThat(issued).hasValue(2);

		String basic = "Basic " + Base64.getEncoder().encodeToString("mesofhir-hub:s3cret%3A%26".getBytes(StandardCharsets.UTF_8));
		assertThat(requests.get(0)).isEqualTo(basic + " grant_type=client_credentials&scope=mesofhir%2Ffederation");
	}

	@Test
	void anInvalidatedTokenIsFetchedAgain() {
		ClientCredentialsToken token = token(uri());
		token.token();
		token.invalidate();

		assertThat(token.token()).isEqualTo("t2");
	}

	@Test
	void aShortLivedTokenIsRenewedAtHalfItsLifetime() {
		expiresIn = 20;
		ClientCredentialsToken token = token(uri());
		token.token();
		clock.advance(Duration.ofSeconds(9));
		assertThat(token.token()).isEqualTo("t1");
		clock.advance(Duration.ofSeconds(1));
		assertThat(token.token()).isEqualTo("t2");
	}

	@Test
	void refusedAndUnreachableIssuersSaySo() {
		status = 401;
		assertThatThrownBy(() -> token(uri()).token()).isInstanceOfSatisfying(ClientCredentialsToken.TokenUnavailable.class,
				e -> assertThat(e.status()).isEqualTo("refused"));
		issuer.stop(0);
		assertThatThrownBy(() -> token(uri()).token()).isInstanceOfSatisfying(ClientCredentialsToken.TokenUnavailable.class,
				e -> assertThat(e.status()).isEqualTo("unreachable"));
	}

	private static final class MutableClock extends Clock {
		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	}
}
