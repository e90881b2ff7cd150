package org.mesofhir.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A patient-facing app (token with {@code patient/*.rs} and patient A in its {@code patient} claim) sees
 * patient A's record and nothing of patient B's: not by read, search, {@code _include}, {@code _revinclude}
 * or {@code $everything}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientCompartmentIT extends SecuredServerIntegrationTest {

	private SecurityTestData data;
	private String tokenA;

	@BeforeAll
	void storePatients() {
		connectClient();
		data = SecurityTestData.store(client, ISSUER);
		tokenA = ISSUER.token().scopes("patient/*.rs").patient(data.patientA()).sign();
	}

	@Test
	void ownRecordIsReadable() {
		assertThat(http().get("/Patient/" + data.patientA(), tokenA).statusCode()).isEqualTo(200);
		assertThat(http().get("/Observation/" + data.observationA(), tokenA).statusCode()).isEqualTo(200);
	}

	@Test
	void ownSearchWithIncludeReturnsOwnResources() {
		HttpResponse<String> response =
				http().get("/Observation?subject=Patient/" + data.patientA() + "&_include=Observation:subject", tokenA);

		assertThat(response.statusCode()).isEqualTo(200);
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.contains("Patient/" + data.patientA(), "Observation/" + data.observationA());
	}

	@Test
	void ownEverythingReturnsOnlyOwnCompartment() {
		HttpResponse<String> response = http().get("/Patient/" + data.patientA() + "/$everything", tokenA);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("Patient/" + data.patientA()).doesNotContain("Patient/" + data.patientB());
		// the site is not in the patient's compartment, but a non-clinical resource the record points at
		assertThat(response.body()).contains("\"resourceType\": \"Organization\"");
	}

	@Test
	void sharedNonClinicalResourcesAreReadableButNotOtherClinicalOnes() {
		HttpResponse<String> sites = http().get("/Organization", tokenA);

		assertThat(sites.statusCode()).isEqualTo(200);
		assertThat(http().get("/Condition", tokenA).statusCode()).isEqualTo(403);
	}

	static Stream<Arguments> otherPatient() {
		return Stream.of(
				Arguments.of("read Patient/B", "/Patient/{B}"),
				Arguments.of("read B's Observation", "/Observation/{obsB}"),
				Arguments.of("search Observation?subject=B", "/Observation?subject=Patient/{B}"),
				Arguments.of("search Patient?_id=B", "/Patient?_id={B}"),
				Arguments.of("search all Patients", "/Patient"),
				Arguments.of("search all Observations", "/Observation"),
				Arguments.of("_include B via B's Observation", "/Observation?_id={obsB}&_include=Observation:subject"),
				Arguments.of("search by a chained subject", "/Observation?subject.identifier={B}&_include=Observation:subject"),
				Arguments.of("_revinclude B's Observations", "/Patient?_id={B}&_revinclude=Observation:subject"),
				Arguments.of("$everything of B", "/Patient/{B}/$everything"),
				Arguments.of("history of Patient/B", "/Patient/{B}/_history"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("otherPatient")
	void otherPatientIsForbidden(String what, String path) {
		HttpResponse<String> response = http().get(
				path.replace("{B}", data.patientB()).replace("{obsB}", data.observationB()), tokenA);

		assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("Patient/" + data.patientB() + "\"");
	}
}
