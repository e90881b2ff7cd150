package org.mesofhir.fhir;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers an operation with a document for people (CSV, SVG, HTML) instead of a FHIR resource. */
public final class TextDownload {

	private TextDownload() {}

	/** @param filename offered to save the document as, or null to show it in place (an image) */
	public static void write(HttpServletResponse response, String contentType, String filename, String body)
			throws IOException {
		response.setStatus(200);
		response.setContentType(contentType + ";charset=UTF-8");
		if (filename != null) {
			response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}
}
