package org.mesofhir.federation;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Why a site did not answer, as the hub reports it: {@code unreachable} (no connection), {@code timeout}
 * (no answer in time), {@code refused} (the site said no: 401, 403, 422, 429, with its own words) or
 * {@code error} (5xx, anything else, an answer that is not FHIR, not the protocol or not this version).
 */
final class SiteFailures {

	/** A status and what to say about it. */
	record Failure(String status, String detail) {}

	private SiteFailures() {}

	static Failure classify(Throwable thrown, Duration roundTimeout) {
		Throwable failure = thrown;
		while ((failure instanceof CompletionException || failure instanceof ExecutionException) && failure.getCause() != null) {
			failure = failure.getCause();
		}
		if (failure instanceof ClientCredentialsToken.TokenUnavailable token) {
			return new Failure(token.status(), "no access token for the site: " + token.getMessage());
		}
		if (failure instanceof ProtocolViolation) {
			return new Failure("error", failure.getMessage());
		}
		if (failure instanceof TimeoutException) {
			return timeout(roundTimeout);
		}
		// a connection failure is a BaseServerResponseException too (status 0): looked at first
		if (failure instanceof FhirClientConnectionException) {
			for (Throwable cause : ExceptionUtils.getThrowableList(failure)) {
				if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
						|| cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
					return timeout(roundTimeout);
				}
				if (cause instanceof ConnectException || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException) {
					return new Failure("unreachable", "no connection to the site: " + cause.getMessage());
				}
				if (cause instanceof DataFormatException) {
					return new Failure("error", "the site's answer could not be parsed: " + cause.getMessage());
				}
			}
			if (ExceptionUtils.getThrowableList(failure).stream().anyMatch(InterruptedIOException.class::isInstance)) {
				return timeout(roundTimeout);
			}
			return new Failure("error", "the connection to the site failed: " + ExceptionUtils.getRootCauseMessage(failure));
		}
		if (failure instanceof NonFhirResponseException nonFhir) {
			return new Failure("error", "the site answered HTTP " + nonFhir.getStatusCode() + " with something that is not FHIR");
		}
		if (failure instanceof BaseServerResponseException answer) {
			String words = diagnostics(answer);
			return switch (answer.getStatusCode()) {
				case 401, 403, 422, 429 -> new Failure("refused", "HTTP " + answer.getStatusCode() + ": " + words);
				default -> new Failure("error", "HTTP " + answer.getStatusCode() + ": " + words);
			};
		}
		if (failure instanceof DataFormatException) {
			return new Failure("error", "the site's answer could not be parsed: " + failure.getMessage());
		}
		return new Failure("error", "the site's answer could not be read: " + failure);
	}

	private static Failure timeout(Duration roundTimeout) {
		return new Failure("timeout", "no answer within " + roundTimeout.toMillis() / 1000.0 + " s (mesofhir.federation.round-timeout)");
	}

	/** The site's own words: its OperationOutcome's diagnostics, else the message. */
	private static String diagnostics(BaseServerResponseException answer) {
		IBaseOperationOutcome outcome = answer.getOperationOutcome();
		if (outcome instanceof OperationOutcome r4 && r4.hasIssue()) {
			String words = r4.getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
					.filter(d -> d != null && !d.isBlank()).collect(Collectors.joining("; "));
			if (!words.isEmpty()) {
				return words;
			}
		}
		return answer.getMessage();
	}

	/** The site answered, but not as the protocol says (missing fields, another version, bad lengths). */
	static final class ProtocolViolation extends RuntimeException {
		ProtocolViolation(String message) {
			super(message);
		}
	}
}
