package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;

/**
 * The shared test server knows no site (security off, no {@code mesofhir.ingest.default-site}): a Patient without
 * managingOrganization is refused with a 422 that names the element and the two settings that would fix it.
 */
class SiteAssignmentIT extends ServerIntegrationTest {

	@Test
	void aPatientWithoutSiteIs422SayingWhichSettingOrElementFixesIt() {
		Patient patient = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "no-site-" + UUID.randomUUID(), null);
		patient.setManagingOrganization(null);

		assertThatThrownBy(() -> client.create().resource(patient).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
					OperationOutcome.OperationOutcomeIssueComponent issue = ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep();
					assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("Patient.managingOrganization");
					assertThat(issue.getDiagnostics()).contains("mesofhir_site", "mesofhir.ingest.default-site", MpemResources.SITE_SYSTEM);
				});
	}
}
