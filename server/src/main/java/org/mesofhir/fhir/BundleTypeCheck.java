package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

/**
 * A Bundle posted to the base must say what it is ({@code Bundle.type} transaction or batch): HAPI would
 * otherwise run a Bundle without a type as a transaction, guessing what the sender meant.
 */
@Component
@Interceptor
public class BundleTypeCheck implements StorageInterceptor {

	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void check(IBaseBundle bundle) {
		if (bundle instanceof Bundle r4 && !r4.hasType()) {
			String text = "Bundle.type is missing: a Bundle sent to the base must be a 'transaction' or a 'batch'.";
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.REQUIRED).setDiagnostics(text).addExpression("Bundle.type");
			throw new InvalidRequestException(text, outcome);
		}
	}
}
