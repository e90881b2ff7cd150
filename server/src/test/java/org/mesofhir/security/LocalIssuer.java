package org.mesofhir.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A tiny OAuth2 issuer on 127.0.0.1 for the fast security tests: it serves an OpenID Connect discovery
 * document and its JWKS over real HTTP, and signs RS256 access tokens like Keycloak's, so the server's
 * whole validation path (discovery, JWKS, signature, iss, aud, exp) runs without Keycloak.
 * One per test JVM, shared by every secured test class (they share one Spring context).
 */
final class LocalIssuer {

	static final String AUDIENCE = "mesofhir";
	private static LocalIssuer shared;

	private final HttpServer http;
	private final RSAKey key;
	/** A key the issuer never published, with the same key id: a forged signature. */
	private final RSAKey forger;
	private final String issuer;

	private LocalIssuer() throws IOException, JOSEException {
		key = new RSAKeyGenerator(2048).keyID("local-1").generate();
		forger = new RSAKeyGenerator(2048).keyID("local-1").generate();
		http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		issuer = "http://127.0.0.1:" + http.getAddress().getPort() + "/realms/test";
		String discovery = """
				{"issuer":"%1$s","jwks_uri":"%1$s/protocol/openid-connect/certs",
				 "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
				 "token_endpoint":"%1$s/protocol/openid-connect/token",
				 "revocation_endpoint":"%1$s/protocol/openid-connect/revoke",
				 "grant_types_supported":["authorization_code","implicit","refresh_token","password","client_credentials"],
				 "code_challenge_methods_supported":["plain","S256"],
				 "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"],
				 "scopes_supported":["openid","patient/*.rs","user/*.rs","system/*.cruds","mesofhir/survival.read"]}
				""".formatted(issuer);
		String jwks = new JWKSet(key.toPublicJWK()).toString();
		http.createContext("/realms/test/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
		http.createContext("/realms/test/protocol/openid-connect/certs", exchange -> respond(exchange, jwks));
		http.start();
	}

	static synchronized LocalIssuer shared() {
		if (shared == null) {
			try {
				shared = new LocalIssuer();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			} catch (JOSEException e) {
				throw new IllegalStateException(e);
			}
		}
		return shared;
	}

	private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	String issuer() {
		return issuer;
	}

	/** A valid token (5 minutes) with these space-separated scopes. */
	String token(String scopes) {
		return token().scopes(scopes).sign();
	}

	Token token() {
		return new Token();
	}

	/** A token being built: valid unless told otherwise. */
	final class Token {
		private String scopes = "";
		private String patient;
		private String iss = issuer;
		private String aud = AUDIENCE;
		private Instant expires = Instant.now().plus(Duration.ofMinutes(5));
		private boolean forged;

		Token scopes(String value) {
			scopes = value;
			return this;
		}

		Token patient(String id) {
			patient = id;
			return this;
		}

		Token issuer(String value) {
			iss = value;
			return this;
		}

		Token audience(String value) {
			aud = value;
			return this;
		}

		Token expires(Instant value) {
			expires = value;
			return this;
		}

		Token forged() {
			forged = true;
			return this;
		}

		String sign() {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
					.issuer(iss)
					.subject(UUID.randomUUID().toString())
					.audience(aud)
					.issueTime(Date.from(Instant.now().minusSeconds(5)))
					.expirationTime(expires == null ? null : Date.from(expires))
					.jwtID(UUID.randomUUID().toString())
					.claim("azp", "test-client")
					.claim("scope", scopes);
			if (patient != null) {
				claims.claim("patient", patient);
			}
			try {
				SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
				jwt.sign(new RSASSASigner(forged ? forger : key));
				return jwt.serialize();
			} catch (JOSEException e) {
				throw new IllegalStateException(e);
			}
		}
	}
}
