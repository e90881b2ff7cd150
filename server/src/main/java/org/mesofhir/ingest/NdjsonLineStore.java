package org.mesofhir.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.mesofhir.fhir.BundleJsonShape;
import org.mesofhir.fhir.CharacterCheck;
import org.mesofhir.fhir.TransactionBundleChecks;
import org.mesofhir.profiles.ProfileValidationInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Stores NDJSON lines, each all or nothing, in two steps. {@link #prepare} runs on any thread, many at once: it
 * parses a line, runs the checks a REST write gets (characters, Bundle rules, profile validation) and turns it
 * into a transaction Bundle: a transaction line as it is, any other resource as one entry, updated under its id
 * when it has one (so a re-import of the same file leaves one copy) or created when it has none.
 * {@link #storeTogether} then stores prepared lines in one database transaction without validating them again;
 * {@link #storeAlone} stores one line from its text, as a REST transaction would. Every write goes through the
 * storage interceptors, the analysis records included.
 */
@Component
class NdjsonLineStore {

	private final FhirContext fhirContext;
	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final TransactionBundleChecks bundleChecks;
	private final BundleJsonShape bundleShape;
	private final Optional<ProfileValidationInterceptor> validation;
	private final SiteAssignment sites;

	NdjsonLineStore(FhirContext fhirContext, IFhirSystemDao<Bundle, ?> systemDao, TransactionBundleChecks bundleChecks,
			BundleJsonShape bundleShape, ObjectProvider<ProfileValidationInterceptor> validation, SiteAssignment sites) {
		this.fhirContext = fhirContext;
		this.systemDao = systemDao;
		this.bundleChecks = bundleChecks;
		this.bundleShape = bundleShape;
		this.validation = Optional.ofNullable(validation.getIfAvailable());
		this.sites = sites;
	}

	/**
	 * A line ready to store: its transaction Bundle (validated when validation is on), how many resources it writes,
	 * and what it writes and reads (so that lines stored at the same time never touch the same resource).
	 */
	record PreparedLine(long number, String text, Bundle bundle, int resources, WriteKeys keys) {

		/** True when the line deletes: such a line is stored alone (a transaction runs its deletes before its writes). */
		boolean deletes() {
			return bundle.getEntry().stream().anyMatch(e -> e.getRequest().getMethod() == Bundle.HTTPVerb.DELETE);
		}
	}

	/**
	 * Parses, checks and validates a line; throws with the reason (naming the element) when it cannot be stored.
	 * {@code withKeys}: also say what it writes and reads, which only storing on several threads needs.
	 */
	PreparedLine prepare(long number, String text, boolean withKeys, String site) {
		if (text.contains("\"Bundle\"")) { // a Bundle's own structure, read as a REST transaction's is
			bundleShape.refuseIfBroken(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		IBaseResource resource = parse(text);
		Bundle bundle = asTransaction(resource);
		if (bundle == resource) {
			CharacterCheck.checkEntries(bundle);
			bundleChecks.check(bundle);
			sites.apply(bundle, site);
			validation.ifPresent(v -> v.validateAhead(bundle));
		} else {
			CharacterCheck.check(resource);
			sites.apply(resource, site);
			validation.ifPresent(v -> v.validateAhead(resource));
		}
		WriteKeys keys = withKeys ? WriteKeys.of(bundle, text) : WriteKeys.NONE;
		return new PreparedLine(number, text, bundle, resourceCount(bundle), keys);
	}

	/** Stores prepared lines in one database transaction: all of them or, on any error, none. */
	void storeTogether(List<PreparedLine> lines) {
		if (lines.size() == 1) {
			systemDao.transaction(new SystemRequestDetails(), lines.get(0).bundle());
			return;
		}
		Bundle together = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Map<String, String> conditionalCreates = new HashMap<>();
		for (PreparedLine line : lines) {
			Map<String, String> merged = new HashMap<>();
			for (Bundle.BundleEntryComponent entry : line.bundle().getEntry()) {
				String kept = sameConditionalCreate(conditionalCreates, entry);
				if (kept == null) {
					together.getEntry().add(entry);
				} else {
					merged.put(entry.getFullUrl(), kept);
				}
			}
			if (!merged.isEmpty()) {
				pointReferences(line.bundle(), merged);
			}
		}
		systemDao.transaction(new SystemRequestDetails(), together);
	}

	/**
	 * Every line of a site may create its Organization if absent; in one transaction these are one create. HAPI
	 * merges such duplicates itself, but by walking every entry of the transaction for each one, which grows with the
	 * square of the lines stored together (7 % of the storage thread's time at 20 lines, by JFR). Merged here, a
	 * line at a time: returns the fullUrl of the same conditional create earlier in the transaction, or null.
	 */
	private static String sameConditionalCreate(Map<String, String> conditionalCreates, Bundle.BundleEntryComponent entry) {
		Bundle.BundleEntryRequestComponent request = entry.getRequest();
		if (request.getMethod() != Bundle.HTTPVerb.POST || !request.hasIfNoneExist() || !entry.hasFullUrl() || !entry.hasResource()) {
			return null;
		}
		String key = entry.getResource().fhirType() + "?" + request.getIfNoneExist();
		return conditionalCreates.putIfAbsent(key, entry.getFullUrl());
	}

	/** Points the line's references to merged entries at the entries they were merged into. */
	private void pointReferences(Bundle line, Map<String, String> merged) {
		FhirTerser terser = fhirContext.newTerser();
		for (Bundle.BundleEntryComponent entry : line.getEntry()) {
			if (entry.hasResource()) {
				for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
					String target = merged.get(reference.getReference());
					if (target != null) {
						reference.setReference(target);
					}
				}
			}
		}
	}

	/** Stores one line from its text in its own database transaction; returns how many resources it wrote. */
	int storeAlone(String text, String site) {
		Bundle bundle = asTransaction(parse(text));
		sites.apply(bundle, site);
		systemDao.transaction(new SystemRequestDetails(), bundle);
		return resourceCount(bundle);
	}

	private IBaseResource parse(String text) {
		try {
			// a parser per line: HAPI's parsers are not thread-safe
			return fhirContext.newJsonParser().parseResource(text);
		} catch (DataFormatException e) {
			throw new InvalidRequestException("not a FHIR JSON resource: " + e.getMessage());
		}
	}

	/**
	 * The line as a transaction: a transaction Bundle as it is (any other Bundle refused), any other resource as the
	 * one entry of a new one.
	 */
	private static Bundle asTransaction(IBaseResource line) {
		if (line instanceof Bundle lineBundle) {
			if (lineBundle.getType() != Bundle.BundleType.TRANSACTION) {
				throw new InvalidRequestException("a Bundle line must be a transaction (type " + lineBundle.getType()
						+ " would store some entries and not others)");
			}
			return lineBundle;
		}
		Resource resource = (Resource) line;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
		if (resource.getIdElement().hasIdPart()) {
			String id = resource.getIdElement().getIdPart();
			entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + id);
		} else {
			entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
		}
		return bundle;
	}

	private static int resourceCount(Bundle bundle) {
		return (int) bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).count();
	}
}
