package org.mesofhir.federation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;

/**
 * The hub's call of one round at one site: the question as FHIR JSON (HAPI encodes it, it is small), the
 * answer read with {@link RoundAnswerJson} straight from the connection. Failures come out as HAPI's client
 * would raise them, so {@link SiteFailures} classifies both transports alike: a non-2xx status as a
 * {@link BaseServerResponseException} carrying the site's OperationOutcome, no connection or no answer in time
 * as a {@link FhirClientConnectionException} around the cause.
 */
final class RoundTransport {

	private final FhirContext fhir;
	private final HttpClient http;
	private final Duration roundTimeout;

	RoundTransport(FhirContext fhir, Duration connectTimeout, Duration roundTimeout) {
		this.fhir = fhir;
		this.roundTimeout = roundTimeout;
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
	}

	/** POSTs {@code request} to {@code [baseUrl]/$survival-aggregates}; {@code bearer} null for a security-off site. */
	RoundAnswerJson.WireParameters post(String baseUrl, Parameters request, String bearer) {
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(base + "/" + FederationProtocol.OPERATION))
				.timeout(roundTimeout)
				.header("Content-Type", "application/fhir+json;charset=UTF-8")
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(request), StandardCharsets.UTF_8));
		if (bearer != null) {
			call.header("Authorization", "Bearer " + bearer);
		}
		HttpResponse<InputStream> response;
		try {
			response = http.send(call.build(), HttpResponse.BodyHandlers.ofInputStream());
		} catch (IOException e) {
			throw new FhirClientConnectionException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FhirClientConnectionException(e);
		}
		try (InputStream body = response.body()) {
			if (response.statusCode() / 100 != 2) {
				throw refusal(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
			}
			String type = response.headers().firstValue("Content-Type").orElse("");
			if (!type.contains("json")) {
				throw new SiteFailures.ProtocolViolation("the site answered HTTP " + response.statusCode() + " with '" + type
						+ "', not FHIR JSON");
			}
			return RoundAnswerJson.read(body);
		} catch (IOException e) {
			throw new FhirClientConnectionException(e);
		}
	}

	/** The site's non-2xx answer as HAPI's client raises it: its status and, when it sent one, its OperationOutcome. */
	private BaseServerResponseException refusal(int status, String body) {
		OperationOutcome outcome = null;
		try {
			IBaseResource parsed = fhir.newJsonParser().parseResource(body);
			outcome = parsed instanceof OperationOutcome o ? o : null;
		} catch (DataFormatException | IllegalArgumentException notFhir) {
			// no OperationOutcome: the status alone says what happened
		}
		String words = outcome != null && outcome.hasIssue() && outcome.getIssueFirstRep().hasDiagnostics()
				? outcome.getIssueFirstRep().getDiagnostics() : "no OperationOutcome";
		BaseServerResponseException refused = BaseServerResponseException.newInstance(status, "HTTP " + status + ": " + words);
		refused.setOperationOutcome(outcome);
		return refused;
	}
}
