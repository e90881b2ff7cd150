package org.mesofhir.demo;

import static org.mesofhir.demo.MpemResources.*;

import java.time.LocalDate;
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
 * A deterministic synthetic MPeM cohort (same seed, same patients), calibrated to the published outcomes
 * of SPEC §1: CRS+HIPEC median overall survival about 45 months, platinum + pemetrexed alone about 12,
 * CRS without HIPEC about 30; PCI &gt; 17, incomplete cytoreduction (CC-2/3), non-epithelioid histology and
 * ECOG ≥ 2 shorten survival; about 80 % epithelioid; mean PCI about 20; diagnoses 2010–2023, data cut-off
 * 2025-06-30, some patients lost to follow-up earlier. One profile-valid transaction Bundle per patient.
 */
public final class DemoCohortGenerator {

	/** Data cut-off of the synthetic registry: nobody is followed beyond it. */
	public static final LocalDate DATA_CUTOFF = LocalDate.of(2025, 6, 30);

	static final String PATIENT_SYSTEM = "https://mesofhir.org/fhir/sid/demo-patient";
	private static final double MONTH = 30.4375;
	private static final String[] HISTOLOGY = {"9052/3", "9053/3", "9051/3", "9050/3"};
	private static final String[] HISTOLOGY_NAMES = {
		"Epithelioid mesothelioma, malignant", "Mesothelioma, biphasic, malignant",
		"Fibrous mesothelioma, malignant", "Mesothelioma, malignant"};

	private final SplittableRandom random;
	private final int sites;

	/**
	 * @param seed the same seed always gives the same cohort
	 * @param sites number of contributing sites (SITE-01 …)
	 */
	public DemoCohortGenerator(long seed, int sites) {
		this.random = new SplittableRandom(seed);
		this.sites = sites;
	}

	/** The next {@code count} patients, one transaction Bundle each; patient ids continue across calls. */
	public List<Bundle> patients(int first, int count) {
		List<Bundle> bundles = new ArrayList<>(count);
		for (int i = first; i < first + count; i++) {
			bundles.add(patient(i));
		}
		return bundles;
	}

	private Bundle patient(int number) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String siteCode = String.format("SITE-%02d", 1 + random.nextInt(sites));
		String siteRef = addEntry(bundle, site(siteCode), "identifier=" + SITE_SYSTEM + "|" + siteCode);

		LocalDate diagnosis = LocalDate.of(2010, 1, 1).plusDays(random.nextInt(14 * 365));
		double age = Math.max(25, Math.min(85, 58 + 11 * gaussian()));
		Patient patient = MpemResources.patient(PATIENT_SYSTEM, String.format("DEMO-%05d", number), siteRef);
		patient.setGender(random.nextDouble() < 0.55 ? AdministrativeGender.MALE : AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new DateType(diagnosis.minusDays(Math.round(age * 365.25)).toString()));
		String patientRef = addEntry(bundle, patient, null);

		int histology = pick(0.80, 0.08, 0.04, 0.08);
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

		int ecog = pick(0.35, 0.45, 0.15, 0.05);
		Observation ecogObservation = observation(patientRef, "http://loinc.org", "89247-1", "ECOG Performance Status score", diagnosis.toString());
		ecogObservation.setValue(new IntegerType(ecog));
		addEntry(bundle, ecogObservation, null);

		// Treatment strategy: frail patients are rarely operated on.
		double operable = ecog >= 3 ? 0.15 : ecog == 2 ? 0.45 : 0.72;
		double u = random.nextDouble();
		String strategy = u < operable * 0.88 ? "crs-hipec" : u < operable ? "crs" : u < operable + (1 - operable) * 0.8 ? "chemotherapy" : "none";

		double hazardRatio = (histology == 0 ? 1 : 2.0) * (ecog >= 2 ? 1.3 : 1);
		double medianMonths;
		double pfsFraction;
		LocalDate treatmentStart = diagnosis;
		if (strategy.startsWith("crs")) {
			boolean hipec = strategy.equals("crs-hipec");
			LocalDate surgeryDate = diagnosis.plusDays(20 + random.nextInt(56));
			treatmentStart = surgeryDate;
			int pci = Math.max(1, Math.min(39, (int) Math.round(20 + 8 * gaussian())));
			boolean complete = random.nextDouble() < (pci <= 17 ? 0.85 : 0.35);
			String cc = complete ? (random.nextDouble() < 0.6 ? "CC-0" : "CC-1") : (random.nextDouble() < 0.7 ? "CC-2" : "CC-3");
			String surgeryRef = addEntry(bundle, surgery(patientRef, diagnosisRef, surgeryDate, hipec), null);
			addEntry(bundle, pciObservation(patientRef, surgeryRef, surgeryDate, pci), null);
			Observation ccObservation = observation(patientRef, "https://mesofhir.org/fhir/CodeSystem/mpem-observation", "cc-score",
					"Completeness of cytoreduction score", surgeryDate.toString());
			ccObservation.setValue(concept("https://mesofhir.org/fhir/CodeSystem/cc-score", cc, cc));
			ccObservation.addPartOf(new Reference(surgeryRef));
			addEntry(bundle, ccObservation, null);
			if (hipec) {
				addEntry(bundle, chemotherapy(patientRef, "2555", "cisplatin", surgeryDate.toString(), "38239002", "Intraperitoneal route", surgeryRef), null);
			}
			hazardRatio *= (pci > 17 ? 1.6 : 1) * (complete ? 1 : 1.7);
			medianMonths = hipec ? 96 : 64;
			pfsFraction = 0.45;
		} else if (strategy.equals("chemotherapy")) {
			LocalDate start = diagnosis.plusDays(14 + random.nextInt(31));
			treatmentStart = start;
			boolean cisplatin = random.nextDouble() < 0.6;
			addEntry(bundle, chemotherapy(patientRef, cisplatin ? "2555" : "40048", cisplatin ? "cisplatin" : "carboplatin",
					start.toString(), "47625008", "Intravenous route", null), null);
			addEntry(bundle, chemotherapy(patientRef, "68446", "pemetrexed", start.toString(), "47625008", "Intravenous route", null), null);
			medianMonths = 15;
			pfsFraction = 0.7;
		} else {
			medianMonths = 7.5;
			pfsFraction = 0.6;
		}

		double deathMonths = exponential(medianMonths / hazardRatio);
		double progressionMonths = exponential(medianMonths * pfsFraction / hazardRatio);
		LocalDate death = treatmentStart.plusDays(Math.max(1, Math.round(deathMonths * MONTH)));
		LocalDate lost = random.nextDouble() < 0.1 ? diagnosis.plusDays(90 + random.nextInt(1500)) : DATA_CUTOFF;
		LocalDate censoring = lost.isBefore(DATA_CUTOFF) ? lost : DATA_CUTOFF;
		LocalDate progression = treatmentStart.plusDays(Math.max(1, Math.round(progressionMonths * MONTH)));
		boolean dead = !death.isAfter(censoring);
		LocalDate end = dead ? death : censoring;
		if (progression.isBefore(end)) {
			Observation status = observation(patientRef, "http://loinc.org", "97509-4", "Cancer disease status", progression.toString());
			status.setValue(concept("http://snomed.info/sct", "271299001", "Patient's condition worsened"));
			status.addFocus(new Reference(diagnosisRef));
			addEntry(bundle, status, null);
		}
		Observation vital = observation(patientRef, "http://loinc.org", "75186-7", "Vital status", end.toString());
		vital.setValue(dead ? concept("http://snomed.info/sct", "419099009", "Dead") : concept("http://snomed.info/sct", "438949009", "Alive"));
		addEntry(bundle, vital, null);
		return bundle;
	}

	private Procedure surgery(String patientRef, String diagnosisRef, LocalDate date, boolean hipec) {
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
	private Observation pciObservation(String patientRef, String surgeryRef, LocalDate date, int total) {
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

	/** An exponential time with the given median. */
	private double exponential(double median) {
		return -Math.log(1 - random.nextDouble()) * median / Math.log(2);
	}

	private double gaussian() {
		// Box–Muller: SplittableRandom has no nextGaussian on Java 17
		return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
	}

	private int pick(double... probabilities) {
		double u = random.nextDouble();
		for (int i = 0; i < probabilities.length - 1; i++) {
			u -= probabilities[i];
			if (u < 0) {
				return i;
			}
		}
		return probabilities.length - 1;
	}

}
