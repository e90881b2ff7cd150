package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;

/** Terminology operations and {@code $validate} work on MesoFHIR's own conformance resources, offline. */
class TerminologyOperationsIT extends ServerIntegrationTest {

	@Test
	void expandTheChemotherapyDrugs() {
		ValueSet expanded = client.operation().onType(ValueSet.class).named("$expand")
				.withParameter(Parameters.class, "url", new UriType("https://mesofhir.org/fhir/ValueSet/mpem-chemotherapy-drugs"))
				.returnResourceType(ValueSet.class).execute();
		assertThat(expanded.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
				.contains("2555", "40048", "68446");
	}

	@Test
	void lookUpACompletenessOfCytoreductionScore() {
		Parameters lookup = client.operation().onType(CodeSystem.class).named("$lookup")
				.withParameter(Parameters.class, "system", new UriType("https://mesofhir.org/fhir/CodeSystem/cc-score"))
				.andParameter("code", new CodeType("CC-0")).execute();
		assertThat(lookup.getParameter()).anySatisfy(p -> {
			assertThat(p.getName()).isEqualTo("display");
			assertThat(((StringType) p.getValue()).getValue()).isNotBlank();
		});
	}

	@Test
	void validateCodeAgainstAValueSet() {
		Parameters known = validateCode("https://mesofhir.org/fhir/CodeSystem/cc-score", "CC-1");
		Parameters unknown = validateCode("https://mesofhir.org/fhir/CodeSystem/cc-score", "CC-4");
		assertThat(((BooleanType) known.getParameter("result").getValue()).booleanValue()).isTrue();
		assertThat(((BooleanType) unknown.getParameter("result").getValue()).booleanValue()).isFalse();
	}

	@Test
	void validateWithAProfileReportsTheOffendingElement() throws Exception {
		Observation ecog = MpemResources.observation("Patient/x", "http://loinc.org", "89247-1", "ECOG", "2020-01-01");
		ecog.setValue(new IntegerType(7));
		ecog.setSubject(new Reference("Patient/x"));
		// the resource as the body and the profile in the URL: HAPI validates a Parameters wrapper against the profile
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
						baseUrl() + "/Observation/$validate?profile=https://mesofhir.org/fhir/StructureDefinition/mpem-ecog"))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(ecog)))
				.build(), HttpResponse.BodyHandlers.ofString());
		OperationOutcome result = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(result.getIssue())
				.extracting(issue -> issue.getSeverity() + " " + issue.getExpression() + " " + issue.getDiagnostics())
				.anySatisfy(issue -> assertThat(issue).startsWith("ERROR").contains("Observation.value"));
	}

	private Parameters validateCode(String system, String code) {
		return client.operation().onType(ValueSet.class).named("$validate-code")
				.withParameter(Parameters.class, "url", new UriType("https://mesofhir.org/fhir/ValueSet/cc-score"))
				.andParameter("system", new UriType(system))
				.andParameter("code", new CodeType(code)).execute();
	}
}
