package org.mesofhir.cohort;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Derives every fact and analysis record again from the stored FHIR resources, in one transaction:
 * the repair for records that went wrong, and the oracle the tests compare the kept records with.
 */
@Component
public class AnalysisRecordRebuilder {

	private static final Logger log = LoggerFactory.getLogger(AnalysisRecordRebuilder.class);
	private static final List<String> TYPES =
			List.of("Organization", "Patient", "Condition", "Procedure", "MedicationAdministration", "Observation");
	private static final int PAGE = 500;

	private final DaoRegistry daos;
	private final AnalysisStore store;
	private final AnalysisRecordCache cache;
	private final TransactionTemplate transaction;

	AnalysisRecordRebuilder(DaoRegistry daos, AnalysisStore store, AnalysisRecordCache cache, TransactionTemplate transaction) {
		this.daos = daos;
		this.store = store;
		this.cache = cache;
		this.transaction = transaction;
	}

	/**
	 * What a rebuild did: the patient records written, and how many of them differed from the records
	 * kept before it (added, changed or removed; 0 when the kept records were right).
	 */
	public record Outcome(int records, int differing) {}

	/** Rebuilds everything; returns the number of patient records written. */
	public int rebuild() {
		return rebuildComparing().records();
	}

	/** Rebuilds everything and says how many kept records it corrected. */
	public Outcome rebuildComparing() {
		Outcome outcome = transaction.execute(status -> rebuildInTransaction());
		cache.invalidate();
		return outcome;
	}

	private Outcome rebuildInTransaction() {
		long started = System.nanoTime();
		store.lockAllPatients();
		Set<AnalysisRecord> kept = new HashSet<>(store.allRecords());
		store.deleteEverything();
		for (String type : TYPES) {
			SearchParameterMap all = new SearchParameterMap();
			all.setSearchTotalMode(SearchTotalModeEnum.ACCURATE);
			IBundleProvider found = daos.getResourceDao(type).search(all, new SystemRequestDetails());
			int total = found.size() == null ? 0 : found.size();
			int read = 0;
			for (int from = 0; from < total; from += PAGE) {
				List<ClinicalFact> facts = new ArrayList<>();
				for (IBaseResource resource : found.getResources(from, Math.min(total, from + PAGE))) {
					facts.addAll(ClinicalFactExtractor.factsOf((Resource) resource));
					read++;
				}
				store.insertFacts(type, facts);
				log.info("Rebuilding analysis records: {} {}/{}", type, read, total);
			}
			if (read < total) {
				// the search stopped at the server's fetch limit: a rebuild from part of the data would replace
				// right records with wrong ones, so it is refused (rolled back) instead
				throw new IllegalStateException("Rebuild refused: the search returned " + read + " of " + total + " " + type
						+ " resources (fetch limit mesofhir.fhir.max-page-size); the analysis records were left as they were");
			}
		}
		Map<String, List<ClinicalFact>> byPatient = new HashMap<>();
		for (ClinicalFact fact : store.allPatientFacts()) {
			byPatient.computeIfAbsent(fact.patientId(), p -> new ArrayList<>()).add(fact);
		}
		Map<String, String> sites = store.siteCodes();
		List<AnalysisRecord> records = new ArrayList<>(byPatient.size());
		byPatient.forEach((patient, facts) -> records.add(AnalysisRecordBuilder.build(patient, facts, sites)));
		store.insertRecords(records);
		Set<AnalysisRecord> rebuilt = new HashSet<>(store.allRecords());
		int differing = (int) (rebuilt.stream().filter(r -> !kept.contains(r)).count()
				+ kept.stream().filter(r -> !rebuilt.contains(r)).count());
		log.info("Rebuilt {} analysis records in {} ms; {} differed from the kept records", records.size(),
				(System.nanoTime() - started) / 1_000_000, differing);
		if (differing > 0) { // say how, for the repair's report
			Map<String, AnalysisRecord> keptById = new HashMap<>();
			kept.forEach(r -> keptById.put(r.patientId(), r));
			rebuilt.stream().filter(r -> !kept.contains(r)).limit(3).forEach(r ->
					log.warn("Kept analysis record differed from the rebuild:\n  kept    {}\n  rebuilt {}", keptById.get(r.patientId()), r));
		}
		return new Outcome(records.size(), differing);
	}

	/** The records as currently stored, for comparison with a rebuild. */
	public List<AnalysisRecord> storedRecords() {
		return store.allRecords();
	}
}
