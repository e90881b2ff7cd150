package org.mesofhir.cohort;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.mesofhir.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the analysis records current inside the transaction of every write: a resource's facts are
 * replaced as it is stored, and the records of the patients it touches are rebuilt once, just before
 * the transaction commits (a 10-entry transaction Bundle rebuilds its patient once, not ten times).
 * A rolled-back write leaves no trace, because all of it is in the same database transaction.
 */
@Component
@Interceptor
public class AnalysisRecordMaintainer implements StorageInterceptor {

	private static final Set<String> TYPES =
			Set.of("Patient", "Organization", "Condition", "Procedure", "MedicationAdministration", "Observation");

	private final AnalysisStore store;
	private final AnalysisRecordCache cache;

	AnalysisRecordMaintainer(AnalysisStore store, AnalysisRecordCache cache) {
		this.store = store;
		this.cache = cache;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		store(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		store(resource);
	}

	/**
	 * At PRESTORAGE, not PRECOMMIT: for a conditional delete ({@code DELETE Observation?identifier=…}) HAPI fires
	 * PRECOMMIT from a transaction synchronization's beforeCommit, when a synchronization registered then (the
	 * rebuild below) is never run: the facts went, the kept record stayed. PRESTORAGE runs inline for every delete,
	 * in the same database transaction.
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		String type = resource.fhirType();
		if (!TYPES.contains(type)) {
			return;
		}
		String id = resource.getIdElement().getIdPart();
		Set<String> touched = touchedPatients();
		touched.addAll(store.patientsOfResource(type, id));
		if ("Organization".equals(type)) {
			touched.addAll(store.patientsOfSite(id));
		}
		store.replaceFacts(type, id, List.of());
	}

	private void store(IBaseResource resource) {
		String type = resource.fhirType();
		if (!TYPES.contains(type)) {
			return;
		}
		String id = resource.getIdElement().getIdPart();
		Set<String> touched = touchedPatients();
		touched.addAll(store.patientsOfResource(type, id));
		List<ClinicalFact> facts = ClinicalFactExtractor.factsOf((Resource) resource);
		facts.forEach(AnalysisRecordMaintainer::checkSiteCode);
		facts.stream().map(ClinicalFact::patientId).filter(p -> p != null).forEach(touched::add);
		if ("Organization".equals(type)) {
			touched.addAll(store.patientsOfSite(id));
		}
		store.replaceFacts(type, id, facts);
	}

	/** A site code is a stratification label kept in a 200-character column: longer is refused, not cut. */
	private static void checkSiteCode(ClinicalFact fact) {
		if (fact.kind() == ClinicalFact.Kind.SITE && fact.code().length() > AnalysisStore.MAX_CODE_LENGTH) {
			String text = "Organization.identifier[0].value: a site code is at most " + AnalysisStore.MAX_CODE_LENGTH
					+ " characters (it labels the site in analyses); this one has " + fact.code().length() + ".";
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.VALUE)
					.setDiagnostics(text).addExpression("Organization.identifier[0].value");
			throw new UnprocessableEntityException(text, outcome);
		}
	}

	/** The patients touched in the current transaction, rebuilt when it is about to commit. */
	private Set<String> touchedPatients() {
		for (TransactionSynchronization sync : TransactionSynchronizationManager.getSynchronizations()) {
			if (sync instanceof RebuildBeforeCommit rebuild) {
				return rebuild.patients;
			}
		}
		RebuildBeforeCommit rebuild = new RebuildBeforeCommit();
		TransactionSynchronizationManager.registerSynchronization(rebuild);
		return rebuild.patients;
	}

	private final class RebuildBeforeCommit implements TransactionSynchronization {
		private final Set<String> patients = new LinkedHashSet<>();

		@Override
		public void beforeCommit(boolean readOnly) {
			store.lockPatients(patients);
			for (String patient : patients) {
				rebuild(patient);
			}
		}

		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_COMMITTED) {
				cache.invalidate();
			}
		}
	}

	void rebuild(String patientId) {
		List<ClinicalFact> facts = store.factsOfPatient(patientId);
		if (facts.isEmpty()) {
			store.deleteRecord(patientId);
			return;
		}
		List<String> sites = facts.stream()
				.filter(f -> f.kind() == ClinicalFact.Kind.PATIENT && f.reference() != null)
				.map(ClinicalFact::reference).toList();
		store.saveRecord(AnalysisRecordBuilder.build(patientId, facts, store.siteCodes(sites)));
	}
}
