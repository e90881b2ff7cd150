package org.mesofhir.cohort;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.mesofhir.cohort.AnalysisRecord.EcogAssessment;
import org.mesofhir.cohort.ClinicalFact.Kind;

/** Folds one patient's {@link ClinicalFact}s into an {@link AnalysisRecord} (SPEC §3). Pure. */
final class AnalysisRecordBuilder {

	private static final Comparator<ClinicalFact> BY_DATE_THEN_ID = Comparator
			.comparing(ClinicalFact::date, Comparator.nullsLast(Comparator.naturalOrder()))
			.thenComparing(ClinicalFact::resourceId, AnalysisRecordBuilder::compareIds);

	private AnalysisRecordBuilder() {}

	/**
	 * @param patientId the patient
	 * @param facts every fact whose patient is {@code patientId}
	 * @param siteCodes organization id → site code, for the patient's managing organization
	 */
	static AnalysisRecord build(String patientId, List<ClinicalFact> facts, Map<String, String> siteCodes) {
		Optional<ClinicalFact> demographics = first(facts, Kind.PATIENT);
		Optional<ClinicalFact> diagnosis = first(facts, Kind.DIAGNOSIS);
		Optional<ClinicalFact> surgery = first(facts, Kind.SURGERY);
		String surgeryId = surgery.map(ClinicalFact::reference).orElse(null);
		Predicate<ClinicalFact> ofFirstSurgery = f -> surgeryId != null && surgeryId.equals(f.reference());

		LocalDate deceased = first(facts, Kind.DECEASED).map(ClinicalFact::date).orElse(null);
		LocalDate death = deceased != null ? deceased : first(facts, Kind.DEATH).map(ClinicalFact::date).orElse(null);

		return new AnalysisRecord(
				patientId,
				diagnosis.isPresent(),
				demographics.map(ClinicalFact::code).orElse(null),
				demographics.map(ClinicalFact::date).orElse(null),
				demographics.map(ClinicalFact::reference).map(siteCodes::get).orElse(null),
				diagnosis.map(ClinicalFact::date).orElse(null),
				diagnosis.map(ClinicalFact::code).orElse(null),
				surgery.map(ClinicalFact::date).orElse(null),
				surgery.map(f -> "hipec".equals(f.code())).orElse(false),
				first(facts, Kind.CHEMOTHERAPY).map(ClinicalFact::date).orElse(null),
				of(facts, Kind.CHEMOTHERAPY).filter(f -> "systemic".equals(f.code())).findFirst().map(ClinicalFact::date).orElse(null),
				death,
				of(facts, Kind.CONTACT).map(ClinicalFact::date).max(Comparator.naturalOrder()).orElse(null),
				of(facts, Kind.PCI).filter(ofFirstSurgery).findFirst().map(f -> f.number().intValue()).orElse(null),
				of(facts, Kind.CC_SCORE).filter(ofFirstSurgery).findFirst().map(ClinicalFact::code).orElse(null),
				of(facts, Kind.PROGRESSION).map(ClinicalFact::date).filter(Objects::nonNull).toList(),
				of(facts, Kind.ECOG).filter(f -> f.date() != null)
						.map(f -> new EcogAssessment(f.date(), f.number().intValue())).toList());
	}

	/** The kind's facts, earliest date first (undated last), ties broken by the lowest resource id. */
	private static Stream<ClinicalFact> of(List<ClinicalFact> facts, Kind kind) {
		return facts.stream().filter(f -> f.kind() == kind).sorted(BY_DATE_THEN_ID);
	}

	private static Optional<ClinicalFact> first(List<ClinicalFact> facts, Kind kind) {
		return of(facts, kind).findFirst();
	}

	/** Numeric ids (HAPI's server-assigned ones) in numeric order, others after them as text. */
	static int compareIds(String a, String b) {
		boolean aNumeric = isNumeric(a);
		boolean bNumeric = isNumeric(b);
		if (aNumeric && bNumeric) {
			return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
		}
		return aNumeric ? -1 : bNumeric ? 1 : a.compareTo(b);
	}

	private static boolean isNumeric(String id) {
		return !id.isEmpty() && id.chars().allMatch(Character::isDigit);
	}
}
