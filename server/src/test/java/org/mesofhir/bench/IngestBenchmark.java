package org.mesofhir.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.mesofhir.fhir.PatientJourneyBundle;

/**
 * Ingestion benchmark: posts N ten-entry patient-journey transaction Bundles to a running server with
 * T client threads and prints resources/second. Run through {@code bench/ingest/run.sh}, which starts
 * the server, runs warm-up and measured rounds with 1 and 4 clients, and records server RSS.
 *
 * <p>Arguments: baseUrl bundles threads label
 */
public final class IngestBenchmark {

	private IngestBenchmark() {}

	public static void main(String[] args) throws Exception {
		String baseUrl = args[0];
		int bundles = Integer.parseInt(args[1]);
		int threads = Integer.parseInt(args[2]);
		String label = args.length > 3 ? args[3] : "run";
		FhirContext fhir = FhirContext.forR4Cached();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhir.getRestfulClientFactory().setSocketTimeout(300_000);
		fhir.getRestfulClientFactory().setPoolMaxPerRoute(threads * 2);
		List<Bundle> prepared = new ArrayList<>(bundles);
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < bundles; i++) {
			prepared.add(PatientJourneyBundle.build("BENCH-" + (i % 5), "bench-" + run + "-" + i));
		}
		int resourcesPerBundle = prepared.get(0).getEntry().size();
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long started = System.nanoTime();
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(pool.submit(() -> {
				IGenericClient client = fhir.newRestfulGenericClient(baseUrl);
				for (int i = next.getAndIncrement(); i < bundles; i = next.getAndIncrement()) {
					try {
						client.transaction().withBundle(prepared.get(i)).execute();
					} catch (RuntimeException e) {
						failures.incrementAndGet();
						System.err.println("bundle " + i + " failed: " + e.getMessage());
					}
				}
			}));
		}
		for (Future<?> worker : workers) {
			worker.get();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		pool.shutdown();
		System.out.printf(Locale.ROOT, "RESULT %s threads=%d bundles=%d resources=%d seconds=%.2f resources_per_second=%.1f failures=%d%n",
				label, threads, bundles, bundles * resourcesPerBundle, seconds, bundles * resourcesPerBundle / seconds, failures.get());
	}
}
