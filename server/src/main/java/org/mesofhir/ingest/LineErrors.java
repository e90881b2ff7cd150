package org.mesofhir.ingest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Says in one line why a write was refused: the error issues of its OperationOutcome, each with its element. */
final class LineErrors {

	private static final int MAX_LENGTH = 2000;

	private LineErrors() {}

	static String describe(RuntimeException e) {
		List<String> issues = new ArrayList<>();
		if (e instanceof BaseServerResponseException server && server.getOperationOutcome() instanceof OperationOutcome outcome) {
			for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
				if (issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL) {
					String where = issue.hasExpression() ? issue.getExpression().get(0).getValue() + ": " : "";
					issues.add(where + issue.getDiagnostics());
				}
			}
		}
		String text = issues.isEmpty() ? String.valueOf(e.getMessage()) : String.join("; ", issues);
		return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
	}
}
