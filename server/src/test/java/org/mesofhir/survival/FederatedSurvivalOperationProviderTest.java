package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.survival.InProcessFederation.Site;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** {@code $federated-survival}'s own answers: not a hub, unknown sites, site parts, and failures as OperationOutcomes. */
class FederatedSurvivalOperationProviderTest {

	private static final LocalDate DIAGNOSIS = LocalDate.of(2020, 1, 1);

	private static List<AnalysisRecord> records(String prefix, int count) {
		List<AnalysisRecord> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			LocalDate end = DIAGNOSIS.plusDays(40L * i + 10);
			records.add(new AnalysisRecord(prefix + i, true, i % 2 == 0 ? "female" : "male", LocalDate.of(1950 + i, 1, 1), "S",
					DIAGNOSIS, "9052/3", null, false, DIAGNOSIS.plusDays(5), DIAGNOSIS.plusDays(5), i % 3 == 0 ? null : end, end,
					null, null, List.of(), List.of()));
		}
		return records;
	}

	private static FederatedSurvivalOperationProvider provider(SiteFederation federation) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		if (federation != null) {
			beans.addBean("federation", federation);
		}
		return new FederatedSurvivalOperationProvider(beans.getBeanProvider(SiteFederation.class),
				new PooledSurvival(new SurvivalProperties(5, Duration.ofSeconds(30))));
	}

	private static InProcessFederation twoSites() {
		return new InProcessFederation().add(new Site("north", records("n", 20), Map.of()))
				.add(new Site("south", records("s", 15), Map.of()));
	}

	private static Parameters call(FederatedSurvivalOperationProvider provider, List<StringType> sites, Boolean partial) {
		return provider.federatedSurvival(null, null, new CodeType("sex"), null, null, null, null, null, null, null, null, null,
				null, sites, partial == null ? null : new BooleanType(partial), null, null);
	}

	@Test
	void withoutFederationSitesItAnswers400SayingTheServerIsNotAHub() {
		assertThatThrownBy(() -> call(provider(null), null, null)).isInstanceOfSatisfying(InvalidRequestException.class,
				e -> assertThat(e.getMessage()).contains("not a hub").contains("mesofhir.federation.sites[0].base-url"));
		assertThatThrownBy(() -> call(provider(new InProcessFederation()), null, null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a hub");
	}

	@Test
	void anUnknownSiteOrSiteAsAStratumIsA400NamingTheParameter() {
		assertThatThrownBy(() -> call(provider(twoSites()), List.of(new StringType("east")), null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("site").hasMessageContaining("east")
				.hasMessageContaining("north, south");
		assertThatThrownBy(() -> provider(twoSites()).federatedSurvival(null, null, new CodeType("site"), null, null, null, null,
				null, null, null, null, null, null, null, null, null, null)).isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("stratify");
		assertThatThrownBy(() -> provider(twoSites()).federatedSurvival(null, null, null, null, null, null, null, null, null,
				null, null, null, new StringType("no-bar"), null, null, null, null)).isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("cohort");
	}

	@Test
	void theAnswerIsSurvivalsLayoutPlusOneSitePartPerSiteAsked() {
		Parameters answer = call(provider(twoSites()), List.of(new StringType("south")), null);
		assertThat(answer.getParameter("patients").getValue().primitiveValue()).isEqualTo("15");
		List<ParametersParameterComponent> sites = answer.getParameter().stream().filter(p -> p.getName().equals("site")).toList();
		assertThat(sites).hasSize(1);
		assertThat(sites.get(0).getPart()).extracting(ParametersParameterComponent::getName).containsExactly("name", "status");
		assertThat(sites.get(0).getPart().get(1).getValue().primitiveValue()).isEqualTo("ok");
		assertThat(call(provider(twoSites()), null, null).getParameter("patients").getValue().primitiveValue()).isEqualTo("35");
	}

	@Test
	void aFailingSiteIs502Or504WithAnOperationOutcomeNamingEverySiteUnlessPartialResultsAreAllowed() {
		assertThatThrownBy(() -> call(provider(twoSites().unreachable("south")), null, null))
				.isInstanceOfSatisfying(UnclassifiedServerFailureException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(502);
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
							.anyMatch(d -> d.contains("south: unreachable")).anyMatch(d -> d.contains("north: ok"));
				});
		assertThatThrownBy(() -> call(provider(twoSites().dropOut("north", 2)), null, null))
				.isInstanceOfSatisfying(UnclassifiedServerFailureException.class, e -> assertThat(e.getStatusCode()).isEqualTo(504));
		assertThatThrownBy(() -> call(provider(twoSites().garbage("south")), null, null))
				.isInstanceOfSatisfying(UnclassifiedServerFailureException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(502);
					assertThat(e.getMessage()).contains("malformed");
					assertThat(e.getOperationOutcome()).isNotNull();
				});
		assertThatThrownBy(() -> call(provider(new InProcessFederation().add(new Site("north", records("n", 20), Map.of()))
				.garbage("north")), null, null)).isInstanceOfSatisfying(UnclassifiedServerFailureException.class,
						e -> assertThat(e.getMessage()).contains("no part"));
		Parameters partial = call(provider(twoSites().unreachable("south")), null, true);
		assertThat(partial.getParameter("patients").getValue().primitiveValue()).isEqualTo("20");
		assertThat(partial.getParameter("warning").getValue().primitiveValue()).startsWith("Partial result: pooled over north only");
		assertThat(partial.getParameter().stream().filter(p -> p.getName().equals("site"))
				.map(p -> p.getPart().get(1).getValue().primitiveValue())).containsExactly("ok", "unreachable");
	}
}
