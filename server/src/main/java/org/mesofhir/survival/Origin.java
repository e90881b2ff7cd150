package org.mesofhir.survival;

/** The index date from which follow-up time is counted (SPEC §3). */
enum Origin {
	DIAGNOSIS("diagnosis"),
	SURGERY("surgery"),
	TREATMENT("treatment");

	final String code;

	Origin(String code) {
		this.code = code;
	}
}
