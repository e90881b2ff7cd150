package org.mesofhir.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The hub's access token at one site's issuer (OAuth2 client credentials, RFC 6749 §4.4, scope
 * {@value #SCOPE}, client authentication by HTTP Basic), fetched when needed and kept until shortly before
 * it expires, so a long analysis does not ask the issuer once per round.
 */
final class ClientCredentialsToken {

	static final String SCOPE = "mesofhir/federation";
	/** A token is renewed this long before its expiry (at most half its lifetime), so none expires in flight. */
	private static final Duration MARGIN = Duration.ofSeconds(30);

	private final URI tokenUri;
	private final String basicAuthorization;
	private final HttpClient http;
	private final Duration timeout;
	private final Clock clock;
	private final ObjectMapper json = new ObjectMapper();
	private String token;
	private Instant renewAt = Instant.MIN;

	ClientCredentialsToken(String tokenUri, String clientId, String clientSecret, HttpClient http, Duration timeout, Clock clock) {
		this.tokenUri = URI.create(tokenUri);
		// RFC 6749 §2.3.1: id and secret form-encoded, then Basic
		String pair = form(clientId) + ":" + form(clientSecret);
		this.basicAuthorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
		this.http = http;
		this.timeout = timeout;
		this.clock = clock;
	}

	/** A valid token, from the cache or fresh from the issuer; {@link TokenUnavailable} when none can be had. */
	synchronized String token() {
		if (token == null || !clock.instant().isBefore(renewAt)) {
			fetch();
		}
		return token;
	}

	/** Forgets the cached token (the site refused it): the next call fetches a new one. */
	synchronized void invalidate() {
		token = null;
	}

	private void fetch() {
		HttpRequest request = HttpRequest.newBuilder(tokenUri)
				.timeout(timeout)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "application/json")
				.header("Authorization", basicAuthorization)
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + form(SCOPE)))
				.build();
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (HttpTimeoutException e) {
			throw new TokenUnavailable("timeout", "its issuer " + tokenUri + " gave no token within " + timeout.toSeconds() + " s");
		} catch (ConnectException e) {
			throw new TokenUnavailable("unreachable", "its issuer " + tokenUri + " is unreachable: " + e.getMessage());
		} catch (IOException e) {
			throw new TokenUnavailable("unreachable", "its issuer " + tokenUri + " could not be asked for a token: " + e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new TokenUnavailable("error", "interrupted while asking " + tokenUri + " for a token");
		}
		if (response.statusCode() == 400 || response.statusCode() == 401 || response.statusCode() == 403) {
			throw new TokenUnavailable("refused", "its issuer refused the hub's client credentials: HTTP " + response.statusCode()
					+ " " + abbreviate(response.body()));
		}
		if (response.statusCode() != 200) {
			throw new TokenUnavailable("error", "its issuer " + tokenUri + " answered HTTP " + response.statusCode());
		}
		try {
			JsonNode body = json.readTree(response.body());
			String accessToken = body.path("access_token").asText("");
			if (accessToken.isEmpty()) {
				throw new TokenUnavailable("error", "its issuer's answer has no access_token");
			}
			long lifetime = body.path("expires_in").asLong(60);
			Duration margin = MARGIN.compareTo(Duration.ofSeconds(lifetime / 2)) < 0 ? MARGIN : Duration.ofSeconds(lifetime / 2);
			token = accessToken;
			renewAt = clock.instant().plusSeconds(lifetime).minus(margin);
		} catch (IOException e) {
			throw new TokenUnavailable("error", "its issuer's answer is not JSON: " + abbreviate(response.body()));
		}
	}

	private static String form(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
	}

	/** No token for the site; {@code status} is how the site's status reads (unreachable, timeout, refused, error). */
	static final class TokenUnavailable extends RuntimeException {
		private final String status;

		TokenUnavailable(String status, String message) {
			super(message);
			this.status = status;
		}

		String status() {
			return status;
		}
	}
}
