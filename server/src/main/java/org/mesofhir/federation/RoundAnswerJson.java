package org.mesofhir.federation;

import static org.mesofhir.federation.FederationProtocol.*;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.mesofhir.federation.secure.MaskedAggregates;
import org.mesofhir.federation.secure.RingLayout;

/**
 * A round's answer as FHIR JSON, written and read with Jackson rather than HAPI's parser: the same
 * {@code Parameters} layout (protocol, analysis, round, one {@code part} per aggregate with name, kind, length
 * and the masked words as {@code valueBase64Binary}), but the megabytes of masked words go straight from
 * bytes to base64 and back. HAPI's model would encode them again on construction, check and decode them
 * again on parsing: a profile of a 3 × 10,000-patient analysis found those passes to be most of the hub's
 * and the sites' time.
 */
final class RoundAnswerJson {

	private static final ObjectMapper JSON = new ObjectMapper();

	private RoundAnswerJson() {}

	/** A Parameters resource, reduced to what the federation protocol uses; other elements are skipped on reading. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WireParameters(String resourceType, List<WireParameter> parameter) {

		WireParameter find(String name) {
			return parameter == null ? null : parameter.stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
		}

		String text(String name) {
			WireParameter found = find(name);
			return found == null ? null : found.text();
		}
	}

	/** One parameter or part: the value types a round answer uses. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WireParameter(String name, String valueString, String valueCode, Integer valueInteger, byte[] valueBase64Binary,
			List<WireParameter> part) {

		static WireParameter string(String name, String value) {
			return new WireParameter(name, value, null, null, null, null);
		}

		String text() {
			return valueString != null ? valueString : valueCode != null ? valueCode : valueInteger != null ? valueInteger.toString() : null;
		}

		WireParameter child(String name) {
			return part == null ? null : part.stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
		}
	}

	/** Writes the answer of {@code round} of {@code analysis}. */
	static void write(OutputStream out, String analysis, int round, MaskedAggregates masked) throws IOException {
		List<WireParameter> parameters = new ArrayList<>();
		parameters.add(WireParameter.string(PROTOCOL, VERSION));
		parameters.add(WireParameter.string(ANALYSIS, analysis));
		parameters.add(new WireParameter(ROUND, null, null, round, null, null));
		List<RingLayout.PartShape> shapes = masked.layout().parts();
		for (int p = 0; p < shapes.size(); p++) {
			RingLayout.PartShape shape = shapes.get(p);
			parameters.add(new WireParameter(PART, null, null, null, null, List.of(
					WireParameter.string(NAME, shape.name()),
					new WireParameter(KIND, null, shape.integral() ? COUNTS : SUMS, null, null, null),
					new WireParameter(LENGTH, null, null, shape.length(), null, null),
					new WireParameter(MASKED, null, null, null, masked.parts().get(p), null))));
		}
		JSON.writeValue(out, new WireParameters("Parameters", parameters));
	}

	/** @throws SiteFailures.ProtocolViolation when the text is not a JSON Parameters resource */
	static WireParameters read(InputStream in) throws IOException {
		WireParameters parsed;
		try {
			parsed = JSON.readValue(in, WireParameters.class);
		} catch (JsonProcessingException e) {
			throw new SiteFailures.ProtocolViolation("the site's answer could not be parsed: " + e.getOriginalMessage());
		}
		if (parsed == null || !"Parameters".equals(parsed.resourceType())) {
			throw new SiteFailures.ProtocolViolation("the site's answer is not a Parameters resource");
		}
		return parsed;
	}

	/** A site's masked answer to {@code round}; a malformed one is a protocol violation. */
	static MaskedAggregates masked(WireParameters answer, int round) {
		WireParameter echoed = answer.find(ROUND);
		if (echoed == null || echoed.valueInteger() == null || echoed.valueInteger() != round) {
			throw new SiteFailures.ProtocolViolation("the site's answer is not for round " + round);
		}
		List<RingLayout.PartShape> shapes = new ArrayList<>();
		List<byte[]> bytes = new ArrayList<>();
		for (WireParameter part : answer.parameter()) {
			if (!PART.equals(part.name())) {
				continue;
			}
			WireParameter name = part.child(NAME);
			WireParameter kind = part.child(KIND);
			WireParameter length = part.child(LENGTH);
			WireParameter data = part.child(MASKED);
			if (name == null || name.text() == null || kind == null || kind.text() == null || length == null
					|| length.valueInteger() == null || data == null || data.valueBase64Binary() == null) {
				throw new SiteFailures.ProtocolViolation("part " + shapes.size() + " of the site's answer lacks name, kind, length or masked");
			}
			if (!COUNTS.equals(kind.text()) && !SUMS.equals(kind.text())) {
				throw new SiteFailures.ProtocolViolation("part '" + name.text() + "' has kind '" + kind.text() + "'");
			}
			try {
				shapes.add(new RingLayout.PartShape(name.text(), COUNTS.equals(kind.text()), length.valueInteger()));
			} catch (IllegalArgumentException e) {
				throw new SiteFailures.ProtocolViolation("part " + shapes.size() + ": " + e.getMessage());
			}
			bytes.add(data.valueBase64Binary());
		}
		try {
			return new MaskedAggregates(new RingLayout(shapes), bytes);
		} catch (IllegalArgumentException e) {
			throw new SiteFailures.ProtocolViolation("the site's masked parts are malformed: " + e.getMessage());
		}
	}
}
