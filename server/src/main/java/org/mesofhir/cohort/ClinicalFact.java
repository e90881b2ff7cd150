package org.mesofhir.cohort;

import java.time.LocalDate;

/**
 * One fact that a stored resource contributes to its patient's analysis record, derived from that
 * resource alone (so it can be written in the same transaction as the resource).
 *
 * @param resourceId the logical id of the resource the fact comes from
 * @param kind what the fact is
 * @param patientId the patient's logical id (for {@link Kind#SITE}: none)
 * @param date the fact's calendar date, or null
 * @param number a numeric value (PCI, ECOG), or null
 * @param code a coded value (gender, histology, CC score, site code, "hipec"), or null
 * @param reference a related resource's logical id (the surgery of a PCI, the site of a patient), or null
 */
record ClinicalFact(String resourceId, Kind kind, String patientId, LocalDate date, Double number, String code, String reference) {

	enum Kind {
		/** Patient demographics: code = gender, date = birth date, reference = managing organization id. */
		PATIENT,
		/** Patient.deceasedDateTime. */
		DECEASED,
		/** Organization: code = its identifier[0].value (the site code). */
		SITE,
		/** An MPeM primary diagnosis: date = onset (may be null), code = ICD-O-3 morphology. */
		DIAGNOSIS,
		/** A completed cytoreductive surgery: reference = its id, code = "hipec" when HIPEC was given. */
		SURGERY,
		/** A chemotherapy administration: code = "systemic" or "intraperitoneal". */
		CHEMOTHERAPY,
		/** PCI total: number, reference = the surgery it is part of. */
		PCI,
		/** CC score: code, reference = the surgery it is part of. */
		CC_SCORE,
		/** ECOG performance status: number. */
		ECOG,
		/** Vital status valued dead. */
		DEATH,
		/** Disease status valued worsened (progression or recurrence). */
		PROGRESSION,
		/** Any clinical date of the patient (for the last contact date). */
		CONTACT
	}
}
