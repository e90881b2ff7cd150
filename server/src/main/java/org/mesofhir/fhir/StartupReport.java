package org.mesofhir.fhir;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** Logs the one line an operator needs after start-up: where the API is, on which database, how secured. */
@Component
class StartupReport {

	private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

	@EventListener(ApplicationReadyEvent.class)
	void report(ApplicationReadyEvent event) {
		Environment env = event.getApplicationContext().getEnvironment();
		String address = env.getProperty("server.address", "0.0.0.0");
		String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
		String issuer = env.getProperty("mesofhir.security.issuer-uri");
		String security = StringUtils.hasText(issuer)
				? "ON (OAuth2 issuer " + issuer + ")"
				: "OFF (no mesofhir.security.issuer-uri; listening on " + address + " only)";
		log.info("MesoFHIR ready: FHIR base http://{}:{}{} | database {} | security {}",
				address, port, FhirServerConfig.FHIR_PATH, describeDatabase(env.getProperty("spring.datasource.url", "")), security);
	}

	static String describeDatabase(String jdbcUrl) {
		if (jdbcUrl.startsWith("jdbc:h2:file:")) {
			return "H2 file " + jdbcUrl.substring("jdbc:h2:file:".length()).split(";")[0];
		}
		if (jdbcUrl.startsWith("jdbc:h2:mem:")) {
			return "H2 in memory";
		}
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			return "PostgreSQL " + jdbcUrl.substring("jdbc:postgresql:".length()).split("\\?")[0];
		}
		return jdbcUrl.split("\\?")[0];
	}
}
