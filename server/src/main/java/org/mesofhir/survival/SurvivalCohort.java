package org.mesofhir.survival;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mesofhir.cohort.AnalysisRecord;

/**
 * The patients of one analysis with their follow-up (time, event) and covariates, derived from the
 * analysis records by the rules of SPEC §3. Only what the endpoint needs (a Group member's record, the
 * index date, a follow-up time of zero or more) leaves a patient out here, counted under a reason; a
 * missing covariate does not: the strata and the Cox model each take the patients they can use
 * ({@link CompleteCases}).
 *
 * @param subjects the patients eligible for the endpoint
 * @param exclusions reason code → number of patients left out of the whole analysis, in the order reasons were first met
 */
record SurvivalCohort(List<Subject> subjects, Map<String, Integer> exclusions) {

	/**
	 * One patient eligible for the endpoint: time in the request's unit, event or censored, and the values
	 * (Double or String) of the requested covariates the patient has; a missing one is absent.
	 */
	record Subject(double time, boolean event, Map<Covariate, Object> values) {}

	/**
	 * @param records every stored analysis record
	 * @param members the Group's member patient ids, or null for every MPeM patient
	 */
	static SurvivalCohort of(Collection<AnalysisRecord> records, Set<String> members, SurvivalRequest request) {
		List<Subject> subjects = new ArrayList<>();
		Map<String, Integer> exclusions = new LinkedHashMap<>();
		int found = 0;
		for (AnalysisRecord record : records) {
			if (members != null ? !members.contains(record.patientId()) : !record.inCohort()) {
				continue;
			}
			found++;
			String reason = add(record, request, subjects);
			if (reason != null) {
				exclusions.merge(reason, 1, Integer::sum);
			}
		}
		if (members != null && members.size() > found) {
			exclusions.merge("no-record", members.size() - found, Integer::sum);
		}
		return new SurvivalCohort(subjects, exclusions);
	}

	/** Adds the patient, or returns the reason code why not. */
	private static String add(AnalysisRecord record, SurvivalRequest request, List<Subject> subjects) {
		if (!record.inCohort()) {
			return "no-diagnosis";
		}
		LocalDate index = indexDate(record, request.origin());
		if (index == null) {
			return switch (request.origin()) {
				case DIAGNOSIS -> "no-index-date";
				case SURGERY -> "no-surgery";
				case TREATMENT -> "no-treatment";
			};
		}
		if (request.cutoff() != null && index.isAfter(request.cutoff())) {
			return "index-after-cutoff";
		}
		LocalDate eventDate = eventDate(record, request.endpoint(), index);
		boolean event = eventDate != null;
		LocalDate end = event ? eventDate : record.lastContactDate();
		if (end == null) {
			return "no-follow-up";
		}
		if (request.cutoff() != null && end.isAfter(request.cutoff())) {
			end = request.cutoff();
			event = false;
		}
		long days = ChronoUnit.DAYS.between(index, end);
		if (days < 0) {
			return "negative-time";
		}
		Map<Covariate, Object> values = new EnumMap<>(Covariate.class);
		for (Covariate covariate : request.requiredCovariates()) {
			Object value = value(covariate, record, index, request.pciCutoffs());
			if (value != null) {
				values.put(covariate, value);
			}
		}
		subjects.add(new Subject(days / request.timeUnit().days, event, values));
		return null;
	}

	static LocalDate indexDate(AnalysisRecord record, Origin origin) {
		return switch (origin) {
			case DIAGNOSIS -> record.diagnosisDate();
			case SURGERY -> record.surgeryDate();
			case TREATMENT -> earliest(record.surgeryDate(), record.firstChemotherapyDate());
		};
	}

	/** The date of the endpoint's event, or null when the patient is censored. */
	static LocalDate eventDate(AnalysisRecord record, Endpoint endpoint, LocalDate index) {
		if (endpoint == Endpoint.OS) {
			return record.deathDate();
		}
		LocalDate progression = record.progressionDates().stream()
				.filter(date -> date.isAfter(index))
				.min(LocalDate::compareTo).orElse(null);
		return earliest(progression, record.deathDate());
	}

	static Object value(Covariate covariate, AnalysisRecord record, LocalDate index, int[] pciCutoffs) {
		return switch (covariate) {
			case AGE -> record.birthDate() == null ? null : ChronoUnit.DAYS.between(record.birthDate(), index) / 365.25;
			case SEX -> record.gender();
			case ECOG -> record.ecog().stream()
					.filter(e -> !e.date().isAfter(index))
					.reduce((a, b) -> b.date().isBefore(a.date()) ? a : b)
					.map(e -> (Object) (double) e.value()).orElse(null);
			case PCI -> record.pci() == null ? null : (double) record.pci();
			case PCI_BAND -> record.pci() == null ? null : pciBand(record.pci(), pciCutoffs);
			case CC -> record.ccScore();
			case CC_COMPLETE -> record.ccScore() == null ? null
					: record.ccScore().equals("CC-0") || record.ccScore().equals("CC-1") ? "CC-0/1" : "CC-2/3";
			case HISTOLOGY -> record.histology();
			case TREATMENT -> treatment(record);
			case SITE -> record.site();
		};
	}

	static String treatment(AnalysisRecord record) {
		if (record.surgeryDate() != null) {
			return record.surgeryWithHipec() ? "crs-hipec" : "crs";
		}
		return record.firstSystemicChemotherapyDate() != null ? "chemotherapy" : "none";
	}

	/** The band label of a PCI value: with cutoffs 10,20 → "0-10", "11-20", "21-39". */
	static String pciBand(int pci, int[] cutoffs) {
		int lower = 0;
		for (int upper : cutoffs) {
			if (pci <= upper) {
				return lower + "-" + upper;
			}
			lower = upper + 1;
		}
		return lower + "-39";
	}

	private static LocalDate earliest(LocalDate a, LocalDate b) {
		if (a == null) {
			return b;
		}
		return b == null || a.isBefore(b) ? a : b;
	}

}
