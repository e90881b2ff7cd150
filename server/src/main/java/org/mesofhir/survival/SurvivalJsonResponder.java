package org.mesofhir.survival;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Type;
import org.mesofhir.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Streams {@code $survival}'s (and {@code $federated-survival}'s) Parameters as FHIR JSON with Jackson instead of HAPI's parser: a result at
 * 100k patients holds some 100,000 parts (one per Kaplan–Meier row and column), which HAPI's generic
 * encoder takes seconds to write. Only the value types the result uses are written here; anything else,
 * XML, or a browser asking for HTML is left to HAPI.
 */
@Component
@Interceptor
public class SurvivalJsonResponder implements RestInterceptor {

	private static final JsonFactory JSON = new JsonFactory();
	/** The operations whose answer carries the Kaplan–Meier table: a hub's pooled answer is as large as a site's. */
	private static final Set<String> STREAMED_OPERATIONS = Set.of("$survival", "$federated-survival");

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean respond(RequestDetails request, IBaseResource resource, HttpServletResponse response) throws IOException {
		if (!(resource instanceof Parameters parameters)
				|| !STREAMED_OPERATIONS.contains(request.getOperation())
				|| !writable(parameters)
				|| !wantsJson(request)) {
			return true;
		}
		response.setStatus(200);
		response.setContentType("application/fhir+json;charset=UTF-8");
		boolean pretty = RestfulServerUtils.prettyPrintResponse(request.getServer(), request);
		try (OutputStream out = response.getOutputStream(); JsonGenerator json = JSON.createGenerator(out)) {
			if (pretty) {
				json.useDefaultPrettyPrinter();
			}
			write(parameters, json);
		}
		return false;
	}

	private static boolean wantsJson(RequestDetails request) {
		String accept = request.getHeader("Accept");
		if (accept != null && accept.contains("text/html")) {
			return false; // a browser: HAPI's response highlighter renders the page
		}
		var encoding = RestfulServerUtils.determineResponseEncodingNoDefault(request, null);
		// no preference stated: the server's default, JSON
		return encoding == null || encoding.getEncoding() == EncodingEnum.JSON;
	}

	static void write(Parameters parameters, JsonGenerator json) throws IOException {
		json.writeStartObject();
		json.writeStringField("resourceType", "Parameters");
		json.writeArrayFieldStart("parameter");
		for (ParametersParameterComponent parameter : parameters.getParameter()) {
			writeComponent(parameter, json);
		}
		json.writeEndArray();
		json.writeEndObject();
	}

	private static void writeComponent(ParametersParameterComponent component, JsonGenerator json) throws IOException {
		json.writeStartObject();
		json.writeStringField("name", component.getName());
		Type value = component.getValue();
		if (value != null) {
			switch (value.fhirType()) {
				case "decimal" -> {
					json.writeFieldName("valueDecimal");
					json.writeNumber(value.primitiveValue());
				}
				case "integer" -> {
					json.writeFieldName("valueInteger");
					json.writeNumber(value.primitiveValue());
				}
				case "code" -> json.writeStringField("valueCode", value.primitiveValue());
				case "string" -> json.writeStringField("valueString", value.primitiveValue());
				default -> throw new IllegalStateException("unexpected value type " + value.fhirType());
			}
		}
		if (component.hasPart()) {
			json.writeArrayFieldStart("part");
			for (ParametersParameterComponent part : component.getPart()) {
				writeComponent(part, json);
			}
			json.writeEndArray();
		}
		json.writeEndObject();
	}

	/** True when every value is of a type {@link #writeComponent} writes. */
	private static boolean writable(Parameters parameters) {
		for (ParametersParameterComponent parameter : parameters.getParameter()) {
			if (!writable(parameter)) {
				return false;
			}
		}
		return true;
	}

	private static boolean writable(ParametersParameterComponent component) {
		if (component.hasResource()) {
			return false;
		}
		if (component.getValue() != null) {
			switch (component.getValue().fhirType()) {
				case "decimal", "integer", "code", "string" -> {}
				default -> {
					return false;
				}
			}
		}
		for (ParametersParameterComponent part : component.getPart()) {
			if (!writable(part)) {
				return false;
			}
		}
		return true;
	}
}
