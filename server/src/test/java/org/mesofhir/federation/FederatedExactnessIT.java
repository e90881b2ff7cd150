package org.mesofhir.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mesofhir.MesoFhirApplication;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.survival.CohortCsvBundles;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue #15's exactness test: the cohort of {@code survival/e2e/cohort.csv} split across three MesoFHIR sites
 * by its {@code site} column (three more Spring contexts on loopback, each its own H2 file, security off),
 * site a also the hub (a hub may be a site of itself), and the whole cohort on the shared test server as
 * the single server holding the union. Every value of {@code $federated-survival} equals
 * {@code Group/[id]/$survival} on the union (KM, landmarks, RMST, log-rank to 1e-9; Cox with Efron and
 * Breslow to 1e-6), over each site's Group with the study identifier ({@code cohort}) and over the whole
 * sites. Then a site is stopped: the hub says so, and with {@code allowPartial} answers for the others.
 * (Site-level strata are not asked: a federation has no shared vocabulary of site codes and refuses them.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedExactnessIT extends ServerIntegrationTest {

	private static final String RUN = UUID.randomUUID().toString();
	private static final String STUDY_SYSTEM = "https://mesofhir.org/fhir/sid/study";
	private static final String STUDY = "FED-" + RUN;
	private static final List<String> SITES = List.of("SITE-A", "SITE-B", "SITE-C");

	private final Map<String, ConfigurableApplicationContext> sites = new LinkedHashMap<>();
	private final Map<String, Integer> ports = new LinkedHashMap<>();
	private IGenericClient hub;
	private IIdType union;
	private IIdType unionWithoutC;

	@BeforeAll
	void startSitesAndIngest() throws IOException {
		connectClient();
		for (String site : SITES) {
			ports.put(site, freePort());
		}
		for (String site : SITES) {
			List<String> args = new ArrayList<>(List.of("--server.port=" + ports.get(site),
					"--mesofhir.data-dir=target/it-data/federated-" + RUN + "-" + site,
					"--spring.datasource.url=jdbc:h2:file:./target/it-data/federated-" + RUN + "-" + site + "/mesofhir",
					"--mesofhir.demo.enabled=false"));
			if (site.equals("SITE-A")) {
				for (int i = 0; i < SITES.size(); i++) {
					args.add("--mesofhir.federation.sites[" + i + "].name=" + SITES.get(i));
					args.add("--mesofhir.federation.sites[" + i + "].base-url=" + base(SITES.get(i)));
				}
			}
			sites.put(site, new SpringApplicationBuilder(MesoFhirApplication.class).profiles("it").run(args.toArray(String[]::new)));
		}
		FhirContext fhir = FhirContext.forR4Cached();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhir.getRestfulClientFactory().setSocketTimeout(120_000);
		Map<String, IGenericClient> siteClients = new LinkedHashMap<>();
		Map<String, Group> siteGroups = new LinkedHashMap<>();
		for (String site : SITES) {
			siteClients.put(site, fhir.newRestfulGenericClient(base(site)));
			siteGroups.put(site, studyGroup());
		}
		hub = siteClients.get("SITE-A");
		Group all = studyGroup();
		Group allButC = studyGroup();
		String suffix = "-fed-" + RUN;
		for (CSVRecord row : CohortCsvBundles.rows("cohort.csv")) {
			String site = row.get("site");
			siteGroups.get(site).addMember().setEntity(patientOf(siteClients.get(site)
					.transaction().withBundle(CohortCsvBundles.bundle(row, suffix)).execute()));
			Reference inUnion = patientOf(client.transaction().withBundle(CohortCsvBundles.bundle(row, suffix)).execute());
			all.addMember().setEntity(inUnion);
			if (!site.equals("SITE-C")) {
				allButC.addMember().setEntity(inUnion.copy());
			}
		}
		for (String site : SITES) {
			siteClients.get(site).create().resource(siteGroups.get(site)).execute();
		}
		union = client.create().resource(all).execute().getId().toUnqualifiedVersionless();
		unionWithoutC = client.create().resource(allButC.setIdentifier(List.of())).execute().getId().toUnqualifiedVersionless();
	}

	@AfterAll
	void stopSites() {
		sites.values().forEach(ConfigurableApplicationContext::close);
	}

	/** Analyses a study would run, each compared whole: stratified KM and log-rank, landmarks, RMST, Cox. */
	private static List<Parameters> analyses() {
		return List.of(
				new Parameters().addParameter("stratify", new CodeType("treatment")).addParameter("followUp", new CodeType("true")),
				new Parameters().addParameter("stratify", new CodeType("sex")).addParameter("timeUnit", new CodeType("day"))
						.addParameter("at", new DecimalType(180)).addParameter("at", new DecimalType(365))
						.addParameter("tau", new DecimalType(720)),
				new Parameters().addParameter("stratify", new CodeType("cc-complete")).addParameter("confType", new CodeType("log-log"))
						.addParameter("at", new DecimalType(6)).addParameter("tau", new DecimalType(24)),
				new Parameters().addParameter("covariate", new CodeType("age,pci-band")).addParameter("ties", new CodeType("efron")),
				new Parameters().addParameter("covariate", new CodeType("age")).addParameter("covariate", new CodeType("sex"))
						.addParameter("ties", new CodeType("breslow")).addParameter("coxTable", new CodeType("univariable")),
				new Parameters().addParameter("endpoint", new CodeType("PFS")).addParameter("origin", new CodeType("surgery"))
						.addParameter("stratify", new CodeType("cc")).addParameter("covariate", new CodeType("pci"))
						.addParameter("followUp", new CodeType("true")),
				new Parameters().addParameter("stratify", new CodeType("treatment")).addParameter("cutoff", new org.hl7.fhir.r4.model.DateType("2016-06-30")));
	}

	@Test
	@Order(1)
	void everyValueEqualsOneServerHoldingTheUnion() {
		for (Parameters analysis : analyses()) {
			Parameters single = client.operation().onInstance(union).named("$survival").withParameters(analysis.copy()).execute();
			Parameters pooled = federated(analysis.copy().addParameter("cohort", STUDY_SYSTEM + "|" + STUDY));
			assertThat(PooledAnswerComparison.differences(single, pooled)).as(describe(analysis)).isEmpty();
			assertThat(pooled.getParameter("followUp") != null).as("followUp answered: " + describe(analysis))
					.isEqualTo(analysis.getParameter("followUp") != null);
			assertThat(statuses(pooled)).containsExactly(Map.entry("SITE-A", "ok"), Map.entry("SITE-B", "ok"), Map.entry("SITE-C", "ok"));
			// without cohort each site analyses all its MPeM patients: here the same ones
			Parameters wholeSites = federated(analysis.copy());
			assertThat(PooledAnswerComparison.differences(single, wholeSites)).as("whole sites, " + describe(analysis)).isEmpty();
		}
	}

	@Test
	@Order(2)
	void theAnswerNamesNoSiteCountAndNoPatient() {
		Parameters pooled = federated(new Parameters().addParameter("stratify", new CodeType("treatment"))
				.addParameter("covariate", new CodeType("age")));
		String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(pooled);
		assertThat(json).doesNotContain("Patient/").doesNotContain("E2E-0");
		for (ParametersParameterComponent site : pooled.getParameters("site")) {
			assertThat(site.getPart()).extracting(ParametersParameterComponent::getName)
					.as("publish-patient-count is off: name and status only").containsOnly("name", "status");
		}
	}

	@Test
	@Order(3)
	void aSubsetOfSitesIsTheUnionOfThoseSites() {
		Parameters analysis = new Parameters().addParameter("stratify", new CodeType("treatment"))
				.addParameter("covariate", new CodeType("age"));
		Parameters single = client.operation().onInstance(unionWithoutC).named("$survival").withParameters(analysis.copy()).execute();
		Parameters pooled = federated(analysis.copy().addParameter("site", new StringType("SITE-A")).addParameter("site", new StringType("SITE-B")));
		assertThat(PooledAnswerComparison.differences(single, pooled)).isEmpty();
		assertThat(statuses(pooled)).containsOnlyKeys("SITE-A", "SITE-B");
	}

	@Test
	@Order(4)
	void aStoppedSiteIsNamedAndAllowPartialAnswersForTheOthers() {
		sites.remove("SITE-C").close();
		Parameters analysis = new Parameters().addParameter("stratify", new CodeType("treatment"))
				.addParameter("covariate", new CodeType("age"));

		assertThatThrownBy(() -> federated(analysis.copy()))
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isBetween(400, 599);
					assertThat(e.getOperationOutcome()).as("an OperationOutcome, never a bare 5xx").isNotNull();
					assertThat(((OperationOutcome) e.getOperationOutcome()).getIssue())
							.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("SITE-C").contains("unreachable"));
				});

		Parameters single = client.operation().onInstance(unionWithoutC).named("$survival").withParameters(analysis.copy()).execute();
		Parameters partial = federated(analysis.copy().addParameter("allowPartial", new BooleanType(true)));
		assertThat(PooledAnswerComparison.differences(single, partial)).isEmpty();
		assertThat(statuses(partial)).containsEntry("SITE-A", "ok").containsEntry("SITE-B", "ok").containsEntry("SITE-C", "unreachable");
	}

	private Parameters federated(Parameters input) {
		return hub.operation().onServer().named("$federated-survival").withParameters(input).execute();
	}

	private static Map<String, String> statuses(Parameters answer) {
		Map<String, String> statuses = new LinkedHashMap<>();
		for (ParametersParameterComponent site : answer.getParameters("site")) {
			statuses.put(part(site, "name"), part(site, "status"));
		}
		return statuses;
	}

	private static String part(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
				.map(p -> p.getValue().primitiveValue()).orElse(null);
	}

	private static String describe(Parameters analysis) {
		return analysis.getParameter().stream().map(p -> p.getName() + "=" + p.getValue().primitiveValue()).toList().toString();
	}

	private static Group studyGroup() {
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addIdentifier().setSystem(STUDY_SYSTEM).setValue(STUDY);
		return group;
	}

	private static Reference patientOf(Bundle response) {
		return new Reference(new IdType(response.getEntry().get(1).getResponse().getLocation()).toUnqualifiedVersionless());
	}

	private String base(String site) {
		return "http://127.0.0.1:" + ports.get(site) + "/fhir";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}
}
