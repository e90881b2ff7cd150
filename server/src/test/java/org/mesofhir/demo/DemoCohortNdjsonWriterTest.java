package org.mesofhir.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCohortNdjsonWriterTest {

	@Test
	void writesOneGeneratorBundlePerLine(@TempDir Path folder) throws Exception {
		Path file = folder.resolve("cohort.ndjson");
		long resources = DemoCohortNdjsonWriter.write(file, 12, 3, 42L);
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(12);
		List<Bundle> expected = new DemoCohortGenerator(42L, 3, 12).patients(1, 12);
		assertThat(resources).isEqualTo(expected.stream().mapToLong(b -> b.getEntry().size()).sum());
		for (int i = 0; i < lines.size(); i++) {
			Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, lines.get(i));
			assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
			Patient patient = (Patient) bundle.getEntry().get(1).getResource();
			Patient generated = (Patient) expected.get(i).getEntry().get(1).getResource();
			assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(String.format("DEMO-%05d", i + 1));
			assertThat(patient.getBirthDate()).isEqualTo(generated.getBirthDate());
			assertThat(bundle.getEntry()).hasSameSizeAs(expected.get(i).getEntry());
		}
	}
}
