package org.mesofhir.security;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Authentication at the HTTP edge. With an issuer, every request needs a valid bearer JWT except the
 * CapabilityStatement, the SMART configuration, CORS preflights, the health check and the SMART app's own
 * files ({@code /app/**}, which hold no data); what a valid token
 * may then do is decided by {@link ScopeAuthorization} (FHIR) or by the admin scope (actuator).
 * Without an issuer, everything is open and the server listens on 127.0.0.1 ({@link LoopbackWhenUnsecured}).
 */
@Configuration
class HttpSecurityConfig {

	@Bean
	SecurityFilterChain securityFilterChain(
			HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> decoder, FhirContext fhir)
			throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(AbstractHttpConfigurer::disable)
				.formLogin(AbstractHttpConfigurer::disable)
				.httpBasic(AbstractHttpConfigurer::disable)
				.logout(AbstractHttpConfigurer::disable);
		if (!properties.enabled()) {
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}
		PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
		OperationOutcomeDenial denial = new OperationOutcomeDenial(fhir);
		http.authorizeHttpRequests(requests -> requests
						.requestMatchers(path.matcher(HttpMethod.GET, "/fhir/metadata")).permitAll()
						.requestMatchers(path.matcher(HttpMethod.GET, "/fhir/.well-known/smart-configuration")).permitAll()
						.requestMatchers(path.matcher(HttpMethod.OPTIONS, "/**")).permitAll()
						.requestMatchers(path.matcher("/actuator/health"), path.matcher("/actuator/health/**")).permitAll()
						.requestMatchers(path.matcher("/error")).permitAll()
						// the SMART app's static files and its config: the app itself obtains the token
						.requestMatchers(path.matcher(HttpMethod.GET, "/app"), path.matcher(HttpMethod.GET, "/app/**")).permitAll()
						.requestMatchers(path.matcher("/actuator/**")).hasAuthority("SCOPE_" + TokenGrants.ADMIN_SCOPE)
						.anyRequest().authenticated())
				.oauth2ResourceServer(server -> server
						.jwt(jwt -> jwt.decoder(decoder.getObject()))
						.authenticationEntryPoint(denial)
						.accessDeniedHandler(denial))
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(denial).accessDeniedHandler(denial));
		return http.build();
	}

	@Bean
	@Conditional(IssuerConfigured.class)
	JwtDecoder jwtDecoder(IssuerMetadata issuer, SecurityProperties properties) {
		return AccessTokenValidation.decoder(issuer, properties.audience());
	}
}
