package org.mesofhir.demo;

import static org.mesofhir.demo.MpemResources.*;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;

/**
 * A deterministic synthetic MPeM cohort (same seed and size, same patients) that shows the published
 * outcomes of SPEC §1 by construction ({@link DemoCohortPlan}): CRS+HIPEC median overall survival 45
 * months and 5-year survival about 44 %, CRS without HIPEC about 30, platinum + pemetrexed alone 12 (PFS
 * about 8); PCI &gt; 20 and incomplete cytoreduction (CC-2/3) shorten survival after surgery; 80 %
 * epithelioid; mean PCI about 20; CC-0/1 in 59 % of the operated. Diagnoses 2010–2020, data cut-off
 * 2025-06-30; a few patients are lost to follow-up, never before their arm's median survival. One
 * profile-valid transaction Bundle per patient.
 */
public final class DemoCohortGenerator {

	/** Data cut-off of the synthetic registry: nobody is followed beyond it. */
	public static final LocalDate DATA_CUTOFF = LocalDate.of(2025, 6, 30);

	static final String PATIENT_SYSTEM = "https://mesofhir.org/fhir/sid/demo-patient";
	static final String[] HISTOLOGY = {"9052/3", "9053/3", "9051/3", "9050/3"};
	private static final String[] HISTOLOGY_NAMES = {
		"Epithelioid mesothelioma, malignant", "Mesothelioma, biphasic, malignant",
		"Fibrous mesothelioma, malignant", "Mesothelioma, malignant"};
	private static final double MONTH = 30.4375;
	private static final LocalDate FIRST_DIAGNOSIS = LocalDate.of(2010, 1, 1);
	private static final LocalDate LAST_DIAGNOSIS = LocalDate.of(2020, 12, 31);
	private static final double LOST_TO_FOLLOW_UP = 0.08;

	private final List<PlannedPatient> plan;
	private final int sites;

	/**
	 * @param seed the same seed (and size) always gives the same cohort
	 * @param sites number of contributing sites (SITE-01 …)
	 * @param patients size of the cohort (the design's proportions hold for the whole cohort)
	 */
	public DemoCohortGenerator(long seed, int sites, int patients) {
		this.plan = DemoCohortPlan.of(seed, patients);
		this.sites = sites;
	}

	/** Patients {@code first} … {@code first + count − 1} (numbered from 1), one transaction Bundle each. */
	public List<Bundle> patients(int first, int count) {
		if (first < 1 || first + count - 1 > plan.size()) {
			throw new IllegalArgumentException("patients " + first + "…" + (first + count - 1) + " outside the cohort of " + plan.size());
		}
		List<Bundle> bundles = new ArrayList<>(count);
		for (int i = first; i < first + count; i++) {
			bundles.add(patient(plan.get(i - 1)));
		}
		return bundles;
	}

	private Bundle patient(PlannedPatient planned) {
		SplittableRandom random = new SplittableRandom(planned.seed());
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String siteCode = String.format("SITE-%02d", 1 + random.nextInt(sites));
		String siteRef = addEntry(bundle, site(siteCode), "identifier=" + SITE_SYSTEM + "|" + siteCode);

		LocalDate diagnosis = FIRST_DIAGNOSIS.plusDays(random.nextLong(ChronoUnit.DAYS.between(FIRST_DIAGNOSIS, LAST_DIAGNOSIS) + 1));
		Patient patient = MpemResources.patient(PATIENT_SYSTEM, String.format("DEMO-%05d", planned.number()), siteRef);
		patient.setGender(random.nextBoolean() ? AdministrativeGender.MALE : AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new DateType(diagnosis.minusDays(Math.round(planned.age() * 365.25)).toString()));
		String patientRef = addEntry(bundle, patient, null);

		int histology = planned.histology();
		Condition condition = new Condition();
		condition.setSubject(new Reference(patientRef));
		condition.setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.1", "Mesothelioma of peritoneum"));
		condition.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
		condition.getVerificationStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status").setCode("confirmed");
		condition.setOnset(new DateTimeType(diagnosis.toString()));
		condition.addExtension(new Extension("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior",
				concept("http://terminology.hl7.org/CodeSystem/icd-o-3", HISTOLOGY[histology], HISTOLOGY_NAMES[histology])));
		condition.addBodySite(concept("http://terminology.hl7.org/CodeSystem/icd-o-3", "C48.2", "Peritoneum, NOS"));
		String diagnosisRef = addEntry(bundle, condition, null);

		Observation ecogObservation = observation(patientRef, "http://loinc.org", "89247-1", "ECOG Performance Status score", diagnosis.toString());
		ecogObservation.setValue(new IntegerType(planned.ecog()));
		addEntry(bundle, ecogObservation, null);

		// Follow-up: censored at the cut-off, or lost to follow-up, never before the arm's median (see DemoCohortPlan).
		DemoArm arm = planned.arm();
		long potentialDays = ChronoUnit.DAYS.between(diagnosis, DATA_CUTOFF);
		long earliestLoss = Math.round(1.25 * arm.medianMonths * MONTH);
		long censoringDays = random.nextDouble() < LOST_TO_FOLLOW_UP && earliestLoss < potentialDays
				? earliestLoss + random.nextLong(potentialDays - earliestLoss) : potentialDays;
		boolean cured = Double.isInfinite(planned.survivalMonths());
		long deathDays = cured ? Long.MAX_VALUE : Math.round(planned.survivalMonths() * MONTH);
		boolean dead = deathDays <= censoringDays;
		long endDays = dead ? deathDays : censoringDays;

		long treatmentDays = 0;
		boolean responded = false;
		if (arm.operated) {
			// the arm's survival starts 2.5 months after diagnosis: every surgery precedes the death
			treatmentDays = 20 + random.nextInt(56);
			LocalDate surgeryDate = diagnosis.plusDays(treatmentDays);
			boolean hipec = arm == DemoArm.CRS_HIPEC;
			boolean complete = planned.completeCytoreduction();
			String cc = complete ? (random.nextDouble() < 0.6 ? "CC-0" : "CC-1") : (random.nextDouble() < 0.7 ? "CC-2" : "CC-3");
			String surgeryRef = addEntry(bundle, surgery(random, patientRef, diagnosisRef, surgeryDate, hipec), null);
			addEntry(bundle, pciObservation(random, patientRef, surgeryRef, surgeryDate, planned.pci()), null);
			Observation ccObservation = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "cc-score",
					"Completeness of cytoreduction score", surgeryDate.toString());
			ccObservation.setValue(concept("https://mesofhir.org/fhir/CodeSystem/cc-score", cc, cc));
			ccObservation.addPartOf(new Reference(surgeryRef));
			addEntry(bundle, ccObservation, null);
			if (hipec) {
				addEntry(bundle, chemotherapy(patientRef, "2555", "cisplatin", surgeryDate.toString(), "38239002", "Intraperitoneal route", surgeryRef), null);
			}
			responded = complete && random.nextDouble() < 0.8;
		} else if (arm == DemoArm.CHEMOTHERAPY) {
			// the arm's survival starts 1.5 months after diagnosis: the first cycle precedes the death
			treatmentDays = 14 + random.nextInt(31);
			String start = diagnosis.plusDays(treatmentDays).toString();
			boolean cisplatin = random.nextDouble() < 0.6;
			addEntry(bundle, chemotherapy(patientRef, cisplatin ? "2555" : "40048", cisplatin ? "cisplatin" : "carboplatin",
					start, "47625008", "Intravenous route", null), null);
			addEntry(bundle, chemotherapy(patientRef, "68446", "pemetrexed", start, "47625008", "Intravenous route", null), null);
			responded = random.nextDouble() < 0.35;
		}

		// Progression: part-way between treatment and death (later under chemotherapy alone: PFS ≈ 9 of 12
		// months); a fifth of the cured recur and are treated again.
		Long progressionDays = null;
		if (!cured) {
			double share = arm.operated ? 0.4 + 0.45 * random.nextDouble() : 0.55 + 0.35 * random.nextDouble();
			progressionDays = treatmentDays + Math.max(1, Math.round((deathDays - treatmentDays) * share));
		} else if (random.nextDouble() < 0.2) {
			progressionDays = 180 + random.nextLong(Math.max(1, censoringDays - 180));
		}
		long firstAssessmentDays = treatmentDays + 75 + random.nextInt(31);
		if (treatmentDays > 0 && firstAssessmentDays < endDays && (progressionDays == null || firstAssessmentDays < progressionDays)) {
			Observation response = observation(patientRef, "http://loinc.org", "97509-4", "Cancer disease status",
					diagnosis.plusDays(firstAssessmentDays).toString());
			response.setValue(responded ? concept("http://snomed.info/sct", "268910001", "Patient's condition improved")
					: concept("http://snomed.info/sct", "359746009", "Patient's condition stable"));
			response.addFocus(new Reference(diagnosisRef));
			addEntry(bundle, response, null);
		}
		if (progressionDays != null && progressionDays < endDays) {
			Observation status = observation(patientRef, "http://loinc.org", "97509-4", "Cancer disease status",
					diagnosis.plusDays(progressionDays).toString());
			status.setValue(concept("http://snomed.info/sct", "271299001", "Patient's condition worsened"));
			status.addFocus(new Reference(diagnosisRef));
			addEntry(bundle, status, null);
		}
		LocalDate end = diagnosis.plusDays(endDays);
		Observation vital = observation(patientRef, "http://loinc.org", "75186-7", "Vital status", end.toString());
		vital.setValue(dead ? concept("http://snomed.info/sct", "419099009", "Dead") : concept("http://snomed.info/sct", "438949009", "Alive"));
		addEntry(bundle, vital, null);
		return bundle;
	}

	private static Procedure surgery(SplittableRandom random, String patientRef, String diagnosisRef, LocalDate date, boolean hipec) {
		Procedure surgery = new Procedure();
		surgery.setStatus(Procedure.ProcedureStatus.COMPLETED);
		surgery.setSubject(new Reference(patientRef));
		surgery.setCode(concept("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C132068", "Cytoreductive Surgery"));
		surgery.setPerformed(new DateTimeType(date.toString()));
		surgery.addReasonReference(new Reference(diagnosisRef));
		Extension extension = new Extension("https://mesofhir.org/fhir/StructureDefinition/hipec");
		extension.addExtension("performed", new BooleanType(hipec));
		if (hipec) {
			extension.addExtension("temperature", quantity(41 + random.nextInt(3), "Cel"));
			extension.addExtension("duration", quantity(60 + 30 * random.nextInt(2), "min"));
		}
		surgery.addExtension(extension);
		return surgery;
	}

	/** A PCI observation whose 13 region scores (0–3 each) add up to {@code total}. */
	private static Observation pciObservation(SplittableRandom random, String patientRef, String surgeryRef, LocalDate date, int total) {
		int[] scores = new int[13];
		for (int remaining = total; remaining > 0; ) {
			int region = random.nextInt(13);
			if (scores[region] < 3) {
				scores[region]++;
				remaining--;
			}
		}
		Observation pci = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "pci",
				"Peritoneal cancer index", date.toString());
		pci.setValue(new IntegerType(total));
		for (int region = 0; region < 13; region++) {
			pci.addComponent()
					.setCode(concept("https://mesofhir.org/fhir/CodeSystem/pci-region", String.valueOf(region), null))
					.setValue(new IntegerType(scores[region]));
		}
		pci.addPartOf(new Reference(surgeryRef));
		return pci;
	}
}
