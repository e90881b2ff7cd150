package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecord.EcogAssessment;
import org.mesofhir.cohort.GeneratedAnalysisRecords;
import org.mesofhir.demo.DemoCohortGenerator;
import org.mesofhir.survival.InProcessFederation.Site;

/**
 * Issue #15's exactness: a data set split across three in-process sites, pooled by {@link PooledSurvival},
 * gives every value a single server gives on the union (Kaplan–Meier, medians, landmarks, RMST and log-rank
 * within 1e-9 relative; Cox within 1e-6), with the same strata, warnings and exclusions.
 */
class PooledSurvivalTest {

	private static final LocalDate DIAGNOSIS = LocalDate.of(2018, 3, 1);
	private static final int MIN_CELL = 5;
	private static final List<List<AnalysisRecord>> SITES = new ArrayList<>();
	private static final List<AnalysisRecord> UNION = new ArrayList<>();

	@BeforeAll
	static void split() {
		for (int s = 0; s < 3; s++) {
			SITES.add(new ArrayList<>());
		}
		List<AnalysisRecord> demo = GeneratedAnalysisRecords.of(new DemoCohortGenerator(7, 5, 240).patients(1, 240));
		for (int i = 0; i < demo.size(); i++) {
			SITES.get(i % 3).add(demo.get(i));
		}
		// ties (many patients per day), censoring on event days, ECOG and PCI, a level at one site only
		// ("other"), one that passes min-cell only when pooled (9051/3: 2 + 2 + 2) and one withheld pooled
		// ("unknown": 1 + 1 + 1), PFS events, a patient without an index date
		for (int i = 0; i < 90; i++) {
			int site = i % 3;
			String sex = i < 12 ? "other" : i >= 80 && i < 83 ? "unknown" : i % 2 == 0 ? "female" : "male";
			if (sex.equals("other")) {
				site = 1;
			}
			String histology = i >= 40 && i < 46 ? "9051/3" : i % 4 == 0 ? "9050/3" : "9052/3";
			LocalDate surgery = i % 5 == 0 ? null : DIAGNOSIS.plusDays(20);
			LocalDate end = DIAGNOSIS.plusDays(30L * (i % 9) + 60);
			boolean dead = i % 3 != 2;
			List<LocalDate> progression = i % 4 == 1 ? List.of(DIAGNOSIS.plusDays(30L * (i % 7) + 40)) : List.of();
			AnalysisRecord record = new AnalysisRecord("h" + i, true, sex, LocalDate.of(1940 + i % 31, 1 + i % 12, 1),
					"SITE-" + site, i == 89 ? null : DIAGNOSIS, histology, surgery, i % 2 == 0, surgery == null ? DIAGNOSIS.plusDays(15) : null,
					surgery == null ? DIAGNOSIS.plusDays(15) : null, dead ? end : null, end, surgery == null ? null : (i * 7) % 40,
					surgery == null ? null : "CC-" + (i % 4), progression,
					i % 6 == 0 ? List.of() : List.of(new EcogAssessment(DIAGNOSIS.minusDays(3), i % 3)));
			SITES.get(site).add(record);
		}
		SITES.forEach(UNION::addAll);
	}

	private static InProcessFederation federation() {
		InProcessFederation federation = new InProcessFederation();
		for (int s = 0; s < 3; s++) {
			federation.add(new Site("site-" + (char) ('a' + s), SITES.get(s), groups(SITES.get(s))));
		}
		return federation;
	}

	/** Each site's Group "test|even": its patients at even positions. */
	private static Map<String, Set<String>> groups(List<AnalysisRecord> records) {
		Set<String> even = new HashSet<>();
		for (int i = 0; i < records.size(); i += 2) {
			even.add(records.get(i).patientId());
		}
		return Map.of("test|even", even);
	}

	private static PooledSurvival pooled() {
		return new PooledSurvival(new SurvivalProperties(MIN_CELL, Duration.ofSeconds(60)));
	}

	private static SurvivalRequest request(String stratify, String ties, String confType, String timeUnit, String endpoint,
			String origin, String... covariates) {
		return SurvivalRequestParser.parse(new CodeType(endpoint), new CodeType(origin),
				stratify == null ? null : new CodeType(stratify),
				java.util.Arrays.stream(covariates).map(CodeType::new).toList(), new CodeType(timeUnit),
				List.of(new DecimalType(6), new DecimalType(12), new DecimalType(24)), new DecimalType(18),
				new CodeType(confType), new DecimalType("0.9"), new CodeType(ties), (DateType) null, (StringType) null);
	}

	private static Parameters union(SurvivalRequest request, Set<String> members) {
		return SurvivalParametersWriter.write(SurvivalAnalysis.run(SurvivalCohort.of(UNION, members, request), request, MIN_CELL));
	}

	private static Parameters pooled(SurvivalRequest request, InProcessFederation federation, String cohort, boolean partial) {
		return SurvivalParametersWriter.write(pooled().analyse(request, federation, cohort, federation.siteNames(), partial, "")
				.result());
	}

	@Test
	void kaplanMeierLogRankAndCoxWithNumericAndCategoricalTermsEqualTheUnion() {
		SurvivalRequest request = request("treatment", "efron", "log", "month", "OS", "diagnosis", "age", "pci", "cc");
		Comparison comparison = compare(pooled(request, federation(), null, false), union(request, null));
		// a small cohort: the refined bins separate every pair of patients at different sites
		assertThat(comparison.concordanceDifference).isLessThan(1e-12);
		assertThat(comparison.pooledWarnings).noneMatch(w -> w.startsWith("concordance"));
	}

	@Test
	void medianFollowUpPooledEqualsTheUnionPerStratumAndOverEveryPatient() {
		SurvivalRequest request = request("pci-band", "efron", "log", "month", "OS", "diagnosis", "age").withFollowUp(true);
		Parameters pooled = pooled(request, federation(), null, false);
		compare(pooled, union(request, null));
		// the overall follow-up counts the patients in no stratum (no PCI) too
		Parameters.ParametersParameterComponent overall = pooled.getParameter("followUp");
		int n = Integer.parseInt(overall.getPart().get(0).getValue().primitiveValue());
		assertThat(n).isEqualTo(((org.hl7.fhir.r4.model.IntegerType) pooled.getParameter("patients").getValue()).getValue());
		assertThat(pooled.getParameters("stratum")).allSatisfy(stratum -> assertThat(stratum.getPart())
				.extracting(Parameters.ParametersParameterComponent::getName).contains("followUpMedian"));
		int inStrata = pooled.getParameters("stratum").stream()
				.mapToInt(st -> Integer.parseInt(st.getPart().get(1).getValue().primitiveValue())).sum();
		assertThat(n).isGreaterThan(inStrata);
	}

	@Test
	void refiningSplitsOnlyTheBoundedBinsThatHoldPairs() {
		double[] edges = {0, 1, 2, 3};
		// bins: (-inf, 0], (0, 1], (1, 2], (2, 3], (3, inf): pairs in (1, 2] and in the open top bin
		assertThat(PooledAnalysis.PooledCoxData.refine(edges, new long[] {0, 0, 5, 0, 1}, 3, 1))
				.containsExactly(0, 1, 1.25, 1.5, 1.75, 2, 3);
		assertThat(PooledAnalysis.PooledCoxData.refine(edges, new long[] {1, 0, 0, 0, 1}, 3, 1)).as("open bins only").isNull();
		assertThat(PooledAnalysis.PooledCoxData.refine(edges, new long[] {0, 1, 1, 1, 0}, 2, 1)).as("budget below one edge a bin").isNull();
		assertThat(PooledAnalysis.PooledCoxData.refine(edges, new long[] {0, 1, 1, 1, 0}, 47, 16)).as("below 16 edges a bin").isNull();
		assertThat(PooledAnalysis.PooledCoxData.refine(edges, new long[] {0, 1, 1, 1, 0}, 48, 16)).hasSize(4 + 48);
	}

	@Test
	void aLargeCohortsConcordanceIsALabelledApproximationWithin1e3() {
		List<AnalysisRecord> demo = GeneratedAnalysisRecords.of(new DemoCohortGenerator(11, 5, 6000).patients(1, 6000));
		InProcessFederation federation = new InProcessFederation();
		for (int s = 0; s < 3; s++) {
			List<AnalysisRecord> site = new ArrayList<>();
			for (int i = s; i < demo.size(); i += 3) {
				site.add(demo.get(i));
			}
			federation.add(new Site("site-" + (char) ('a' + s), site, Map.of()));
		}
		SurvivalRequest request = request("treatment", "efron", "log", "month", "OS", "diagnosis", "age", "pci", "cc");
		Comparison comparison = compare(pooled(request, federation, null, false),
				SurvivalParametersWriter.write(SurvivalAnalysis.run(SurvivalCohort.of(demo, null, request), request, MIN_CELL)));
		assertThat(comparison.concordanceDifference).isLessThan(1e-3);
		assertThat(comparison.pooledWarnings).anyMatch(w -> w.startsWith("concordance: an approximation"));
	}

	@Test
	void univariableModelsPooledEqualTheUnionsEachOnItsOwnCompleteCases() {
		SurvivalRequest request = request("treatment", "efron", "log", "month", "OS", "diagnosis", "age", "ecog", "pci", "cc")
				.withUnivariableCox(true);
		Parameters pooled = pooled(request, federation(), null, false);
		Parameters union = union(request, null);
		Comparison comparison = compare(pooled, union);
		boolean approximate = comparison.pooledWarnings.stream().anyMatch(w -> w.contains("concordance: an approximation"));
		assertThat(comparison.concordanceDifference).isLessThan(approximate ? 1e-3 : 1e-12);
		List<Parameters.ParametersParameterComponent> models = union.getParameters("coxUnivariable");
		assertThat(models).extracting(m -> m.getPart().get(0).getValue().primitiveValue()).containsExactly("age", "ecog", "pci", "cc");
		// ECOG and PCI are missing for some: their own models have fewer patients than age's, the multivariable fewest
		java.util.function.Function<Parameters.ParametersParameterComponent, Integer> n = m -> m.getPart().stream()
				.filter(p -> p.getName().equals("n")).findFirst().map(p -> Integer.parseInt(p.getValue().primitiveValue())).orElseThrow();
		assertThat(n.apply(models.get(0))).isGreaterThan(n.apply(models.get(2)));
		assertThat(n.apply(models.get(2))).isGreaterThanOrEqualTo(n.apply(union.getParameter("cox")));
	}

	@Test
	void breslowWithCategoricalTermsOnlyIsExactIncludingConcordance() {
		SurvivalRequest request = request("sex", "breslow", "log-log", "day", "OS", "diagnosis", "treatment", "cc-complete", "sex");
		Comparison comparison = compare(pooled(request, federation(), null, false), union(request, null));
		assertThat(comparison.concordanceDifference).isLessThan(1e-12);
		assertThat(comparison.pooledWarnings).noneMatch(w -> w.startsWith("concordance"));
		assertThat(comparison.strata).contains("other").doesNotContain("unknown");
	}

	@Test
	void progressionFreeFromSurgeryByPciBandWithEcogAndHistology() {
		SurvivalRequest request = request("pci-band", "efron", "plain", "week", "PFS", "surgery", "ecog", "histology");
		compare(pooled(request, federation(), null, false), union(request, null));
		SurvivalRequest byHistology = request("histology", "efron", "log", "year", "OS", "treatment", "age");
		Comparison comparison = compare(pooled(byHistology, federation(), null, false), union(byHistology, null));
		assertThat(comparison.strata).contains("9051/3"); // 2 patients per site: withheld at each, reported pooled
	}

	@Test
	void aCohortIsEachSitesOwnGroup() {
		SurvivalRequest request = request("cc", "efron", "log", "month", "OS", "surgery", "pci-band", "age");
		Set<String> members = new HashSet<>();
		SITES.forEach(records -> members.addAll(groups(records).get("test|even")));
		compare(pooled(request, federation(), "test|even", false), union(request, members));
	}

	@Test
	void aSiteDroppingOutMidAnalysisIsLeftOutWhenPartialResultsAreAllowed() {
		SurvivalRequest request = request("treatment", "efron", "log", "month", "OS", "diagnosis", "age", "cc");
		InProcessFederation federation = federation().dropOut("site-b", 4);
		PooledSurvival.Federated result = pooled().analyse(request, federation, null, federation.siteNames(), true, "");
		assertThat(federation.attempts).isEqualTo(2);
		assertThat(result.sites()).extracting(s -> s.name() + ":" + s.status())
				.containsExactly("site-a:ok", "site-b:timeout", "site-c:ok");
		assertThat(result.result().warnings().get(0)).startsWith("Partial result: pooled over site-a, site-c only");

		List<AnalysisRecord> remaining = new ArrayList<>(SITES.get(0));
		remaining.addAll(SITES.get(2));
		Parameters expected = SurvivalParametersWriter.write(
				SurvivalAnalysis.run(SurvivalCohort.of(remaining, null, request), request, MIN_CELL));
		Parameters actual = SurvivalParametersWriter.write(result.result());
		actual.getParameter().removeIf(p -> p.getName().equals("warning") && p.getValue().primitiveValue().startsWith("Partial"));
		compare(actual, expected);
	}

	@Test
	void withoutPartialResultsADropoutOrAnUnreachableSiteFailsTheAnalysisNamingEverySite() {
		SurvivalRequest request = request("treatment", "efron", "log", "month", "OS", "diagnosis", "age");
		InProcessFederation dropping = federation().dropOut("site-c", 2);
		assertThatThrownBy(() -> pooled().analyse(request, dropping, null, dropping.siteNames(), false, ""))
				.isInstanceOfSatisfying(PooledSurvival.FederationFailure.class, e -> {
					assertThat(e.getMessage()).contains("site-c").contains("allowPartial=true");
					assertThat(e.sites()).extracting(s -> s.status()).containsExactly("ok", "ok", "timeout");
				});
		InProcessFederation down = federation().unreachable("site-a");
		assertThatThrownBy(() -> pooled().analyse(request, down, null, down.siteNames(), false, ""))
				.isInstanceOfSatisfying(PooledSurvival.FederationFailure.class,
						e -> assertThat(e.sites()).extracting(s -> s.status()).containsExactly("unreachable", "ok", "ok"));
		assertThat(down.attempts).isEqualTo(1);
	}

	@Test
	void answersHoldOnlyTheQuestionsGridShapes() {
		SurvivalRequest request = request("treatment", "efron", "log", "month", "OS", "diagnosis", "age", "cc");
		InProcessFederation federation = federation();
		pooled().analyse(request, federation, null, federation.siteNames(), false, "");
		Set<String> ids = UNION.stream().map(AnalysisRecord::patientId).collect(Collectors.toSet());
		for (String question : federation.questions) {
			assertThat(ids.stream().filter(id -> id.startsWith("h")).filter(id -> question.contains('"' + id + '"'))).isEmpty();
			assertThat(question).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
			Site site = new Site("x", SITES.get(0), Map.of());
			Site other = new Site("y", SITES.get(1), Map.of());
			var mine = site.answer(null, question);
			var theirs = other.answer(null, question);
			// the same names and lengths whatever the site's data: fixed by the question
			assertThat(mine.parts()).extracting(p -> p.name() + "/" + p.length())
					.containsExactlyElementsOf(theirs.parts().stream().map(p -> p.name() + "/" + p.length()).toList());
			mine.parts().forEach(p -> assertThat(p.name()).doesNotContain("2018").doesNotContainAnyWhitespaces());
		}
	}

	/** What two results share, and the one value allowed to differ (concordance across sites). */
	record Comparison(double concordanceDifference, List<String> pooledWarnings, List<String> strata) {}

	/** Asserts every part equal (numbers within tolerance), exclusions as sets; returns the concordance gap. */
	static Comparison compare(Parameters pooled, Parameters union) {
		assertThat(excluded(pooled)).isEqualTo(excluded(union));
		List<String> pooledWarnings = warnings(pooled);
		List<String> unionWarnings = warnings(union);
		assertThat(pooledWarnings.stream().filter(w -> !w.contains("concordance: an approximation")).toList()).isEqualTo(unionWarnings);
		double[] gap = {0};
		compareParts(strip(pooled.getParameter()), strip(union.getParameter()), "", gap);
		List<String> strata = union.getParameter().stream().filter(p -> p.getName().equals("stratum"))
				.map(p -> p.getPart().get(0).getValue().primitiveValue()).toList();
		assertThat(strata).isNotEmpty();
		return new Comparison(gap[0], pooledWarnings, strata);
	}

	private static List<ParametersParameterComponent> strip(List<ParametersParameterComponent> parameters) {
		return parameters.stream().filter(p -> !p.getName().equals("excluded") && !p.getName().equals("warning")).toList();
	}

	private static void compareParts(List<ParametersParameterComponent> actual, List<ParametersParameterComponent> expected,
			String path, double[] gap) {
		assertThat(actual.stream().map(ParametersParameterComponent::getName).toList()).as(path)
				.isEqualTo(expected.stream().map(ParametersParameterComponent::getName).toList());
		for (int i = 0; i < expected.size(); i++) {
			ParametersParameterComponent a = actual.get(i);
			ParametersParameterComponent e = expected.get(i);
			String here = path + "/" + e.getName() + "[" + i + "]";
			if (here.endsWith("concordance[" + i + "]")) {
				gap[0] = Math.abs(number(a.getValue()) - number(e.getValue()));
				continue;
			}
			Type value = e.getValue();
			if (value instanceof DecimalType) {
				double tolerance = path.startsWith("/cox") ? 1e-6 : 1e-9;
				double x = number(a.getValue());
				double y = number(value);
				double floor = path.startsWith("/cox") ? 1e-10 : 1e-12;
				assertThat(Math.abs(x - y)).as(here + ": " + x + " vs " + y).isLessThanOrEqualTo(Math.max(tolerance * Math.abs(y), floor));
			} else if (value != null) {
				assertThat(a.getValue().primitiveValue()).as(here).isEqualTo(value.primitiveValue());
			}
			compareParts(a.getPart(), e.getPart(), here, gap);
		}
	}

	private static double number(Type value) {
		return ((DecimalType) value).getValue().doubleValue();
	}

	private static Map<String, String> excluded(Parameters result) {
		Map<String, String> counts = new LinkedHashMap<>();
		result.getParameter().stream().filter(p -> p.getName().equals("excluded"))
				.forEach(p -> counts.put(p.getPart().get(0).getValue().primitiveValue(), p.getPart().get(1).getValue().primitiveValue()));
		return new java.util.TreeMap<>(counts);
	}

	private static List<String> warnings(Parameters result) {
		return result.getParameter().stream().filter(p -> p.getName().equals("warning")).map(p -> p.getValue().primitiveValue())
				.toList();
	}
}
