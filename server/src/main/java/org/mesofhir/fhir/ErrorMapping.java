package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.SQLException;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Turns failures that are the client's or the moment's, not the server's, into the FHIR answers clients
 * can act on, instead of HAPI's generic 500: a write that lost a race with a concurrent write of the same
 * data (lock timeout, deadlock victim, serialization failure, a unique key stored first by the other) is a
 * 409 to retry; a body that cannot be parsed, nested past what the parser or validator can follow, or a
 * search value that is not the number its parameter needs, is a 400. Anything else stays what it was.
 */
@Component
@Interceptor
public class ErrorMapping implements RestInterceptor {

	private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

	/**
	 * The mapped answer, if any; and a refused request logged once, at WARN without a stack trace: HAPI's REST
	 * exception handler logs only the 4xx that carry no OperationOutcome (ours all carry one), and the ERROR
	 * its interceptor service logs for a hook's 4xx is dropped by {@link ClientErrorLogFilter}.
	 */
	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException map(RequestDetails request, Throwable thrown) {
		BaseServerResponseException mapped = mapped(request, thrown);
		BaseServerResponseException answer = mapped != null ? mapped : thrown instanceof BaseServerResponseException b ? b : null;
		if (answer != null && answer.getStatusCode() < 500 && answer.getOperationOutcome() != null) {
			LOG.warn("Refused {} {}: {} {}", request == null ? "" : request.getRequestType(),
					request == null ? "" : "/" + request.getRequestPath(), answer.getStatusCode(), StringUtils.abbreviate(answer.getMessage(), 500));
		}
		return mapped;
	}

	private static BaseServerResponseException mapped(RequestDetails request, Throwable thrown) {
		if (thrown instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
			return null;
		}
		for (Throwable cause : ExceptionUtils.getThrowableList(thrown)) {
			if (isConcurrentWriteConflict(cause)) {
				String text = "This write conflicted with a concurrent write of the same data and was not stored;"
						+ " nothing of it is kept. Read the current version and retry.";
				return new ResourceVersionConflictException(text, thrown, outcome(OperationOutcome.IssueType.CONFLICT, text));
			}
			if (cause instanceof StackOverflowError) {
				String text = "The request nests elements too deeply to be processed; flatten the resource"
						+ " (FHIR resources need only a few levels of nesting).";
				return new InvalidRequestException(text, outcome(OperationOutcome.IssueType.STRUCTURE, text));
			}
			if (cause instanceof NumberFormatException && isSearch(request)) {
				String text = "A search parameter value is not a number where the parameter needs one: " + cause.getMessage()
						+ ". Send numbers and quantities as [prefix]number[|system|code], e.g. value-quantity=gt5.4|http://unitsofmeasure.org|mg.";
				return new InvalidRequestException(text, outcome(OperationOutcome.IssueType.INVALID, text));
			}
			if (cause instanceof DataFormatException) {
				String text = "The request body could not be parsed: " + cause.getMessage();
				return new InvalidRequestException(text, outcome(OperationOutcome.IssueType.STRUCTURE, text));
			}
		}
		return null;
	}

	private static boolean isSearch(RequestDetails request) {
		return request != null && request.getRestOperationType() != null
				&& switch (request.getRestOperationType()) {
					case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE -> true;
					default -> false;
				};
	}

	private static boolean isConcurrentWriteConflict(Throwable cause) {
		if (cause instanceof ConcurrencyFailureException || cause instanceof DuplicateKeyException) {
			return true;
		}
		if (cause instanceof SQLException sql && sql.getSQLState() != null) {
			return switch (sql.getSQLState()) {
				// unique violation, serialization failure, deadlock (PostgreSQL and H2), lock timeout (H2)
				case "23505", "40001", "40P01", "HYT00" -> true;
				default -> false;
			};
		}
		return false;
	}

	/** An OperationOutcome with one error issue: what the server answers refused requests with. */
	public static OperationOutcome outcome(OperationOutcome.IssueType type, String text) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
		return outcome;
	}

	/** The same, its issue naming the element or parameter at fault (none when {@code expression} is null). */
	public static OperationOutcome outcome(OperationOutcome.IssueType type, String text, String expression) {
		OperationOutcome outcome = outcome(type, text);
		if (expression != null) {
			outcome.getIssueFirstRep().addExpression(expression);
		}
		return outcome;
	}
}
