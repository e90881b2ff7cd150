package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;

/**
 * The profiles module's conformance cases ({@code mesofhir/examples/cases.csv}) run through the server:
 * valid examples are stored, every invalid one is refused with 422 and an OperationOutcome that names
 * the element and says what is allowed, exactly as the validator alone says, except where the server answers
 * before the validator: a Patient without a site meets {@code ingest.SiteAssignment} first, which names the
 * same element and says how to send the site.
 */
class ProfileValidationIT extends ServerIntegrationTest {

	private static final List<String> STORE_ORDER =
			List.of("Organization", "Patient", "Condition", "Procedure", "MedicationAdministration", "Observation", "Bundle");

	/** Cases the server refuses before the validator sees them, with the words it uses instead. */
	private static final Map<String, String> SERVER_MESSAGES = Map.of(
			"invalid/patient-missing-managing-organization.json", "names no site (managingOrganization)");

	@Test
	void validExamplesAreStoredAndInvalidOnesRefusedWithTheExpectedIssues() throws Exception {
		List<CSVRecord> cases = cases();
		List<String> valid = cases.stream().filter(c -> c.get("outcome").equals("valid")).map(c -> c.get("file"))
				.distinct().sorted(Comparator.comparing(f -> STORE_ORDER.indexOf(read(f).fhirType()))).toList();
		for (String file : valid) {
			Resource resource = read(file);
			if (resource instanceof Bundle bundle) {
				Bundle response = client.transaction().withBundle(bundle).execute();
				assertThat(response.getEntry()).as(file).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("20"));
			} else {
				client.update().resource(resource).execute();
			}
		}

		Map<String, List<CSVRecord>> invalid = new LinkedHashMap<>();
		cases.stream().filter(c -> c.get("outcome").equals("invalid"))
				.forEach(c -> invalid.computeIfAbsent(c.get("file"), f -> new java.util.ArrayList<>()).add(c));
		assertThat(invalid).hasSizeGreaterThanOrEqualTo(25);
		for (Map.Entry<String, List<CSVRecord>> example : invalid.entrySet()) {
			Resource resource = read(example.getKey());
			assertThatThrownBy(() -> store(resource))
					.as(example.getKey())
					.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
						List<OperationOutcomeIssueComponent> issues = ((OperationOutcome) e.getOperationOutcome()).getIssue();
						for (CSVRecord expected : example.getValue()) {
							assertThat(issues).as(example.getKey() + " " + expected.get("expression")).anySatisfy(issue -> {
								assertThat(issue.getSeverity().toCode()).isEqualTo(expected.get("severity"));
								assertThat(issue.getExpression()).extracting(Object::toString)
										.anySatisfy(x -> assertThat(x).isEqualTo(expected.get("expression")));
								assertThat(issue.getDiagnostics())
										.contains(SERVER_MESSAGES.getOrDefault(example.getKey(), expected.get("message")));
							});
						}
					});
		}
	}

	@Test
	void profilesAreStoredOnceAndListedInTheCapabilityStatement() {
		Bundle found = client.search().forResource(StructureDefinition.class)
				.where(StructureDefinition.URL.matches().value("https://mesofhir.org/fhir/StructureDefinition/mpem-pci"))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);

		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getResource().stream()
						.filter(r -> r.getType().equals("Observation")).findFirst().orElseThrow().getSupportedProfile())
				.extracting(CanonicalType::getValue)
				.contains("https://mesofhir.org/fhir/StructureDefinition/mpem-pci",
						"https://mesofhir.org/fhir/StructureDefinition/mpem-ecog");
	}

	private void store(Resource resource) {
		if (resource instanceof Bundle bundle) {
			client.transaction().withBundle(bundle).execute();
		} else if (resource.hasId()) {
			client.update().resource(resource).execute();
		} else {
			client.create().resource(resource).execute();
		}
	}

	private Resource read(String file) {
		try (InputStream in = getClass().getResourceAsStream("/mesofhir/examples/" + file)) {
			return (Resource) fhirContext.newJsonParser().parseResource(in);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static List<CSVRecord> cases() throws Exception {
		try (InputStream in = ProfileValidationIT.class.getResourceAsStream("/mesofhir/examples/cases.csv")) {
			return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
					.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
		}
	}

}
