package org.mesofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MPeM validator, built once (snapshot generation and caches are the expensive part). */
@Configuration
class ProfileValidationConfig {

	@Bean
	MpemValidator mpemValidator(FhirContext fhirContext, JpaValidationSupportChain jpaValidationSupport) {
		MpemValidator validator = MpemValidator.create(fhirContext);
		validator.warmUp();
		// HAPI's own $validate uses the JPA chain: give it our profiles and terminology first, as in memory, so that
		// $validate?profile=… judges exactly as the write path does (the stored copies have no snapshots)
		PrePopulatedValidationSupport mpem = new PrePopulatedValidationSupport(fhirContext);
		validator.resources().codeSystems().forEach(mpem::addCodeSystem);
		validator.resources().valueSets().forEach(mpem::addValueSet);
		validator.resources().structureDefinitions().forEach(mpem::addStructureDefinition);
		jpaValidationSupport.addValidationSupport(0, mpem);
		return validator;
	}
}
