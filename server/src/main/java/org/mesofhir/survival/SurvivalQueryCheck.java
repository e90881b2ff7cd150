package org.mesofhir.survival;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.mesofhir.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Checks what HAPI reads before {@code $survival} sees it, so a bad value is a 400 naming the parameter
 * rather than a parse failure inside HAPI (a 500): decimals in the query ({@code at}, {@code tau},
 * {@code confLevel}) must be FHIR decimals, and a POSTed body must be a Parameters resource.
 */
@Component
@Interceptor
public class SurvivalQueryCheck implements RestInterceptor {

	private static final Set<String> OPERATIONS = Set.of("$survival", "$survival-plot", "$survival-table");
	private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
	private static final Set<String> DECIMALS = Set.of("at", "tau", "confLevel");
	/** FHIR's decimal: no NaN, no Infinity, no leading '+'. */
	private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	/** Before HAPI binds the operation's parameters (which is where a bad decimal failed with a 500). */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean check(RequestDetails request) {
		if (request.getOperation() == null || !OPERATIONS.contains(request.getOperation())) {
			return true;
		}
		request.getParameters().forEach((name, values) -> {
			if (DECIMALS.contains(name)) {
				for (String value : values) {
					checkDecimal(name, value);
				}
			}
		});
		if (request.getRequestType() == RequestTypeEnum.POST) {
			checkBody(request);
		}
		return true;
	}

	private static void checkDecimal(String name, String value) {
		if (value == null || !DECIMAL.matcher(value.trim()).matches()) {
			throw BadParameter.of(name, "'" + value + "' is not a decimal number (e.g. 12 or 0.95)");
		}
	}

	/** FHIR JSON writes a decimal as a JSON number; HAPI's parser also takes a string ("+3") and reads it leniently. */
	private static void checkJsonDecimals(byte[] body) {
		com.fasterxml.jackson.databind.JsonNode root;
		try {
			root = JSON.readTree(body);
		} catch (java.io.IOException e) {
			return; // HAPI parsed it: nothing more to say
		}
		for (com.fasterxml.jackson.databind.JsonNode parameter : root.path("parameter")) {
			String name = parameter.path("name").asText();
			com.fasterxml.jackson.databind.JsonNode value = parameter.get("valueDecimal");
			if (DECIMALS.contains(name) && value != null && !value.isNumber()) {
				throw BadParameter.of(name, value + " is not a decimal number: write valueDecimal as a JSON number (e.g. 12 or 0.95)");
			}
		}
	}

	private static void checkBody(RequestDetails request) {
		byte[] body = request.loadRequestContents();
		if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
			return;
		}
		EncodingEnum encoding = EncodingEnum.forContentType(request.getHeader("Content-Type"));
		if (encoding == null) {
			return; // HAPI answers an unknown content type itself
		}
		IBaseResource resource;
		try {
			resource = encoding.newParser(request.getFhirContext()).parseResource(new String(body, StandardCharsets.UTF_8));
		} catch (DataFormatException e) {
			return; // HAPI answers a body it cannot parse with 400 itself
		}
		if (!(resource instanceof Parameters parameters)) {
			throw BadParameter.of("resourceType", "a POSTed $survival takes a Parameters resource, not " + resource.fhirType());
		}
		if (encoding == EncodingEnum.JSON) {
			checkJsonDecimals(body);
		}
		for (Parameters.ParametersParameterComponent parameter : parameters.getParameter()) {
			if (DECIMALS.contains(parameter.getName()) && parameter.getValue() instanceof PrimitiveType<?> value) {
				checkDecimal(parameter.getName(), value.getValueAsString());
			}
		}
	}
}
