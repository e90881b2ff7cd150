package org.mesofhir.survival;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.OperationOutcome;

/** A 400 answer about one {@code $survival} parameter: the OperationOutcome names it and says what is allowed. */
public final class BadParameter {

	private BadParameter() {}

	public static InvalidRequestException of(String parameter, String message) {
		String text = "Parameter '" + parameter + "': " + message;
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.VALUE)
				.setDiagnostics(text)
				.addExpression(parameter);
		return new InvalidRequestException(text, outcome);
	}
}
