package org.mesofhir.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where the bytes of a FHIR request become text, once, before HAPI sees them ({@link StrictText}):
 * <ul>
 *   <li>the query string: a malformed percent escape, or escapes that are not UTF-8, is a 400 naming the
 *       parameter (HAPI's decoder failed with a 500, or replaced the bytes), for every method;</li>
 *   <li>a text body (FHIR JSON or XML, patches, CSV, forms): UTF-8 unless its {@code charset} parameter says
 *       otherwise, checked as HAPI reads it; the first byte that is not text in that charset is a 400 giving
 *       its offset and line, nothing stored. A declared charset (ISO-8859-1, windows-1252, ...) is decoded and
 *       handed on as UTF-8; a charset this server does not know is a 415. A UTF-8 byte-order mark is dropped.
 *       A form body's escapes are checked like a query's.</li>
 * </ul>
 * Nothing is buffered that was streamed: bodies are checked as they are read. NDJSON sent to {@code $import}
 * is left as bytes; its lines are decoded one by one with the same rules (each bad line reported).
 */
class RequestText extends OncePerRequestFilter {

	private static final String FORM = "application/x-www-form-urlencoded";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		QueryEscapes.Refusal query = QueryEscapes.check(request.getQueryString());
		if (query != null) {
			refuse(response, 400, query.message(), query.parameter());
			return;
		}
		String contentType = request.getContentType();
		if (!StrictText.isText(contentType) || RequestSizeLimit.isStreamedNdjson(request)) {
			chain.doFilter(request, response);
			return;
		}
		Charset charset;
		try {
			charset = StrictText.declaredCharset(contentType);
		} catch (IllegalArgumentException e) {
			refuse(response, 415, e.getMessage(), "Content-Type");
			return;
		}
		Decoded decoded = new Decoded(request, charset);
		if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
			byte[] form;
			try (InputStream body = decoded.getInputStream()) {
				form = body.readAllBytes();
			} catch (BaseServerResponseException e) { // not text, or over the size limit
				refuse(response, e.getStatusCode(), e.getMessage(), null);
				return;
			}
			QueryEscapes.Refusal field = QueryEscapes.check(new String(form, StandardCharsets.UTF_8));
			if (field != null) {
				refuse(response, 400, field.message(), field.parameter());
				return;
			}
			decoded.replay(form);
		}
		chain.doFilter(decoded, response);
	}

	private static void refuse(HttpServletResponse response, int status, String text, String parameter) throws IOException {
		RefusedUrlAnswers.write(response, status, ErrorMapping.outcome(switch (status) {
			case 413 -> OperationOutcome.IssueType.TOOLONG;
			case 415 -> OperationOutcome.IssueType.NOTSUPPORTED;
			default -> OperationOutcome.IssueType.VALUE;
		}, text, parameter));
	}

	/** What is wrong with a body, as HAPI answers it: 400 with an OperationOutcome. */
	static InvalidRequestException refusal(StrictText.NotText notText, boolean csv) {
		StrictText.Flaw flaw = notText.flaw();
		String text = "The request body is not " + flaw.charset() + " text at " + flaw.describe(csv ? "the row on line" : "line")
				+ ". Nothing was stored. FHIR bodies are UTF-8 unless the Content-Type's charset parameter names another"
				+ " charset: if the text was written as ISO-8859-1 or windows-1252 (many exports are), say so, e.g."
				+ " 'Content-Type: " + (csv ? "text/csv" : "application/fhir+json") + "; charset=windows-1252'.";
		return new InvalidRequestException(text, ErrorMapping.outcome(OperationOutcome.IssueType.INVALID, text));
	}

	/** The request with its body checked (and decoded to UTF-8 when another charset was declared) as it is read. */
	private static final class Decoded extends HttpServletRequestWrapper {
		private final Charset charset;
		private final boolean csv;
		private ServletInputStream stream;

		Decoded(HttpServletRequest request, Charset charset) {
			super(request);
			this.charset = charset;
			this.csv = request.getContentType() != null && request.getContentType().toLowerCase(Locale.ROOT).startsWith("text/csv");
		}

		private boolean transcoded() {
			return !charset.equals(StandardCharsets.UTF_8);
		}

		void replay(byte[] checked) {
			stream = new Checked(new ByteArrayInputStream(checked), null, csv);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				ServletInputStream raw = super.getInputStream();
				stream = new Checked(StrictText.utf8(raw, charset), raw, csv);
			}
			return stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

		@Override
		public String getCharacterEncoding() {
			return transcoded() ? StandardCharsets.UTF_8.name() : super.getCharacterEncoding();
		}

		@Override
		public String getContentType() {
			String type = super.getContentType();
			return transcoded() && type != null ? StrictText.sayingUtf8(type) : type;
		}

		@Override
		public String getHeader(String name) {
			if (transcoded() && HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return getContentType();
			}
			if (transcoded() && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				return null;
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (transcoded() && HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				return Collections.enumeration(java.util.List.of(getContentType()));
			}
			if (transcoded() && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				return Collections.emptyEnumeration();
			}
			return super.getHeaders(name);
		}

		@Override
		public int getContentLength() {
			return transcoded() ? -1 : super.getContentLength();
		}

		@Override
		public long getContentLengthLong() {
			return transcoded() ? -1 : super.getContentLengthLong();
		}
	}

	/** A body stream that answers a flaw in its text with the 400 HAPI sends on. */
	private static final class Checked extends ServletInputStream {
		private final InputStream in;
		private final ServletInputStream raw;
		private final boolean csv;
		private boolean finished;

		Checked(InputStream in, ServletInputStream raw, boolean csv) {
			this.in = in;
			this.raw = raw;
			this.csv = csv;
		}

		@Override
		public int read() throws IOException {
			try {
				int b = in.read();
				finished = b < 0;
				return b;
			} catch (StrictText.NotText e) {
				throw refusal(e, csv);
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			try {
				int n = in.read(buffer, offset, length);
				finished = n < 0;
				return n;
			} catch (StrictText.NotText e) {
				throw refusal(e, csv);
			}
		}

		@Override
		public boolean isFinished() {
			return finished;
		}

		@Override
		public boolean isReady() {
			return raw == null || raw.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("FHIR request bodies are read blocking");
		}

		@Override
		public void close() throws IOException {
			in.close();
		}
	}
}
