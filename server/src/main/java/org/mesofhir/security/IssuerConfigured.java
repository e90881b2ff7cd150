package org.mesofhir.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True when {@code mesofhir.security.issuer-uri} is set: the beans that enforce security exist only then. */
class IssuerConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty(LoopbackWhenUnsecured.ISSUER_KEY));
	}
}
