package org.mesofhir.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses FHIR request bodies larger than {@code mesofhir.fhir.max-request-size} with 413 and an
 * OperationOutcome: at once when the declared {@code Content-Length} is too big, and while reading when a
 * chunked body grows past the limit (HAPI turns the exception into the same 413). NDJSON sent to
 * {@code $import} is exempt: it is streamed to disk, never held in memory.
 */
class RequestSizeLimit extends OncePerRequestFilter {

	private final long maxBytes;
	private final FhirContext fhir;

	RequestSizeLimit(long maxBytes, FhirContext fhir) {
		this.maxBytes = maxBytes;
		this.fhir = fhir;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isStreamedNdjson(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > maxBytes) {
			refuse(response);
			return;
		}
		chain.doFilter(new Limited(request, maxBytes), response);
	}

	/** NDJSON sent to {@code $import}: streamed to disk, exempt from the limit (and decoded line by line). */
	static boolean isStreamedNdjson(HttpServletRequest request) {
		String contentType = request.getContentType();
		return request.getRequestURI().endsWith("/$import")
				&& contentType != null && contentType.toLowerCase(Locale.ROOT).contains("ndjson");
	}

	static String message(long maxBytes) {
		return "The request body is larger than this server accepts (" + maxBytes + " bytes, "
				+ "mesofhir.fhir.max-request-size). Send fewer entries per Bundle, or large loads as NDJSON to $import.";
	}

	private void refuse(HttpServletResponse response) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.TOOLONG).setDiagnostics(message(maxBytes));
		response.setStatus(413);
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		// the unread body is not worth receiving: ask the client to close the connection
		response.setHeader("Connection", "close");
		response.getWriter().write(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(outcome));
	}

	/** The request with a body that fails once it has yielded more than the limit. */
	private static final class Limited extends HttpServletRequestWrapper {
		private final long maxBytes;
		private ServletInputStream stream;

		Limited(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new CountingStream(super.getInputStream(), maxBytes);
			}
			return stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
	}

	private static final class CountingStream extends ServletInputStream {
		private final ServletInputStream in;
		private final long maxBytes;
		private long read;

		CountingStream(ServletInputStream in, long maxBytes) {
			this.in = in;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) {
			read += n;
			if (read > maxBytes) {
				throw new PayloadTooLargeException(message(maxBytes));
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}
}
