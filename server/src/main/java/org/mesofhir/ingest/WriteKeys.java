package org.mesofhir.ingest;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a group of lines writes and reads, by the names a transaction uses for them, so that two groups stored at
 * the same time never touch the same resource: {@code writes} are the URLs of its updates and deletes
 * ({@code Patient/123}, {@code Patient?identifier=…}) and the business identifiers of the resources it writes
 * ({@code Patient|system|value}), {@code creates} the same for its conditional creates, {@code reads} the literal
 * references of its resources. A resource named by its id in one line and by its identifier in another is still
 * seen as one, through its identifier.
 */
record WriteKeys(Set<String> writes, Set<String> creates, Set<String> reads) {

	/** No keys: what lines carry when one thread stores (nothing to keep apart). */
	static final WriteKeys NONE = new WriteKeys(Set.of(), Set.of(), Set.of());

	private static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([^\"]+)\"");

	/** The keys of one line: its transaction Bundle, and its JSON text for the references. */
	static WriteKeys of(Bundle bundle, String text) {
		Set<String> writes = new HashSet<>();
		Set<String> creates = new HashSet<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.BundleEntryRequestComponent request = entry.getRequest();
			Bundle.HTTPVerb method = request.getMethod();
			boolean conditionalCreate = method == Bundle.HTTPVerb.POST && request.hasIfNoneExist() && entry.hasResource();
			Set<String> target = conditionalCreate ? creates : writes;
			if (conditionalCreate) {
				creates.add(entry.getResource().fhirType() + "?" + stripSlash(request.getIfNoneExist()));
			} else if (method == Bundle.HTTPVerb.PUT || method == Bundle.HTTPVerb.PATCH || method == Bundle.HTTPVerb.DELETE) {
				writes.add(stripSlash(request.getUrl()));
			}
			if (entry.getResource() != null) {
				for (Identifier identifier : identifiers(entry.getResource())) {
					if (identifier.hasValue()) {
						target.add(entry.getResource().fhirType() + "|" + identifier.getSystem() + "|" + identifier.getValue());
					}
				}
			}
		}
		Set<String> reads = new HashSet<>();
		Matcher references = REFERENCE.matcher(text);
		while (references.find()) {
			String reference = references.group(1);
			if (!reference.startsWith("urn:") && !reference.startsWith("#")) {
				reads.add(stripSlash(reference));
			}
		}
		return new WriteKeys(writes, creates, reads);
	}

	/** The keys of many lines together. */
	static WriteKeys union(Collection<WriteKeys> keys) {
		Set<String> writes = new HashSet<>();
		Set<String> creates = new HashSet<>();
		Set<String> reads = new HashSet<>();
		for (WriteKeys k : keys) {
			writes.addAll(k.writes);
			creates.addAll(k.creates);
			reads.addAll(k.reads);
		}
		return new WriteKeys(writes, creates, reads);
	}

	/**
	 * True when storing both at once could give another result than storing one after the other: one writes what the
	 * other writes, references or creates if absent, or both create the same resource if absent. A conditional create
	 * that is {@code settled} (a group already stored made it) no longer counts: whoever comes next only finds it.
	 */
	boolean clashesWith(WriteKeys other, Set<String> settled) {
		Set<String> mine = unsettled(creates, settled);
		Set<String> theirs = unsettled(other.creates, settled);
		return meet(writes, other.writes) || meet(writes, other.reads) || meet(reads, other.writes)
				|| meet(writes, theirs) || meet(mine, other.writes) || meet(mine, theirs);
	}

	private static Set<String> unsettled(Set<String> creates, Set<String> settled) {
		if (settled.isEmpty() || creates.isEmpty()) {
			return creates;
		}
		Set<String> left = new HashSet<>(creates);
		left.removeAll(settled);
		return left;
	}

	private static List<Identifier> identifiers(Resource resource) {
		Property property = resource.getNamedProperty("identifier");
		if (property == null) {
			return List.of();
		}
		return property.getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast).toList();
	}

	private static boolean meet(Set<String> a, Set<String> b) {
		Set<String> small = a.size() <= b.size() ? a : b;
		Set<String> large = small == a ? b : a;
		return small.stream().anyMatch(large::contains);
	}

	private static String stripSlash(String url) {
		return url.startsWith("/") ? url.substring(1) : url;
	}
}
