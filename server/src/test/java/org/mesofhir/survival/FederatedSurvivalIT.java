package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.survival.stats.Aggregates;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code $federated-survival} on the shared IT server, which is no hub (no federation sites configured), and
 * this server's own site side ({@link SurvivalSiteRounds}) over its data.
 */
class FederatedSurvivalIT extends ServerIntegrationTest {

	@Autowired
	private SiteRounds rounds;

	@Autowired
	private ObjectProvider<SiteFederation> federation;

	@Test
	void aServerWithoutFederationSitesAnswers400SayingItIsNotAHub() throws Exception {
		SiteFederation configured = federation.getIfAvailable();
		org.junit.jupiter.api.Assumptions.assumeTrue(configured == null || configured.siteNames().isEmpty(),
				"the shared IT context configures federation sites");
		assertThatThrownBy(() -> client.operation().onServer().named("$federated-survival")
				.withParameters(new Parameters().addParameter("stratify", new CodeType("treatment"))).execute())
				.isInstanceOfSatisfying(InvalidRequestException.class, e -> {
					assertThat(e.getMessage()).contains("not a hub").contains("mesofhir.federation.sites[0].name");
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("mesofhir.federation.sites[0].base-url");
				});
		for (String download : List.of("$federated-survival-plot", "$federated-survival-table")) {
			java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/" + download
							+ "?stratify=treatment")).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(download).isEqualTo(400);
			assertThat(response.body()).contains("OperationOutcome").contains("not a hub");
		}
	}

	@Test
	void capabilityStatementPublishesTheFederatedOperationDefinition() {
		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getOperation())
				.anySatisfy(op -> assertThat(op.getDefinition()).isEqualTo(FederatedSurvivalOperationProvider.DEFINITION));
		int stored = client.search().byUrl("OperationDefinition?url=" + FederatedSurvivalOperationProvider.DEFINITION
				+ "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
		assertThat(stored).isEqualTo(1);
	}

	@Test
	void thisSitesAnswerHoldsOnlyTheQuestionsShapesNoPatientIdOrDate() {
		RoundQuestion.Analysis analysis = new RoundQuestion.Analysis("OS", "diagnosis", "treatment", List.of("age", "sex"),
				null, new int[] {10, 20});
		Map<String, List<String>> levels = Map.of("treatment", List.of("chemotherapy", "crs", "crs-hipec", "none"),
				"sex", List.of("female", "male", "other", "unknown"));
		RoundQuestion counts = new RoundQuestion(RoundQuestion.COUNTS, analysis, levels, 4096,
				levels.get("treatment"), null, null, null, null, null, null, null);
		Aggregates answer = rounds.answer(null, counts.json());
		assertThat(answer.parts()).allSatisfy(part -> assertThat(part.length())
				.isIn(1, 2, 4, 4096, PooledAnalysis.REASONS.size()));
		assertThat(answer.parts()).extracting(Aggregates.Part::name).contains("excluded", "allEvents", "events:crs-hipec",
				"censored:none", "coxSubjects", "coxEvents", "coxLevels:sex", "coxSum:age");
		assertThat(answer.parts()).allSatisfy(part -> assertThat(part.name()).matches("[A-Za-z:\\-/0-9]+")
				.doesNotContain("Patient"));
		assertThat(rounds.cohortSize(null)).isGreaterThanOrEqualTo(0);
		assertThatThrownBy(() -> rounds.answer("https://nowhere.example|none", counts.json()))
				.isInstanceOf(SiteRounds.UnknownCohortException.class);
		assertThatThrownBy(() -> rounds.answer(null, "{\"round\":\"counts\"}")).isInstanceOf(IllegalArgumentException.class);
	}
}
