package org.mesofhir;

import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.ActiveProfilesResolver;

/**
 * Profile {@code it} always; plus whatever {@code SPRING_PROFILES_ACTIVE} names, so {@code .ci/run} can
 * run the same tests against PostgreSQL without a second test class.
 */
public class IntegrationTestProfiles implements ActiveProfilesResolver {

	@Override
	public String[] resolve(Class<?> testClass) {
		List<String> profiles = new ArrayList<>(List.of("it"));
		String extra = System.getenv("SPRING_PROFILES_ACTIVE");
		if (extra != null) {
			for (String profile : extra.split(",")) {
				if (!profile.isBlank() && !profiles.contains(profile.trim())) {
					profiles.add(profile.trim());
				}
			}
		}
		return profiles.toArray(String[]::new);
	}
}
