package org.mesofhir.federation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.mesofhir.fhir.ErrorMapping;

class SiteFailuresTest {

	private static final Duration ROUND = Duration.ofSeconds(2);

	private static SiteFailures.Failure classify(Throwable thrown) {
		return SiteFailures.classify(new CompletionException(thrown), ROUND);
	}

	@Test
	void noConnectionIsUnreachable() {
		assertThat(classify(new FhirClientConnectionException(new HttpHostConnectException(new ConnectException("Connection refused"), null)))
				.status()).isEqualTo("unreachable");
		assertThat(classify(new FhirClientConnectionException(new UnknownHostException("site.invalid"))).status()).isEqualTo("unreachable");
	}

	@Test
	void noAnswerInTimeIsTimeout() {
		SiteFailures.Failure read = classify(new FhirClientConnectionException(new SocketTimeoutException("Read timed out")));
		assertThat(read.status()).isEqualTo("timeout");
		assertThat(read.detail()).contains("2.0 s", "round-timeout");
		assertThat(classify(new FhirClientConnectionException(new ConnectTimeoutException("connect timed out"))).status()).isEqualTo("timeout");
		assertThat(classify(new TimeoutException()).status()).isEqualTo("timeout");
	}

	@Test
	void theSitesRefusalsAreRefusedInItsOwnWords() {
		OperationOutcome small = ErrorMapping.outcome(OperationOutcome.IssueType.BUSINESSRULE, "cohort has fewer than 5 patients");
		SiteFailures.Failure tooSmall = classify(new UnprocessableEntityException("HTTP 422", small));
		assertThat(tooSmall.status()).isEqualTo("refused");
		assertThat(tooSmall.detail()).isEqualTo("HTTP 422: cohort has fewer than 5 patients");
		assertThat(classify(new ForbiddenOperationException("scope")).status()).isEqualTo("refused");
		assertThat(classify(new UnclassifiedServerFailureException(429, "too many")).status()).isEqualTo("refused");
		assertThat(classify(new ClientCredentialsToken.TokenUnavailable("refused", "bad secret")).status()).isEqualTo("refused");
	}

	@Test
	void serverErrorsGarbageAndOtherVersionsAreErrors() {
		assertThat(classify(new InternalErrorException("boom")).status()).isEqualTo("error");
		assertThat(classify(new InvalidRequestException("unknown operation")).status()).isEqualTo("error");
		assertThat(classify(NonFhirResponseException.newInstance(200, "text/html", new java.io.StringReader("<html>"))).detail()).contains("not FHIR");
		assertThat(classify(new DataFormatException("garbage")).status()).isEqualTo("error");
		assertThat(classify(new FhirClientConnectionException(new DataFormatException("garbage"))).status()).isEqualTo("error");
		SiteFailures.Failure version = classify(new SiteFailures.ProtocolViolation("the site speaks mesofhir-federation/2"));
		assertThat(version.status()).isEqualTo("error");
		assertThat(version.detail()).contains("mesofhir-federation/2");
	}
}
