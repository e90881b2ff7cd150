package org.mesofhir.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every write and every {@code $survival} call leaves an AuditEvent (who: {@code anonymous} with security
 * off; when; what), found by FHIR search; {@code $survival}'s holds its parameters and no patient data;
 * audit resources are neither audited themselves nor part of the analysis records.
 */
class AuditIT extends ServerIntegrationTest {

	@Autowired
	private AnalysisRecordRebuilder rebuilder;

	@Test
	void createUpdateDeleteAndTransactionAreAudited() {
		Instant before = Instant.now().minusSeconds(1);
		Bundle response = client.transaction()
				.withBundle(PatientJourneyBundle.build("SITE-AUDIT", "audit-" + System.nanoTime())).execute();
		String condition = location(response, 2);
		String patient = location(response, 1);

		AuditEvent transaction = awaitOne("entity-name:exact=" + condition);
		assertThat(transaction.getSubtype()).extracting(c -> c.getCode()).contains("transaction");
		assertThat(transaction.getAgentFirstRep().getName()).isEqualTo("anonymous");
		assertThat(transaction.getAgentFirstRep().getRequestor()).isTrue();
		assertThat(transaction.getRecorded().toInstant()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
		assertThat(transaction.getEntity()).extracting(AuditEvent.AuditEventEntityComponent::getName)
				.contains(patient, condition).hasSizeGreaterThanOrEqualTo(9);
		assertThat(transaction.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);

		Observation ecog = MpemResources.observation(patient, "http://loinc.org", "89247-1", "ECOG", "2019-05-01");
		ecog.setValue(new IntegerType(2));
		String observation = client.create().resource(ecog).execute().getId().toUnqualifiedVersionless().getValue();
		ecog.setId(observation);
		ecog.setValue(new IntegerType(3));
		client.update().resource(ecog).execute();
		client.delete().resourceById(new IdType(observation)).execute();

		List<AuditEvent> events = await(() -> search("entity-name:exact=" + observation), 3);
		assertThat(events).extracting(AuditEvent::getAction).containsExactlyInAnyOrder(
				AuditEvent.AuditEventAction.C, AuditEvent.AuditEventAction.U, AuditEvent.AuditEventAction.D);
		assertThat(search("agent-name=anonymous&date=ge" + before)).hasSizeGreaterThanOrEqualTo(4);
	}

	@Test
	void survivalCallsAreAuditedWithTheirParametersAndNoPatientData() throws Exception {
		String marker = "ties=breslow&covariate=age&stratify=sex&timeUnit=week";
		HttpResponse<String> answer = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/$survival?" + marker)).GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		Parameters post = new Parameters();
		post.addParameter().setName("timeUnit").setValue(new CodeType("year"));
		post.addParameter().setName("pciCutoffs").setValue(new StringType("5,25"));
		client.operation().onServer().named("$survival").withParameters(post).execute();

		AuditEvent get = awaitOne("subtype=$survival&entity-name:exact=$survival&_count=100", event ->
				event.getEntityFirstRep().getDetail().stream().anyMatch(d -> d.getType().equals("timeUnit")
						&& ((StringType) d.getValue()).getValue().equals("week")));
		assertThat(get.getEntityFirstRep().getDetail()).extracting(d -> d.getType() + "=" + ((StringType) d.getValue()).getValue())
				.containsExactlyInAnyOrder("ties=breslow", "covariate=age", "stratify=sex", "timeUnit=week");
		assertThat(get.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
		String encoded = fhirContext.newJsonParser().encodeResourceToString(get);
		assertThat(encoded).doesNotContain("Patient/").doesNotContain("birthDate");

		AuditEvent posted = awaitOne("subtype=$survival&_count=100", event ->
				event.getEntityFirstRep().getDetail().stream().anyMatch(d -> d.getType().equals("pciCutoffs")));
		assertThat(posted.getEntityFirstRep().getDetail()).extracting(d -> d.getType() + "=" + ((StringType) d.getValue()).getValue())
				.containsExactlyInAnyOrder("timeUnit=year", "pciCutoffs=5,25");
	}

	@Test
	void auditEventsAreNotAuditedAndDoNotTouchAnalysisRecords() {
		client.transaction().withBundle(PatientJourneyBundle.build("SITE-AUDIT", "audit-records-" + System.nanoTime())).execute();
		await(() -> search("subtype=transaction&_count=1"), 1);

		assertThat(search("entity-name=AuditEvent/")).isEmpty();
		assertThat(rebuilder.rebuildComparing().differing()).isZero();
		assertThat(rebuilder.storedRecords()).noneMatch(r -> r.patientId().startsWith("AuditEvent"));
	}

	private AuditEvent awaitOne(String query) {
		return awaitOne(query, event -> true);
	}

	private AuditEvent awaitOne(String query, java.util.function.Predicate<AuditEvent> matching) {
		List<AuditEvent> found = await(() -> search(query).stream().filter(matching).toList(), 1);
		return found.get(0);
	}

	/** AuditEvents are stored off the request path: wait (bounded) until at least {@code count} are there. */
	private static List<AuditEvent> await(Supplier<List<AuditEvent>> search, int count) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		List<AuditEvent> found = search.get();
		while (found.size() < count && Instant.now().isBefore(deadline)) {
			try {
				Thread.sleep(200);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
			found = search.get();
		}
		assertThat(found).as("AuditEvents found").hasSizeGreaterThanOrEqualTo(count);
		return found;
	}

	private List<AuditEvent> search(String query) {
		Bundle bundle = client.search().byUrl("AuditEvent?" + query).returnBundle(Bundle.class).execute();
		return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
	}

	private static String location(Bundle response, int entry) {
		return new IdType(response.getEntry().get(entry).getResponse().getLocation()).toUnqualifiedVersionless().getValue();
	}
}
