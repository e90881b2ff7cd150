package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class BundleEntryRulesTest {

	private static List<String> problems(BundleEntryComponent entry) {
		return BundleEntryRules.problems(entry, 3).stream().map(OperationOutcomeIssueComponent::getExpression)
				.map(e -> e.get(0).getValue()).toList();
	}

	private static BundleEntryComponent entry(HTTPVerb method, String url) {
		BundleEntryComponent entry = new BundleEntryComponent();
		entry.getRequest().setMethod(method).setUrl(url);
		return entry;
	}

	@Test
	void validEntriesHaveNoProblem() {
		assertThat(problems(entry(HTTPVerb.POST, "Patient").setResource(new Patient())
				.setFullUrl("urn:uuid:6f1c2e52-1c1e-4d2c-9d8f-1b2c3d4e5f60"))).isEmpty();
		assertThat(problems(entry(HTTPVerb.PUT, "Patient/a").setResource(new Patient().setId("a"))
				.setFullUrl("https://example.org/fhir/Patient/a"))).isEmpty();
		assertThat(problems(entry(HTTPVerb.PUT, "Patient?identifier=s|v").setResource(new Patient()))).isEmpty();
		assertThat(problems(entry(HTTPVerb.DELETE, "Patient?identifier=s|v"))).isEmpty();
		BundleEntryComponent conditional = entry(HTTPVerb.POST, "Patient").setResource(new Patient());
		conditional.getRequest().setIfNoneExist("identifier=s|v");
		assertThat(problems(conditional)).isEmpty();
		BundleEntryComponent versioned = entry(HTTPVerb.DELETE, "Patient/a");
		versioned.getRequest().setIfMatch("W/\"3\"");
		assertThat(problems(versioned)).isEmpty();
	}

	@Test
	void namesWhatIsMissingOrMisplaced() {
		assertThat(problems(new BundleEntryComponent().setResource(new Patient()))).containsExactly("Bundle.entry[3].request");
		assertThat(problems(entry(null, null))).containsExactly("Bundle.entry[3].request"); // an empty request is none
		assertThat(problems(entry(null, "Patient/1"))).containsExactly("Bundle.entry[3].request.method");
		assertThat(problems(entry(HTTPVerb.DELETE, null))).containsExactly("Bundle.entry[3].request.url");
		assertThat(problems(entry(HTTPVerb.POST, "Patient"))).containsExactly("Bundle.entry[3].resource");
		assertThat(problems(entry(HTTPVerb.DELETE, "Patient/1").setResource(new Patient()))).containsExactly("Bundle.entry[3].resource");
		assertThat(problems(entry(HTTPVerb.POST, "Patient").setResource(new Organization()))).containsExactly("Bundle.entry[3].request.url");
		assertThat(problems(entry(HTTPVerb.PUT, "Patient/a").setResource(new Patient().setId("b")))).containsExactly("Bundle.entry[3].resource.id");
		assertThat(problems(entry(HTTPVerb.DELETE, "Patient"))).containsExactly("Bundle.entry[3].request.url");
		assertThat(problems(entry(HTTPVerb.DELETE, "Patient/1").setFullUrl("Patient/1"))).containsExactly("Bundle.entry[3].fullUrl");
		BundleEntryComponent put = entry(HTTPVerb.PUT, "Patient/a").setResource(new Patient());
		put.getRequest().setIfNoneExist("identifier=s|v").setIfMatch("abc").setIfNoneMatch("W/\"1\"");
		assertThat(problems(put)).containsExactly("Bundle.entry[3].request.ifNoneExist", "Bundle.entry[3].request.ifMatch",
				"Bundle.entry[3].request.ifNoneMatch");
		BundleEntryComponent longSearch = entry(HTTPVerb.POST, "Patient").setResource(new Patient());
		longSearch.getRequest().setIfNoneExist("identifier=s|" + "é".repeat(200));
		assertThat(problems(longSearch)).containsExactly("Bundle.entry[3].request.ifNoneExist");
	}
}
