package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mesofhir.ServerIntegrationTest;

/**
 * The whole path: a cohort ingested as FHIR transactions over REST, {@code Group/[id]/$survival} called
 * over HTTP, every number compared with what R's survival package computes from the same dates
 * ({@code survival/e2e/make-e2e-reference.R}). A second Group holds the same cohort with a few ECOG and PCI
 * values missing: Kaplan–Meier and log-rank equal {@code survfit}/{@code survdiff} on everyone, the Cox
 * model {@code coxph} with its default {@code na.action} (complete cases).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurvivalEndToEndIT extends ServerIntegrationTest {

	private static final double KM_TOLERANCE = 1e-9;
	private static final double COX_TOLERANCE = 1e-6;

	private IIdType group;
	private JsonNode reference;
	/** The cohort with missing covariates (cohort-missing.csv) and its reference values. */
	private IIdType groupWithMissing;
	private JsonNode referenceWithMissing;

	@BeforeAll
	void ingestCohorts() throws Exception {
		connectClient();
		group = ingest("cohort.csv");
		reference = read("reference.json");
		groupWithMissing = ingest("cohort-missing.csv");
		referenceWithMissing = read("reference-missing.json");
	}

	private IIdType ingest(String file) throws Exception {
		String suffix = "-" + UUID.randomUUID();
		Group members = new Group().setType(Group.GroupType.PERSON).setActual(true);
		for (CSVRecord row : CohortCsvBundles.rows(file)) {
			Bundle response = client.transaction().withBundle(CohortCsvBundles.bundle(row, suffix)).execute();
			String patient = response.getEntry().get(1).getResponse().getLocation();
			members.addMember().setEntity(new Reference(new IdType(patient).toUnqualifiedVersionless()));
		}
		return client.create().resource(members).execute().getId().toUnqualifiedVersionless();
	}

	private JsonNode read(String file) throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/survival/e2e/" + file)) {
			return new ObjectMapper().readTree(in);
		}
	}

	@Test
	void overallSurvivalByTreatmentEqualsR() {
		Parameters result = survival(new Parameters()
				.addParameter("stratify", new CodeType("treatment"))
				.addParameter("covariate", new CodeType("age"))
				.addParameter("covariate", new CodeType("sex"))
				.addParameter("covariate", new CodeType("ecog"))
				.addParameter("at", new DecimalType(12))
				.addParameter("at", new DecimalType(24))
				.addParameter("tau", new DecimalType(36)));
		compare(result, reference.get(0), List.of("age", "sex=male", "ecog"));
		assertThat(strings(result, "warning")).anySatisfy(w -> assertThat(w).contains("withheld").contains("none"));
		assertThat(value(result, "endpoint")).isEqualTo("OS");
		assertThat(value(result, "timeUnit")).isEqualTo("month");
	}

	@Test
	void progressionFreeFromSurgeryByCompletenessEqualsR() {
		Parameters result = survival(pfsFromSurgeryByCompleteness());
		compare(result, reference.get(1), List.of("pci"));
		List<ParametersParameterComponent> excluded = all(result, "excluded");
		assertThat(excluded).extracting(e -> part(e, "reason")).contains("no-surgery");
		assertThat(excluded.stream().mapToInt(e -> Integer.parseInt(part(e, "count"))).sum())
				.isEqualTo(48 - reference.get(1).get("patients").asInt());
	}

	/** PFS from surgery by completeness of cytoreduction, in weeks, Breslow, log-log limits at 90 %, landmark 52. */
	private static Parameters pfsFromSurgeryByCompleteness() {
		return new Parameters()
				.addParameter("endpoint", new CodeType("PFS"))
				.addParameter("origin", new CodeType("surgery"))
				.addParameter("timeUnit", new CodeType("week"))
				.addParameter("stratify", new CodeType("cc-complete"))
				.addParameter("covariate", new CodeType("pci"))
				.addParameter("ties", new CodeType("breslow"))
				.addParameter("confType", new CodeType("log-log"))
				.addParameter("confLevel", new DecimalType(0.9))
				.addParameter("at", new DecimalType(52));
	}

	@Test
	void overallSurvivalWithCutoffBySiteEqualsR() {
		Parameters result = survival(new Parameters()
				.addParameter("stratify", new CodeType("site"))
				.addParameter("covariate", new CodeType("treatment"))
				.addParameter("confType", new CodeType("plain"))
				.addParameter("cutoff", new DateType("2019-12-31")));
		compare(result, reference.get(2), List.of("treatment=crs", "treatment=crs-hipec", "treatment=none"));
	}

	@Test
	void missingCoxCovariatesLeaveTheCurvesWholeAndTheCoxModelOnItsCompleteCasesEqualsR() {
		Parameters result = survival(groupWithMissing, treatmentModelWithMissingCovariates());
		compare(result, referenceWithMissing.get(0), List.of("age", "ecog", "pci-band=11-20", "pci-band=21-39"));
		assertThat(all(result, "stratum")).extracting(s -> part(s, "label")).contains("chemotherapy");
		assertThat(all(result, "excluded")).isEmpty();
	}

	/** KM by treatment, Cox on age, ECOG and PCI band (each missing for some patients), landmarks at 12 and 24. */
	private static Parameters treatmentModelWithMissingCovariates() {
		return new Parameters()
				.addParameter("stratify", new CodeType("treatment"))
				.addParameter("covariate", new CodeType("age"))
				.addParameter("covariate", new CodeType("ecog"))
				.addParameter("covariate", new CodeType("pci-band"))
				.addParameter("at", new DecimalType(12))
				.addParameter("at", new DecimalType(24));
	}

	@Test
	void univariableCoxModelsEachOnTheirOwnCompleteCasesEqualR() {
		Parameters result = survival(groupWithMissing, treatmentModelWithMissingCovariates()
				.addParameter("coxTable", new CodeType("univariable")));
		// the multivariable model and the curves as without coxTable
		compare(result, referenceWithMissing.get(0), List.of("age", "ecog", "pci-band=11-20", "pci-band=21-39"));
		JsonNode want = referenceWithMissing.get(0).get("univariable");
		List<ParametersParameterComponent> models = all(result, "coxUnivariable");
		assertThat(models).extracting(m -> part(m, "covariate")).containsExactly("age", "ecog", "pci-band");
		Map<String, List<String>> terms = Map.of("age", List.of("age"), "ecog", List.of("ecog"),
				"pci-band", List.of("pci-band=11-20", "pci-band=21-39"));
		for (int m = 0; m < models.size(); m++) {
			assertThat(want.get(m).get("covariate").asText()).isEqualTo(part(models.get(m), "covariate"));
			compareCox(models.get(m), want.get(m), terms.get(part(models.get(m), "covariate")));
		}
		// each on its own complete cases: more patients than the multivariable model where one covariate is missing
		assertThat(Integer.parseInt(part(models.get(0), "n"))).isGreaterThan(Integer.parseInt(part(all(result, "cox").get(0), "n")));
	}

	@Test
	void medianFollowUpByReverseKaplanMeierPerStratumAndOverEveryPatientEqualsR() {
		// strata by PCI band leave out the patients without a PCI: the overall follow-up still counts them
		Parameters byBand = survival(groupWithMissing, new Parameters()
				.addParameter("stratify", new CodeType("pci-band"))
				.addParameter("covariate", new CodeType("ecog"))
				.addParameter("followUp", new CodeType("true")));
		compare(byBand, referenceWithMissing.get(1), List.of("ecog"));
		compareFollowUp(byBand, referenceWithMissing.get(1));
		assertThat(Integer.parseInt(part(all(byBand, "followUp").get(0), "n"))).isEqualTo(integer(byBand, "patients"))
				.isGreaterThan(all(byBand, "stratum").stream().mapToInt(st -> Integer.parseInt(part(st, "n"))).sum());

		// PFS from surgery in weeks, log-log limits at 90 %
		Parameters pfs = survival(pfsFromSurgeryByCompleteness().addParameter("followUp", new CodeType("true")));
		compare(pfs, reference.get(1), List.of("pci"));
		compareFollowUp(pfs, reference.get(1));

		// asked for only: without followUp the answer has none
		assertThat(all(survival(groupWithMissing, new Parameters().addParameter("stratify", new CodeType("pci-band"))), "followUp")).isEmpty();
		assertThatThrownBy(() -> survival(groupWithMissing, new Parameters().addParameter("followUp", new CodeType("yes"))))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("followUp").hasMessageContaining("true or false");
	}

	private static void compareFollowUp(Parameters result, JsonNode expected) {
		List<ParametersParameterComponent> strata = all(result, "stratum");
		for (int s = 0; s < strata.size(); s++) {
			JsonNode want = expected.get("strata").get(s).get("followUp");
			for (String name : List.of("median", "medianLower", "medianUpper")) {
				JsonNode value = want.get(name).get(0);
				String ours = "followUp" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
				assertClose(ours, part(strata.get(s), ours), value == null || value.isNull() ? null : value.asDouble(), KM_TOLERANCE);
			}
		}
		ParametersParameterComponent overall = all(result, "followUp").get(0);
		JsonNode want = expected.get("followUp");
		assertThat(Integer.parseInt(part(overall, "n"))).isEqualTo(want.get("n").asInt());
		for (String name : List.of("median", "medianLower", "medianUpper")) {
			JsonNode value = want.get(name).get(0);
			assertClose("overall " + name, part(overall, name), value == null || value.isNull() ? null : value.asDouble(), KM_TOLERANCE);
		}
	}

	@Test
	void anUnknownCoxTableIsRefusedNamingTheParameter() {
		assertThatThrownBy(() -> survival(groupWithMissing, new Parameters().addParameter("covariate", new CodeType("age"))
				.addParameter("coxTable", new CodeType("stepwise"))))
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("coxTable").hasMessageContaining("univariable");
	}

	@Test
	void patientsWithoutTheStratificationVariableAreCountedAndStayInTheCoxModelEqualsR() {
		Parameters result = survival(groupWithMissing, new Parameters()
				.addParameter("stratify", new CodeType("pci-band"))
				.addParameter("covariate", new CodeType("ecog")));
		compare(result, referenceWithMissing.get(1), List.of("ecog"));
		int inStrata = all(result, "stratum").stream().mapToInt(s -> Integer.parseInt(part(s, "n"))).sum();
		int unstratified = excluded(all(result, "excluded")).get("missing-pci-band");
		assertThat(inStrata + unstratified).isEqualTo(integer(result, "patients"));
	}

	@Test
	void plotSaysHowManyPatientsAreInNoStratum() throws Exception {
		HttpResponse<String> svg = get(groupWithMissing.getValue() + "/$survival-plot?stratify=pci-band&covariate=ecog");
		assertThat(svg.statusCode()).isEqualTo(200);
		JsonNode expected = referenceWithMissing.get(1);
		assertThat(svg.body().split("class=\"km\"", -1)).hasSize(expected.get("strata").size() + 1);
		assertThat(svg.body()).contains(expected.get("strataExcluded").get("missing-pci-band").asInt() + " patients without pci-band not shown");
	}

	@Test
	void progressionFreeFromSurgeryWithMissingCoxCovariatesEqualsR() {
		Parameters result = survival(groupWithMissing, new Parameters()
				.addParameter("endpoint", new CodeType("PFS"))
				.addParameter("origin", new CodeType("surgery"))
				.addParameter("timeUnit", new CodeType("week"))
				.addParameter("stratify", new CodeType("cc-complete"))
				.addParameter("covariate", new CodeType("pci"))
				.addParameter("covariate", new CodeType("ecog"))
				.addParameter("ties", new CodeType("breslow"))
				.addParameter("confType", new CodeType("log-log"))
				.addParameter("confLevel", new DecimalType(0.9)));
		compare(result, referenceWithMissing.get(2), List.of("pci", "ecog"));
		Map<String, Integer> excluded = excluded(all(result, "excluded"));
		assertThat(excluded).containsKey("no-surgery");
		assertThat(excluded.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(48 - integer(result, "patients"));
	}

	@Test
	void plotAndTableKeepEveryStratumWhenACoxCovariateIsMissing() throws Exception {
		String query = "?stratify=treatment&covariate=age&covariate=ecog&covariate=pci-band";
		HttpResponse<String> svg = get(groupWithMissing.getValue() + "/$survival-plot" + query);
		HttpResponse<String> csv = get(groupWithMissing.getValue() + "/$survival-table" + query);
		assertThat(svg.statusCode()).isEqualTo(200);
		assertThat(csv.statusCode()).isEqualTo(200);
		JsonNode strata = referenceWithMissing.get(0).get("strata");
		assertThat(svg.body().split("class=\"km\"", -1)).hasSize(strata.size() + 1);
		List<String> csvLabels = csv.body().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).distinct().toList();
		List<String> labels = new ArrayList<>();
		for (JsonNode stratum : strata) {
			labels.add(stratum.get("label").asText());
			assertThat(svg.body()).contains("n=" + stratum.get("n").asInt() + ",");
		}
		assertThat(csvLabels).containsExactlyElementsOf(labels);
	}

	@Test
	void getWithQueryParametersGivesTheSameAnswer() {
		Parameters viaGet = client.operation().onInstance(group).named("$survival")
				.withParameter(Parameters.class, "stratify", new CodeType("treatment"))
				.useHttpGet().execute();
		assertThat(strings(viaGet, "patients")).containsExactly(String.valueOf(reference.get(0).get("patients").asInt()));
	}

	@Test
	void plotDrawsOneCurvePerStratumWithTheNumbersAtRisk() throws Exception {
		HttpResponse<String> svg = get(group.getValue() + "/$survival-plot?stratify=treatment");
		assertThat(svg.statusCode()).isEqualTo(200);
		assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
		JsonNode strata = reference.get(0).get("strata");
		assertThat(svg.body().split("class=\"km\"", -1)).hasSize(strata.size() + 1);
		for (JsonNode stratum : strata) {
			assertThat(svg.body()).contains("aria-label=\"" + stratum.get("label").asText() + "\"");
			assertThat(svg.body()).contains("n=" + stratum.get("n").asInt() + ",");
		}
		assertThat(svg.body()).contains("Number at risk").contains("Log-rank");
	}

	@Test
	void tableCsvEqualsTheParametersRows() throws Exception {
		HttpResponse<String> csv = get(group.getValue() + "/$survival-table?stratify=treatment");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		Parameters parameters = survival(new Parameters().addParameter("stratify", new CodeType("treatment")));
		List<String> expected = new ArrayList<>();
		expected.add(String.join(",", SurvivalTableCsv.HEADER));
		for (ParametersParameterComponent stratum : all(parameters, "stratum")) {
			for (ParametersParameterComponent row : stratum.getPart().stream().filter(p -> p.getName().equals("row")).toList()) {
				expected.add(String.join(",", part(stratum, "label"), number(part(row, "time")), part(row, "atRisk"),
						part(row, "events"), part(row, "censored"), number(part(row, "survival")), number(part(row, "stdErr")),
						number(part(row, "lower")), number(part(row, "upper"))));
			}
		}
		assertThat(csv.body().lines().toList()).containsExactlyElementsOf(expected);
	}

	private static String number(String decimal) {
		return decimal == null ? "" : Double.toString(Double.parseDouble(decimal));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/" + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void badParameterValueIs400NamingTheParameterAndTheAllowedValues() {
		assertThatThrownBy(() -> survival(new Parameters().addParameter("endpoint", new CodeType("DFS"))))
				.isInstanceOfSatisfying(InvalidRequestException.class, e -> {
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("endpoint").contains("OS, PFS");
					assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("endpoint");
				});
		assertThatThrownBy(() -> survival(new Parameters().addParameter("stratify", new CodeType("age"))))
				.isInstanceOfSatisfying(InvalidRequestException.class,
						e -> assertThat(e.getMessage()).contains("stratify").contains("categorical"));
		assertThatThrownBy(() -> survival(new Parameters().addParameter("confLevel", new DecimalType(1.5))))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("confLevel");
	}

	@Test
	void capabilityStatementPublishesTheOperationDefinition() {
		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getOperation())
				.anySatisfy(op -> assertThat(op.getDefinition()).isEqualTo(SurvivalOperationProvider.DEFINITION));
	}

	private Parameters survival(Parameters input) {
		return survival(group, input);
	}

	private Parameters survival(IIdType over, Parameters input) {
		return client.operation().onInstance(over).named("$survival").withParameters(input).execute();
	}

	/** The reason → count of {@code excluded} parameters or parts. */
	private static Map<String, Integer> excluded(List<ParametersParameterComponent> excluded) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		excluded.forEach(e -> counts.put(part(e, "reason"), Integer.parseInt(part(e, "count"))));
		return counts;
	}

	private static Map<String, Integer> counts(JsonNode object) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
		return counts;
	}

	private void compare(Parameters result, JsonNode expected, List<String> termNames) {
		assertThat(integer(result, "patients")).isEqualTo(expected.get("patients").asInt());
		assertThat(integer(result, "events")).isEqualTo(expected.get("events").asInt());
		Map<String, Integer> outOfStrata = new LinkedHashMap<>(excluded(all(result, "excluded")));
		outOfStrata.keySet().removeIf(reason -> !reason.startsWith("missing-"));
		assertThat(outOfStrata).as("patients in no stratum").isEqualTo(counts(expected.get("strataExcluded")));
		List<ParametersParameterComponent> strata = all(result, "stratum");
		assertThat(strata).hasSize(expected.get("strata").size());
		for (int s = 0; s < strata.size(); s++) {
			ParametersParameterComponent stratum = strata.get(s);
			JsonNode want = expected.get("strata").get(s);
			assertThat(part(stratum, "label")).isEqualTo(want.get("label").asText());
			assertThat(Integer.parseInt(part(stratum, "n"))).isEqualTo(want.get("n").asInt());
			assertThat(Integer.parseInt(part(stratum, "events"))).isEqualTo(want.get("events").asInt());
			for (String name : List.of("median", "medianLower", "medianUpper")) {
				JsonNode value = want.get(name).get(0);
				assertClose(name, part(stratum, name), value == null || value.isNull() ? null : value.asDouble(), KM_TOLERANCE);
			}
			if (want.has("rmst")) {
				assertClose("rmst", part(stratum, "rmst"), want.get("rmst").asDouble(), KM_TOLERANCE);
				assertClose("rmstStdErr", part(stratum, "rmstStdErr"), want.get("rmstStdErr").asDouble(), KM_TOLERANCE);
			}
			compareTable(stratum.getPart().stream().filter(p -> p.getName().equals("row")).toList(), want.get("rows"));
			if (want.has("landmarks")) {
				compareTable(stratum.getPart().stream().filter(p -> p.getName().equals("landmark")).toList(), want.get("landmarks"));
			}
		}
		ParametersParameterComponent logRank = all(result, "logRank").get(0);
		JsonNode wantLogRank = expected.get("logRank");
		assertClose("chiSquare", part(logRank, "chiSquare"), wantLogRank.get("chiSquare").asDouble(), KM_TOLERANCE);
		assertClose("pValue", part(logRank, "pValue"), wantLogRank.get("pValue").asDouble(), KM_TOLERANCE);
		List<ParametersParameterComponent> groups = logRank.getPart().stream().filter(p -> p.getName().equals("group")).toList();
		for (int g = 0; g < groups.size(); g++) {
			assertThat(part(groups.get(g), "label")).isEqualTo(wantLogRank.get("labels").get(g).asText());
			assertThat(Integer.parseInt(part(groups.get(g), "observed"))).isEqualTo(wantLogRank.get("observed").get(g).asInt());
			assertClose("expected", part(groups.get(g), "expected"), wantLogRank.get("expected").get(g).asDouble(), KM_TOLERANCE);
		}

		compareCox(all(result, "cox").get(0), expected.get("cox"), termNames);
	}

	/** One Cox model's parts against R's coxph (see make-e2e-reference.R's cox_model). */
	private static void compareCox(ParametersParameterComponent cox, JsonNode wantCox, List<String> termNames) {
		assertThat(Integer.parseInt(part(cox, "n"))).isEqualTo(wantCox.get("n").asInt());
		assertThat(Integer.parseInt(part(cox, "events"))).isEqualTo(wantCox.get("events").asInt());
		assertThat(excluded(cox.getPart().stream().filter(p -> p.getName().equals("excluded")).toList()))
				.as("left out of the Cox model").isEqualTo(counts(wantCox.get("excluded")));
		List<ParametersParameterComponent> terms = cox.getPart().stream().filter(p -> p.getName().equals("term")).toList();
		assertThat(terms).extracting(t -> part(t, "name")).containsExactlyElementsOf(termNames);
		for (int j = 0; j < terms.size(); j++) {
			for (String name : List.of("coefficient", "hazardRatio", "stdErr", "z", "pValue", "lower", "upper")) {
				assertClose(name, part(terms.get(j), name), wantCox.get(name).get(j).asDouble(), COX_TOLERANCE);
			}
		}
		for (String test : List.of("likelihoodRatio", "wald", "score")) {
			ParametersParameterComponent got = cox.getPart().stream().filter(p -> p.getName().equals(test)).findFirst().orElseThrow();
			assertClose(test, part(got, "chiSquare"), wantCox.get(test).get(0).asDouble(), COX_TOLERANCE);
			assertThat(Integer.parseInt(part(got, "df"))).isEqualTo(wantCox.get(test).get(1).asInt());
			assertClose(test, part(got, "pValue"), wantCox.get(test).get(2).asDouble(), COX_TOLERANCE);
		}
		assertClose("concordance", part(cox, "concordance"), wantCox.get("concordance").asDouble(), COX_TOLERANCE);
	}

	private static void compareTable(List<ParametersParameterComponent> rows, JsonNode columns) {
		assertThat(rows).hasSize(columns.get("time").size());
		for (int i = 0; i < rows.size(); i++) {
			ParametersParameterComponent row = rows.get(i);
			for (String column : List.of("time", "survival", "stdErr", "lower", "upper")) {
				JsonNode value = columns.get(column).get(i);
				assertClose(column + "[" + i + "]", part(row, column), value == null || value.isNull() ? null : value.asDouble(), KM_TOLERANCE);
			}
			assertThat(Integer.parseInt(part(row, "atRisk"))).isEqualTo(columns.get("atRisk").get(i).asInt());
			if (columns.has("events")) {
				assertThat(Integer.parseInt(part(row, "events"))).isEqualTo(columns.get("events").get(i).asInt());
				assertThat(Integer.parseInt(part(row, "censored"))).isEqualTo(columns.get("censored").get(i).asInt());
			}
		}
	}

	private static void assertClose(String what, String actual, Double expected, double relative) {
		if (expected == null) {
			assertThat(actual).as(what + " is NA in R, so absent").isNull();
			return;
		}
		assertThat(actual).as(what).isNotNull();
		double floor = relative == KM_TOLERANCE ? 1e-12 : 1e-10;
		assertThat(Double.parseDouble(actual)).as(what).isCloseTo(expected, within(Math.max(floor, Math.abs(expected) * relative)));
	}

	private static List<ParametersParameterComponent> all(Parameters parameters, String name) {
		List<ParametersParameterComponent> found = new ArrayList<>();
		parameters.getParameter().stream().filter(p -> p.getName().equals(name)).forEach(found::add);
		return found;
	}

	private static List<String> strings(Parameters parameters, String name) {
		return all(parameters, name).stream().map(p -> ((PrimitiveType<?>) p.getValue()).getValueAsString()).toList();
	}

	private static String value(Parameters parameters, String name) {
		return strings(parameters, name).get(0);
	}

	private static int integer(Parameters parameters, String name) {
		return Integer.parseInt(value(parameters, name));
	}

	private static String part(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
				.map(ParametersParameterComponent::getValue).map(v -> ((PrimitiveType<?>) v).getValueAsString())
				.orElse(null);
	}

}
