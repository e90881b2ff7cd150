package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.fhir.PatientJourneyBundle;

/**
 * What mCODE- and US Core-conformant EHRs send: resources whose {@code meta.profile} names profiles this server
 * does not hold. An unknown claimed profile is never a rejection, for any resource type, MPeM ones included
 * (they are still held to their MPeM profiles, chosen by type and code).
 */
class UnknownClaimedProfilesIT extends ServerIntegrationTest {

	private static final String[] FOREIGN_PROFILES = {
		"http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient",
		"http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-patient",
		"http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition",
		"http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-ecog-performance-status",
	};

	@Test
	void aWholePatientJourneyClaimingForeignProfilesIsStored() {
		Bundle journey = PatientJourneyBundle.build("SITE-PROFILES", "profiles-" + UUID.randomUUID());
		for (Bundle.BundleEntryComponent entry : journey.getEntry()) {
			for (String profile : FOREIGN_PROFILES) {
				entry.getResource().getMeta().addProfile(profile);
			}
		}
		Bundle response = client.transaction().withBundle(journey).execute();

		assertThat(response.getEntry()).hasSameSizeAs(journey.getEntry())
				.allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
		for (Bundle.BundleEntryComponent entry : response.getEntry()) {
			Resource stored = (Resource) client.read().resource(entry.getResponse().getLocation().split("/")[0])
					.withUrl(entry.getResponse().getLocation()).execute();
			assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).contains(FOREIGN_PROFILES[0]);
		}
	}

	@Test
	void anEncounterClaimingUsCoreIsStored() {
		Encounter encounter = new Encounter();
		encounter.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter");
		encounter.setStatus(Encounter.EncounterStatus.FINISHED);
		encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		assertThat(client.create().resource(encounter).execute().getCreated()).isTrue();
	}
}
