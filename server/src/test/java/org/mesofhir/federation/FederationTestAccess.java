package org.mesofhir.federation;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.util.List;
import org.mesofhir.survival.SiteFederation;

/** For tests in other packages: a hub of one site, joined once. */
public final class FederationTestAccess {

	private FederationTestAccess() {}

	public static SiteFederation.SiteStatus join(FhirContext fhir, String name, String baseUrl, String tokenUri, String clientId,
			String clientSecret) {
		HttpSiteFederation hub = new HttpSiteFederation(fhir, new FederationProperties(
				List.of(new FederationProperties.Site(name, baseUrl, tokenUri, clientId, clientSecret)),
				Duration.ofSeconds(5), Duration.ofSeconds(30), 5, 60, false, Duration.ofMinutes(30)));
		try {
			return hub.open(null, List.of(name), "keycloak-it").statuses().get(0);
		} finally {
			hub.stop();
		}
	}
}
