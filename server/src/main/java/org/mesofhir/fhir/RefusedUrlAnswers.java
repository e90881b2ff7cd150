package org.mesofhir.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A URL refused before it reaches the FHIR server — by Spring Security's firewall (a {@code ;}, {@code %00},
 * CR/LF in the path) or by Tomcat itself (an encoded {@code /} or {@code \}) — is answered 400 with an
 * OperationOutcome, as FHIR clients expect, instead of Spring's JSON or Tomcat's HTML error page.
 */
@Configuration
class RefusedUrlAnswers {

	@Bean
	RequestRejectedHandler fhirRequestRejectedHandler() {
		return (request, response, rejected) -> write(response, HttpServletResponse.SC_BAD_REQUEST,
				"The request URL was refused: " + rejected.getMessage()
						+ ". Resource ids may hold only A-Z, a-z, 0-9, '-' and '.' (at most 64); percent-encode search values"
						+ " (| [ ] { } may be sent as they are).");
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> fhirErrorReports() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(OperationOutcomeErrorReport.class.getName());
			}
		});
	}

	/** Tomcat's error report, written as an OperationOutcome. */
	public static class OperationOutcomeErrorReport extends ErrorReportValve {

		@Override
		protected void report(Request request, Response response, Throwable thrown) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			try {
				response.resetBuffer();
				write(response, status, "The request was refused by the web server (HTTP " + status + ")"
						+ (status == 400 ? ": its URL or headers are malformed. Resource ids may hold only A-Z, a-z, 0-9, '-'"
								+ " and '.'; percent-encode search values other than | [ ] { } (space, \" < > \\ ^ ` and non-ASCII"
								+ " characters must be escaped; an encoded '/' or '\\' is never accepted in a path)." : "."));
			} catch (IOException | IllegalStateException e) {
				// the response could not be written: nothing more to do
			}
		}
	}

	/** Tomcat builds the valve by class name, outside Spring: both answers encode with the shared R4 context. */
	private static void write(HttpServletResponse response, int status, String text) throws IOException {
		write(response, status, ErrorMapping.outcome(OperationOutcome.IssueType.INVALID, text));
	}

	/** Answers with the OperationOutcome, in FHIR JSON. */
	static void write(HttpServletResponse response, int status, OperationOutcome outcome) throws IOException {
		response.setStatus(status);
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome);
		response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}
}
