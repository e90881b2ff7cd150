package org.mesofhir.characteristics;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.characteristics.TableOneResult.Cell;
import org.mesofhir.characteristics.TableOneResult.Column;
import org.mesofhir.characteristics.TableOneResult.Row;
import org.mesofhir.characteristics.TableOneResult.Variable;
import org.mesofhir.characteristics.stats.GroupComparison;
import org.mesofhir.characteristics.stats.Summary;

/**
 * Table 1 as the {@code Parameters} of {@code $cohort-characteristics} (layout in its OperationDefinition);
 * decimals at full double precision, a withheld count absent and marked {@code suppressed}.
 */
final class TableOneParametersWriter {

	private TableOneParametersWriter() {}

	static Parameters write(TableOneResult result) {
		Parameters parameters = new Parameters();
		if (result.by() != null) {
			parameters.addParameter().setName("by").setValue(new CodeType(result.by()));
		}
		parameters.addParameter().setName("patients").setValue(new IntegerType(result.patients()));
		parameters.addParameter().setName("minCellSize").setValue(new IntegerType(result.minCellSize()));
		for (Map.Entry<String, Integer> excluded : result.excluded().entrySet()) {
			ParametersParameterComponent part = parameters.addParameter().setName("excluded");
			part.addPart().setName("reason").setValue(new CodeType(excluded.getKey()));
			part.addPart().setName("count").setValue(new IntegerType(excluded.getValue()));
		}
		for (Column column : result.columns()) {
			ParametersParameterComponent group = parameters.addParameter().setName("group");
			group.addPart().setName("label").setValue(new StringType(column.label()));
			count(group, "n", column.n(), column.suppressed(), result.minCellSize());
		}
		for (Variable variable : result.variables()) {
			ParametersParameterComponent part = parameters.addParameter().setName("variable");
			part.addPart().setName("name").setValue(new CodeType(variable.name()));
			part.addPart().setName("type").setValue(new CodeType(variable.categorical() ? "categorical" : "continuous"));
			for (Row row : variable.rows()) {
				ParametersParameterComponent level = part.addPart().setName(row.missing() ? "missing" : "level");
				if (!row.missing()) {
					level.addPart().setName("label").setValue(new StringType(row.label()));
				}
				cells(level, row.cells(), result);
			}
			summaries(part, variable.summaries(), result.columns());
			test(part, variable.test());
		}
		for (String warning : result.warnings()) {
			parameters.addParameter().setName("warning").setValue(new StringType(warning));
		}
		return parameters;
	}

	private static void cells(ParametersParameterComponent level, List<Cell> cells, TableOneResult result) {
		for (int c = 0; c < cells.size(); c++) {
			Cell cell = cells.get(c);
			ParametersParameterComponent part = level.addPart().setName("cell");
			part.addPart().setName("group").setValue(new StringType(result.columns().get(c).label()));
			count(part, "count", cell.count(), cell.suppressed(), result.minCellSize());
			if (!cell.suppressed()) {
				decimal(part, "percent", cell.percent());
			}
		}
	}

	private static void count(ParametersParameterComponent parent, String name, long count, boolean suppressed, int minCellSize) {
		if (suppressed) {
			parent.addPart().setName("suppressed").setValue(new BooleanType(true));
			parent.addPart().setName("display").setValue(new StringType(
					new Cell(count, true, Double.NaN).display(minCellSize)));
		} else {
			parent.addPart().setName(name).setValue(new IntegerType(Math.toIntExact(count)));
		}
	}

	private static void summaries(ParametersParameterComponent variable, List<Summary> summaries, List<Column> columns) {
		for (int c = 0; c < summaries.size(); c++) {
			Summary s = summaries.get(c);
			if (s == null) {
				continue;
			}
			ParametersParameterComponent part = variable.addPart().setName("summary");
			part.addPart().setName("group").setValue(new StringType(columns.get(c).label()));
			part.addPart().setName("n").setValue(new IntegerType(s.n()));
			decimal(part, "median", s.median());
			decimal(part, "q1", s.q1());
			decimal(part, "q3", s.q3());
			decimal(part, "min", s.min());
			decimal(part, "max", s.max());
			decimal(part, "mean", s.mean());
			decimal(part, "sd", s.sd());
		}
	}

	private static void test(ParametersParameterComponent variable, GroupComparison test) {
		if (test == null) {
			return;
		}
		ParametersParameterComponent part = variable.addPart().setName("test");
		part.addPart().setName("method").setValue(new CodeType(test.method()));
		decimal(part, "statistic", test.statistic());
		if (test.df() > 0) {
			part.addPart().setName("df").setValue(new IntegerType(test.df()));
		}
		decimal(part, "pValue", test.pValue());
	}

	private static void decimal(ParametersParameterComponent parent, String name, double value) {
		if (Double.isFinite(value)) {
			parent.addPart().setName(name).setValue(new DecimalType(value));
		}
	}
}
