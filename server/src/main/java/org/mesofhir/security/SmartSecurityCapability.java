package org.mesofhir.security;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.mesofhir.fhir.CapabilityStatementCustomizer.CapabilityContribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/** Declares SMART-on-FHIR in the CapabilityStatement's {@code rest.security}, with the OAuth endpoints. */
@Component
@Conditional(IssuerConfigured.class)
class SmartSecurityCapability implements CapabilityContribution {

	static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
	private static final Logger log = LoggerFactory.getLogger(SmartSecurityCapability.class);

	private final SmartConfiguration smart;

	SmartSecurityCapability(SmartConfiguration smart) {
		this.smart = smart;
	}

	@Override
	public void accept(CapabilityStatement capabilities) {
		CapabilityStatement.CapabilityStatementRestSecurityComponent security = capabilities.getRestFirstRep().getSecurity();
		security.setCors(true);
		security.addService(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
				"http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
		security.setDescription("OAuth2 bearer tokens (SMART App Launch 2.2, v1 and v2 scopes); see "
				+ "[base]/.well-known/smart-configuration. $survival needs " + TokenGrants.SURVIVAL_SCOPE
				+ ", admin operations " + TokenGrants.ADMIN_SCOPE + ".");
		try {
			Extension uris = security.addExtension().setUrl(OAUTH_URIS);
			uris.addExtension("token", new UriType(smart.tokenEndpoint()));
			uris.addExtension("authorize", new UriType(smart.authorizationEndpoint()));
			smart.optional("revocation_endpoint").ifPresent(uri -> uris.addExtension("revoke", new UriType(uri)));
			smart.optional("introspection_endpoint").ifPresent(uri -> uris.addExtension("introspect", new UriType(uri)));
			smart.optional("registration_endpoint").ifPresent(uri -> uris.addExtension("register", new UriType(uri)));
		} catch (IssuerMetadata.IssuerUnavailable e) {
			security.getExtension().removeIf(extension -> OAUTH_URIS.equals(extension.getUrl()));
			log.warn("CapabilityStatement without OAuth URIs: {}", e.getMessage());
		}
	}
}
