package org.mesofhir.ingest;

import java.util.Map;

/**
 * One data row of a registry file: its line in the file (for error messages) and its cells by header name.
 *
 * @param line 1-based line number in the file (the header is line 1)
 * @param cells trimmed cell values by column header; absent columns read as empty
 */
record RegistryRow(long line, Map<String, String> cells) {

	String get(String header) {
		String value = cells.get(header);
		return value == null ? "" : value.trim();
	}

	String get(RegistryColumn column) {
		return get(column.header);
	}

	/** A cell that did not fit, and why. */
	record Problem(long line, String column, String message) {}
}
