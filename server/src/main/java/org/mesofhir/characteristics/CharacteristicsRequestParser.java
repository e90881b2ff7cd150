package org.mesofhir.characteristics;

import java.util.ArrayList;
import java.util.List;
import org.mesofhir.survival.BadParameter;
import org.mesofhir.survival.BaselineVariables;

/**
 * Turns the raw {@code $cohort-characteristics} parameters into a {@link CharacteristicsRequest}: {@code by}
 * is a stratification variable of {@code $survival}; {@code variable} may repeat or list names separated
 * by commas, and defaults to every covariate but {@code by}.
 */
final class CharacteristicsRequestParser {

	private CharacteristicsRequestParser() {}

	static CharacteristicsRequest parse(String by, List<String> variables, String pciCutoffs) {
		String grouping = null;
		if (by != null && !by.isBlank()) {
			grouping = BaselineVariables.checkName("by", by.trim());
			if (!BaselineVariables.categorical(grouping)) {
				throw BadParameter.of("by", "'" + grouping + "' is numeric; group by a categorical covariate: "
						+ String.join(", ", BaselineVariables.NAMES.stream().filter(BaselineVariables::categorical).toList()));
			}
		}
		List<String> names = new ArrayList<>();
		for (String value : variables) {
			if (value == null) {
				continue;
			}
			for (String name : value.split(",")) {
				if (!name.isBlank()) {
					String checked = BaselineVariables.checkName("variable", name.trim());
					if (!names.contains(checked)) {
						names.add(checked);
					}
				}
			}
		}
		if (names.isEmpty()) {
			for (String name : BaselineVariables.NAMES) {
				if (!name.equals(grouping)) {
					names.add(name);
				}
			}
		}
		return new CharacteristicsRequest(grouping, List.copyOf(names), BaselineVariables.pciCutoffs(pciCutoffs));
	}
}
