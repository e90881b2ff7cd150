package org.mesofhir.fhir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Checks a query string (or a form body) the way HAPI will decode it, before HAPI does: every {@code %} must
 * start an escape of two hexadecimal digits, and the escaped bytes must be UTF-8 text. HAPI's decoder
 * ({@code URLDecoder}) fails on the first with a 500 and silently replaces the second; this names the
 * parameter instead. Raw characters a URL carries are already ASCII (Tomcat refuses others).
 */
final class QueryEscapes {

	private QueryEscapes() {}

	/** A parameter whose name or value cannot be decoded, and why. */
	record Refusal(String parameter, String message) {}

	/** The first parameter that cannot be decoded, or null when all can. */
	static Refusal check(String query) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		for (String pair : query.split("&", -1)) {
			int equals = pair.indexOf('=');
			String rawName = equals < 0 ? pair : pair.substring(0, equals);
			String nameProblem = problem(rawName);
			if (nameProblem != null) {
				return new Refusal(rawName, "The parameter name '" + rawName + "' cannot be decoded: " + nameProblem + ".");
			}
			if (equals >= 0) {
				String name = decoded(rawName);
				String valueProblem = problem(pair.substring(equals + 1));
				if (valueProblem != null) {
					return new Refusal(name, "Parameter '" + name + "': its value cannot be decoded: " + valueProblem + ".");
				}
			}
		}
		return null;
	}

	/** Why the percent-encoded text cannot be decoded, or null. */
	private static String problem(String encoded) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			if (c != '%') {
				if (c > 0x7F) {
					return "character " + i + " ('" + c + "') is not ASCII; percent-encode its UTF-8 bytes";
				}
				bytes.write(c == '+' ? ' ' : c);
				continue;
			}
			if (i + 2 >= encoded.length()) {
				return "the escape '" + encoded.substring(i) + "' at character " + i + " is cut short: '%' must be followed by"
						+ " two hexadecimal digits (write a literal '%' as %25)";
			}
			char high = encoded.charAt(i + 1);
			char low = encoded.charAt(i + 2);
			if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
				return "'" + encoded.substring(i, i + 3) + "' at character " + i + " is not a percent escape: '%' must be"
						+ " followed by two hexadecimal digits (write a literal '%' as %25)";
			}
			bytes.write(HexFormat.fromHexDigit(high) * 16 + HexFormat.fromHexDigit(low));
			i += 2;
		}
		byte[] raw = bytes.toByteArray();
		try {
			StrictText.decode(raw, 0, raw.length, StandardCharsets.UTF_8);
			return null;
		} catch (StrictText.NotText e) {
			StrictText.Flaw flaw = e.flaw();
			return "its escapes decode to bytes that are not UTF-8 text: at decoded byte " + flaw.offset() + ", " + flaw.what()
					+ ". Percent-encode the UTF-8 bytes of each character (e.g. é is %C3%A9)";
		}
	}

	/** The decoded text of a name already checked. */
	private static String decoded(String encoded) {
		return java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8);
	}
}
