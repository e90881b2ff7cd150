package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
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
 * Refuses (400, nothing stored) Bundles that cannot mean what their sender meant:
 * a Bundle without {@code type} (HAPI would run it as a transaction, guessing), and a transaction that
 * holds the same {@code fullUrl} twice or writes two resources of one type with the same business
 * identifier (which of the two is the record?). Conditional creates ({@code ifNoneExist}) are exempt from
 * the identifier rule: sending the site twice that way is harmless.
 */
@Component
@Interceptor
public class TransactionBundleChecks implements StorageInterceptor {

	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void check(IBaseBundle bundle) {
		if (!(bundle instanceof Bundle r4)) {
			return;
		}
		if (!r4.hasType()) {
			throw refuse(List.of(issue("Bundle.type", OperationOutcome.IssueType.REQUIRED,
					"Bundle.type is missing: a Bundle sent to the base must be a 'transaction' or a 'batch'.")));
		}
		if (r4.getType() == Bundle.BundleType.TRANSACTION) {
			List<OperationOutcome.OperationOutcomeIssueComponent> issues = duplicates(r4.getEntry());
			if (!issues.isEmpty()) {
				throw refuse(issues);
			}
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
