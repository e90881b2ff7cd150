package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class WriteKeysTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String SITES = "https://mesofhir.org/fhir/sid/site";
	private static final String PATIENTS = "https://example.org/mrn";

	@Test
	void linesOfDifferentPatientsDoNotClashOnceTheirSiteExists() {
		WriteKeys a = keys(journey("p1", "S1"));
		WriteKeys b = keys(journey("p2", "S1"));

		assertThat(a.clashesWith(b, Set.of())).as("both would create site S1 if absent").isTrue();
		assertThat(a.clashesWith(b, Set.of("Organization?identifier=" + SITES + "|S1", "Organization|" + SITES + "|S1")))
				.as("S1 stored by an earlier batch").isFalse();
		assertThat(a.clashesWith(keys(journey("p3", "S2")), Set.of())).isFalse();
	}

	@Test
	void anUpdateClashesWithAReferenceToItAndWithTheSameUpdate() {
		Patient patient = new Patient();
		patient.setId("x");
		Bundle put = transaction();
		put.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/x");
		Observation observation = new Observation();
		observation.setSubject(new Reference("Patient/x"));
		Bundle referencing = transaction();
		referencing.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		assertThat(keys(put).clashesWith(keys(referencing), Set.of())).isTrue();
		assertThat(keys(referencing).clashesWith(keys(put), Set.of())).isTrue();
		assertThat(keys(put).clashesWith(keys(put), Set.of())).isTrue();
		assertThat(keys(referencing).clashesWith(keys(referencing), Set.of())).as("two readers").isFalse();
	}

	@Test
	void aResourceWrittenByIdClashesWithItsConditionalCreateByIdentifier() {
		Organization site = new Organization();
		site.setId("site-1");
		site.addIdentifier().setSystem(SITES).setValue("S1");
		Bundle byId = transaction();
		byId.addEntry().setResource(site).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Organization/site-1");

		assertThat(keys(byId).clashesWith(keys(journey("p1", "S1")), Set.of())).isTrue();
		assertThat(keys(journey("p1", "S1")).clashesWith(keys(byId), Set.of())).isTrue();
	}

	/** A site created if absent and a Patient created, referencing it by urn:uuid, as the demo cohort's lines are. */
	private static Bundle journey(String mrn, String siteCode) {
		Bundle bundle = transaction();
		Organization site = new Organization();
		site.addIdentifier().setSystem(SITES).setValue(siteCode);
		bundle.addEntry().setFullUrl("urn:uuid:site").setResource(site).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Organization").setIfNoneExist("identifier=" + SITES + "|" + siteCode);
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(PATIENTS).setValue(mrn);
		patient.setManagingOrganization(new Reference("urn:uuid:site"));
		bundle.addEntry().setFullUrl("urn:uuid:patient").setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		return bundle;
	}

	private static Bundle transaction() {
		return new Bundle().setType(Bundle.BundleType.TRANSACTION);
	}

	private static WriteKeys keys(Resource bundle) {
		return WriteKeys.of((Bundle) bundle, FHIR.newJsonParser().encodeResourceToString(bundle));
	}
}
