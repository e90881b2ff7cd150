package org.mesofhir.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildDirectResource;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * The JSON of a Bundle's own structure, read before HAPI's parser sees it: {@code Bundle.type},
 * {@code Bundle.entry[i]} and, in each entry, {@code fullUrl}, {@code request} (with {@code method},
 * {@code url}, {@code ifNoneExist}, {@code ifMatch}, {@code ifNoneMatch}, {@code ifModifiedSince}),
 * {@code response}, {@code search}, {@code link}, and that {@code resource} is a resource. HAPI's parser is
 * lenient there: it reads {@code "ifNoneExist": {}} as absent (a conditional create became an unconditional
 * one), {@code "url": [1]} as {@code "1"}, {@code "resource": 42} as no resource (a 500 further on), keeps the
 * last of two {@code "request"} keys, and its errors do not say which entry. Here every value must be of the
 * JSON kind FHIR JSON gives its element (R4 §2.6.2: a JSON array exactly for repeating elements, no
 * {@code null}, no empty string, object or array, no key twice, only elements FHIR defines) and
 * {@code method} and {@code type} must be codes FHIR defines; the first problem is named by its FHIRPath
 * ({@code Bundle.entry[2].request.method}). The resources inside the entries are not read (HAPI parses and
 * validates them). The element definitions come from HAPI's model of Bundle, so every element is covered.
 */
@Component
@Interceptor
public class BundleJsonShape implements RestInterceptor {

	/** What is wrong, where (a FHIRPath), and the issue type to report it with. */
	public record Problem(String path, IssueType type, String text) {}

	private static final JsonFactory JSON = new JsonFactory();
	private static final Set<String> TYPES = Set.of("transaction", "batch");
	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");

	private final BaseRuntimeElementCompositeDefinition<?> bundle;

	public BundleJsonShape(FhirContext fhirContext) {
		this.bundle = fhirContext.getResourceDefinition(Bundle.class);
	}

	/** Before {@link EmptyJsonArrayCheck}, so that an empty array in a Bundle's structure is named with its entry. */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -10)
	public boolean check(RequestDetails request) {
		if (request.getRequestType() != RequestTypeEnum.POST || request.getResourceName() != null || request.getOperation() != null) {
			return true; // only a POST to the base is a transaction or batch
		}
		String contentType = request.getHeader("Content-Type");
		if (contentType == null || EncodingEnum.forContentTypeStrict(contentType) != EncodingEnum.JSON) {
			return true;
		}
		byte[] body = request.loadRequestContents();
		if (body != null && body.length > 0) {
			refuseIfBroken(body);
		}
		return true;
	}

	/** Refuses (400, naming the element) a JSON Bundle whose own structure is not FHIR JSON. */
	public void refuseIfBroken(byte[] body) {
		Problem problem = firstProblem(body);
		if (problem != null) {
			String text = problem.path() + " " + problem.text() + ". Nothing of this Bundle was stored.";
			throw new InvalidRequestException(text, ErrorMapping.outcome(problem.type(), text, problem.path()));
		}
	}

	/**
	 * The first problem in a JSON body meant as a transaction or batch, or null when there is none, when the
	 * body is not a JSON object of resourceType Bundle, or is not JSON at all (HAPI's parser answers those).
	 */
	public Problem firstProblem(byte[] body) {
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			Walk walk = new Walk(parser);
			walk.object(bundle, "Bundle", true);
			return "Bundle".equals(walk.resourceType) ? walk.problem : null;
		} catch (IOException | RuntimeException e) {
			return null; // not JSON, or cut short: HAPI's parser says so
		}
	}

	/** One pass over the tokens; keeps the first problem and reads on only to find the resourceType. */
	private final class Walk {
		private final JsonParser parser;
		private String resourceType;
		private Problem problem;

		Walk(JsonParser parser) {
			this.parser = parser;
		}

		private void problem(String path, IssueType type, String text) {
			if (problem == null) {
				problem = new Problem(path, type, text);
			}
		}

		/** Reads an object's fields up to its END_OBJECT, the parser being on its START_OBJECT. */
		void object(BaseRuntimeElementCompositeDefinition<?> definition, String path, boolean top) throws IOException {
			Set<String> seen = new HashSet<>();
			boolean empty = true;
			for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
				empty = false;
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				String at = path + "." + name;
				if (!seen.add(name)) {
					problem(at, IssueType.STRUCTURE, "'" + name + "' appears twice in one JSON object; give it once");
				}
				if (top && name.equals("resourceType")) {
					resourceType = value == JsonToken.VALUE_STRING ? parser.getText() : null;
					skip(value);
					continue;
				}
				boolean extensionOfPrimitive = name.startsWith("_");
				BaseRuntimeChildDefinition child = definition.getChildByName(extensionOfPrimitive ? name.substring(1) : name);
				if (child == null) {
					problem(at, IssueType.STRUCTURE, "'" + name + "' is not an element of " + definition.getName()
							+ " in FHIR R4; check its spelling and place");
					skip(value);
					continue;
				}
				boolean repeats = child.getMax() != 1;
				if (value == JsonToken.START_ARRAY) {
					if (!repeats) {
						problem(at, IssueType.STRUCTURE, "'" + name + "' is a single element, but a JSON array was found");
						skip(value);
						continue;
					}
					int index = 0;
					for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
						value(child, name, extensionOfPrimitive, at + "[" + index++ + "]", item);
					}
					if (index == 0) {
						problem(at, IssueType.STRUCTURE, "'" + name + "' is an empty JSON array, which FHIR JSON does not allow:"
								+ " leave the element out, or give it at least one value");
					}
				} else if (repeats && value != JsonToken.VALUE_NULL) {
					problem(at, IssueType.STRUCTURE, "'" + name + "' repeats, so FHIR JSON gives it as a JSON array, but "
							+ describe(value) + " was found");
					skip(value);
				} else {
					value(child, name, extensionOfPrimitive, at, value);
				}
			}
			if (empty && !top) {
				problem(path, IssueType.STRUCTURE, "is an empty JSON object: FHIR elements have a value or children (ele-1);"
						+ " leave it out or fill it in");
			}
		}

		private void value(BaseRuntimeChildDefinition child, String name, boolean extensionOfPrimitive, String at, JsonToken value)
				throws IOException {
			if (value == JsonToken.VALUE_NULL) {
				problem(at, IssueType.STRUCTURE, "is null, which FHIR JSON does not allow: leave the element out");
				return;
			}
			if (extensionOfPrimitive) {
				expect(at, value, JsonToken.START_OBJECT, "an object (id and extensions of a primitive value)");
				skip(value);
				return;
			}
			if (child instanceof RuntimeChildDirectResource || child instanceof RuntimeChildResourceDefinition) {
				resource(at, value);
				return;
			}
			BaseRuntimeElementDefinition<?> element = child.getChildByName(name);
			if (element == null) {
				skip(value);
				return;
			}
			switch (element.getChildType()) {
				case PRIMITIVE_DATATYPE, ID_DATATYPE -> primitive(element, name, at, value);
				case RESOURCE_BLOCK -> {
					if (expect(at, value, JsonToken.START_OBJECT, "a JSON object")) {
						object((BaseRuntimeElementCompositeDefinition<?>) element, at, false);
					} else {
						skip(value);
					}
				}
				default -> { // datatypes (Meta, Identifier, Signature, Extension): their kind only; HAPI reads inside
					expect(at, value, JsonToken.START_OBJECT, "a JSON object");
					skip(value);
				}
			}
		}

		/** A resource: an object with a resourceType; what it holds is HAPI's to parse and validate. */
		private void resource(String at, JsonToken value) throws IOException {
			if (!expect(at, value, JsonToken.START_OBJECT, "a resource (a JSON object with a resourceType)")) {
				skip(value);
				return;
			}
			boolean typed = false;
			for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
				boolean isType = parser.currentName().equals("resourceType");
				JsonToken field = parser.nextToken();
				typed |= isType && field == JsonToken.VALUE_STRING && !parser.getText().isBlank();
				skip(field);
			}
			if (!typed) {
				problem(at, IssueType.STRUCTURE, "is not a resource: a resource is a JSON object with a resourceType"
						+ " (e.g. \"resourceType\": \"Patient\")");
			}
		}

		private void primitive(BaseRuntimeElementDefinition<?> element, String name, String at, JsonToken value) throws IOException {
			Class<?> type = element.getImplementingClass();
			if (BooleanType.class.isAssignableFrom(type)) {
				if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
					problem(at, IssueType.STRUCTURE, "must be a JSON boolean (true or false), but " + describe(value) + " was found");
				}
				skip(value);
				return;
			}
			if (IntegerType.class.isAssignableFrom(type) || DecimalType.class.isAssignableFrom(type)) {
				if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
					problem(at, IssueType.STRUCTURE, "must be a JSON number, but " + describe(value) + " was found");
				}
				skip(value);
				return;
			}
			if (value != JsonToken.VALUE_STRING) {
				problem(at, IssueType.STRUCTURE, "must be a JSON string, but " + describe(value) + " was found");
				skip(value);
				return;
			}
			String text = parser.getText();
			if (text.isEmpty()) {
				problem(at, IssueType.STRUCTURE, "is an empty string, which FHIR does not allow: leave the element out");
			} else if (at.equals("Bundle.type") && !TYPES.contains(text)) {
				problem(at, IssueType.VALUE, "is '" + text + "': a Bundle sent to the server's base must be a 'transaction' or a 'batch'");
			} else if (name.equals("method") && at.endsWith(".request.method") && !METHODS.contains(text)) {
				problem(at, IssueType.CODEINVALID, "is '" + text + "', which is not an HTTP method FHIR knows: one of " + String.join(", ",
						METHODS.stream().sorted().toList()) + " (upper case)");
			} else if (BaseDateTimeType.class.isAssignableFrom(type) && !isDate(element, text)) {
				problem(at, IssueType.VALUE, "is '" + text + "', which is not a valid " + element.getName()
						+ (element.getName().equals("instant") ? " (e.g. 2024-05-01T10:00:00Z)" : ""));
			}
		}

		private boolean isDate(BaseRuntimeElementDefinition<?> element, String text) {
			try {
				((BaseDateTimeType) element.newInstance()).setValueAsString(text);
				return true;
			} catch (DataFormatException | IllegalArgumentException e) {
				return false;
			}
		}

		private boolean expect(String at, JsonToken value, JsonToken wanted, String what) {
			if (value == wanted) {
				return true;
			}
			problem(at, IssueType.STRUCTURE, "must be " + what + ", but " + describe(value) + " was found");
			return false;
		}

		private void skip(JsonToken value) throws IOException {
			if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
				parser.skipChildren();
			}
		}
	}

	private static String describe(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "a JSON object";
			case START_ARRAY -> "a JSON array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.asString();
		};
	}
}
