package org.mesofhir.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * How an access token is accepted: RS256 signature by a key of the issuer's JWKS, {@code iss} equal to the
 * configured issuer, {@code aud} containing the configured audience, and an {@code exp} in the future
 * (Spring's default clock skew of 60 s). A token without {@code exp} is refused: it would never expire.
 */
final class AccessTokenValidation {

	private AccessTokenValidation() {}

	static JwtDecoder decoder(IssuerMetadata issuer, String audience) {
		// built on first use: the issuer (and its JWKS) may come up after this server
		return new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer.jwksUri()).build();
			decoder.setJwtValidator(validator(issuer.issuer(), audience));
			return decoder;
		});
	}

	static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
		return new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
	}
}
