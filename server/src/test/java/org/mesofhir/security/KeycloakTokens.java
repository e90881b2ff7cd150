package org.mesofhir.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Real access tokens from the test Keycloak (realm docker/keycloak/realm.json): client credentials and password grant. */
final class KeycloakTokens {

	static final String URL = System.getProperty("mesofhir.it.keycloak-url", "http://127.0.0.1:18080");
	static final String ISSUER = URL + "/realms/mesofhir";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private static final ObjectMapper JSON = new ObjectMapper();

	private KeycloakTokens() {}

	static String clientCredentials(String clientId, String secret) {
		return token(ISSUER, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
	}

	/** Password grant through the public SMART app client (enabled in the development realm only for tests). */
	static String password(String username, String password) {
		return token(ISSUER, Map.of("grant_type", "password", "client_id", "mesofhir-app",
				"username", username, "password", password, "scope", "openid"));
	}

	/** A token of Keycloak's master realm: signed by the same Keycloak, but another issuer and audience. */
	static String masterRealmAdmin() {
		return token(URL + "/realms/master", Map.of("grant_type", "password", "client_id", "admin-cli",
				"username", "admin", "password", "admin"));
	}

	static JsonNode claims(String jwt) {
		try {
			return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	static HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
	}

	private static String token(String realm, Map<String, String> form) {
		String body = new LinkedHashMap<>(form).entrySet().stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Keycloak refused a token (" + form.get("grant_type") + "): HTTP "
					+ response.statusCode() + " " + response.body());
		}
		try {
			return JSON.readTree(response.body()).path("access_token").asText();
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new IllegalStateException("Keycloak is not answering at " + URL
					+ " (start it with docker/keycloak/local-keycloak.sh start): " + e, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
