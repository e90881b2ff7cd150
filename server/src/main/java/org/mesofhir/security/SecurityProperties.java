package org.mesofhir.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the security feature ({@code mesofhir.security.*}).
 *
 * @param issuerUri OAuth2 issuer (a Keycloak realm URL such as {@code http://127.0.0.1:8180/realms/mesofhir});
 *     empty turns security off and the server binds to 127.0.0.1
 * @param audience value that a token's {@code aud} claim must contain to be accepted
 */
@Validated
@ConfigurationProperties("mesofhir.security")
public record SecurityProperties(
		@DefaultValue("") String issuerUri,
		@DefaultValue("mesofhir") @NotBlank String audience) {

	boolean enabled() {
		return StringUtils.hasText(issuerUri);
	}

	/** The issuer as tokens carry it in {@code iss}: without a trailing slash, as Keycloak writes it. */
	String issuer() {
		return issuerUri.endsWith("/") ? issuerUri.substring(0, issuerUri.length() - 1) : issuerUri;
	}
}
