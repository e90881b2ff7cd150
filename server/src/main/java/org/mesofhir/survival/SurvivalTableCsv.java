package org.mesofhir.survival;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mesofhir.survival.SurvivalResult.Stratum;
import org.mesofhir.survival.stats.KaplanMeierRow;

/** The Kaplan–Meier table of a {@link SurvivalResult} as CSV: one row per stratum and distinct time; NA is empty. */
final class SurvivalTableCsv {

	static final String[] HEADER = {"stratum", "time", "atRisk", "events", "censored", "survival", "stdErr", "lower", "upper"};

	private SurvivalTableCsv() {}

	static String write(SurvivalResult result) {
		StringBuilder out = new StringBuilder();
		try (CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator("\n").get().print(out)) {
			for (Stratum stratum : result.strata()) {
				for (KaplanMeierRow row : stratum.fit().rows()) {
					csv.printRecord(stratum.label(), number(row.time()), row.atRisk(), row.events(), row.censored(),
							number(row.survival()), number(row.stdErr()), number(row.lower()), number(row.upper()));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toString();
	}

	/** Full precision (the shortest decimal that reads back as the same double); NA (NaN) as empty. */
	static String number(double value) {
		return Double.isFinite(value) ? Double.toString(value) : "";
	}
}
