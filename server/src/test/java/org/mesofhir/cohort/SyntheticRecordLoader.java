package org.mesofhir.cohort;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.mesofhir.demo.DemoCohortGenerator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Benchmark set-up (not a test): fills a database's analysis records with N demo patients, derived by the
 * server's own code (generated FHIR bundles → facts → records) but without storing the FHIR resources,
 * so that {@code $survival} can be measured at 100k patients without hours of ingestion. Used by
 * {@code bench/survival-http/run.sh}.
 *
 * <p>Arguments: jdbcUrl patients
 */
public final class SyntheticRecordLoader {

	private SyntheticRecordLoader() {}

	public static void main(String[] args) {
		String url = args[0];
		int patients = Integer.parseInt(args[1]);
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, url.startsWith("jdbc:postgresql") ? "postgres" : "sa", "");
		AnalysisStore store = new AnalysisStore(new JdbcTemplate(dataSource));
		store.createSchema();
		store.deleteEverything();
		FhirContext fhir = FhirContext.forR4Cached();
		DemoCohortGenerator generator = new DemoCohortGenerator(42, 5);
		int nextId = 1;
		Map<String, String> siteIds = new HashMap<>();
		List<AnalysisRecord> batch = new ArrayList<>();
		long started = System.nanoTime();
		for (int p = 1; p <= patients; p++) {
			Bundle bundle = generator.patients(p, 1).get(0);
			Map<String, String> ids = new HashMap<>();
			List<ClinicalFact> facts = new ArrayList<>();
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				String type = resource.fhirType();
				String id;
				if (type.equals("Organization")) {
					String code = ((org.hl7.fhir.r4.model.Organization) resource).getIdentifierFirstRep().getValue();
					id = siteIds.computeIfAbsent(code, k -> "site-" + code);
				} else {
					id = String.valueOf(nextId++);
				}
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
			batch.add(AnalysisRecordBuilder.build(patientId, facts.stream().filter(f -> patientId.equals(f.patientId())).toList(), sites));
			if (batch.size() == 5000 || p == patients) {
				store.insertRecords(batch);
				batch.clear();
				System.out.printf("%d/%d patients (%.0f s)%n", p, patients, (System.nanoTime() - started) / 1e9);
			}
		}
	}
}
