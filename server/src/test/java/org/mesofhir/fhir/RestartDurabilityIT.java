package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.mesofhir.IntegrationTestProfiles;
import org.mesofhir.MesoFhirApplication;
import org.mesofhir.demo.MpemResources;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the server and starts it again on the same database (the same H2 file by default, the same
 * PostgreSQL database under {@code .ci/run}): what was stored is still there.
 */
class RestartDurabilityIT {

	private final String dataDir = "target/it-data/restart-" + UUID.randomUUID();

	@Test
	void storedResourceSurvivesRestart() {
		IIdType id;
		try (ConfigurableApplicationContext first = start()) {
			IGenericClient client = client(first);
			String site = client.create().resource(MpemResources.site("SITE-RESTART")).execute()
					.getId().toUnqualifiedVersionless().getValue();
			Patient patient = MpemResources.patient("https://mesofhir.org/fhir/sid/test-patient", "durable-1", site);
			patient.addName().setFamily("Durable");
			id = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
		}
		try (ConfigurableApplicationContext second = start()) {
			Patient read = client(second).read().resource(Patient.class).withId(id).execute();
			assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Durable");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(MesoFhirApplication.class)
				.profiles(new IntegrationTestProfiles().resolve(getClass()))
				.run("--server.port=0", "--mesofhir.data-dir=" + dataDir);
	}

	private static IGenericClient client(ConfigurableApplicationContext context) {
		FhirContext fhir = FhirContext.forR4Cached();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		String port = context.getEnvironment().getProperty("local.server.port");
		return fhir.newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
	}
}
