package org.mesofhir.federation;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Parameters;
import org.mesofhir.federation.secure.MaskedAggregates;

/**
 * What a site answers to one step of {@code $survival-aggregates}, written in the encoding the hub asked for:
 * a round's answer in JSON through {@link RoundAnswerJson}, anything else through HAPI's parser.
 */
sealed interface SiteReply {

	/** The answer to a {@code join}. */
	record Join(Parameters parameters) implements SiteReply {}

	/** This site's masked answer to {@code round} of {@code analysis}. */
	record Round(String analysis, int round, MaskedAggregates masked) implements SiteReply {}

	/** Writes the reply as the response, 200, in the request's encoding (JSON unless it asks for XML). */
	static void write(SiteReply reply, RequestDetails request, HttpServletResponse response) throws IOException {
		EncodingEnum encoding = RestfulServerUtils.determineResponseEncodingWithDefault(request).getEncoding();
		response.setStatus(200);
		response.setContentType(encoding.getResourceContentTypeNonLegacy() + ";charset=UTF-8");
		try (OutputStream out = response.getOutputStream()) {
			Parameters parameters;
			if (reply instanceof Round round) {
				if (encoding == EncodingEnum.JSON) {
					RoundAnswerJson.write(out, round.analysis(), round.round(), round.masked());
					return;
				}
				// another encoding (XML): the one JSON layout, read into HAPI's model
				ByteArrayOutputStream json = new ByteArrayOutputStream();
				RoundAnswerJson.write(json, round.analysis(), round.round(), round.masked());
				parameters = request.getFhirContext().newJsonParser()
						.parseResource(Parameters.class, json.toString(StandardCharsets.UTF_8));
			} else {
				parameters = ((Join) reply).parameters();
			}
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			encoding.newParser(request.getFhirContext()).encodeResourceToWriter(parameters, writer);
			writer.flush();
		}
	}
}
