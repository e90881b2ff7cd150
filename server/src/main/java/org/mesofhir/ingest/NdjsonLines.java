package org.mesofhir.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mesofhir.fhir.StrictText;

/**
 * The lines of an NDJSON input, each decoded on its own and strictly ({@link StrictText}): a line whose bytes
 * are not text in the input's charset is given with why, so that it alone is reported and the others are
 * stored. Lines end with LF (a CR before it is dropped); a UTF-8 byte-order mark before the first is dropped.
 * Streams: only one line is held at a time.
 */
final class NdjsonLines implements Closeable {

	/** A line: its 1-based number, and its text or why it has none. */
	record Line(long number, String text, String error) {}

	private final InputStream in;
	private final Charset charset;
	private final byte[] buffer = new byte[65_536];
	private int position;
	private int limit;
	private byte[] line = new byte[8192];
	private long number;

	NdjsonLines(Path file, Charset charset) throws IOException {
		this.in = Files.newInputStream(file);
		this.charset = charset;
	}

	/** The next line, or null after the last. */
	Line next() throws IOException {
		int length = 0;
		while (true) {
			if (position == limit) {
				int n = in.read(buffer);
				if (n < 0) {
					if (length == 0) {
						return null;
					}
					break;
				}
				position = 0;
				limit = n;
			}
			int start = position;
			while (position < limit && buffer[position] != '\n') {
				position++;
			}
			int piece = position - start;
			if (length + piece > line.length) {
				line = Arrays.copyOf(line, Math.max(line.length * 2, length + piece));
			}
			System.arraycopy(buffer, start, line, length, piece);
			length += piece;
			if (position < limit) { // the line feed: the line is complete
				position++;
				break;
			}
		}
		number++;
		int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
		int start = number == 1 && charset.equals(StandardCharsets.UTF_8) ? StrictText.byteOrderMarkLength(line, 0, end) : 0;
		try {
			return new Line(number, StrictText.decode(line, start, end, charset), null);
		} catch (StrictText.NotText e) {
			StrictText.Flaw flaw = e.flaw();
			return new Line(number, null, "the line is not " + flaw.charset() + " text at byte " + flaw.offset()
					+ " of the line: " + flaw.what() + "; nothing of it was stored. NDJSON is UTF-8 unless the request's"
					+ " Content-Type names another charset (e.g. application/fhir+ndjson; charset=windows-1252)");
		}
	}

	/** The number of lines of a file, counted as {@link #next} reads them. */
	static long count(Path file) throws IOException {
		long lines = 0;
		int last = '\n';
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65_536)) {
			byte[] buffer = new byte[65_536];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				for (int i = 0; i < n; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
				if (n > 0) {
					last = buffer[n - 1];
				}
			}
		}
		return last == '\n' ? lines : lines + 1;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}
}
