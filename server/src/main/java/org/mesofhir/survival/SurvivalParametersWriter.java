package org.mesofhir.survival;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.survival.SurvivalResult.Stratum;
import org.mesofhir.survival.stats.ChiSquareTest;
import org.mesofhir.survival.stats.CoxFit;
import org.mesofhir.survival.stats.CoxTerm;
import org.mesofhir.survival.stats.KaplanMeierRow;
import org.mesofhir.survival.stats.LandmarkSurvival;
import org.mesofhir.survival.stats.LogRankGroup;
import org.mesofhir.survival.stats.SurvivalQuantile;

/**
 * Writes a {@link SurvivalResult} in exactly the Parameters layout of SPEC §4. Decimals carry the full
 * double (shortest exact decimal form); a value R reports as NA (NaN here) or an infinite one is absent.
 */
final class SurvivalParametersWriter {

	private SurvivalParametersWriter() {}

	static Parameters write(SurvivalResult result) {
		SurvivalRequest request = result.request();
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("endpoint").setValue(new CodeType(request.endpoint().name()));
		parameters.addParameter().setName("origin").setValue(new CodeType(request.origin().code));
		parameters.addParameter().setName("timeUnit").setValue(new CodeType(request.timeUnit().code));
		parameters.addParameter().setName("patients").setValue(new IntegerType(result.patients()));
		parameters.addParameter().setName("events").setValue(new IntegerType(result.events()));
		excluded(result.exclusions(), () -> parameters.addParameter().setName("excluded"));
		for (Stratum stratum : result.strata()) {
			writeStratum(parameters.addParameter().setName("stratum"), stratum);
		}
		if (result.followUp() != null) {
			ParametersParameterComponent followUp = parameters.addParameter().setName("followUp");
			integer(followUp, "n", result.followUp().n());
			decimal(followUp, "median", result.followUp().median().time());
			decimal(followUp, "medianLower", result.followUp().median().lower());
			decimal(followUp, "medianUpper", result.followUp().median().upper());
		}
		if (result.logRank() != null) {
			ParametersParameterComponent logRank = parameters.addParameter().setName("logRank");
			decimal(logRank, "chiSquare", result.logRank().result().chiSquare());
			integer(logRank, "df", result.logRank().result().df());
			decimal(logRank, "pValue", result.logRank().result().pValue());
			for (LogRankGroup group : result.logRank().result().groups()) {
				ParametersParameterComponent part = logRank.addPart().setName("group");
				string(part, "label", result.logRank().labels().get(group.group()));
				integer(part, "observed", group.observed());
				decimal(part, "expected", group.expected());
			}
		}
		if (result.cox() != null) {
			writeCox(parameters.addParameter().setName("cox"), result.cox());
		}
		for (SurvivalResult.Univariable model : result.univariable()) {
			ParametersParameterComponent part = parameters.addParameter().setName("coxUnivariable");
			code(part, "covariate", model.covariate());
			if (model.cox() != null) {
				writeCox(part, model.cox());
			}
		}
		for (String warning : result.warnings()) {
			parameters.addParameter().setName("warning").setValue(new StringType(warning));
		}
		return parameters;
	}

	private static void writeStratum(ParametersParameterComponent stratum, Stratum s) {
		string(stratum, "label", s.label());
		integer(stratum, "n", s.fit().n());
		integer(stratum, "events", s.fit().events());
		SurvivalQuantile median = s.fit().median();
		decimal(stratum, "median", median.time());
		decimal(stratum, "medianLower", median.lower());
		decimal(stratum, "medianUpper", median.upper());
		if (s.followUp() != null) {
			decimal(stratum, "followUpMedian", s.followUp().time());
			decimal(stratum, "followUpMedianLower", s.followUp().lower());
			decimal(stratum, "followUpMedianUpper", s.followUp().upper());
		}
		if (s.restrictedMean() != null) {
			decimal(stratum, "rmst", s.restrictedMean().estimate());
			decimal(stratum, "rmstStdErr", s.restrictedMean().stdErr());
		}
		for (LandmarkSurvival landmark : s.landmarks()) {
			ParametersParameterComponent part = stratum.addPart().setName("landmark");
			decimal(part, "time", landmark.time());
			decimal(part, "survival", landmark.survival());
			decimal(part, "stdErr", landmark.stdErr());
			decimal(part, "lower", landmark.lower());
			decimal(part, "upper", landmark.upper());
			integer(part, "atRisk", landmark.atRisk());
		}
		for (KaplanMeierRow row : s.fit().rows()) {
			ParametersParameterComponent part = stratum.addPart().setName("row");
			decimal(part, "time", row.time());
			integer(part, "atRisk", row.atRisk());
			integer(part, "events", row.events());
			integer(part, "censored", row.censored());
			decimal(part, "survival", row.survival());
			decimal(part, "stdErr", row.stdErr());
			decimal(part, "lower", row.lower());
			decimal(part, "upper", row.upper());
		}
	}

	/** One {@code excluded} (reason, count) per entry, each made by {@code next}. */
	private static void excluded(Map<String, Integer> exclusions, Supplier<ParametersParameterComponent> next) {
		for (Map.Entry<String, Integer> exclusion : exclusions.entrySet()) {
			ParametersParameterComponent excluded = next.get();
			code(excluded, "reason", exclusion.getKey());
			integer(excluded, "count", exclusion.getValue());
		}
	}

	private static void writeCox(ParametersParameterComponent cox, SurvivalResult.Cox model) {
		CoxFit fit = model.fit();
		List<String> names = model.termNames();
		code(cox, "ties", fit.ties().code());
		integer(cox, "n", fit.n());
		integer(cox, "events", fit.events());
		excluded(model.excluded(), () -> cox.addPart().setName("excluded"));
		for (int j = 0; j < fit.terms().size(); j++) {
			CoxTerm term = fit.terms().get(j);
			ParametersParameterComponent part = cox.addPart().setName("term");
			string(part, "name", names.get(j));
			decimal(part, "coefficient", term.coefficient());
			decimal(part, "hazardRatio", term.hazardRatio());
			decimal(part, "stdErr", term.stdErr());
			decimal(part, "z", term.z());
			decimal(part, "pValue", term.pValue());
			decimal(part, "lower", term.lower());
			decimal(part, "upper", term.upper());
		}
		test(cox, "likelihoodRatio", fit.likelihoodRatio());
		test(cox, "wald", fit.wald());
		test(cox, "score", fit.score());
		decimal(cox, "concordance", fit.concordance());
	}

	private static void test(ParametersParameterComponent parent, String name, ChiSquareTest test) {
		ParametersParameterComponent part = parent.addPart().setName(name);
		decimal(part, "chiSquare", test.chiSquare());
		integer(part, "df", test.df());
		decimal(part, "pValue", test.pValue());
	}

	private static void decimal(ParametersParameterComponent parent, String name, double value) {
		if (Double.isFinite(value)) {
			parent.addPart().setName(name).setValue(new DecimalType(value));
		}
	}

	private static void integer(ParametersParameterComponent parent, String name, int value) {
		parent.addPart().setName(name).setValue(new IntegerType(value));
	}

	private static void string(ParametersParameterComponent parent, String name, String value) {
		parent.addPart().setName(name).setValue(new StringType(value));
	}

	private static void code(ParametersParameterComponent parent, String name, String value) {
		parent.addPart().setName(name).setValue(new CodeType(value));
	}
}
