package org.mesofhir.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.Test;
import org.mesofhir.profiles.MpemValidationResult;
import org.mesofhir.profiles.MpemValidator;
import org.mesofhir.survival.stats.ConfidenceType;
import org.mesofhir.survival.stats.KaplanMeier;

/**
 * The demo cohort is deterministic, profile-valid, has the seed study's case mix in exact proportions and
 * plausible journeys. (What {@code $survival} shows on it: {@code DemoCohortOutcomesTest}, {@code DemoCohortIT}.)
 */
class DemoCohortGeneratorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void sameSeedGivesTheSameCohortInAnyOrderOfCalls() {
		String first = json(new DemoCohortGenerator(7, 5, 30).patients(1, 5).get(4));
		String again = json(new DemoCohortGenerator(7, 5, 30).patients(5, 1).get(0));
		assertThat(first).isEqualTo(again);
		assertThat(json(new DemoCohortGenerator(8, 5, 30).patients(5, 1).get(0))).isNotEqualTo(first);
	}

	@Test
	void everyResourceConformsToTheMpemProfiles() {
		MpemValidator validator = MpemValidator.create(FHIR);
		List<Bundle> cohort = new DemoCohortGenerator(11, 5, 20).patients(1, 20);
		assertThat(cohort.stream().map(b -> Journey.of(b).treatment).distinct())
				.containsExactlyInAnyOrder("crs-hipec", "crs", "chemotherapy", "none");
		for (Bundle bundle : cohort) {
			MpemValidationResult result = validator.validateBundleEntries(bundle);
			assertThat(result.errors()).extracting(e -> e.getExpression() + " " + e.getDiagnostics()).isEmpty();
		}
	}

	@Test
	void defaultCohortHasTheSeedStudysCaseMixInExactProportions() {
		List<Journey> cohort = new DemoCohortGenerator(20261126, 5, 118).patients(1, 118).stream().map(Journey::of).toList();
		Map<String, Integer> arms = new HashMap<>();
		cohort.forEach(j -> arms.merge(j.treatment, 1, Integer::sum));
		assertThat(arms).isEqualTo(Map.of("crs-hipec", 71, "crs", 9, "chemotherapy", 29, "none", 9));
		assertThat(cohort.stream().filter(j -> j.histology.equals("9052/3")).count() / 118.0).isBetween(0.78, 0.82);
		List<Journey> operated = cohort.stream().filter(j -> j.pci != null).toList();
		assertThat(operated).hasSize(80);
		assertThat(operated.stream().mapToInt(j -> j.pci).average().orElseThrow()).isBetween(18.0, 22.0);
		assertThat(operated.stream().filter(j -> j.cc.equals("CC-0") || j.cc.equals("CC-1")).count() / 80.0).isBetween(0.46, 0.67);
		assertThat(operated.stream().filter(j -> j.pci > 20).count()).isBetween(34L, 38L);
	}

	@Test
	void journeysArePlausibleAndNobodyIsCensoredBeforeTheirArmsMedian() {
		for (Bundle bundle : new DemoCohortGenerator(5, 5, 200).patients(1, 200)) {
			Journey journey = Journey.of(bundle);
			assertThat(journey.diagnosis).isBetween(LocalDate.of(2010, 1, 1), LocalDate.of(2020, 12, 31));
			assertThat(journey.end).isBeforeOrEqualTo(DemoCohortGenerator.DATA_CUTOFF);
			if (journey.treatment != null && journey.treated != null) {
				assertThat(journey.treated).isAfter(journey.diagnosis).isBefore(journey.end);
			}
			if (!journey.dead) {
				assertThat(journey.months).isGreaterThan(DemoArm.valueOf(journey.treatment.toUpperCase().replace('-', '_')).medianMonths);
			}
			assertThat(journey.progression).allSatisfy(date -> assertThat(date).isAfter(journey.diagnosis).isBefore(journey.end));
		}
	}

	@Test
	void largeCohortMediansSitOnTheTargets() {
		Map<String, List<Journey>> byTreatment = new HashMap<>();
		for (Bundle bundle : new DemoCohortGenerator(20261126, 5, 1000).patients(1, 1000)) {
			Journey journey = Journey.of(bundle);
			byTreatment.computeIfAbsent(journey.treatment, t -> new ArrayList<>()).add(journey);
		}
		assertThat(median(byTreatment.get("crs-hipec"))).isBetween(44.0, 46.0);
		assertThat(median(byTreatment.get("crs"))).isBetween(28.5, 31.5);
		assertThat(median(byTreatment.get("chemotherapy"))).isBetween(11.5, 12.5);
		assertThat(median(byTreatment.get("none"))).isBetween(5.5, 6.5);
	}

	private static String json(Bundle bundle) {
		return FHIR.newJsonParser().encodeResourceToString(bundle).replaceAll("urn:uuid:[0-9a-f-]+", "");
	}

	private static double median(List<Journey> subjects) {
		double[] time = subjects.stream().mapToDouble(s -> s.months).toArray();
		boolean[] event = new boolean[time.length];
		for (int i = 0; i < event.length; i++) {
			event[i] = subjects.get(i).dead;
		}
		return KaplanMeier.fit(time, event, ConfidenceType.LOG, 0.95).median().time();
	}

	/** One generated patient as read back from the Bundle: overall survival from diagnosis and the facts around it. */
	private record Journey(String treatment, String histology, Integer pci, String cc, LocalDate diagnosis, LocalDate treated,
			LocalDate end, List<LocalDate> progression, double months, boolean dead) {
		static Journey of(Bundle bundle) {
			LocalDate diagnosis = null;
			LocalDate treated = null;
			LocalDate end = null;
			boolean dead = false;
			String treatment = "none";
			String histology = null;
			Integer pci = null;
			String cc = null;
			List<LocalDate> progression = new ArrayList<>();
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.getResource() instanceof Condition condition) {
					diagnosis = LocalDate.parse(condition.getOnsetDateTimeType().getValueAsString());
					Extension morphology = condition.getExtensionByUrl("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior");
					histology = ((CodeableConcept) morphology.getValue()).getCodingFirstRep().getCode();
				} else if (entry.getResource() instanceof Procedure procedure) {
					Extension hipec = procedure.getExtensionByUrl("https://mesofhir.org/fhir/StructureDefinition/hipec");
					treatment = ((BooleanType) hipec.getExtensionByUrl("performed").getValue()).booleanValue() ? "crs-hipec" : "crs";
					treated = LocalDate.parse(procedure.getPerformedDateTimeType().getValueAsString());
				} else if (entry.getResource() instanceof MedicationAdministration administration && treatment.equals("none")) {
					treatment = "chemotherapy";
					treated = LocalDate.parse(administration.getEffectiveDateTimeType().getValueAsString());
				} else if (entry.getResource() instanceof Observation observation) {
					String code = observation.getCode().getCodingFirstRep().getCode();
					if (code.equals("75186-7")) {
						end = LocalDate.parse(observation.getEffectiveDateTimeType().getValueAsString());
						dead = "419099009".equals(observation.getValueCodeableConcept().getCodingFirstRep().getCode());
					} else if (code.equals("pci")) {
						pci = observation.getValueIntegerType().getValue();
					} else if (code.equals("cc-score")) {
						cc = observation.getValueCodeableConcept().getCodingFirstRep().getCode();
					} else if (code.equals("97509-4") && "271299001".equals(observation.getValueCodeableConcept().getCodingFirstRep().getCode())) {
						progression.add(LocalDate.parse(observation.getEffectiveDateTimeType().getValueAsString()));
					}
				}
			}
			return new Journey(treatment, histology, pci, cc, diagnosis, treated, end, progression,
					ChronoUnit.DAYS.between(diagnosis, end) / 30.4375, dead);
		}
	}
}
