package org.mesofhir.audit;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who made a request, from its access token: the client ({@code azp}, else {@code client_id}) and, for a
 * person's token, the user ({@code preferred_username}, else {@code sub}). {@code anonymous} when security
 * is off or the request carried no token.
 */
public record Requester(String client, String user) {

	public static final String ANONYMOUS = "anonymous";

	public static Requester current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return new Requester(ANONYMOUS, null);
		}
		Jwt jwt = token.getToken();
		String client = firstOf(jwt, "azp", "client_id");
		String user = firstOf(jwt, "preferred_username", "sub");
		return new Requester(client == null ? user : client, user);
	}

	private static String firstOf(Jwt jwt, String... claims) {
		for (String claim : claims) {
			String value = jwt.getClaimAsString(claim);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}
}
