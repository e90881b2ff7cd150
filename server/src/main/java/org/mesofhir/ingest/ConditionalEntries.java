package org.mesofhir.ingest;

import ca.uhn.fhir.util.UrlUtil;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * Entries of an idempotent transaction Bundle, the way an EHR interface must build them so that sending
 * the same Bundle twice leaves one copy and a corrected value replaces the old one: every resource carries
 * a business identifier (system + value), and is written with a conditional update
 * ({@code PUT Patient?identifier=system|value}) that finds it by that identifier. References between
 * entries use their {@code urn:uuid:} full URLs; the server points them at the matched or created ids.
 */
public final class ConditionalEntries {

	private ConditionalEntries() {}

	/** Adds {@code PUT Type?identifier=system|value} for the resource's first identifier; returns its urn:uuid. */
	public static String put(Bundle bundle, Resource resource, Identifier identifier) {
		String fullUrl = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(matchUrl(resource.fhirType(), identifier.getSystem(), identifier.getValue()));
		return fullUrl;
	}

	/**
	 * Adds {@code POST Type} with {@code ifNoneExist identifier=system|value}: created once, never changed by
	 * later Bundles (for shared resources such as a site Organization, which a site's own feed maintains).
	 */
	public static String createIfAbsent(Bundle bundle, Resource resource, Identifier identifier) {
		String fullUrl = "urn:uuid:" + UUID.randomUUID();
		bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
				.setMethod(Bundle.HTTPVerb.POST)
				.setUrl(resource.fhirType())
				.setIfNoneExist(query(identifier.getSystem(), identifier.getValue()));
		return fullUrl;
	}

	/** Adds {@code DELETE Type?identifier=system|value}: removes what an earlier Bundle stored and this one no longer holds. */
	public static void deleteIfPresent(Bundle bundle, String type, String system, String value) {
		bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(matchUrl(type, system, value));
	}

	static String matchUrl(String type, String system, String value) {
		return type + "?" + query(system, value);
	}

	private static String query(String system, String value) {
		return "identifier=" + UrlUtil.escapeUrlParam(system + "|" + value);
	}
}
