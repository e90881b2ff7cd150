package org.mesofhir.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.Test;
import org.mesofhir.profiles.MpemValidationResult;
import org.mesofhir.profiles.MpemValidator;
import org.mesofhir.survival.stats.ConfidenceType;
import org.mesofhir.survival.stats.KaplanMeier;

/** The demo cohort is deterministic, profile-valid and lands on the published outcomes (SPEC §1). */
class DemoCohortGeneratorTest {

	@Test
	void sameSeedGivesTheSameCohort() {
		FhirContext fhir = FhirContext.forR4Cached();
		String first = fhir.newJsonParser().encodeResourceToString(new DemoCohortGenerator(7, 5).patients(1, 3).get(2));
		String second = fhir.newJsonParser().encodeResourceToString(new DemoCohortGenerator(7, 5).patients(1, 3).get(2));
		assertThat(first.replaceAll("urn:uuid:[0-9a-f-]+", "")).isEqualTo(second.replaceAll("urn:uuid:[0-9a-f-]+", ""));
	}

	@Test
	void everyResourceConformsToTheMpemProfiles() {
		MpemValidator validator = MpemValidator.create(FhirContext.forR4Cached());
		for (Bundle bundle : new DemoCohortGenerator(11, 5).patients(1, 15)) {
			MpemValidationResult result = validator.validateBundleEntries(bundle);
			assertThat(result.errors()).extracting(e -> e.getExpression() + " " + e.getDiagnostics()).isEmpty();
		}
	}

	@Test
	void medianSurvivalByTreatmentIsWithinTwentyPercentOfThePublishedTargets() {
		Map<String, List<double[]>> byTreatment = new HashMap<>();
		for (Bundle bundle : new DemoCohortGenerator(20261126, 5).patients(1, 4000)) {
			Journey journey = Journey.of(bundle);
			byTreatment.computeIfAbsent(journey.treatment, t -> new ArrayList<>()).add(new double[] {journey.months, journey.dead ? 1 : 0});
		}
		assertThat(median(byTreatment.get("crs-hipec"))).isBetween(45 * 0.8, 45 * 1.2);
		assertThat(median(byTreatment.get("chemotherapy"))).isBetween(12 * 0.8, 12 * 1.2);
		assertThat(median(byTreatment.get("crs"))).isLessThan(median(byTreatment.get("crs-hipec")));
		int all = byTreatment.values().stream().mapToInt(List::size).sum();
		assertThat(byTreatment.get("crs-hipec").size() / (double) all).isBetween(0.4, 0.7);
	}

	@Test
	void cohortLooksLikeTheSeedStudy() {
		int epithelioid = 0;
		int patients = 0;
		double pciSum = 0;
		int pciCount = 0;
		for (Bundle bundle : new DemoCohortGenerator(3, 5).patients(1, 2000)) {
			patients++;
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.getResource() instanceof Condition condition) {
					Extension histology = condition.getExtensionByUrl("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior");
					if ("9052/3".equals(((CodeableConcept) histology.getValue()).getCodingFirstRep().getCode())) {
						epithelioid++;
					}
				} else if (entry.getResource() instanceof Observation observation
						&& "pci".equals(observation.getCode().getCodingFirstRep().getCode())) {
					pciSum += observation.getValueIntegerType().getValue();
					pciCount++;
				}
			}
		}
		assertThat(epithelioid / (double) patients).isBetween(0.75, 0.85);
		assertThat(pciSum / pciCount).isBetween(17.0, 23.0);
	}

	private static double median(List<double[]> subjects) {
		double[] time = subjects.stream().mapToDouble(s -> s[0]).toArray();
		boolean[] event = new boolean[time.length];
		for (int i = 0; i < event.length; i++) {
			event[i] = subjects.get(i)[1] == 1;
		}
		return KaplanMeier.fit(time, event, ConfidenceType.LOG, 0.95).median().time();
	}

	/** Overall survival from diagnosis and the treatment strategy of one generated patient. */
	private record Journey(String treatment, double months, boolean dead) {
		static Journey of(Bundle bundle) {
			LocalDate diagnosis = null;
			LocalDate end = null;
			boolean dead = false;
			String treatment = "none";
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.getResource() instanceof Condition condition) {
					diagnosis = LocalDate.parse(condition.getOnsetDateTimeType().getValueAsString());
				} else if (entry.getResource() instanceof Procedure procedure) {
					Extension hipec = procedure.getExtensionByUrl("https://mesofhir.org/fhir/StructureDefinition/hipec");
					treatment = ((BooleanType) hipec.getExtensionByUrl("performed").getValue()).booleanValue() ? "crs-hipec" : "crs";
				} else if (entry.getResource() instanceof MedicationAdministration && treatment.equals("none")) {
					treatment = "chemotherapy";
				} else if (entry.getResource() instanceof Observation observation
						&& "75186-7".equals(observation.getCode().getCodingFirstRep().getCode())) {
					end = LocalDate.parse(observation.getEffectiveDateTimeType().getValueAsString());
					dead = "419099009".equals(observation.getValueCodeableConcept().getCodingFirstRep().getCode());
				}
			}
			return new Journey(treatment, ChronoUnit.DAYS.between(diagnosis, end) / 30.4375, dead);
		}
	}
}
