package org.mesofhir.cohort;

import java.time.LocalDate;
import java.util.List;

/**
 * What the survival analyses need to know about one patient (SPEC §3), kept current on every write.
 * Dates are calendar dates; null means unknown or absent.
 *
 * @param patientId the Patient's logical id
 * @param inCohort true when the patient has an MPeM primary diagnosis
 * @param gender Patient.gender code
 * @param birthDate Patient.birthDate
 * @param site the managing organization's identifier[0].value
 * @param diagnosisDate onset of the earliest MPeM diagnosis
 * @param histology ICD-O-3 morphology of that diagnosis
 * @param surgeryDate date of the first completed cytoreductive surgery
 * @param surgeryWithHipec whether that surgery included HIPEC
 * @param firstChemotherapyDate the first chemotherapy administration of any route
 * @param firstSystemicChemotherapyDate the first systemic (not intraperitoneal) chemotherapy
 * @param deathDate Patient.deceasedDateTime, else the earliest vital status valued dead
 * @param lastContactDate the latest clinical date of the patient
 * @param pci PCI of the first surgery (earliest effective, then lowest id), or null
 * @param ccScore CC score of the first surgery, or null
 * @param progressionDates dates of disease-status observations valued worsened, ascending
 * @param ecog ECOG assessments, by date ascending
 */
public record AnalysisRecord(
		String patientId,
		boolean inCohort,
		String gender,
		LocalDate birthDate,
		String site,
		LocalDate diagnosisDate,
		String histology,
		LocalDate surgeryDate,
		boolean surgeryWithHipec,
		LocalDate firstChemotherapyDate,
		LocalDate firstSystemicChemotherapyDate,
		LocalDate deathDate,
		LocalDate lastContactDate,
		Integer pci,
		String ccScore,
		List<LocalDate> progressionDates,
		List<EcogAssessment> ecog) {

	/** One ECOG performance status value on a date. */
	public record EcogAssessment(LocalDate date, int value) {}
}
