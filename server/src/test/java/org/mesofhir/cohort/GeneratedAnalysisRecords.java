package org.mesofhir.cohort;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The analysis records the server would keep for generated patient Bundles, derived by its own code
 * (FHIR resources → clinical facts → records) without storing anything: for benchmarks and for tests that
 * need many cohorts. Resources get numeric ids as HAPI assigns them; a site code keeps one Organization.
 */
public final class GeneratedAnalysisRecords {

	private final FhirContext fhir = FhirContext.forR4Cached();
	private final Map<String, String> siteIds = new HashMap<>();
	private int nextId = 1;

	/** The record of the patient in {@code bundle} (one patient's transaction, as the demo generator makes them). */
	public AnalysisRecord record(Bundle bundle) {
		Map<String, String> ids = new HashMap<>();
		List<ClinicalFact> facts = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			String type = resource.fhirType();
			String id = resource instanceof Organization site
					? siteIds.computeIfAbsent(site.getIdentifierFirstRep().getValue(), code -> "site-" + code)
					: String.valueOf(nextId++);
			ids.put(entry.getFullUrl(), type + "/" + id);
			resource.setId(type + "/" + id);
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
				if (ids.containsKey(reference.getReference())) {
					reference.setReference(ids.get(reference.getReference()));
				}
			}
			facts.addAll(ClinicalFactExtractor.factsOf(entry.getResource()));
		}
		Map<String, String> sites = new HashMap<>();
		facts.stream().filter(f -> f.kind() == ClinicalFact.Kind.SITE).forEach(f -> sites.put(f.resourceId(), f.code()));
		String patientId = facts.stream().filter(f -> f.kind() == ClinicalFact.Kind.PATIENT).findFirst().orElseThrow().patientId();
		return AnalysisRecordBuilder.build(patientId, facts.stream().filter(f -> patientId.equals(f.patientId())).toList(), sites);
	}

	/** The records of every bundle, in order. */
	public static List<AnalysisRecord> of(List<Bundle> bundles) {
		GeneratedAnalysisRecords generated = new GeneratedAnalysisRecords();
		return bundles.stream().map(generated::record).toList();
	}
}
