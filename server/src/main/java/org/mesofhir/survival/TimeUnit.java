package org.mesofhir.survival;

/** The unit survival times are reported in; whole days are converted by these fixed lengths (SPEC §3). */
enum TimeUnit {
	DAY("day", 1),
	WEEK("week", 7),
	MONTH("month", 30.4375),
	YEAR("year", 365.25);

	final String code;
	final double days;

	TimeUnit(String code, double days) {
		this.code = code;
		this.days = days;
	}
}
