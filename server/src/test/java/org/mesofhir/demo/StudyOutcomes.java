package org.mesofhir.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * What the demo cohort must show, read from two {@code $survival} results (issue #14): by treatment
 * (months), CRS+HIPEC median OS 40–49 months, chemotherapy 11–13, log-rank p &lt; 0.001; in a Cox model on
 * age, PCI band and completeness of cytoreduction, PCI &gt; 20 ({@code pci-band=21-39}) and CC-2/3 each with
 * HR &gt; 1 and p &lt; 0.05. NaN stands for a number the result does not hold.
 */
public record StudyOutcomes(
		int patients,
		int crsHipecPatients,
		double crsHipecMedian,
		int chemotherapyPatients,
		double chemotherapyMedian,
		double logRankP,
		int coxPatients,
		int coxEvents,
		double highPciHazardRatio,
		double highPciP,
		double incompleteHazardRatio,
		double incompleteP) {

	public static final String HIGH_PCI_TERM = "pci-band=21-39";
	public static final String INCOMPLETE_TERM = "cc-complete=CC-2/3";

	/** The first analysis: {@code stratify=treatment&timeUnit=month}. */
	public static Parameters byTreatment() {
		return new Parameters()
				.addParameter("stratify", new CodeType("treatment"))
				.addParameter("timeUnit", new CodeType("month"));
	}

	/** The second: {@code covariate=age&covariate=pci-band&covariate=cc-complete&timeUnit=month}. */
	public static Parameters coxModel() {
		return new Parameters()
				.addParameter("covariate", new CodeType("age"))
				.addParameter("covariate", new CodeType("pci-band"))
				.addParameter("covariate", new CodeType("cc-complete"))
				.addParameter("timeUnit", new CodeType("month"));
	}

	public static StudyOutcomes of(Parameters byTreatment, Parameters coxModel) {
		ParametersParameterComponent crsHipec = stratum(byTreatment, "crs-hipec");
		ParametersParameterComponent chemotherapy = stratum(byTreatment, "chemotherapy");
		ParametersParameterComponent logRank = byTreatment.getParameter("logRank");
		ParametersParameterComponent cox = coxModel.getParameter("cox");
		ParametersParameterComponent highPci = term(cox, HIGH_PCI_TERM);
		ParametersParameterComponent incomplete = term(cox, INCOMPLETE_TERM);
		return new StudyOutcomes(
				integer(byTreatment.getParameter("patients") == null ? null : byTreatment.getParameter("patients").getValue()),
				integer(part(crsHipec, "n")), decimal(part(crsHipec, "median")),
				integer(part(chemotherapy, "n")), decimal(part(chemotherapy, "median")),
				decimal(part(logRank, "pValue")),
				integer(part(cox, "n")), integer(part(cox, "events")),
				decimal(part(highPci, "hazardRatio")), decimal(part(highPci, "pValue")),
				decimal(part(incomplete, "hazardRatio")), decimal(part(incomplete, "pValue")));
	}

	/** The criteria not met, each saying why; empty when the cohort shows the study's result. */
	public List<String> unmet() {
		List<String> unmet = new ArrayList<>();
		if (!(crsHipecMedian >= 40 && crsHipecMedian <= 49)) {
			unmet.add("CRS+HIPEC median OS " + crsHipecMedian + " months, not within 40–49");
		}
		if (!(chemotherapyMedian >= 11 && chemotherapyMedian <= 13)) {
			unmet.add("chemotherapy median OS " + chemotherapyMedian + " months, not within 11–13");
		}
		if (!(logRankP < 0.001)) {
			unmet.add("log-rank p " + logRankP + ", not < 0.001");
		}
		if (!(highPciHazardRatio > 1 && highPciP < 0.05)) {
			unmet.add(HIGH_PCI_TERM + " HR " + highPciHazardRatio + " p " + highPciP + ", not HR > 1 with p < 0.05");
		}
		if (!(incompleteHazardRatio > 1 && incompleteP < 0.05)) {
			unmet.add(INCOMPLETE_TERM + " HR " + incompleteHazardRatio + " p " + incompleteP + ", not HR > 1 with p < 0.05");
		}
		return unmet;
	}

	/** One line of a Markdown table: | label | CRS+HIPEC n, median | chemo n, median | log-rank p | Cox n/events | HR (p) | HR (p) | met |. */
	public String tableRow(String label) {
		return String.format(Locale.ROOT, "| %s | %d | %.1f (n=%d) | %.1f (n=%d) | %.1e | %d/%d | %.2f (p=%.4f) | %.2f (p=%.4f) | %s |",
				label, patients, crsHipecMedian, crsHipecPatients, chemotherapyMedian, chemotherapyPatients, logRankP,
				coxPatients, coxEvents, highPciHazardRatio, highPciP, incompleteHazardRatio, incompleteP,
				unmet().isEmpty() ? "yes" : "NO");
	}

	public static final String TABLE_HEADER = "| seed | patients | CRS+HIPEC median OS, months | chemotherapy median OS | log-rank p"
			+ " | Cox n/events | PCI 21-39 HR | CC-2/3 HR | all met |\n|---|---|---|---|---|---|---|---|---|";

	private static ParametersParameterComponent stratum(Parameters result, String label) {
		return result.getParameter().stream()
				.filter(p -> p.getName().equals("stratum") && label.equals(string(part(p, "label"))))
				.findFirst().orElse(null);
	}

	private static ParametersParameterComponent term(ParametersParameterComponent cox, String name) {
		return cox == null ? null : cox.getPart().stream()
				.filter(p -> p.getName().equals("term") && name.equals(string(part(p, "name"))))
				.findFirst().orElse(null);
	}

	private static Type part(ParametersParameterComponent parameter, String name) {
		return parameter == null ? null : parameter.getPart().stream()
				.filter(p -> p.getName().equals(name)).findFirst().map(ParametersParameterComponent::getValue).orElse(null);
	}

	private static double decimal(Type value) {
		return value instanceof DecimalType decimal && decimal.getValue() != null ? decimal.getValue().doubleValue() : Double.NaN;
	}

	private static int integer(Type value) {
		return value instanceof IntegerType integer && integer.getValue() != null ? integer.getValue() : -1;
	}

	private static String string(Type value) {
		return value instanceof StringType string ? string.getValue() : null;
	}
}
