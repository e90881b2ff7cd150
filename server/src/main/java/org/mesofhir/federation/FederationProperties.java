package org.mesofhir.federation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of federated survival ({@code mesofhir.federation.*}): the sites this server calls as a hub, and
 * the rules this server enforces as a site.
 *
 * @param sites the sites a hub asks, in order (a hub may list itself)
 * @param connectTimeout longest wait for a site's (or its issuer's) TCP connection
 * @param roundTimeout longest wait for a site's answer to one step (join or round); past it the site is
 *     {@code timeout}
 * @param minSiteCohort as a site: refuse cohorts with fewer patients
 * @param maxAnalysesPerHubPerHour as a site: analyses (joins) one hub may start in any hour; more get 429
 * @param publishPatientCount as a site: tell the hub the cohort's size when joining
 * @param keyLifetime as a site: how long an analysis's private key is kept in memory after joining
 */
@Validated
@ConfigurationProperties("mesofhir.federation")
public record FederationProperties(
		@DefaultValue({}) List<@Valid Site> sites,
		@DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("60s") @NotNull Duration roundTimeout,
		@DefaultValue("5") @Min(0) int minSiteCohort,
		@DefaultValue("60") @Min(1) int maxAnalysesPerHubPerHour,
		@DefaultValue("false") boolean publishPatientCount,
		@DefaultValue("30m") @NotNull Duration keyLifetime) {

	public FederationProperties {
		sites = sites == null ? List.of() : List.copyOf(sites);
		Set<String> names = new HashSet<>();
		for (Site site : sites) {
			if (!names.add(site.name())) {
				throw new IllegalArgumentException("mesofhir.federation.sites: the name '" + site.name() + "' is used twice");
			}
		}
		if (connectTimeout.isNegative() || connectTimeout.isZero() || roundTimeout.isNegative() || roundTimeout.isZero()) {
			throw new IllegalArgumentException("mesofhir.federation: connect-timeout and round-timeout must be positive");
		}
	}

	/**
	 * One site as the hub sees it.
	 *
	 * @param name how the hub's answers name the site (statuses, audit)
	 * @param baseUrl the site's FHIR base, e.g. {@code https://site-a.example/fhir}
	 * @param tokenUri the site's issuer's token endpoint (OAuth2 client credentials); empty for a site with
	 *     security off (development on loopback): then no token is sent
	 * @param clientId the hub's client at the site's issuer
	 * @param clientSecret its secret
	 */
	public record Site(
			@NotBlank String name,
			@NotBlank String baseUrl,
			@DefaultValue("") String tokenUri,
			@DefaultValue("") String clientId,
			@DefaultValue("") String clientSecret) {

		public Site {
			tokenUri = tokenUri == null ? "" : tokenUri;
			clientId = clientId == null ? "" : clientId;
			clientSecret = clientSecret == null ? "" : clientSecret;
			if (StringUtils.hasText(tokenUri) && (!StringUtils.hasText(clientId) || !StringUtils.hasText(clientSecret))) {
				throw new IllegalArgumentException("mesofhir.federation.sites '" + name + "': a token-uri needs a client-id and a client-secret");
			}
		}

		boolean secured() {
			return StringUtils.hasText(tokenUri);
		}
	}
}
