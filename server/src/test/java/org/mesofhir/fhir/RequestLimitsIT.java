package org.mesofhir.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.mesofhir.ExpectContinueClient;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.mesofhir.demo.MpemResources;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;

/**
 * The request limits: {@code mesofhir.fhir.max-request-size} (413 with an OperationOutcome, whether the
 * body's length is declared or it is chunked) and {@code mesofhir.fhir.max-page-size} ({@code _count} above
 * it is served in pages of the maximum with a next link; a {@code _count} that is not a count is a 400).
 */
class RequestLimitsIT extends ServerIntegrationTest {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Value("${mesofhir.fhir.max-request-size}")
	private DataSize maxRequestSize;

	@Value("${mesofhir.fhir.max-page-size}")
	private int maxPageSize;

	@Autowired
	private AnalysisRecordRebuilder rebuilder;


	@Test
	void aBodyOverTheLimitIs413WithAnOutcomeDeclaredOrChunked() throws Exception {
		byte[] body = ("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat((int) maxRequestSize.toBytes())
				+ "\"}]}").getBytes(UTF_8);
		for (boolean chunked : new boolean[] {false, true}) {
			ExpectContinueClient.Answer answer = ExpectContinueClient.send(port, "POST", "/fhir/Patient", "application/fhir+json", body, chunked);

			assertThat(answer.status()).as("chunked " + chunked).isEqualTo(413);
			OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, answer.body());
			assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("mesofhir.fhir.max-request-size",
					String.valueOf(maxRequestSize.toBytes()));
		}
	}

	@Test
	void countAboveTheMaximumIsServedInPagesOfTheMaximumAndARebuildReadsPastIt() {
		String name = "clamp-" + System.nanoTime();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < maxPageSize + 5; i++) {
			Organization site = new Organization().setName(name);
			site.addIdentifier().setSystem(MpemResources.SITE_SYSTEM).setValue(name + "-" + i);
			transaction.addEntry().setResource(site).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
		}
		client.transaction().withBundle(transaction).execute();

		Bundle page = client.search().byUrl("Organization?name:exact=" + name + "&_count=100000").returnBundle(Bundle.class).execute();

		assertThat(page.getEntry()).hasSize(maxPageSize);
		assertThat(page.getLink(Bundle.LINK_NEXT)).isNotNull();

		try {
			// the page size limits pages, not what a search can reach: a rebuild reads every resource of a type
			// past it (it refuses, rolled back, if a search ever stops short) and finds the kept records right
			List<AnalysisRecord> before = rebuilder.storedRecords();
			assertThat(rebuilder.rebuildComparing().differing()).isZero();
			assertThat(rebuilder.storedRecords()).containsExactlyInAnyOrderElementsOf(before);
			Bundle next = client.loadPage().next(page).execute();
			assertThat(next.getEntry()).hasSize(5);
		} finally { // the other tests share this database and rebuild it
			client.delete().resourceConditionalByUrl("Organization?name:exact=" + name).execute();
		}
	}

	@Test
	void countThatIsNotACountIs400NamingIt() throws Exception {
		for (String count : new String[] {"-1", "abc", "1e3", "99999999999"}) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/Patient?_count=" + count))
					.header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).as(count).isEqualTo(400);
			OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
			assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString).contains("_count");
		}
	}
}
