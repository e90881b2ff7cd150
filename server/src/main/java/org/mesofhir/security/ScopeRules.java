package org.mesofhir.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderAppliesTo;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleConditionalClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The one place where scopes become permissions: turns a token's {@link TokenGrants} into HAPI
 * authorization rules for one request. Whatever no rule allows is denied.
 *
 * <ul>
 *   <li>{@code (patient|user|system)/(Type|*).cruds}: c → create, r → read, u → update and patch,
 *       d → delete, s → search; {@code patient/} only inside the compartment of the token's patient
 *       (reads also reach the {@link #SHARED_TYPES}).
 *   <li>a transaction is allowed when each of its entries is.
 *   <li>{@code Patient/[id]/$everything} needs read on Patient; each resource it returns is checked.
 *   <li>{@code $export} needs {@code system/} read and search on all types ({@code system/*.rs}).
 *   <li>{@code $survival} and the other {@link #AGGREGATE_ANALYSES} (the hub's federated ones included) need
 *       {@value TokenGrants#SURVIVAL_SCOPE} and return aggregates only.
 *   <li>{@code $survival-aggregates} (this server as a site of a federated analysis) needs
 *       {@value TokenGrants#FEDERATION_SCOPE}, which grants nothing else; no other scope reaches it.
 *   <li>bulk ingestion ({@link #INGEST_OPERATIONS}) needs a system scope that creates and updates every type
 *       ({@code system/*.cu} or wider).
 *   <li>admin operations ({@link #ADMIN_OPERATIONS}) need {@value TokenGrants#ADMIN_SCOPE}.
 * </ul>
 */
final class ScopeRules {

	/** Analyses that answer aggregates only (min-cell suppressed), never a patient's record. */
	static final List<String> AGGREGATE_ANALYSES = List.of("$survival", "$survival-plot", "$survival-table",
			"$cohort-characteristics", "$cohort-characteristics-table",
			"$federated-survival", "$federated-survival-plot", "$federated-survival-table");

	/** Bulk ingestion: {@code $import} of NDJSON, its status, {@code $import-registry} of a registry CSV. */
	static final List<String> INGEST_OPERATIONS = List.of("$import", "$import-poll-status", "$import-registry");

	static final List<String> ADMIN_OPERATIONS =
			List.of("$rebuild-analysis-records", "$reindex", "$mark-all-resources-for-reindexing");

	/**
	 * Non-clinical resources that patient records point at (the site, a practitioner, a drug): outside any
	 * patient compartment, readable with a {@code patient/} read scope, else {@code $everything} could never
	 * return a patient's own record.
	 */
	static final List<String> SHARED_TYPES = List.of("Organization", "Practitioner", "PractitionerRole", "Location", "Medication");

	/** Reads of one known resource need {@code r}; everything that lists resources needs {@code s}. */
	private static final Set<RestOperationTypeEnum> INSTANCE_READS =
			EnumSet.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE);
	private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(
			RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE,
			RestOperationTypeEnum.HISTORY_TYPE, RestOperationTypeEnum.HISTORY_SYSTEM);

	private ScopeRules() {}

	static List<IAuthRule> anonymous() {
		return new RuleBuilder()
				.allow("capability statement").metadata().andThen()
				.denyAll("no access token")
				.build();
	}

	static List<IAuthRule> forRequest(TokenGrants grants, RestOperationTypeEnum operation) {
		RuleBuilder rules = new RuleBuilder();
		rules.allow("capability statement").metadata();
		List<SmartScope> scopes = grants.resourceScopes();
		IdType patient = grants.patient().map(id -> new IdType("Patient", id)).orElse(null);

		for (SmartScope scope : scopes) {
			if (readPermitted(scope, operation)) {
				within(scope, patient, rules.allow(scope + " read").read());
				if (scope.context() == SmartScope.Context.PATIENT) {
					SHARED_TYPES.stream().filter(type -> scope.allTypes() || scope.resourceType().equals(type)).forEach(type ->
							rules.allow(scope + " read shared " + type).read().resourcesOfType(type).withAnyId());
				}
			}
			if (scope.permits('c')) {
				within(scope, patient, rules.allow(scope + " create").create());
				conditional(scope, rules.allow(scope + " conditional create").createConditional());
			}
		}
		// HAPI's write() covers create and update: an update-only scope must not let creates through.
		for (SmartScope scope : scopes) {
			if (scope.permits('u') && !scope.permits('c')) {
				within(scope, patient, rules.deny(scope + " has no create").create());
			}
		}
		boolean patches = false;
		for (SmartScope scope : scopes) {
			if (scope.permits('u')) {
				within(scope, patient, rules.allow(scope + " update").write());
				conditional(scope, rules.allow(scope + " conditional update").updateConditional());
				patches = true;
			}
			if (scope.permits('d')) {
				within(scope, patient, rules.allow(scope + " delete").delete());
				conditional(scope, rules.allow(scope + " conditional delete").deleteConditional());
			}
		}
		if (patches) {
			// the patched resource is then checked as an update by the rules above
			rules.allow("patch").patch().allRequests();
		}
		if (!scopes.isEmpty()) {
			// transactions and batches: each entry is then checked against the rules above
			rules.allow("bundle of permitted entries").transaction().withAnyOperation().andApplyNormalRules();
		}
		everything(scopes, patient, rules);
		if (scopes.stream().anyMatch(ScopeRules::writes)) {
			rules.allow("$validate").operation().named("$validate").atAnyLevel().andAllowAllResponses();
		}
		if (scopes.stream().anyMatch(s -> s.context() == SmartScope.Context.SYSTEM && s.allTypes()
				&& s.permits('r') && s.permits('s'))) {
			rules.allow("system export").bulkExport().any();
			// system, Patient/$export and Group/[id]/$export alike
			rules.allow("$export").operation().named("$export").atAnyLevel().andRequireExplicitResponseAuthorization();
			rules.allow("$export status").operation().named("$export-poll-status").onServer().andAllowAllResponses();
		}
		if (scopes.stream().anyMatch(ScopeRules::ingests)) {
			// bulk ingestion may write any type, by conditional create and update: a system scope that creates and
			// updates every type (system/*.cu, system/*.cruds); each line is then stored as a transaction would be
			for (String name : INGEST_OPERATIONS) {
				rules.allow("ingestion " + name).operation().named(name).onServer().andAllowAllResponses();
			}
		}
		if (grants.has(TokenGrants.SURVIVAL_SCOPE)) {
			for (String name : AGGREGATE_ANALYSES) {
				rules.allow(TokenGrants.SURVIVAL_SCOPE).operation().named(name).onServer().andAllowAllResponses();
				rules.allow(TokenGrants.SURVIVAL_SCOPE).operation().named(name).onInstancesOfType(Group.class).andAllowAllResponses();
			}
		}
		if (grants.has(TokenGrants.FEDERATION_SCOPE)) {
			rules.allow(TokenGrants.FEDERATION_SCOPE).operation().named("$survival-aggregates").onServer().andAllowAllResponses();
			rules.allow(TokenGrants.FEDERATION_SCOPE).operation().named("$survival-aggregates").onInstancesOfType(Group.class)
					.andAllowAllResponses();
		}
		if (grants.has(TokenGrants.ADMIN_SCOPE)) {
			for (String name : ADMIN_OPERATIONS) {
				rules.allow(TokenGrants.ADMIN_SCOPE).operation().named(name).onServer().andAllowAllResponses();
			}
		}
		return rules.denyAll("the token's scopes do not permit this request").build();
	}

	private static boolean readPermitted(SmartScope scope, RestOperationTypeEnum operation) {
		if (INSTANCE_READS.contains(operation)) {
			return scope.permits('r');
		}
		if (SEARCHES.contains(operation)) {
			return scope.permits('s');
		}
		// the resources that other interactions return ($everything, transaction responses)
		return scope.permits('r') || scope.permits('s');
	}

	private static boolean ingests(SmartScope scope) {
		return scope.context() == SmartScope.Context.SYSTEM && scope.allTypes() && scope.permits('c') && scope.permits('u');
	}

	private static boolean writes(SmartScope scope) {
		return scope.permits('c') || scope.permits('u');
	}

	private static void within(SmartScope scope, IdType patient, IAuthRuleBuilderAppliesTo<IAuthRuleBuilderRuleOpClassifier> rule) {
		IAuthRuleBuilderRuleOpClassifier types = scope.allTypes() ? rule.allResources() : rule.resourcesOfType(scope.resourceType());
		if (scope.context() == SmartScope.Context.PATIENT) {
			types.inCompartment("Patient", patient);
		} else {
			types.withAnyId();
		}
	}

	/** Conditional writes search before they write; only user and system scopes may search that freely. */
	private static void conditional(SmartScope scope, IAuthRuleBuilderAppliesTo<IAuthRuleBuilderRuleConditionalClassifier> rule) {
		if (scope.context() != SmartScope.Context.PATIENT) {
			(scope.allTypes() ? rule.allResources() : rule.resourcesOfType(scope.resourceType())).andThen();
		}
	}

	private static void everything(List<SmartScope> scopes, IdType patient, RuleBuilder rules) {
		for (SmartScope scope : scopes) {
			boolean readsPatients = (scope.allTypes() || scope.resourceType().equals("Patient")) && scope.permits('r');
			if (!readsPatients) {
				continue;
			}
			if (scope.context() == SmartScope.Context.PATIENT) {
				rules.allow(scope + " $everything").operation().named("$everything").onInstance(patient)
						.andRequireExplicitResponseAuthorization();
			} else {
				rules.allow(scope + " $everything").operation().named("$everything").onInstancesOfType(Patient.class)
						.andRequireExplicitResponseAuthorization();
			}
		}
	}
}
