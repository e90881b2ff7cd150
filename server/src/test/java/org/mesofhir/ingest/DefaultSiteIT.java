package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.springframework.test.context.TestPropertySource;

/**
 * A server whose EHR feed sends Patients without managingOrganization ({@code mesofhir.ingest.default-site}: its
 * own context): the site Organization is filled in, created once, on a plain create, in a transaction and in a
 * bulk import; a Patient naming another site is refused with 403 and nothing of its Bundle is stored.
 */
@TestPropertySource(properties = "mesofhir.ingest.default-site=" + DefaultSiteIT.SITE)
class DefaultSiteIT extends ServerIntegrationTest {

	static final String SITE = "SITE-DEF";

	@Test
	void aPatientWithoutSiteGetsTheDefaultSitesOrganizationCreatedOnce() {
		String first = siteOf(client.create().resource(patientWithoutSite()).execute().getId());
		String second = siteOf(client.create().resource(patientWithoutSite()).execute().getId());

		assertThat(first).isEqualTo(second);
		Organization site = client.read().resource(Organization.class).withId(first).execute();
		assertThat(site.getIdentifierFirstRep().getSystem()).isEqualTo(MpemResources.SITE_SYSTEM);
		assertThat(site.getIdentifierFirstRep().getValue()).isEqualTo(SITE);
		Bundle sites = client.search().forResource(Organization.class)
				.where(Organization.IDENTIFIER.exactly().systemAndCode(MpemResources.SITE_SYSTEM, SITE))
				.returnBundle(Bundle.class).execute();
		assertThat(sites.getEntry()).hasSize(1);
	}

	@Test
	void aTransactionAndABulkImportGetTheSiteToo() throws Exception {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patientWithoutSite())
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		Bundle response = client.transaction().withBundle(transaction).execute();
		assertThat(siteCode(siteOf(new IdType(response.getEntryFirstRep().getResponse().getLocation())))).isEqualTo(SITE);

		String identifier = "bulk-" + UUID.randomUUID();
		Patient line = patientWithoutSite();
		line.getIdentifierFirstRep().setValue(identifier);
		HttpResponse<String> imported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/$import"))
				.header("Content-Type", "application/fhir+ndjson")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(line) + "\n")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		Bundle found = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(PatientJourneyBundle.PATIENT_SYSTEM, identifier))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		Patient stored = (Patient) found.getEntryFirstRep().getResource();
		assertThat(siteCode(stored.getManagingOrganization().getReferenceElement().getIdPart())).isEqualTo(SITE);
	}

	@Test
	void aPatientOfAnotherSiteIs403AndNothingOfItsBundleIsStored() {
		String patientId = "other-site-" + UUID.randomUUID();
		Bundle journey = PatientJourneyBundle.build("SITE-OTHER", patientId);

		assertThatThrownBy(() -> client.transaction().withBundle(journey).execute())
				.isInstanceOfSatisfying(ForbiddenOperationException.class, e -> {
					OperationOutcome.OperationOutcomeIssueComponent issue = ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep();
					assertThat(issue.getExpression().get(0).getValue()).endsWith("managingOrganization");
					assertThat(issue.getDiagnostics()).contains("SITE-OTHER", SITE);
				});
		Bundle found = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(PatientJourneyBundle.PATIENT_SYSTEM, patientId))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).isEmpty();
		// its own site's journey is stored
		assertThat(client.transaction().withBundle(PatientJourneyBundle.build(SITE, "own-" + UUID.randomUUID())).execute().getEntry())
				.isNotEmpty();
	}

	private static Patient patientWithoutSite() {
		Patient patient = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "no-site-" + UUID.randomUUID(), null);
		patient.setManagingOrganization(null);
		return patient;
	}

	private String siteOf(org.hl7.fhir.instance.model.api.IIdType patient) {
		return client.read().resource(Patient.class).withId(patient.getIdPart()).execute()
				.getManagingOrganization().getReferenceElement().getIdPart();
	}

	private String siteCode(String organizationId) {
		return client.read().resource(Organization.class).withId(organizationId).execute().getIdentifierFirstRep().getValue();
	}
}
