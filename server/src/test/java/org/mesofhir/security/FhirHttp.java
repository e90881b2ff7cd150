package org.mesofhir.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to the FHIR base, with or without a bearer token, so tests see statuses and headers as sent. */
final class FhirHttp {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	FhirHttp(String base) {
		this.base = base;
	}

	HttpResponse<String> get(String path, String token) {
		return send(request(path, token).GET());
	}

	/** POST a FHIR resource; {@code null} posts an empty Parameters (an operation without parameters). */
	HttpResponse<String> post(String path, String token, String fhirJson) {
		return send(request(path, token)
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirJson == null ? "{\"resourceType\":\"Parameters\"}" : fhirJson)));
	}

	/** POST a body of another media type (NDJSON for {@code $import}, CSV for {@code $import-registry}). */
	HttpResponse<String> postText(String path, String token, String contentType, String body) {
		return send(request(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** {@code $export} kick-off: asynchronous, as the Bulk Data spec requires. */
	HttpResponse<String> export(String token) {
		return send(request("/$export", token).header("Prefer", "respond-async").GET());
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
				.timeout(Duration.ofSeconds(120))
				.header("Accept", "application/fhir+json, */*;q=0.1");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
