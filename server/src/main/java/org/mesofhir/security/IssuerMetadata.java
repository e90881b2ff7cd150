package org.mesofhir.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The issuer's OpenID Connect discovery document ({@code [issuer]/.well-known/openid-configuration}),
 * fetched on first use and kept once it has been read: the server may start before Keycloak does.
 * The JWKS location, the SMART configuration and the CapabilityStatement's OAuth URIs all come from it.
 */
@Component
@Conditional(IssuerConfigured.class)
class IssuerMetadata {

	private final String issuer;
	private final ObjectMapper json;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private volatile JsonNode document;

	IssuerMetadata(SecurityProperties properties, ObjectMapper json) {
		this.issuer = properties.issuer();
		this.json = json;
	}

	String issuer() {
		return issuer;
	}

	/** The discovery document; throws {@link IssuerUnavailable} when the issuer cannot be read now. */
	JsonNode document() {
		JsonNode current = document;
		if (current == null) {
			synchronized (this) {
				if (document == null) {
					document = fetch();
				}
				current = document;
			}
		}
		return current;
	}

	String jwksUri() {
		return required("jwks_uri");
	}

	String required(String field) {
		JsonNode value = document().get(field);
		if (value == null || !value.isTextual()) {
			throw new IssuerUnavailable("the issuer's discovery document has no " + field);
		}
		return value.asText();
	}

	private JsonNode fetch() {
		URI location = URI.create(issuer + "/.well-known/openid-configuration");
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(10)).header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IssuerUnavailable(location + " answered HTTP " + response.statusCode());
			}
			JsonNode discovered = json.readTree(response.body());
			// a document for another issuer would make every token look foreign (or worse, valid)
			if (!issuer.equals(discovered.path("issuer").asText())) {
				throw new IssuerUnavailable(location + " describes issuer " + discovered.path("issuer").asText()
						+ ", not the configured " + issuer);
			}
			return discovered;
		} catch (IOException e) {
			throw new IssuerUnavailable(location + " could not be read: " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IssuerUnavailable(location + " could not be read: interrupted");
		}
	}

	static class IssuerUnavailable extends RuntimeException {
		IssuerUnavailable(String message) {
			super("OAuth2 issuer unavailable: " + message);
		}
	}
}
