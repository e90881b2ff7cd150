package org.mesofhir.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says loudly, once at start-up, that nobody is authenticated when no issuer is configured. */
@Component
class UnsecuredWarning {

	private static final Logger log = LoggerFactory.getLogger(UnsecuredWarning.class);

	private final SecurityProperties properties;

	UnsecuredWarning(SecurityProperties properties) {
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void warnWhenOff(ApplicationReadyEvent event) {
		if (!properties.enabled()) {
			log.warn("SECURITY IS OFF: no mesofhir.security.issuer-uri, every request is served without authentication."
					+ " Listening on {} only. Configure an OAuth2 issuer (Keycloak) before exposing this server.",
					event.getApplicationContext().getEnvironment().getProperty("server.address", "all interfaces"));
		}
	}
}
