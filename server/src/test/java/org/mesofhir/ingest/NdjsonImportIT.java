package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;

/** {@code $import} over HTTP: NDJSON as the body or by URL, asynchronous with a status URL, per-line errors. */
class NdjsonImportIT extends ServerIntegrationTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void asyncBodyImportStoresGoodLinesReportsBadOnesAndWritesNothingOfABadTransaction() throws Exception {
		String run = UUID.randomUUID().toString();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			lines.add(json(PatientJourneyBundle.build("IMPORT-" + (i % 3), run + "-good-" + i)));
		}
		Bundle badPci = PatientJourneyBundle.build("IMPORT-0", run + "-bad-pci");
		badPci.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof Observation o && o.getCode().getCodingFirstRep().getCode().equals("pci"))
				.forEach(r -> ((Observation) r).setValue(new IntegerType(38)));
		lines.add(7, json(badPci));           // line 8
		lines.add(12, "{\"resourceType\": \"Patient\", \"gender\": ");  // line 13
		lines.add(20, "");                   // line 21, blank: skipped
		String ndjson = String.join("\n", lines) + "\n";

		HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/$import"))
				.header("Content-Type", "application/fhir+ndjson")
				.header("Prefer", "respond-async")
				.POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(accepted.statusCode()).isEqualTo(202);
		String statusUrl = accepted.headers().firstValue("Content-Location").orElseThrow();
		assertThat(statusUrl).startsWith(baseUrl() + "/$import-poll-status?_jobId=");

		HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(statusUrl)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		// 33 transactions take seconds: the first poll finds the job queued, staging or running
		assertThat(status.statusCode()).isEqualTo(202);
		assertThat(status.headers().firstValue("X-Progress").orElseThrow()).matches("\\w+: \\d+/\\d+ lines, .*\\d+ errors.*");
		Parameters report = poll(statusUrl);

		assertThat(value(report, "status")).isEqualTo("completed");
		assertThat(value(report, "linesTotal")).isEqualTo("33");
		assertThat(value(report, "linesDone")).isEqualTo("33");
		assertThat(value(report, "linesStored")).isEqualTo("30");
		assertThat(value(report, "resourcesStored")).isEqualTo("300");
		assertThat(value(report, "errorCount")).isEqualTo("2");
		List<ParametersParameterComponent> errors = all(report, "error");
		assertThat(errors).extracting(e -> part(e, "line")).containsExactly("8", "13");
		assertThat(part(errors.get(0), "message")).contains("Bundle.entry[6].resource").contains("mpem-pci");
		assertThat(part(errors.get(1), "message")).contains("not a FHIR JSON resource");

		assertThat(count("Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + run + "-good-29")).isEqualTo(1);
		// the bad transaction left nothing behind, not even its Patient
		assertThat(count("Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + run + "-bad-pci")).isZero();
		// the three sites were created once each although four workers raced to create them
		assertThat(count("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|IMPORT-1")).isEqualTo(1);
	}

	@Test
	void fileUrlImportOfPlainResourcesIsIdempotentAndOtherUrlsAreRefused() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Organization site = MpemResources.site("FILE-" + run);
		site.setId("site-" + run);
		Patient patient = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "file-" + run, "Organization/site-" + run);
		patient.setId("patient-" + run);
		Observation ecog = MpemResources.observation("Patient/patient-" + run, "http://loinc.org", "89247-1", "ECOG", "2021-01-05");
		ecog.setId("ecog-" + run);
		ecog.setValue(new IntegerType(2));
		Observation badEcog = ecog.copy();
		badEcog.setId("bad-ecog-" + run);
		badEcog.setValue(new IntegerType(7));
		// the Observation comes before the Patient it references, the Patient before its Organization: both wait
		// for the retries at the end of the input
		Path file = Path.of(DATA_DIR, "import", run + ".ndjson").toAbsolutePath();
		Files.createDirectories(file.getParent());
		Files.writeString(file, String.join("\n", json(ecog), json(site), json(patient), json(badEcog)) + "\n");

		for (int round = 0; round < 2; round++) {
			Parameters report = importUrls(file.toUri().toString());
			assertThat(value(report, "status")).isEqualTo("completed");
			assertThat(value(report, "linesStored")).isEqualTo("3");
			assertThat(all(report, "error")).singleElement().satisfies(error -> {
				assertThat(part(error, "line")).isEqualTo("4");
				assertThat(part(error, "message")).contains("Observation.value");
			});
		}
		assertThat(count("Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|file-" + run)).isEqualTo(1);
		assertThat(client.read().resource(Patient.class).withId("patient-" + run).execute().getMeta().getVersionId()).isEqualTo("1");

		assertThat(http.send(importRequest("file:///etc/passwd"), HttpResponse.BodyHandlers.ofString()))
				.satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
				.satisfies(r -> assertThat(r.body()).contains("import folder"));
		assertThat(http.send(importRequest("http://192.0.2.1/data.ndjson"), HttpResponse.BodyHandlers.ofString()))
				.satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
				.satisfies(r -> assertThat(r.body()).contains("not allowed"));
	}

	/**
	 * Lines are stored many to a database transaction, batches by several threads; what that must not change: line
	 * order (a resource updated by several lines ends as the last says, its versions in line order), each line all or nothing (a line refused by storage, not by validation,
	 * takes no other line with it), and lines that reuse each other's urn:uuid fullUrls stay separate resources.
	 */
	@Test
	void linesStoredTogetherKeepTheirOrderAndStayAllOrNothingEach() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Organization site = MpemResources.site("ORDER-" + run);
		site.setId("order-site-" + run);
		Patient first = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "order-" + run, "Organization/order-site-" + run);
		first.setId("order-patient-" + run);
		first.getNameFirstRep().setFamily("First");
		Patient second = first.copy();
		second.getNameFirstRep().setFamily("Second");
		Observation dangling = MpemResources.observation("Patient/missing-" + run, "http://loinc.org", "89247-1", "ECOG", "2021-01-05");
		dangling.setValue(new IntegerType(1));
		Patient third = first.copy();
		third.getNameFirstRep().setFamily("Third");
		// the site first, in an input of its own; then two versions of the Patient in one batch (lines 1 and 2, with a
		// line refused by storage), a third in the next batch (line 29); nothing else ties the two batches (the
		// fillers' sites are all different). Whether the two batches ever overlap in time here is up to the threads:
		// BatchWriteSchedulerTest and WriteKeysTest prove that batches touching one resource never do.
		List<String> lines = new ArrayList<>(List.of(json(first), json(second), json(dangling)));
		for (int i = 0; i < 25; i++) {
			lines.add(json(PatientJourneyBundle.build("ORDER-" + run + "-" + i, run + "-filler-" + i)));
		}
		lines.add(json(third));
		for (int i = 0; i < 3; i++) {
			lines.add(sameFullUrls(json(PatientJourneyBundle.build("ORDER-" + run, run + "-shared-" + i))));
		}
		Path siteFile = Path.of(DATA_DIR, "import", "order-site-" + run + ".ndjson").toAbsolutePath();
		Path file = Path.of(DATA_DIR, "import", "order-" + run + ".ndjson").toAbsolutePath();
		Files.createDirectories(file.getParent());
		Files.writeString(siteFile, json(site) + "\n");
		Files.writeString(file, String.join("\n", lines) + "\n");

		Parameters report = importUrls(siteFile.toUri().toString(), file.toUri().toString());

		assertThat(value(report, "linesStored")).isEqualTo(String.valueOf(1 + lines.size() - 1));
		assertThat(all(report, "error")).singleElement().satisfies(error -> {
			assertThat(part(error, "line")).isEqualTo("3");
			assertThat(part(error, "message")).contains("missing-" + run);
		});
		Patient stored = client.read().resource(Patient.class).withId("order-patient-" + run).execute();
		assertThat(stored.getNameFirstRep().getFamily()).isEqualTo("Third");
		assertThat(stored.getMeta().getVersionId()).isEqualTo("3");
		for (int i = 0; i < 3; i++) {
			assertThat(count("Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + run + "-shared-" + i)).isEqualTo(1);
		}
		assertThat(count("Observation?subject.identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + run + "-shared-2"))
				.isEqualTo(count("Observation?subject.identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + run + "-shared-0"))
				.isPositive();
	}

	/** The same Bundle text with its urn:uuid fullUrls renamed in order of appearance: every such line uses the same ones. */
	private static String sameFullUrls(String bundleJson) {
		java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>();
		java.util.regex.Matcher uuids = java.util.regex.Pattern.compile("urn:uuid:[0-9a-f-]{36}").matcher(bundleJson);
		StringBuilder out = new StringBuilder();
		while (uuids.find()) {
			String name = renamed.computeIfAbsent(uuids.group(), u -> String.format("urn:uuid:00000000-0000-4000-8000-%012d", renamed.size()));
			uuids.appendReplacement(out, name);
		}
		uuids.appendTail(out);
		return out.toString();
	}

	@Test
	void httpUrlOnLoopbackIsFetched() throws Exception {
		String run = UUID.randomUUID().toString();
		byte[] ndjson = (json(PatientJourneyBundle.build("HTTP-1", run + "-a")) + "\n"
				+ json(PatientJourneyBundle.build("HTTP-1", run + "-b")) + "\n").getBytes(StandardCharsets.UTF_8);
		HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		files.createContext("/Bundle.ndjson", exchange -> {
			exchange.sendResponseHeaders(200, ndjson.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(ndjson);
			}
		});
		files.start();
		try {
			Parameters report = importUrls("http://127.0.0.1:" + files.getAddress().getPort() + "/Bundle.ndjson");
			assertThat(value(report, "status")).isEqualTo("completed");
			assertThat(value(report, "resourcesStored")).isEqualTo("20");
			assertThat(value(report, "errorCount")).isEqualTo("0");
		} finally {
			files.stop(0);
		}
		assertThat(count("Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + run + "-b")).isEqualTo(1);
	}

	@Test
	void capabilityStatementPublishesTheIngestOperationDefinitions() {
		org.hl7.fhir.r4.model.CapabilityStatement capabilities = client.capabilities()
				.ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getOperation()).extracting(op -> op.getDefinition())
				.contains(NdjsonImportProvider.DEFINITION, RegistryImportProvider.DEFINITION);
		assertThat(count("OperationDefinition?url=" + NdjsonImportProvider.DEFINITION)).isEqualTo(1);
		assertThat(count("OperationDefinition?url=" + RegistryImportProvider.DEFINITION)).isEqualTo(1);
	}

	private Parameters importUrls(String... urls) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(importRequest(urls), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
	}

	private HttpRequest importRequest(String... urls) {
		Parameters parameters = new Parameters();
		for (String url : urls) {
			parameters.addParameter().setName("input").addPart().setName("url").setValue(new UriType(url));
		}
		return HttpRequest.newBuilder(URI.create(baseUrl() + "/$import"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(json(parameters))).build();
	}

	private Parameters poll(String statusUrl) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(statusUrl)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (status.statusCode() == 200) {
				return fhirContext.newJsonParser().parseResource(Parameters.class, status.body());
			}
			assertThat(status.statusCode()).isEqualTo(202);
			Thread.sleep(250);
		}
		throw new AssertionError("import did not finish in 5 minutes");
	}

	private String json(Resource resource) {
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

	private int count(String query) {
		return client.search().byUrl(query + "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
	}

	static String value(Parameters parameters, String name) {
		return parameters.getParameter(name).getValue().primitiveValue();
	}

	static List<ParametersParameterComponent> all(Parameters parameters, String name) {
		return parameters.getParameter().stream().filter(p -> p.getName().equals(name)).toList();
	}

	static String part(ParametersParameterComponent parameter, String name) {
		return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getValue().primitiveValue();
	}
}
