package org.mesofhir.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.mesofhir.fhir.PatientJourneyBundle;

/**
 * Crash-safety harness (run by {@code bench/crash/run.sh}, which SIGKILLs the server in between):
 *
 * <p>{@code ingest BASE LEDGER SECONDS}: 4 clients post ten-entry patient-journey transactions, each of
 * whose nine patient resources carries a tag naming its bundle, and write every bundle to the ledger as
 * sent and, on a 2xx, as acknowledged (flushed before the next request). Stops when the time is up or the
 * server is gone.
 *
 * <p>{@code verify BASE LEDGER REPORT}: after the restart, counts each sent bundle's resources: an
 * acknowledged bundle must have all nine, any other none or all nine (never part); then
 * {@code $rebuild-analysis-records} must find no kept analysis record that differs from a rebuild.
 * Exit status 0 only when all of that holds.
 */
public final class CrashSafetyHarness {

	static final String TAG_SYSTEM = "https://mesofhir.org/fhir/sid/crash-test-bundle";
	private static final int CLIENTS = 4;
	private static final int TAGGED_PER_BUNDLE = 9;
	private static final List<String> TYPES = List.of("Patient", "Condition", "Procedure", "MedicationAdministration", "Observation");
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();

	private CrashSafetyHarness() {}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "ingest" -> ingest(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
			case "verify" -> System.exit(verify(args[1], Path.of(args[2]), Path.of(args[3])) ? 0 : 1);
			default -> throw new IllegalArgumentException("ingest | verify");
		}
	}

	private static void ingest(String base, Path ledger, int seconds) throws Exception {
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		String run = UUID.randomUUID().toString().substring(0, 8);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> clients = new ArrayList<>();
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(ledger))) {
			for (int c = 0; c < CLIENTS; c++) {
				int client = c;
				clients.add(pool.submit(() -> {
					int failuresInARow = 0;
					for (int i = 0; System.nanoTime() < deadline && failuresInARow < 3; i++) {
						String key = run + "-" + client + "-" + i;
						Bundle bundle = tagged(PatientJourneyBundle.build("CRASH-" + client, "crash-" + key), key);
						log(out, "sent " + key);
						int status = post(base, FHIR.newJsonParser().encodeResourceToString(bundle));
						if (status >= 200 && status < 300) {
							log(out, "acked " + key);
							failuresInARow = 0;
						} else {
							log(out, "failed " + key + " " + status);
							failuresInARow++;
						}
					}
					return null;
				}));
			}
			for (Future<?> client : clients) {
				client.get();
			}
		}
		pool.shutdown();
	}

	private static synchronized void log(PrintWriter out, String line) {
		out.println(line);
		out.flush();
	}

	private static Bundle tagged(Bundle bundle, String key) {
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (!"Organization".equals(resource.fhirType())) {
				resource.getMeta().addTag(TAG_SYSTEM, key, null);
			}
		}
		return bundle;
	}

	/** The status, or -1 when the server did not answer (killed mid-request, or gone). */
	private static int post(String base, String json) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(60))
					.header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
					.header("Prefer", "return=minimal")
					.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		} catch (IOException e) {
			return -1;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static boolean verify(String base, Path ledger, Path report) throws Exception {
		Map<String, Boolean> sent = new TreeMap<>(); // key -> acknowledged
		for (String line : Files.readAllLines(ledger)) {
			String[] parts = line.split(" ");
			if (parts[0].equals("sent")) {
				sent.putIfAbsent(parts[1], false);
			} else if (parts[0].equals("acked")) {
				sent.put(parts[1], true);
			}
		}
		Map<String, Integer> found = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> counts = new ArrayList<>();
		for (String key : sent.keySet()) {
			counts.add(pool.submit(() -> found.put(key, countTagged(base, key))));
		}
		for (Future<?> count : counts) {
			count.get();
		}
		pool.shutdown();
		int acked = 0;
		int ackedComplete = 0;
		int unackedComplete = 0;
		int unackedAbsent = 0;
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, Boolean> bundle : sent.entrySet()) {
			int n = found.get(bundle.getKey());
			if (bundle.getValue()) {
				acked++;
				if (n == TAGGED_PER_BUNDLE) {
					ackedComplete++;
				} else {
					problems.add("acknowledged bundle " + bundle.getKey() + " has " + n + " of " + TAGGED_PER_BUNDLE + " resources");
				}
			} else if (n == TAGGED_PER_BUNDLE) {
				unackedComplete++;
			} else if (n == 0) {
				unackedAbsent++;
			} else {
				problems.add("unacknowledged bundle " + bundle.getKey() + " is partially present: " + n + " of " + TAGGED_PER_BUNDLE);
			}
		}
		String rebuild = postForBody(base + "/$rebuild-analysis-records");
		String differing = integerParameter(rebuild, "differing");
		String patients = integerParameter(rebuild, "patients");
		if (differing == null || patients == null) {
			problems.add("$rebuild-analysis-records did not answer as expected: " + rebuild);
		} else if (!differing.equals("0")) {
			problems.add(differing + " kept analysis records differed from a rebuild");
		}
		String summary = String.format(Locale.ROOT, "bundles sent %d; acknowledged (2xx) %d, found complete %d; "
				+ "not acknowledged %d: complete %d (committed, answer lost in the kill), absent %d, partial %d; "
				+ "analysis records rebuilt %s, differing from the kept ones %s; problems %d%n",
				sent.size(), acked, ackedComplete, sent.size() - acked, unackedComplete, unackedAbsent,
				sent.size() - acked - unackedComplete - unackedAbsent,
				patients, differing, problems.size());
		StringBuilder text = new StringBuilder(summary);
		problems.forEach(p -> text.append("- ").append(p).append('\n'));
		System.out.print(text);
		Files.writeString(report, text);
		return problems.isEmpty() && acked > 0;
	}

	private static String integerParameter(String parametersJson, String name) {
		Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"" + name + "\"\\s*,\\s*\"valueInteger\"\\s*:\\s*(\\d+)").matcher(parametersJson);
		return m.find() ? m.group(1) : null;
	}

	private static int countTagged(String base, String key) {
		int total = 0;
		for (String type : TYPES) {
			String url = base + "/" + type + "?_tag=" + URLEncoder.encode(TAG_SYSTEM + "|" + key, StandardCharsets.UTF_8) + "&_summary=count";
			String body = get(url);
			Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(body);
			if (!m.find()) {
				throw new IllegalStateException("no total from " + url + ": " + body);
			}
			total += Integer.parseInt(m.group(1));
		}
		return total;
	}

	private static String get(String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
					.header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
		} catch (IOException | InterruptedException e) {
			throw new IllegalStateException(url, e);
		}
	}

	private static String postForBody(String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
					.header("Accept", "application/fhir+json").header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		} catch (IOException | InterruptedException e) {
			throw new IllegalStateException(url, e);
		}
	}
}
