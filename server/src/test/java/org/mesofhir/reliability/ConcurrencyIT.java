package org.mesofhir.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Concurrent writers on the same few patients (conditional updates, version-specific updates with
 * If-Match, new observations) while {@code $survival} readers run: no 5xx, nothing hangs, lost races are
 * answered 409/412 so the client can retry, every acknowledged create is there, and the analysis records
 * kept under this contention equal a full rebuild.
 */
class ConcurrencyIT extends ServerIntegrationTest {

	private static final int WRITERS = 6;
	private static final int READERS = 2;
	private static final int ROUNDS = 30;
	private static final Set<Integer> RETRYABLE = Set.of(409, 412);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Autowired
	private AnalysisRecordRebuilder rebuilder;

	private record Subject(String identifier, String patientId, String conditionId) {}

	@Test
	void concurrentWritersAndReadersOnTheSamePatients() throws Exception {
		List<Subject> subjects = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String identifier = "concurrency-" + i + "-" + System.nanoTime();
			Bundle response = client.transaction().withBundle(PatientJourneyBundle.build("SITE-CONCURRENCY", identifier)).execute();
			subjects.add(new Subject(identifier, idOf(response, 1), idOf(response, 2)));
		}
		String site = client.read().resource(Patient.class).withId(subjects.get(0).patientId()).execute()
				.getManagingOrganization().getReference();
		Map<String, Integer> ecogBefore = new ConcurrentHashMap<>();
		subjects.forEach(s -> ecogBefore.put(s.patientId(), ecogCount(s.patientId())));

		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> ecogCreated = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
		for (int w = 0; w < WRITERS; w++) {
			Random random = new Random(w);
			pool.submit(() -> {
				for (int round = 0; round < ROUNDS; round++) {
					Subject subject = subjects.get(random.nextInt(subjects.size()));
					int kind = random.nextInt(4);
					HttpResponse<String> response = switch (kind) {
						case 0 -> conditionalUpdate(subject, site, random);
						case 1 -> ifMatchPatientUpdate(subject, random);
						case 2 -> ifMatchDiagnosisUpdate(subject, random);
						default -> createEcog(subject, random);
					};
					record(statuses, unexpected, response, Set.of(200, 201), "write " + kind);
					if (kind == 3 && response.statusCode() == 201) {
						ecogCreated.computeIfAbsent(subject.patientId(), p -> new AtomicInteger()).incrementAndGet();
					}
				}
				return null;
			});
		}
		for (int r = 0; r < READERS; r++) {
			pool.submit(() -> {
				for (int round = 0; round < ROUNDS / 2; round++) {
					record(statuses, unexpected, send(HttpRequest.newBuilder(URI.create(baseUrl() + "/$survival?stratify=sex")).GET()),
							Set.of(200), "$survival");
				}
				return null;
			});
		}
		pool.shutdown();
		boolean finished = pool.awaitTermination(4, TimeUnit.MINUTES);
		System.out.println("ConcurrencyIT answers by status: " + statuses);

		assertThat(finished).as("all writers and readers finished (no deadlock)").isTrue();
		assertThat(unexpected).isEmpty();
		assertThat(statuses.keySet()).allMatch(status -> status < 500);
		assertThat(statuses.getOrDefault(200, new AtomicInteger()).get()).isPositive();
		for (Subject subject : subjects) { // every acknowledged create is there
			int created = ecogCreated.getOrDefault(subject.patientId(), new AtomicInteger()).get();
			assertThat(ecogCount(subject.patientId())).isEqualTo(ecogBefore.get(subject.patientId()) + created);
		}
		assertThat(rebuilder.rebuildComparing().differing()).as("kept analysis records differing from a rebuild").isZero();
	}

	private void record(Map<Integer, AtomicInteger> statuses, ConcurrentLinkedQueue<String> unexpected,
			HttpResponse<String> response, Set<Integer> success, String what) {
		int status = response.statusCode();
		statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
		boolean retryable = RETRYABLE.contains(status) && response.body().contains("OperationOutcome");
		if (!success.contains(status) && !retryable) {
			unexpected.add(what + " -> " + status + ": " + response.body().substring(0, Math.min(400, response.body().length())));
		}
	}

	private HttpResponse<String> conditionalUpdate(Subject subject, String site, Random random) {
		Patient patient = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, subject.identifier(), site);
		patient.setBirthDateElement(new DateType(String.format("19%02d-0%d-1%d", 40 + random.nextInt(30), 1 + random.nextInt(9), random.nextInt(10))));
		String match = URLEncoder.encode(PatientJourneyBundle.PATIENT_SYSTEM + "|" + subject.identifier(), StandardCharsets.UTF_8);
		return send(json(HttpRequest.newBuilder(URI.create(baseUrl() + "/Patient?identifier=" + match)), "PUT", patient));
	}

	private HttpResponse<String> ifMatchPatientUpdate(Subject subject, Random random) {
		Patient patient = client.read().resource(Patient.class).withId(subject.patientId()).execute();
		String version = patient.getIdElement().getVersionIdPart();
		patient.setBirthDateElement(new DateType(String.format("19%02d-0%d-2%d", 40 + random.nextInt(30), 1 + random.nextInt(9), random.nextInt(8))));
		return send(json(HttpRequest.newBuilder(URI.create(baseUrl() + "/" + subject.patientId()))
				.header("If-Match", "W/\"" + version + "\""), "PUT", patient));
	}

	private HttpResponse<String> ifMatchDiagnosisUpdate(Subject subject, Random random) {
		Condition condition = client.read().resource(Condition.class).withId(subject.conditionId()).execute();
		String version = condition.getIdElement().getVersionIdPart();
		condition.setOnset(new DateTimeType(String.format("2019-0%d-%02d", 1 + random.nextInt(3), 1 + random.nextInt(28))));
		return send(json(HttpRequest.newBuilder(URI.create(baseUrl() + "/" + subject.conditionId()))
				.header("If-Match", "W/\"" + version + "\""), "PUT", condition));
	}

	private HttpResponse<String> createEcog(Subject subject, Random random) {
		Observation ecog = MpemResources.observation(subject.patientId(), "http://loinc.org", "89247-1", "ECOG",
				"2019-0" + (1 + random.nextInt(9)) + "-01");
		ecog.setValue(new IntegerType(random.nextInt(5)));
		return send(json(HttpRequest.newBuilder(URI.create(baseUrl() + "/Observation")), "POST", ecog));
	}

	/** The resource as the body; a conditional PUT or a POST sends it without id, an update by id with its plain id. */
	private HttpRequest.Builder json(HttpRequest.Builder request, String method, org.hl7.fhir.r4.model.Resource resource) {
		String id = resource.getIdElement().getIdPart();
		resource.setId(id);
		return request.header("Content-Type", "application/fhir+json")
				.method(method, HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(resource)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(120)).build(),
					HttpResponse.BodyHandlers.ofString());
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private int ecogCount(String patientId) {
		return client.search().byUrl("Observation?subject=" + patientId + "&code=http://loinc.org|89247-1&_summary=count")
				.returnBundle(Bundle.class).execute().getTotal();
	}

	private static String idOf(Bundle response, int entry) {
		return new IdType(response.getEntry().get(entry).getResponse().getLocation()).toUnqualifiedVersionless().getValue();
	}
}
