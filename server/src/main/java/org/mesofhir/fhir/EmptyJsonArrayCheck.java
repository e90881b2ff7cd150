package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

/**
 * Refuses (400, naming the element) a FHIR JSON body holding an empty array: FHIR JSON forbids them
 * (R4 §2.6.2, "arrays must not be empty"), and HAPI's parser reads one as "absent", so {@code "code": []} on
 * a diagnosis turned it into a Condition without a code, which no profile applies to, and stored it. One
 * streaming pass over the bytes HAPI has already read; NDJSON ({@code $import}) is checked line by line as
 * each line is parsed and is not read here.
 */
@Component
@Interceptor
public class EmptyJsonArrayCheck implements RestInterceptor {

	private static final JsonFactory JSON = new JsonFactory();

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean check(RequestDetails request) {
		if ("$import".equals(request.getOperation())) {
			return true; // reads its body itself, as a stream (NDJSON to disk): not to be loaded here
		}
		RequestTypeEnum method = request.getRequestType();
		if (method != RequestTypeEnum.POST && method != RequestTypeEnum.PUT && method != RequestTypeEnum.PATCH) {
			return true;
		}
		String contentType = request.getHeader("Content-Type");
		if (contentType == null || EncodingEnum.forContentTypeStrict(contentType) != EncodingEnum.JSON) {
			return true;
		}
		byte[] body = request.loadRequestContents();
		if (body == null || body.length == 0) {
			return true;
		}
		String emptyAt = firstEmptyArray(body);
		if (emptyAt != null) {
			String text = "'" + emptyAt + "' is an empty JSON array, which FHIR JSON does not allow:"
					+ " leave the element out, or give it at least one value";
			throw new InvalidRequestException(text, ErrorMapping.outcome(OperationOutcome.IssueType.STRUCTURE, text, emptyAt));
		}
		return true;
	}

	/** The JSON path (dotted property names) of the first empty array, or null; malformed JSON is left to HAPI. */
	static String firstEmptyArray(byte[] body) {
		try (JsonParser parser = JSON.createParser(body)) {
			JsonToken previous = null;
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (token == JsonToken.END_ARRAY && previous == JsonToken.START_ARRAY) {
					return path(parser);
				}
				previous = token;
			}
		} catch (IOException e) {
			return null;
		}
		return null;
	}

	private static String path(JsonParser parser) {
		StringBuilder path = new StringBuilder();
		for (var context = parser.getParsingContext(); context != null; context = context.getParent()) {
			if (context.inObject() && context.getCurrentName() != null) {
				path.insert(0, path.isEmpty() ? context.getCurrentName() : context.getCurrentName() + ".");
			}
		}
		return path.toString();
	}
}
