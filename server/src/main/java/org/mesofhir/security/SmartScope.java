package org.mesofhir.security;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART App Launch resource scope, such as {@code patient/Observation.rs} (v2) or
 * {@code user/*.read} (v1), reduced to what it permits: a context, a resource type ({@code *} for all)
 * and the interactions c(reate), r(ead), u(pdate), d(elete), s(earch).
 *
 * <p>v2 scopes with search parameters ({@code patient/Observation.rs?category=laboratory}) are not
 * understood by this server and grant nothing, rather than more than they say.
 */
record SmartScope(Context context, String resourceType, String interactions) {

	enum Context {
		PATIENT, USER, SYSTEM
	}

	private static final Pattern SYNTAX =
			Pattern.compile("(patient|user|system)/([A-Z][A-Za-z]*|\\*)\\.(read|write|\\*|c?r?u?d?s?)");

	static Optional<SmartScope> parse(String scope) {
		Matcher matcher = SYNTAX.matcher(scope);
		if (!matcher.matches() || matcher.group(3).isEmpty()) {
			return Optional.empty();
		}
		Context context = Context.valueOf(matcher.group(1).toUpperCase(java.util.Locale.ROOT));
		String interactions = switch (matcher.group(3)) {
			// SMART v1 equivalents, as App Launch 2.x maps them
			case "read" -> "rs";
			case "write" -> "cud";
			case "*" -> "cruds";
			default -> matcher.group(3);
		};
		return Optional.of(new SmartScope(context, matcher.group(2), interactions));
	}

	boolean allTypes() {
		return resourceType.equals("*");
	}

	boolean permits(char interaction) {
		return interactions.indexOf(interaction) >= 0;
	}
}
