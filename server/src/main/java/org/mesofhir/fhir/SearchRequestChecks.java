package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

/**
 * Checks the request parameters that HAPI would otherwise fail on with a 500: {@code _count} must be a
 * non-negative integer (values above {@code mesofhir.fhir.max-page-size} are served as pages of that size,
 * with a {@code next} link), and {@code _filter}, which this server does not support, is refused.
 */
@Component
@Interceptor
public class SearchRequestChecks implements RestInterceptor {

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean check(RequestDetails request) {
		String[] counts = request.getParameters().get("_count");
		if (counts != null) {
			for (String count : counts) {
				if (!isCount(count)) {
					throw refuse("_count", "Parameter '_count': '" + count + "' is not allowed; give a whole number"
							+ " from 0 (a count only) to 999999999. Pages larger than the server's maximum are served in pages"
							+ " of the maximum, with a 'next' link.");
				}
			}
		}
		if (request.getParameters().containsKey("_filter")) {
			throw refuse("_filter", "Parameter '_filter' is not supported by this server; use the search parameters"
					+ " listed in the CapabilityStatement.");
		}
		return true;
	}

	/** 0 to 999,999,999: HAPI reads it as an int. */
	private static boolean isCount(String text) {
		return text != null && !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
	}

	static InvalidRequestException refuse(String parameter, String text) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.VALUE).setDiagnostics(text).addExpression(parameter);
		return new InvalidRequestException(text, outcome);
	}
}
