package org.mesofhir.ingest;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a registry CSV into rows (comma-separated, RFC 4180 quoting, UTF-8 with or without a byte-order
 * mark, header on line 1). A header that lacks a required column or names an unknown one refuses the whole
 * file: a misspelt column would otherwise drop its data silently.
 */
final class RegistryCsv {

	private RegistryCsv() {}

	static List<RegistryRow> parse(String csv) {
		String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
		// a final newline makes the parser's line count the line of the record just read
		text = text.endsWith("\n") ? text : text + "\n";
		CSVFormat format = CSVFormat.DEFAULT.builder()
				.setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();
		List<RegistryRow> rows = new ArrayList<>();
		try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
			checkHeader(parser.getHeaderNames());
			for (CSVRecord record : parser) {
				Map<String, String> cells = new LinkedHashMap<>();
				record.toMap().forEach((header, value) -> cells.put(header, value == null ? "" : value));
				rows.add(new RegistryRow(parser.getCurrentLineNumber(), cells));
			}
		} catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
			// a malformed file (an unterminated quote fails already while the header is read) is the client's: 400
			throw new InvalidRequestException("The registry file is not valid CSV: " + e.getMessage());
		}
		return rows;
	}

	private static void checkHeader(List<String> headers) {
		List<String> known = RegistryColumn.headers();
		List<String> complaints = new ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (String header : headers) {
			if (!known.contains(header)) {
				complaints.add("unknown column '" + header + "'");
			} else if (!seen.add(header)) {
				complaints.add("column '" + header + "' appears twice");
			}
		}
		for (RegistryColumn column : RegistryColumn.values()) {
			if (column.required && !headers.contains(column.header)) {
				complaints.add("missing required column '" + column.header + "'");
			}
		}
		if (!complaints.isEmpty()) {
			throw new InvalidRequestException("Registry header (line 1): " + String.join("; ", complaints)
					+ ". The columns are: " + String.join(", ", known));
		}
	}
}
