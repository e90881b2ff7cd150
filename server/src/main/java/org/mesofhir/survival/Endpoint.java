package org.mesofhir.survival;

/** The survival endpoint (SPEC §3). */
enum Endpoint {
	/** Overall survival: death from any cause. */
	OS,
	/** Progression-free survival: progression or recurrence, or death. */
	PFS
}
