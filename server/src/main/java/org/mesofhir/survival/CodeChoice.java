package org.mesofhir.survival;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses a coded parameter value, or fails with a 400 naming the parameter and the allowed codes. */
final class CodeChoice {

	private CodeChoice() {}

	static <E extends Enum<E>> E parse(String parameter, String value, Class<E> type, Function<E, String> code) {
		for (E constant : type.getEnumConstants()) {
			if (code.apply(constant).equals(value)) {
				return constant;
			}
		}
		throw BadParameter.of(parameter, "unknown value '" + value + "'; allowed: "
				+ Arrays.stream(type.getEnumConstants()).map(code).collect(Collectors.joining(", ")));
	}
}
