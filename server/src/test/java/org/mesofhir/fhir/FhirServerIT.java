package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.ServerIntegrationTest;

/** Standard FHIR behaviour of the server, end to end over HTTP with HAPI's client. */
class FhirServerIT extends ServerIntegrationTest {

	private String siteReference;

	@BeforeEach
	void site() {
		siteReference = client.create().resource(MpemResources.site("SITE-IT"))
				.conditionalByUrl("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|SITE-IT")
				.execute().getId().toUnqualifiedVersionless().getValue();
	}

	private Patient patient(String identifier) {
		return MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, identifier, siteReference);
	}

	@Test
	void capabilityStatementNamesMesoFhirOnR4() {
		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();

		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capabilities.getSoftware().getName()).isEqualTo("MesoFHIR");
		assertThat(capabilities.getSoftware().getVersion()).isNotBlank();
	}

	@Test
	void patientCreateReadUpdateSearchDelete() {
		String identifier = UUID.randomUUID().toString();
		Patient patient = patient(identifier);
		patient.setGender(AdministrativeGender.MALE);
		patient.addName().setFamily("Sugarbaker");

		MethodOutcome created = client.create().resource(patient).execute();
		IIdType id = created.getId().toUnqualifiedVersionless();
		assertThat(created.getCreated()).isTrue();

		Patient read = client.read().resource(Patient.class).withId(id).execute();
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Sugarbaker");

		read.getNameFirstRep().setFamily("Deraco");
		MethodOutcome updated = client.update().resource(read).execute();
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

		Bundle found = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(PatientJourneyBundle.PATIENT_SYSTEM, identifier))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		assertThat(((Patient) found.getEntryFirstRep().getResource()).getNameFirstRep().getFamily()).isEqualTo("Deraco");

		Bundle history = client.history().onInstance(id).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);

		client.delete().resourceById(id).execute();
		assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id).execute())
				.isInstanceOf(ResourceGoneException.class);
	}

	@Test
	void tenEntryTransactionResolvesUrnUuidReferences() {
		Bundle request = PatientJourneyBundle.build("SITE-TX", UUID.randomUUID().toString());
		assertThat(request.getEntry()).hasSize(10);

		Bundle response = client.transaction().withBundle(request).execute();

		assertThat(response.getEntry()).hasSize(10);
		assertThat(response.getEntry()).allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("201"));
		IdType patientId = new IdType(response.getEntry().get(1).getResponse().getLocation()).toUnqualifiedVersionless();
		IdType procedureId = new IdType(response.getEntry().get(3).getResponse().getLocation()).toUnqualifiedVersionless();

		Condition diagnosis = client.read().resource(Condition.class)
				.withId(new IdType(response.getEntry().get(2).getResponse().getLocation()).toUnqualifiedVersionless())
				.execute();
		assertThat(diagnosis.getSubject().getReference()).isEqualTo(patientId.getValue());

		Bundle pciAndSurgery = client.search().forResource(Observation.class)
				.where(Observation.PART_OF.hasId(procedureId))
				.include(Observation.INCLUDE_PART_OF)
				.returnBundle(Bundle.class).execute();
		assertThat(pciAndSurgery.getEntry()).extracting(e -> e.getResource().fhirType())
				.containsExactlyInAnyOrder("Observation", "Observation", "Procedure");

		Bundle withRevIncludes = client.search().forResource(Patient.class)
				.where(Patient.RES_ID.exactly().code(patientId.getIdPart()))
				.revInclude(Condition.INCLUDE_SUBJECT)
				.revInclude(Procedure.INCLUDE_SUBJECT)
				.returnBundle(Bundle.class).execute();
		assertThat(withRevIncludes.getEntry()).extracting(e -> e.getResource().fhirType())
				.containsExactlyInAnyOrder("Patient", "Condition", "Procedure");

		Parameters everything = client.operation().onInstance(patientId).named("$everything")
				.withNoParameters(Parameters.class).execute();
		Bundle everythingBundle = (Bundle) everything.getParameterFirstRep().getResource();
		assertThat(everythingBundle.getEntry()).hasSizeGreaterThanOrEqualTo(9);
	}

	@Test
	void sameSiteIsCreatedOnceAcrossTransactions() {
		String site = "SITE-" + UUID.randomUUID();
		client.transaction().withBundle(PatientJourneyBundle.build(site, UUID.randomUUID().toString())).execute();
		client.transaction().withBundle(PatientJourneyBundle.build(site, UUID.randomUUID().toString())).execute();

		Bundle sites = client.search().forResource("Organization")
				.where(org.hl7.fhir.r4.model.Organization.IDENTIFIER.exactly().systemAndIdentifier(PatientJourneyBundle.SITE_SYSTEM, site))
				.returnBundle(Bundle.class).execute();
		assertThat(sites.getEntry()).hasSize(1);
	}

	@Test
	void transactionWithOneBadEntryStoresNothing() {
		String identifier = UUID.randomUUID().toString();
		Bundle request = PatientJourneyBundle.build("SITE-BAD", identifier);
		Condition orphan = new Condition();
		orphan.setSubject(new Reference("Patient/does-not-exist-" + identifier));
		orphan.getCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10").setCode("C45.1");
		request.addEntry().setResource(orphan).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
		int patientsBefore = countOf("Patient");
		int conditionsBefore = countOf("Condition");

		assertThatThrownBy(() -> client.transaction().withBundle(request).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isBetween(400, 499);
					assertThat(e.getOperationOutcome()).isInstanceOf(OperationOutcome.class);
				});

		assertThat(countOf("Patient")).isEqualTo(patientsBefore);
		assertThat(countOf("Condition")).isEqualTo(conditionsBefore);
		Bundle found = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(PatientJourneyBundle.PATIENT_SYSTEM, identifier))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).isEmpty();
	}

	@Test
	void conditionalCreateIsIdempotent() {
		String identifier = UUID.randomUUID().toString();
		Patient patient = patient(identifier);
		String condition = "identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + identifier;

		MethodOutcome first = client.create().resource(patient).conditionalByUrl("Patient?" + condition).execute();
		MethodOutcome second = client.create().resource(patient).conditionalByUrl("Patient?" + condition).execute();

		assertThat(first.getCreated()).isTrue();
		assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
		assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
	}

	@Test
	void pagingAndSummaryCount() {
		String family = "Paging" + UUID.randomUUID().toString().substring(0, 8);
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		for (int i = 0; i < 7; i++) {
			Patient patient = patient(UUID.randomUUID().toString());
			patient.addName().setFamily(family);
			batch.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		Bundle batchResponse = client.transaction().withBundle(batch).execute();
		assertThat(batchResponse.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

		Bundle count = client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
				.summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
		assertThat(count.getTotal()).isEqualTo(7);
		assertThat(count.getEntry()).isEmpty();

		Bundle page1 = client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
				.count(3).returnBundle(Bundle.class).execute();
		Bundle page2 = client.loadPage().next(page1).execute();
		Bundle page3 = client.loadPage().next(page2).execute();
		assertThat(List.of(page1.getEntry().size(), page2.getEntry().size(), page3.getEntry().size())).containsExactly(3, 3, 1);
		assertThat(page3.getLink(Bundle.LINK_NEXT)).isNull();
	}

	@Test
	void validateOperationReportsProblems() {
		Observation incomplete = new Observation();
		incomplete.setStatus(Observation.ObservationStatus.FINAL); // but no code, which Observation requires
		MethodOutcome outcome = client.validate().resource(incomplete).execute();
		OperationOutcome result = (OperationOutcome) outcome.getOperationOutcome();
		assertThat(result.getIssue()).anySatisfy(issue ->
				assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR));
	}

	@Test
	void actuatorHealthChecksTheDatabaseAndPrometheusServesMetrics() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> health = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"");

		HttpResponse<String> prometheus = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void openApiDescribesTheFhirApi() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> docs = http.send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("openapi: 3").contains("title: MesoFHIR").contains("/Patient");
	}

	private int countOf(String resourceType) {
		Bundle bundle = client.search().forResource(resourceType).summaryMode(SummaryEnum.COUNT)
				.returnBundle(Bundle.class).execute();
		return bundle.getTotal();
	}
}
