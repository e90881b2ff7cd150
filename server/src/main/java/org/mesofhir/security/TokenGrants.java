package org.mesofhir.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What a validated access token grants: its scopes, read from the {@code scope} claim (a space-separated
 * string, as Keycloak writes it) or {@code scp} (a list), and the SMART {@code patient} launch context.
 */
record TokenGrants(Set<String> scopes, Optional<String> patient) {

	/** Aggregate analyses ({@code $survival}) without any patient-level read. */
	static final String SURVIVAL_SCOPE = "mesofhir/survival.read";
	/** A federation hub asking this server, as a site, for one round's masked aggregates ({@code $survival-aggregates}) only. */
	static final String FEDERATION_SCOPE = "mesofhir/federation";
	/** Administrative operations such as {@code $rebuild-analysis-records}. */
	static final String ADMIN_SCOPE = "mesofhir/admin";

	static TokenGrants of(Jwt jwt) {
		Object scope = jwt.getClaims().getOrDefault("scope", jwt.getClaims().get("scp"));
		Set<String> scopes = Set.of();
		if (scope instanceof String text) {
			scopes = Arrays.stream(text.split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
		} else if (scope instanceof Collection<?> list) {
			scopes = list.stream().map(String::valueOf).collect(Collectors.toSet());
		}
		return new TokenGrants(scopes, Optional.ofNullable(jwt.getClaimAsString("patient"))
				.map(TokenGrants::patientId)
				.filter(id -> !id.isBlank()));
	}

	/** A {@code patient} claim may be the bare id (SMART) or a reference {@code Patient/123}. */
	private static String patientId(String claim) {
		return claim.startsWith("Patient/") ? claim.substring("Patient/".length()) : claim;
	}

	/**
	 * The resource scopes that can take effect: {@code patient/} scopes need a {@code patient} claim to
	 * know whose compartment they open; without it they grant nothing.
	 */
	List<SmartScope> resourceScopes() {
		return scopes.stream()
				.map(SmartScope::parse)
				.flatMap(Optional::stream)
				.filter(scope -> scope.context() != SmartScope.Context.PATIENT || patient.isPresent())
				.sorted(java.util.Comparator.comparing(SmartScope::toString))
				.toList();
	}

	boolean has(String scope) {
		return scopes.contains(scope);
	}
}
