package org.mesofhir.security;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Without an OAuth2 issuer nobody is authenticated, so the server must not be reachable from other
 * machines: it binds to 127.0.0.1 unless {@code server.address} is given explicitly.
 */
public class LoopbackWhenUnsecured implements EnvironmentPostProcessor {

	static final String ISSUER_KEY = "mesofhir.security.issuer-uri";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean secured = StringUtils.hasText(environment.getProperty(ISSUER_KEY));
		if (!secured && !environment.containsProperty("server.address")) {
			environment.getPropertySources()
					.addLast(new MapPropertySource("mesofhir-loopback", Map.of("server.address", "127.0.0.1")));
		}
	}
}
