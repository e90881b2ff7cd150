package org.mesofhir.characteristics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.mesofhir.characteristics.TableOneResult.Cell;
import org.mesofhir.characteristics.TableOneResult.Column;
import org.mesofhir.characteristics.TableOneResult.Row;
import org.mesofhir.characteristics.TableOneResult.Variable;
import org.mesofhir.characteristics.stats.GroupComparison;
import org.mesofhir.characteristics.stats.Summary;

/**
 * Table 1 as a manuscript shows it, as CSV: a header with each group's n, then per variable its levels as
 * "n (%)" (continuous: "median [Q1, Q3]", "mean (SD)", "min–max"), the test and its p-value on the
 * variable's first line. Numbers are rounded for reading; {@code $cohort-characteristics} has them whole.
 */
final class TableOneCsv {

	private TableOneCsv() {}

	static String write(TableOneResult result) {
		StringBuilder out = new StringBuilder();
		try (CSVPrinter csv = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(out)) {
			csv.printRecord(header(result));
			for (Variable variable : result.variables()) {
				for (List<String> line : lines(variable, result)) {
					csv.printRecord(line);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toString();
	}

	/** variable, level, one heading per group with its n, test, p. */
	static List<String> header(TableOneResult result) {
		List<String> header = new ArrayList<>(List.of("variable", "level"));
		for (Column column : result.columns()) {
			header.add(column.label() + " (n = " + (column.suppressed()
					? new Cell(column.n(), true, Double.NaN).display(result.minCellSize()) : column.n()) + ")");
		}
		header.add("test");
		header.add("p");
		return header;
	}

	/** A variable's lines as a manuscript prints them: its name, test and p on the first only. */
	static List<List<String>> lines(Variable variable, TableOneResult result) {
		List<List<String>> lines = variable.categorical() ? levels(variable, result) : summaries(variable, result);
		List<List<String>> out = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			List<String> line = new ArrayList<>(lines.get(i));
			line.add(0, i == 0 ? variable.name() : "");
			GroupComparison test = i == 0 ? variable.test() : null;
			line.add(test == null ? "" : test.method());
			line.add(test == null ? "" : p(test.pValue()));
			out.add(line);
		}
		return out;
	}

	private static List<List<String>> levels(Variable variable, TableOneResult result) {
		List<List<String>> lines = new ArrayList<>();
		for (Row row : variable.rows()) {
			List<String> line = new ArrayList<>(List.of(row.label()));
			for (Cell cell : row.cells()) {
				line.add(cell.suppressed() ? cell.display(result.minCellSize())
						: cell.count() + " (" + String.format(Locale.ROOT, "%.1f", cell.percent()) + "%)");
			}
			lines.add(line);
		}
		return lines;
	}

	private static List<List<String>> summaries(Variable variable, TableOneResult result) {
		List<String> median = new ArrayList<>(List.of("median [Q1, Q3]"));
		List<String> mean = new ArrayList<>(List.of("mean (SD)"));
		List<String> range = new ArrayList<>(List.of("range"));
		for (Summary s : variable.summaries()) {
			if (s == null || s.n() == 0) {
				String absent = s == null ? "withheld" : "";
				median.add(absent);
				mean.add(absent);
				range.add(absent);
				continue;
			}
			median.add(f(s.median()) + " [" + f(s.q1()) + ", " + f(s.q3()) + "]");
			mean.add(f(s.mean()) + " (" + (Double.isNaN(s.sd()) ? "NA" : f(s.sd())) + ")");
			range.add(f(s.min()) + "–" + f(s.max()));
		}
		List<List<String>> lines = new ArrayList<>(List.of(median, mean, range));
		lines.addAll(levels(variable, result));
		return lines;
	}

	private static String f(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/** A p-value as manuscripts print it: three significant digits, below 0.001 as "<0.001". */
	static String p(double value) {
		return value < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3g", value);
	}
}
