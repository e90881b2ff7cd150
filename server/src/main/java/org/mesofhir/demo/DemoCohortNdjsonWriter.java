package org.mesofhir.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Writes a demo cohort of any size as NDJSON for {@code $import} and the benchmarks: one patient's
 * transaction Bundle per line, exactly as {@link DemoCohortGenerator} makes it (same seed, same patients).
 *
 * <pre>
 * java -cp server/target/mesofhir-server.jar -Dloader.main=org.mesofhir.demo.DemoCohortNdjsonWriter \
 *      org.springframework.boot.loader.launch.PropertiesLauncher OUTPUT.ndjson PATIENTS [SITES] [SEED]
 * </pre>
 */
public final class DemoCohortNdjsonWriter {

	private static final int PROGRESS_EVERY = 1000;

	private DemoCohortNdjsonWriter() {}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: DemoCohortNdjsonWriter OUTPUT.ndjson PATIENTS [SITES=5] [SEED=20261126]");
			System.exit(2);
		}
		Path output = Path.of(args[0]);
		int patients = Integer.parseInt(args[1]);
		int sites = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		long seed = args.length > 3 ? Long.parseLong(args[3]) : 20261126L;
		long started = System.nanoTime();
		long resources = write(output, patients, sites, seed);
		System.err.printf("Wrote %d patients (%d resources) to %s in %.1f s%n",
				patients, resources, output, (System.nanoTime() - started) / 1e9);
	}

	/** Writes the cohort; returns the number of resources written. */
	static long write(Path output, int patients, int sites, long seed) throws IOException {
		if (output.toAbsolutePath().getParent() != null) {
			Files.createDirectories(output.toAbsolutePath().getParent());
		}
		IParser json = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(false);
		DemoCohortGenerator generator = new DemoCohortGenerator(seed, sites, patients);
		long resources = 0;
		try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
			for (int i = 1; i <= patients; i++) {
				Bundle bundle = generator.patients(i, 1).get(0);
				resources += bundle.getEntry().size();
				out.write(json.encodeResourceToString(bundle));
				out.write('\n');
				if (i % PROGRESS_EVERY == 0 || i == patients) {
					System.err.printf("%d/%d patients written%n", i, patients);
				}
			}
		}
		return resources;
	}
}
