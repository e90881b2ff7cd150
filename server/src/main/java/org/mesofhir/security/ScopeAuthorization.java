package org.mesofhir.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.List;
import org.mesofhir.fhir.RestInterceptor;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Enforces the token's SMART scopes on every FHIR request (HAPI's AuthorizationInterceptor, with the rules
 * of {@link ScopeRules}). The token was validated before the request got here (signature, iss, aud, exp):
 * see {@link HttpSecurityConfig}. A denial is HAPI's 403 with an OperationOutcome.
 */
@Component
@Conditional(IssuerConfigured.class)
public class ScopeAuthorization extends AuthorizationInterceptor implements RestInterceptor {

	ScopeAuthorization() {
		super(PolicyEnum.DENY);
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return ScopeRules.forRequest(TokenGrants.of(jwt.getToken()), request.getRestOperationType());
		}
		return ScopeRules.anonymous();
	}
}
