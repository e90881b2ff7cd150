package org.mesofhir.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code $survival} end to end over HTTP against a running server: one cold call, optionally some warm-up
 * calls that are not timed (the JIT compiles the hot paths: a federated analysis's take about 10 calls),
 * then warm calls; prints the median and 90th percentile. Run through {@code bench/survival-http/run.sh}
 * or {@code bench/federation/run.sh}.
 *
 * <p>Arguments: url calls [warm-up calls, default 0]
 */
public final class SurvivalHttpBenchmark {

	private SurvivalHttpBenchmark() {}

	public static void main(String[] args) throws Exception {
		URI uri = URI.create(args[0]);
		int calls = Integer.parseInt(args[1]);
		int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 0;
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/fhir+json").build();
		long coldStart = System.nanoTime();
		HttpResponse<String> cold = http.send(request, HttpResponse.BodyHandlers.ofString());
		double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
		if (cold.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + cold.statusCode() + ": " + cold.body());
		}
		for (int i = 0; i < warmUp; i++) {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("HTTP " + response.statusCode());
			}
		}
		double[] warm = new double[calls];
		for (int i = 0; i < calls; i++) {
			long started = System.nanoTime();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			warm[i] = (System.nanoTime() - started) / 1e9;
			if (response.statusCode() != 200) {
				throw new IllegalStateException("HTTP " + response.statusCode());
			}
		}
		Arrays.sort(warm);
		String patients = patientCount(cold.body());
		System.out.printf(Locale.ROOT, "RESULT patients=%s cold=%.3fs warm_median=%.3fs warm_p90=%.3fs calls=%d warm_up=%d response_bytes=%d%n",
				patients, coldSeconds, warm[calls / 2], warm[(int) Math.floor(calls * 0.9)], calls, warmUp, cold.body().length());
	}

	/** The top-level {@code patients} count of the $survival answer (SPEC §4), read with Jackson. */
	private static String patientCount(String body) throws java.io.IOException {
		for (com.fasterxml.jackson.databind.JsonNode parameter : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("parameter")) {
			if (parameter.path("name").asText().equals("patients")) {
				return parameter.path("valueInteger").asText();
			}
		}
		return "?";
	}
}
