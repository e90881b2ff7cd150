package org.mesofhir.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the log says about a refused request and about a real failure, captured from Logback: a client's bad
 * request (refused by a REST hook, by a storage hook, or by profile validation) logs no ERROR, only HAPI's one
 * WARN line without a stack trace; a server fault inside a hook, REST or storage, still logs at ERROR with its
 * stack trace (the faults are simulated by hooks registered for this test, armed by a header or a marked resource).
 */
class ClientErrorLoggingIT extends ServerIntegrationTest {

	private static final String FAULT = "X-MesoFHIR-Simulated-Fault";
	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Autowired
	private RestfulServer restfulServer;

	@Autowired
	private IInterceptorService storageInterceptors;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();
	private final SimulatedFaults faults = new SimulatedFaults();

	@Interceptor
	public static class SimulatedFaults {
		@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
		public boolean rest(RequestDetails request) {
			if ("rest".equals(request.getHeader(FAULT))) {
				throw new IllegalStateException("simulated server fault in a REST hook");
			}
			return true;
		}

		@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -1000)
		public void storage(IBaseResource resource) {
			if (resource instanceof Basic basic && "simulated-storage-fault".equals(basic.getCode().getText())) {
				throw new NullPointerException("simulated server fault in a storage hook");
			}
		}
	}

	@BeforeEach
	void capture() {
		log.start();
		root().addAppender(log);
		restfulServer.registerInterceptor(faults);
		storageInterceptors.registerInterceptor(faults);
	}

	@AfterEach
	void release() {
		restfulServer.unregisterInterceptor(faults);
		storageInterceptors.unregisterInterceptor(faults);
		root().detachAppender(log);
	}

	@Test
	void aClientsBadRequestLogsNoErrorButOneWarningWithoutStackTrace() throws Exception {
		String[] bad = {
			// refused by a REST hook before parsing (the Bundle's JSON shape)
			"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":null,\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}",
			// refused by a storage hook (an entry without request)
			"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"x\"}}}]}",
			// refused by profile validation (a Patient without identifier, site, birth date)
			"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"gender\":\"female\"},"
					+ "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}"
		};
		for (String body : bad) {
			log.list.clear();
			assertThat(post("", body, null).statusCode()).isBetween(400, 499);
			assertThat(events(Level.ERROR)).as(body).isEmpty();
			List<ILoggingEvent> refusals = events(Level.WARN).stream().filter(e -> e.getLoggerName().equals(ErrorMapping.class.getName())
					|| e.getFormattedMessage().startsWith("Failure during REST processing")).toList();
			assertThat(refusals).as(body).hasSize(1).allSatisfy(w -> assertThat(w.getThrowableProxy()).isNull());
			assertThat(refusals.get(0).getFormattedMessage()).as(body).startsWith("Refused POST /: 4");
		}
	}

	@Test
	void aServerFaultInAHookStillLogsAnErrorWithItsStackTrace() throws Exception {
		String[][] faults = {
			{"rest", "", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"DELETE\","
					+ "\"url\":\"Basic/none\"}}]}"},
			{null, "/Basic", "{\"resourceType\":\"Basic\",\"code\":{\"text\":\"simulated-storage-fault\"}}"}
		};
		for (String[] fault : faults) {
			log.list.clear();
			assertThat(post(fault[1], fault[2], fault[0]).statusCode()).as(fault[2]).isEqualTo(500);
			assertThat(events(Level.ERROR)).as(fault[2]).isNotEmpty()
					.anySatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull()
							.satisfies(t -> assertThat(t.getMessage()).contains("simulated server fault")));
		}
	}

	private List<ILoggingEvent> events(Level level) {
		return log.list.stream().filter(e -> e.getLevel() == level).toList();
	}

	private HttpResponse<String> post(String path, String body, String fault) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
		if (fault != null) {
			request.header(FAULT, fault);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}
}
