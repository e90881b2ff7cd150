package org.mesofhir.profiles;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.mesofhir.fhir.CapabilityStatementCustomizer.CapabilityContribution;
import org.springframework.stereotype.Component;

/** Lists every MPeM profile under its resource type's {@code supportedProfile} in the CapabilityStatement. */
@Component
class SupportedProfiles implements CapabilityContribution {

	private final MpemValidator validator;

	SupportedProfiles(MpemValidator validator) {
		this.validator = validator;
	}

	@Override
	public void accept(CapabilityStatement capabilities) {
		for (StructureDefinition profile : validator.resources().structureDefinitions()) {
			if (profile.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE
					|| !profile.getUrl().startsWith(MpemProfiles.STRUCTURE_DEFINITION_BASE)) {
				continue;
			}
			for (CapabilityStatementRestResourceComponent resource : capabilities.getRestFirstRep().getResource()) {
				if (resource.getType().equals(profile.getType()) && !resource.hasSupportedProfile(profile.getUrl())) {
					resource.addSupportedProfile(profile.getUrl());
				}
			}
		}
	}
}
