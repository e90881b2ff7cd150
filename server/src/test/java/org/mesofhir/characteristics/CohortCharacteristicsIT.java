package org.mesofhir.characteristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.survival.CohortCsvBundles;

/**
 * {@code Group/[id]/$cohort-characteristics} over HTTP on the cohort of {@code survival/e2e/cohort.csv},
 * ingested as FHIR transactions: every number shown equals R's (make-e2e-reference.R), with the server's
 * default privacy threshold (5) withholding what it must and the tests that would reveal it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CohortCharacteristicsIT extends ServerIntegrationTest {

	private IIdType group;
	private Map<String, String> reference;

	@BeforeAll
	void ingest() throws IOException {
		connectClient();
		String suffix = "-t1-" + UUID.randomUUID();
		Group members = new Group().setType(Group.GroupType.PERSON).setActual(true);
		for (CSVRecord row : CohortCsvBundles.rows("cohort.csv")) {
			Bundle response = client.transaction().withBundle(CohortCsvBundles.bundle(row, suffix)).execute();
			String patient = response.getEntry().get(1).getResponse().getLocation();
			members.addMember().setEntity(new Reference(new IdType(patient).toUnqualifiedVersionless()));
		}
		group = client.create().resource(members).execute().getId().toUnqualifiedVersionless();
		reference = new HashMap<>();
		try (InputStream in = getClass().getResourceAsStream("/characteristics/e2e-reference.tsv")) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				String[] f = line.split("\t");
				reference.put(f[0] + "\t" + f[1], f[2]);
			}
		}
	}

	@Test
	void tableOneBySexEqualsRWhereShownAndWithholdsSmallCounts() {
		Parameters table = characteristics(new Parameters()
				.addParameter("by", new CodeType("sex"))
				.addParameter("variable", new CodeType("age,pci,cc,treatment,site")));

		assertThat(((IntegerType) table.getParameter("patients").getValue()).getValue()).isEqualTo(48);
		assertThat(table.getParameters("group")).extracting(g -> ((StringType) part(g, "label").getValue()).getValue())
				.containsExactly("female", "male", "overall");
		// pci: 4 of the 11 women have none (no surgery): that count is withheld, so is the test
		assertThat(part(variable(table, "pci"), "test")).isNull();
		assertThat(table.getParameters("warning")).extracting(w -> w.getValue().primitiveValue())
				.contains("Test of pci withheld: a group's count is withheld (privacy)");
		for (String continuous : List.of("age")) {
			ParametersParameterComponent variable = variable(table, continuous);
			assertThat(decimal(part(variable, "test"), "pValue"))
					.isCloseTo(Double.parseDouble(reference.get(continuous + "\tp")), within(1e-9));
			for (ParametersParameterComponent summary : variable.getPart().stream().filter(p -> p.getName().equals("summary")).toList()) {
				String label = ((StringType) part(summary, "group").getValue()).getValue();
				if (!label.equals("overall")) {
					assertThat(decimal(summary, "median"))
							.isCloseTo(Double.parseDouble(reference.get(continuous + "\tmedian." + label)), within(1e-9));
				}
			}
		}
		int shown = 0;
		int withheld = 0;
		for (String categorical : List.of("cc", "treatment", "site")) {
			ParametersParameterComponent variable = variable(table, categorical);
			for (ParametersParameterComponent level : variable.getPart().stream().filter(p -> p.getName().equals("level")).toList()) {
				String label = ((StringType) part(level, "label").getValue()).getValue();
				for (ParametersParameterComponent cell : level.getPart().stream().filter(p -> p.getName().equals("cell")).toList()) {
					String column = ((StringType) part(cell, "group").getValue()).getValue();
					if (column.equals("overall")) {
						continue;
					}
					long r = Long.parseLong(reference.get(categorical + "\tcount." + label + "." + column));
					if (part(cell, "count") != null) {
						assertThat(((IntegerType) part(cell, "count").getValue()).getValue()).isEqualTo((int) r);
						assertThat(r == 0 || r >= 5).as("a shown count is 0 or at least 5").isTrue();
						shown++;
					} else {
						assertThat(part(cell, "suppressed")).isNotNull();
						if (r > 0 && r < 5) {
							assertThat(((StringType) part(cell, "display").getValue()).getValue()).isEqualTo("<5");
						}
						withheld++;
					}
				}
			}
			// every one of these tables has a count under 5 in the female column: the test would reveal it
			assertThat(part(variable, "test")).as(categorical).isNull();
		}
		assertThat(shown).isPositive();
		assertThat(withheld).isPositive();
		assertThat(table.getParameters("warning")).extracting(w -> w.getValue().primitiveValue())
				.anySatisfy(w -> assertThat(w).contains("Test of cc withheld"));
	}

	@Test
	void aGroupBelowTheThresholdIsWithheldWithTheCountThatWouldRevealIt() {
		Parameters table = characteristics(new Parameters().addParameter("by", new CodeType("treatment"))
				.addParameter("variable", new CodeType("sex")));
		Map<String, ParametersParameterComponent> groups = new HashMap<>();
		for (ParametersParameterComponent g : table.getParameters("group")) {
			groups.put(((StringType) part(g, "label").getValue()).getValue(), g);
		}
		// none: 2 patients (withheld, <5); crs, the smallest other group (8), withheld so that 48 - 15 - 23 - n(crs) cannot give it
		assertThat(part(groups.get("none"), "suppressed")).isNotNull();
		assertThat(((StringType) part(groups.get("none"), "display").getValue()).getValue()).isEqualTo("<5");
		assertThat(part(groups.get("crs"), "suppressed")).isNotNull();
		assertThat(((StringType) part(groups.get("crs"), "display").getValue()).getValue()).isEqualTo("withheld");
		assertThat(((IntegerType) part(groups.get("crs-hipec"), "n").getValue()).getValue()).isEqualTo(23);
		assertThat(((IntegerType) part(groups.get("overall"), "n").getValue()).getValue()).isEqualTo(48);
		assertThat(part(variable(table, "sex"), "test")).isNull();
	}

	@Test
	void wholeCohortWithoutGroupingHasOneColumnAndNoTest() {
		Parameters table = characteristics(new Parameters().addParameter("variable", new CodeType("age")));
		assertThat(table.getParameters("group")).hasSize(1);
		ParametersParameterComponent age = variable(table, "age");
		assertThat(part(age, "test")).isNull();
		assertThat(((IntegerType) part(part(age, "summary"), "n").getValue()).getValue()).isEqualTo(48);
	}

	@Test
	void badParametersAre400NamingTheParameter() {
		assertThatThrownBy(() -> characteristics(new Parameters().addParameter("by", new CodeType("age"))))
				.isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(diagnostics(e)).contains("'by'").contains("numeric"));
		assertThatThrownBy(() -> characteristics(new Parameters().addParameter("variable", new CodeType("weight"))))
				.isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(diagnostics(e)).contains("'variable'").contains("weight"));
	}

	@Test
	void csvTableForAManuscript() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create(baseUrl() + "/" + group.getValue() + "/$cohort-characteristics-table?by=sex&variable=age&variable=treatment")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		String[] lines = response.body().split("\n");
		assertThat(lines[0]).startsWith("variable,level,").contains("overall (n = 48)");
		assertThat(lines[1]).startsWith("age,\"median [Q1, Q3]\",").endsWith(",wilcoxon-exact,0.904");
		// 4 women had chemotherapy alone (<5); the 11 men are withheld too, else 15 - 11 would give the 4
		assertThat(response.body()).contains("\ntreatment,chemotherapy,<5,withheld,15 (31.3%),,\n");
	}

	@Test
	void htmlTableToPasteIntoAManuscriptAndAnUnknownFormatIs400() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String url = baseUrl() + "/" + group.getValue() + "/$cohort-characteristics-table?by=sex&variable=age,treatment&format=";
		HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create(url + "html")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(html.body()).contains("<caption>Table 1. Baseline characteristics by sex</caption>")
				.contains("<th>overall (n = 48)</th>")
				.contains("<td>chemotherapy</td><td>&lt;5</td><td>withheld</td><td>15 (31.3%)</td>")
				.contains("<td>wilcoxon-exact</td><td>0.904</td>");
		HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(url + "pdf")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("OperationOutcome").contains("format").contains("csv, html");
	}

	@Test
	void capabilityStatementPublishesTheOperationDefinition() {
		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getOperation())
				.anySatisfy(op -> assertThat(op.getDefinition()).isEqualTo(CohortCharacteristicsProvider.DEFINITION));
	}

	private Parameters characteristics(Parameters input) {
		return client.operation().onInstance(group).named("$cohort-characteristics").withParameters(input).execute();
	}

	private static ParametersParameterComponent variable(Parameters table, String name) {
		return table.getParameters("variable").stream()
				.filter(v -> ((CodeType) part(v, "name").getValue()).getValue().equals(name)).findFirst().orElseThrow();
	}

	private static ParametersParameterComponent part(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().orElse(null);
	}

	private static double decimal(ParametersParameterComponent parent, String name) {
		return ((DecimalType) part(parent, name).getValue()).getValueAsNumber().doubleValue();
	}

	private static String diagnostics(InvalidRequestException e) {
		return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
	}
}
