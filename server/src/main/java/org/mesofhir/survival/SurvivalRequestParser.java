package org.mesofhir.survival;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.survival.stats.ConfidenceType;
import org.mesofhir.survival.stats.Ties;

/** Turns the raw {@code $survival} parameters into a {@link SurvivalRequest}, applying the defaults of SPEC §4. */
final class SurvivalRequestParser {

	private SurvivalRequestParser() {}

	static SurvivalRequest parse(
			CodeType endpoint,
			CodeType origin,
			CodeType stratify,
			List<CodeType> covariates,
			CodeType timeUnit,
			List<DecimalType> at,
			DecimalType tau,
			CodeType confType,
			DecimalType confLevel,
			CodeType ties,
			DateType cutoff,
			StringType pciCutoffs) {
		Endpoint parsedEndpoint = CodeChoice.parse("endpoint", text(endpoint, "OS"), Endpoint.class, Enum::name);
		Origin parsedOrigin = CodeChoice.parse("origin", text(origin, "diagnosis"), Origin.class, o -> o.code);
		Covariate strata = null;
		if (stratify != null && stratify.hasValue()) {
			strata = CodeChoice.parse("stratify", stratify.getValue(), Covariate.class, c -> c.code);
			if (!strata.categorical) {
				throw BadParameter.of("stratify", "'" + strata.code + "' is numeric; stratify by a categorical covariate: "
						+ "sex, pci-band, cc, cc-complete, histology, treatment, site");
			}
		}
		List<Covariate> terms = new ArrayList<>();
		for (CodeType covariate : covariates == null ? List.<CodeType>of() : covariates) {
			if (covariate != null && covariate.hasValue()) {
				for (String name : covariate.getValue().split(",")) {
					Covariate term = CodeChoice.parse("covariate", name.trim(), Covariate.class, c -> c.code);
					if (!terms.contains(term)) {
						terms.add(term);
					}
				}
			}
		}
		TimeUnit unit = CodeChoice.parse("timeUnit", text(timeUnit, "month"), TimeUnit.class, u -> u.code);
		double[] landmarks = (at == null ? List.<DecimalType>of() : at).stream()
				.filter(d -> d != null && d.getValue() != null)
				.mapToDouble(d -> nonNegative("at", d.getValue()))
				.sorted().toArray();
		Double horizon = tau == null || tau.getValue() == null ? null : positive("tau", tau.getValue());
		ConfidenceType conf = CodeChoice.parse("confType", text(confType, "log"), ConfidenceType.class, ConfidenceType::code);
		double level = confLevel == null || confLevel.getValue() == null ? 0.95 : confLevel.getValue().doubleValue();
		if (!(level > 0 && level < 1)) {
			throw BadParameter.of("confLevel", "must be strictly between 0 and 1 (e.g. 0.95), got " + confLevel.getValueAsString());
		}
		Ties tieMethod = CodeChoice.parse("ties", text(ties, "efron"), Ties.class, Ties::code);
		LocalDate cut = null;
		if (cutoff != null && cutoff.hasValue()) {
			if (cutoff.getPrecision() != TemporalPrecisionEnum.DAY) {
				throw BadParameter.of("cutoff", "must be a full date YYYY-MM-DD, got '" + cutoff.getValueAsString() + "'");
			}
			cut = LocalDate.parse(cutoff.getValueAsString());
		}
		return new SurvivalRequest(parsedEndpoint, parsedOrigin, strata, List.copyOf(terms), unit, landmarks, horizon,
				conf, level, tieMethod, cut, pciCutoffs(text(pciCutoffs, "10,20")));
	}

	/**
	 * {@code coxTable}: {@code multivariable} (the default: one model of every covariate) or
	 * {@code univariable} (that model and one per covariate beside it).
	 */
	static boolean univariableCox(CodeType coxTable) {
		String value = text(coxTable, "multivariable");
		return switch (value) {
			case "multivariable" -> false;
			case "univariable" -> true;
			default -> throw BadParameter.of("coxTable", "must be multivariable or univariable, got '" + value + "'");
		};
	}

	/** {@code followUp}: {@code true} adds the median follow-up (reverse Kaplan–Meier); {@code false} is the default. */
	static boolean followUp(CodeType followUp) {
		return trueOrFalse("followUp", text(followUp, "false"));
	}

	/** A true/false parameter's value; anything else is a 400 naming the parameter. */
	static boolean trueOrFalse(String parameter, String value) {
		return switch (value) {
			case "false" -> false;
			case "true" -> true;
			default -> throw BadParameter.of(parameter, "must be true or false, got '" + value + "'");
		};
	}

	static int[] pciCutoffs(String text) {
		String[] parts = text.split(",");
		int[] bounds = new int[parts.length];
		int previous = -1;
		for (int i = 0; i < parts.length; i++) {
			try {
				bounds[i] = Integer.parseInt(parts[i].trim());
			} catch (NumberFormatException e) {
				throw BadParameter.of("pciCutoffs", "must be ascending whole numbers between 0 and 38, comma-separated"
						+ " (e.g. 10,20), got '" + text + "'");
			}
			if (bounds[i] <= previous || bounds[i] < 0 || bounds[i] > 38) {
				throw BadParameter.of("pciCutoffs", "must be ascending whole numbers between 0 and 38, comma-separated"
						+ " (e.g. 10,20), got '" + text + "'");
			}
			previous = bounds[i];
		}
		return bounds;
	}

	private static String text(org.hl7.fhir.r4.model.PrimitiveType<String> value, String fallback) {
		return value == null || !value.hasValue() || value.getValue().isBlank() ? fallback : value.getValue().trim();
	}

	private static double nonNegative(String parameter, BigDecimal value) {
		if (value.signum() < 0) {
			throw BadParameter.of(parameter, "must be a time >= 0 in the request's timeUnit, got " + value);
		}
		return value.doubleValue();
	}

	private static double positive(String parameter, BigDecimal value) {
		if (value.signum() <= 0) {
			throw BadParameter.of(parameter, "must be a time > 0 in the request's timeUnit, got " + value);
		}
		return value.doubleValue();
	}
}
