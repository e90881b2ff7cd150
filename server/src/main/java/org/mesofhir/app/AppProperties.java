package org.mesofhir.app;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the researchers' SMART app served at {@code /app/} ({@code mesofhir.app.*}).
 *
 * @param clientId the OAuth2 client the app launches as (a public client with PKCE in the issuer's realm)
 * @param scope the scopes the app asks for: {@code $survival} needs {@code mesofhir/survival.read}, nothing more
 */
@Validated
@ConfigurationProperties("mesofhir.app")
public record AppProperties(
		@DefaultValue("mesofhir-app") @NotBlank String clientId,
		@DefaultValue("openid mesofhir/survival.read") @NotBlank String scope) {}
