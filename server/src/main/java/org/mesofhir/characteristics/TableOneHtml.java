package org.mesofhir.characteristics;

import java.util.List;
import org.mesofhir.characteristics.TableOneResult.Variable;

/**
 * Table 1 as an HTML document fit for pasting into a manuscript (a word processor keeps the table): the
 * same lines as the CSV, one header row, a variable's name on its first line, and a footnote naming the
 * tests and the privacy rule.
 */
final class TableOneHtml {

	private TableOneHtml() {}

	static String write(TableOneResult result, String title) {
		StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
				.append(escape(title)).append("</title>\n<style>table{border-collapse:collapse;font:11pt serif}")
				.append("th,td{padding:2px 8px;text-align:left}thead th{border-top:2px solid #000;border-bottom:1px solid #000}")
				.append("tbody tr.first td{border-top:1px solid #ccc}tfoot td{border-top:2px solid #000;font-size:9pt}</style>")
				.append("</head><body>\n<table>\n<caption>").append(escape(title)).append("</caption>\n<thead><tr>");
		List<String> header = TableOneCsv.header(result);
		for (String heading : header) {
			html.append("<th>").append(escape(heading)).append("</th>");
		}
		html.append("</tr></thead>\n<tbody>\n");
		for (Variable variable : result.variables()) {
			boolean first = true;
			for (List<String> line : TableOneCsv.lines(variable, result)) {
				html.append(first ? "<tr class=\"first\">" : "<tr>");
				for (String cell : line) {
					html.append("<td>").append(escape(cell)).append("</td>");
				}
				html.append("</tr>\n");
				first = false;
			}
		}
		html.append("</tbody>\n<tfoot><tr><td colspan=\"").append(header.size()).append("\">")
				.append("n (%) of the group's patients, missing included; continuous: median [Q1, Q3], mean (SD), range. ")
				.append("Tests: chi-square (Yates for 2&times;2), Fisher's exact test when an expected count is below 5, ")
				.append("Wilcoxon rank-sum (two groups) or Kruskal&ndash;Wallis. ");
		if (result.minCellSize() > 1) {
			html.append("Counts below ").append(result.minCellSize()).append(" are shown as &lt;").append(result.minCellSize())
					.append(", with any count that would reveal them (withheld).");
		}
		for (String warning : result.warnings()) {
			html.append("<br>").append(escape(warning));
		}
		return html.append("</td></tr></tfoot>\n</table>\n</body></html>\n").toString();
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
