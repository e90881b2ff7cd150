package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Refuses (400, nothing stored) Bundles that cannot mean what their sender meant, before HAPI's transaction
 * processor (whose answer to some was a 500) and before profile validation see them:
 * a Bundle without {@code type} (HAPI would run it as a transaction, guessing) or of another type than
 * transaction or batch; an entry that cannot be carried out ({@link BundleEntryRules}: no request, method
 * or url, a POST without resource, a DELETE with one, a misplaced condition...); and a transaction that
 * holds the same {@code fullUrl} twice or writes two resources of one type with the same business
 * identifier (which of the two is the record?). Conditional creates ({@code ifNoneExist}) are exempt from
 * the identifier rule: sending the site twice that way is harmless.
 *
 * <p>A transaction is all or nothing, so any such entry refuses all of it, every problem named. A batch's
 * entries are independent (FHIR R4 §3.1.0.11.2): an entry that cannot be carried out is taken out before
 * HAPI runs the others and answered alone, 400 with an OperationOutcome naming it, in its place in the
 * batch-response ({@link BatchEntryRefusals}). A batch whose JSON is not FHIR JSON is refused as a whole
 * before it is parsed ({@link BundleJsonShape}), as any other unreadable body.
 */
@Component
@Interceptor
public class TransactionBundleChecks implements StorageInterceptor {

	/** Before the character check (-100) and profile validation (0): they need entries that make sense. */
	private static final int FIRST = -200;

	@Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = FIRST)
	public void check(RequestDetails request, IBaseBundle bundle) {
		if (!(bundle instanceof Bundle r4)) {
			return;
		}
		if (r4.getType() == Bundle.BundleType.BATCH && BatchEntryRefusals.canAnswer(request)) {
			BatchEntryRefusals.takeOut(request, r4, BundleEntryRules::problems);
			return;
		}
		check(r4);
	}

	/** Refuses the Bundle (a transaction, or a batch where it cannot be answered entry by entry) on any problem. */
	public void check(IBaseBundle bundle) {
		if (!(bundle instanceof Bundle r4)) {
			return;
		}
		if (!r4.hasType()) {
			throw refuse(List.of(issue("Bundle.type", OperationOutcome.IssueType.REQUIRED,
					"Bundle.type is missing: a Bundle sent to the base must be a 'transaction' or a 'batch'.")));
		}
		if (r4.getType() != Bundle.BundleType.TRANSACTION && r4.getType() != Bundle.BundleType.BATCH) {
			throw refuse(List.of(issue("Bundle.type", OperationOutcome.IssueType.VALUE, "Bundle.type is '" + r4.getType().toCode()
					+ "': a Bundle sent to the base must be a 'transaction' or a 'batch'.")));
		}
		List<OperationOutcome.OperationOutcomeIssueComponent> issues = new ArrayList<>();
		for (int i = 0; i < r4.getEntry().size(); i++) {
			issues.addAll(BundleEntryRules.problems(r4.getEntry().get(i), i));
		}
		if (issues.isEmpty() && r4.getType() == Bundle.BundleType.TRANSACTION) {
			issues.addAll(duplicates(r4.getEntry()));
		}
		if (!issues.isEmpty()) {
			throw refuse(issues);
		}
	}

	private static List<OperationOutcome.OperationOutcomeIssueComponent> duplicates(List<BundleEntryComponent> entries) {
		List<OperationOutcome.OperationOutcomeIssueComponent> issues = new ArrayList<>();
		Map<String, Integer> fullUrls = new HashMap<>();
		Map<String, Integer> identifiers = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			if (entry.hasFullUrl()) {
				Integer first = fullUrls.putIfAbsent(entry.getFullUrl(), i);
				if (first != null) {
					issues.add(issue("Bundle.entry[" + i + "].fullUrl", OperationOutcome.IssueType.DUPLICATE,
							"fullUrl '" + entry.getFullUrl() + "' is already used by Bundle.entry[" + first + "]; each entry needs its own."));
				}
			}
			Resource resource = entry.getResource();
			if (!(resource instanceof DomainResource) || entry.getRequest().hasIfNoneExist()) {
				continue;
			}
			List<Identifier> ids = identifiersOf(resource);
			for (int k = 0; k < ids.size(); k++) {
				Identifier id = ids.get(k);
				if (!id.hasValue()) {
					continue;
				}
				String key = resource.fhirType() + "|" + id.getSystem() + "|" + id.getValue();
				Integer first = identifiers.putIfAbsent(key, i);
				if (first != null && first != i) {
					issues.add(issue("Bundle.entry[" + i + "].resource.identifier[" + k + "]", OperationOutcome.IssueType.DUPLICATE,
							resource.fhirType() + " identifier " + id.getSystem() + "|" + id.getValue() + " is also written by Bundle.entry["
									+ first + "]: one transaction may write each " + resource.fhirType() + " (by its identifier) once."));
				}
			}
		}
		return issues;
	}

	private static List<Identifier> identifiersOf(Resource resource) {
		List<Identifier> ids = new ArrayList<>();
		var property = resource.getNamedProperty("identifier");
		if (property != null) {
			property.getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast).forEach(ids::add);
		}
		return ids;
	}

	private static OperationOutcome.OperationOutcomeIssueComponent issue(String expression, OperationOutcome.IssueType type, String text) {
		return new OperationOutcome.OperationOutcomeIssueComponent().setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type).setDiagnostics(text).addExpression(expression);
	}

	private static InvalidRequestException refuse(List<OperationOutcome.OperationOutcomeIssueComponent> issues) {
		OperationOutcome outcome = new OperationOutcome();
		issues.forEach(outcome::addIssue);
		return new InvalidRequestException(issues.get(0).getDiagnostics(), outcome);
	}
}
