package org.mesofhir.characteristics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mesofhir.characteristics.TableOneResult.Cell;
import org.mesofhir.characteristics.TableOneResult.Column;
import org.mesofhir.characteristics.TableOneResult.Row;
import org.mesofhir.characteristics.TableOneResult.Variable;
import org.mesofhir.characteristics.stats.ContingencyTests;
import org.mesofhir.characteristics.stats.GroupComparison;
import org.mesofhir.characteristics.stats.RankTests;
import org.mesofhir.characteristics.stats.Summary;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.survival.BaselineVariables;

/**
 * Computes Table 1 from the analysis records: baseline values at diagnosis (the rules of {@code $survival}),
 * counts and percentages per level, summaries of continuous variables, a test per variable when there are
 * groups (chi-square, Fisher's exact test when an expected count is below 5, Wilcoxon for two groups,
 * Kruskal–Wallis for more), and small-cell suppression of every count.
 */
final class TableOne {

	/** The usual rule (Cochran's) for preferring Fisher's exact test to the chi-square approximation. */
	private static final double MIN_EXPECTED_FOR_CHI_SQUARE = 5;

	/** Labels in natural order: numeric prefixes by value ("6-15" before "16-39"), the rest as text. */
	static final Comparator<String> NATURAL = Comparator.comparingLong(TableOne::leadingNumber).thenComparing(s -> s);

	private TableOne() {}

	/**
	 * @param members a Group's member patient ids, or null for every MPeM patient
	 * @param minCellSize counts from 1 to this minus one are withheld (0 or 1: none)
	 */
	static TableOneResult compute(Collection<AnalysisRecord> records, Set<String> members,
			CharacteristicsRequest request, int minCellSize) {
		Map<String, Integer> excluded = new LinkedHashMap<>();
		List<AnalysisRecord> patients = new ArrayList<>();
		List<String> groupOf = new ArrayList<>();
		int found = 0;
		for (AnalysisRecord record : records) {
			if (members != null ? !members.contains(record.patientId()) : !record.inCohort()) {
				continue;
			}
			found++;
			if (!record.inCohort()) {
				excluded.merge("no-diagnosis", 1, Integer::sum);
				continue;
			}
			String group = TableOneResult.OVERALL;
			if (request.by() != null) {
				Object value = BaselineVariables.atDiagnosis(request.by(), record, request.pciCutoffs());
				if (value == null) {
					excluded.merge("missing-" + request.by(), 1, Integer::sum);
					continue;
				}
				group = label(value);
			}
			patients.add(record);
			groupOf.add(group);
		}
		if (members != null && members.size() > found) {
			excluded.merge("no-record", members.size() - found, Integer::sum);
		}
		List<String> labels = request.by() == null ? List.of()
				: groupOf.stream().distinct().sorted(NATURAL).toList();
		int columnCount = labels.size() + 1;
		long[] sizes = new long[columnCount];
		int[] columnOf = new int[patients.size()];
		for (int p = 0; p < patients.size(); p++) {
			columnOf[p] = request.by() == null ? 0 : labels.indexOf(groupOf.get(p));
			sizes[columnOf[p]]++;
		}
		if (request.by() != null) {
			sizes[columnCount - 1] = patients.size();
		}
		boolean[] columnWithheld = withheldGroupSizes(sizes, minCellSize);
		List<Column> columns = new ArrayList<>();
		for (int c = 0; c < columnCount; c++) {
			columns.add(new Column(c < labels.size() ? labels.get(c) : TableOneResult.OVERALL, sizes[c], columnWithheld[c]));
		}
		List<String> warnings = new ArrayList<>();
		if (anyTrue(columnWithheld)) {
			warnings.add("Groups withheld because they hold fewer than " + minCellSize + " patients (privacy), with any "
					+ "count that would reveal them: " + String.join(", ", withheldLabels(columns)));
		}
		List<Variable> variables = new ArrayList<>();
		for (String name : request.variables()) {
			Object[] values = new Object[patients.size()];
			for (int p = 0; p < patients.size(); p++) {
				values[p] = BaselineVariables.atDiagnosis(name, patients.get(p), request.pciCutoffs());
			}
			VariableTable table = new VariableTable(name, values, columnOf, columns, minCellSize);
			variables.add(CharacteristicsRequest.describedByLevels(name) ? table.categorical(warnings)
					: table.continuous(warnings));
		}
		return new TableOneResult(request.by(), patients.size(), columns, excluded, variables, warnings, minCellSize);
	}

	/** The group sizes are linked by one sum (the overall n); a group under the threshold is withheld. */
	private static boolean[] withheldGroupSizes(long[] sizes, int minCellSize) {
		if (sizes.length == 1) {
			return new boolean[1]; // the whole cohort's size is never withheld: $survival shows it too
		}
		int[] all = new int[sizes.length];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		return new CellSuppression(sizes).linked(all).apply(minCellSize);
	}

	/** One variable's counts per row and column, suppressed consistently with the columns' totals. */
	private static final class VariableTable {
		private final String name;
		private final Object[] values;
		private final int[] columnOf;
		private final List<Column> columns;
		private final int minCellSize;

		VariableTable(String name, Object[] values, int[] columnOf, List<Column> columns, int minCellSize) {
			this.name = name;
			this.values = values;
			this.columnOf = columnOf;
			this.columns = columns;
			this.minCellSize = minCellSize;
		}

		Variable categorical(List<String> warnings) {
			Map<String, long[]> levels = new TreeMap<>(NATURAL);
			long[] missing = new long[columns.size()];
			for (int p = 0; p < values.length; p++) {
				long[] counts = values[p] == null ? missing : levels.computeIfAbsent(label(values[p]), k -> new long[columns.size()]);
				add(counts, columnOf[p]);
			}
			List<String> labels = new ArrayList<>(levels.keySet());
			List<long[]> counts = new ArrayList<>(levels.values());
			counts.add(missing);
			boolean[][] withheld = suppress(counts);
			List<Row> rows = new ArrayList<>();
			for (int r = 0; r < counts.size(); r++) {
				boolean isMissing = r == counts.size() - 1;
				rows.add(new Row(isMissing ? "missing" : labels.get(r), isMissing, cells(counts.get(r), withheld[r])));
			}
			return new Variable(name, true, rows, List.of(), categoricalTest(counts.subList(0, labels.size()), withheld, warnings));
		}

		Variable continuous(List<String> warnings) {
			List<List<Double>> present = new ArrayList<>();
			for (int c = 0; c < columns.size(); c++) {
				present.add(new ArrayList<>());
			}
			long[] presentCounts = new long[columns.size()];
			long[] missing = new long[columns.size()];
			for (int p = 0; p < values.length; p++) {
				if (values[p] == null) {
					add(missing, columnOf[p]);
				} else {
					present.get(columnOf[p]).add((Double) values[p]);
					add(presentCounts, columnOf[p]);
					if (columns.size() > 1) {
						present.get(columns.size() - 1).add((Double) values[p]);
					}
				}
			}
			boolean[][] withheld = suppress(List.of(presentCounts, missing));
			List<Summary> summaries = new ArrayList<>();
			for (int c = 0; c < columns.size(); c++) {
				summaries.add(withheld[0][c] ? null : Summary.of(present.get(c).stream().mapToDouble(Double::doubleValue).toArray()));
			}
			GroupComparison test = null;
			int groups = columns.size() - 1;
			if (groups >= 2) {
				if (anyTrue(java.util.Arrays.copyOf(withheld[0], groups))) {
					warnings.add("Test of " + name + " withheld: a group's count is withheld (privacy)");
				} else {
					double[][] byGroup = new double[groups][];
					for (int g = 0; g < groups; g++) {
						byGroup[g] = present.get(g).stream().mapToDouble(Double::doubleValue).toArray();
					}
					test = groups == 2 ? RankTests.wilcoxon(byGroup[0], byGroup[1]) : RankTests.kruskalWallis(byGroup);
				}
			}
			return new Variable(name, false, List.of(new Row("missing", true, cells(missing, withheld[1]))), summaries, test);
		}

		private GroupComparison categoricalTest(List<long[]> levelCounts, boolean[][] withheld, List<String> warnings) {
			int groups = columns.size() - 1;
			if (groups < 2 || levelCounts.isEmpty()) {
				return null;
			}
			long[][] table = new long[levelCounts.size()][groups];
			for (int r = 0; r < table.length; r++) {
				for (int g = 0; g < groups; g++) {
					if (withheld[r][g]) {
						warnings.add("Test of " + name + " withheld: it would reveal a withheld count (privacy)");
						return null;
					}
					table[r][g] = levelCounts.get(r)[g];
				}
			}
			if (ContingencyTests.minimumExpected(table) < MIN_EXPECTED_FOR_CHI_SQUARE) {
				GroupComparison fisher = ContingencyTests.fisher(table);
				if (fisher != null) {
					return fisher;
				}
				if (ContingencyTests.chiSquare(table) != null) {
					warnings.add("Test of " + name + ": an expected count is below 5 but the table is too large for "
							+ "Fisher's exact test; the chi-square approximation shown may be poor");
				}
			}
			return ContingencyTests.chiSquare(table);
		}

		/**
		 * Rows × columns of counts plus the columns' sizes, linked by the sums a reader sees: each column's
		 * rows add up to its n, each row's groups add up to its overall count.
		 */
		private boolean[][] suppress(List<long[]> rows) {
			int width = columns.size();
			int cells = rows.size() * width;
			long[] all = new long[cells + width];
			for (int r = 0; r < rows.size(); r++) {
				System.arraycopy(rows.get(r), 0, all, r * width, width);
			}
			for (int c = 0; c < width; c++) {
				all[cells + c] = columns.get(c).n();
			}
			CellSuppression suppression = new CellSuppression(all);
			for (int c = 0; c < width; c++) {
				int[] column = new int[rows.size() + 1];
				for (int r = 0; r < rows.size(); r++) {
					column[r] = r * width + c;
					if (columns.get(c).suppressed()) {
						suppression.withhold(r * width + c);
					}
				}
				column[rows.size()] = cells + c;
				suppression.linked(column);
				if (columns.get(c).suppressed()) {
					suppression.withhold(cells + c);
				}
			}
			if (width > 1) {
				for (int r = 0; r < rows.size(); r++) {
					int[] row = new int[width];
					for (int c = 0; c < width; c++) {
						row[c] = r * width + c;
					}
					suppression.linked(row);
				}
			}
			boolean[] flat = suppression.apply(minCellSize);
			boolean[][] withheld = new boolean[rows.size()][width];
			for (int r = 0; r < rows.size(); r++) {
				System.arraycopy(flat, r * width, withheld[r], 0, width);
			}
			return withheld;
		}

		private List<Cell> cells(long[] counts, boolean[] withheld) {
			List<Cell> cells = new ArrayList<>();
			for (int c = 0; c < counts.length; c++) {
				long n = columns.get(c).n();
				cells.add(new Cell(counts[c], withheld[c], n == 0 ? Double.NaN : 100.0 * counts[c] / n));
			}
			return cells;
		}

		private void add(long[] counts, int column) {
			counts[column]++;
			if (columns.size() > 1) {
				counts[columns.size() - 1]++;
			}
		}
	}

	/** A categorical value as its label; ECOG's grades (doubles) as whole numbers. */
	static String label(Object value) {
		if (value instanceof Double d && d == Math.rint(d)) {
			return Long.toString(d.longValue());
		}
		return value.toString();
	}

	private static long leadingNumber(String label) {
		int end = 0;
		while (end < label.length() && end < 18 && Character.isDigit(label.charAt(end))) {
			end++;
		}
		return end == 0 ? Long.MAX_VALUE : Long.parseLong(label.substring(0, end));
	}

	private static boolean anyTrue(boolean[] flags) {
		for (boolean flag : flags) {
			if (flag) {
				return true;
			}
		}
		return false;
	}

	private static List<String> withheldLabels(List<Column> columns) {
		return columns.stream().filter(Column::suppressed).map(Column::label).toList();
	}
}
