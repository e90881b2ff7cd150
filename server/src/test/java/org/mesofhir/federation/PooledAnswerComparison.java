package org.mesofhir.federation;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * Compares a {@code $federated-survival} answer with {@code $survival} on one server holding the union, value
 * by value: the same parameters in the same order, integers, codes and strings equal, decimals within issue
 * #15's bounds (Kaplan–Meier, landmarks, RMST, log-rank 1e-9 relative; the Cox model 1e-6; a concordance the
 * hub labels approximate 1e-3), absolute floors near zero as SPEC §4. The hub's own {@code site} parts are
 * not in the single server's answer and are left out; so are the hub's warnings about the federation.
 */
final class PooledAnswerComparison {

	private PooledAnswerComparison() {}

	/** @return every difference, as "path: single vs pooled"; empty when the answers agree */
	static List<String> differences(Parameters single, Parameters pooled) {
		List<String> differences = new ArrayList<>();
		compare("", single.getParameter(), withoutFederationParts(pooled.getParameter()), false, differences);
		return differences;
	}

	private static List<ParametersParameterComponent> withoutFederationParts(List<ParametersParameterComponent> parts) {
		return parts.stream()
				.filter(p -> !p.getName().equals("site"))
				.filter(p -> !(p.getName().equals("warning") && isFederationWarning(p.getValue().primitiveValue())))
				.toList();
	}

	static boolean isFederationWarning(String text) {
		String lower = text.toLowerCase(java.util.Locale.ROOT);
		return lower.contains("federat") || lower.contains("site") || lower.contains("approximat");
	}

	private static void compare(String path, List<ParametersParameterComponent> single,
			List<ParametersParameterComponent> pooled, boolean cox, List<String> differences) {
		List<String> singleNames = single.stream().map(ParametersParameterComponent::getName).toList();
		List<String> pooledNames = pooled.stream().map(ParametersParameterComponent::getName).toList();
		if (!singleNames.equals(pooledNames)) {
			differences.add(path + ": parts " + singleNames + " vs " + pooledNames);
			return;
		}
		for (int i = 0; i < single.size(); i++) {
			ParametersParameterComponent a = single.get(i);
			ParametersParameterComponent b = pooled.get(i);
			String here = path + "/" + a.getName() + "[" + i + "]";
			boolean inCox = cox || a.getName().equals("cox") || a.getName().equals("coxUnivariable");
			if (a.getValue() != null || b.getValue() != null) {
				compareValue(here, a.getName(), a.getValue(), b.getValue(), inCox, differences);
			}
			compare(here, a.getPart(), b.getPart(), inCox, differences);
		}
	}

	private static void compareValue(String path, String name, Type a, Type b, boolean cox, List<String> differences) {
		if (a == null || b == null) {
			differences.add(path + ": " + a + " vs " + b);
			return;
		}
		if (a instanceof DecimalType da && b instanceof DecimalType db) {
			double x = da.getValueAsNumber().doubleValue();
			double y = db.getValueAsNumber().doubleValue();
			double relative = name.equals("concordance") ? 1e-3 : cox ? 1e-6 : 1e-9;
			double floor = cox ? 1e-10 : 1e-12;
			if (Math.abs(x - y) > Math.max(floor, relative * Math.abs(x))) {
				differences.add(path + ": " + x + " vs " + y);
			}
			return;
		}
		if (!a.fhirType().equals(b.fhirType()) || !String.valueOf(a.primitiveValue()).equals(String.valueOf(b.primitiveValue()))) {
			differences.add(path + ": " + a.fhirType() + " " + a.primitiveValue() + " vs " + b.fhirType() + " " + b.primitiveValue());
		}
	}
}
