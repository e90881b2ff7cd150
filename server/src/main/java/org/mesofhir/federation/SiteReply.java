package org.mesofhir.federation;

import static org.mesofhir.federation.FederationProtocol.*;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.federation.secure.MaskedAggregates;
import org.mesofhir.federation.secure.RingLayout;

/**
 * What a site answers to one step of {@code $survival-aggregates}, written in the encoding the hub asked for:
 * a round's answer in JSON through {@link RoundAnswerJson}, anything else through HAPI's parser.
 */
sealed interface SiteReply {

	/** The answer as a FHIR resource. */
	Parameters parameters();

	/** The answer to a {@code join}. */
	record Join(Parameters parameters) implements SiteReply {}

	/** This site's masked answer to {@code round} of {@code analysis}. */
	record Round(String analysis, int round, MaskedAggregates masked) implements SiteReply {

		@Override
		public Parameters parameters() {
			Parameters answer = new Parameters();
			answer.addParameter(PROTOCOL, new StringType(VERSION));
			answer.addParameter(ANALYSIS, new StringType(analysis));
			answer.addParameter(ROUND, new IntegerType(round));
			List<RingLayout.PartShape> shapes = masked.layout().parts();
			for (int p = 0; p < shapes.size(); p++) {
				Parameters.ParametersParameterComponent part = answer.addParameter().setName(PART);
				part.addPart().setName(NAME).setValue(new StringType(shapes.get(p).name()));
				part.addPart().setName(KIND).setValue(new CodeType(shapes.get(p).integral() ? COUNTS : SUMS));
				part.addPart().setName(LENGTH).setValue(new IntegerType(shapes.get(p).length()));
				part.addPart().setName(MASKED).setValue(new Base64BinaryType(masked.parts().get(p)));
			}
			return answer;
		}
	}

	/** Writes the reply as the response, 200, in the request's encoding (JSON unless it asks for XML). */
	static void write(SiteReply reply, RequestDetails request, HttpServletResponse response) throws IOException {
		EncodingEnum encoding = RestfulServerUtils.determineResponseEncodingWithDefault(request).getEncoding();
		response.setStatus(200);
		response.setContentType(encoding.getResourceContentTypeNonLegacy() + ";charset=UTF-8");
		try (OutputStream out = response.getOutputStream()) {
			if (encoding == EncodingEnum.JSON && reply instanceof Round round) {
				RoundAnswerJson.write(out, round.analysis(), round.round(), round.masked());
				return;
			}
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			encoding.newParser(request.getFhirContext()).encodeResourceToWriter(reply.parameters(), writer);
			writer.flush();
		}
	}
}
