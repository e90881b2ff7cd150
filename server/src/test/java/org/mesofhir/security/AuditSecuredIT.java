package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import org.mesofhir.demo.MpemResources;

/** With security on, an AuditEvent names the token's client ({@code azp}) and its user ({@code sub} here). */
class AuditSecuredIT extends SecuredServerIntegrationTest {

	@Test
	void aWriteIsAuditedWithTheTokensClientAndUser() throws Exception {
		String writer = ISSUER.token("system/*.cruds");
		HttpResponse<String> created = http().post("/Organization", writer,
				fhirContext.newJsonParser().encodeResourceToString(MpemResources.site("SITE-AUDIT-SECURED-" + System.nanoTime())));
		assertThat(created.statusCode()).isEqualTo(201);
		String organization = new IdType(created.headers().firstValue("Location").orElseThrow()).toUnqualifiedVersionless()
				.getValue().replaceFirst("^.*/fhir/", "");

		String reader = ISSUER.token("system/*.rs");
		Instant deadline = Instant.now().plusSeconds(30);
		Bundle found;
		do {
			Thread.sleep(200);
			found = fhirContext.newJsonParser().parseResource(Bundle.class,
					http().get("/AuditEvent?entity-name:exact=" + organization, reader).body());
		} while (!found.hasEntry() && Instant.now().isBefore(deadline));

		assertThat(found.getEntry()).hasSize(1);
		AuditEvent event = (AuditEvent) found.getEntryFirstRep().getResource();
		assertThat(event.getAgentFirstRep().getName()).isEqualTo("test-client");
		assertThat(event.getAgentFirstRep().getAltId()).isNotBlank().isNotEqualTo("anonymous");
		assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
	}
}
