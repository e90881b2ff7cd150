package org.mesofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MPeM validator, built once (snapshot generation and caches are the expensive part). */
@Configuration
class ProfileValidationConfig {

	@Bean
	MpemValidator mpemValidator(FhirContext fhirContext) {
		MpemValidator validator = MpemValidator.create(fhirContext);
		validator.warmUp();
		return validator;
	}
}
