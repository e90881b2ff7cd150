package org.mesofhir.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where request bytes become text, strictly: UTF-8 unless a {@code charset} parameter names another
 * charset, and bytes that are not text in that charset are refused with the offset of the first bad one,
 * never replaced (the JDK's decoders silently put U+FFFD in their place, which altered stored data). Used
 * for request bodies ({@link RequestText}), query strings ({@link QueryEscapes}) and each NDJSON line of
 * {@code $import}.
 */
public final class StrictText {

	private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
	private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*(\"[^\"]*\"|[^;\\s]*)");

	private StrictText() {}

	/**
	 * Where and why bytes are not text.
	 *
	 * @param offset 0-based offset of the first byte of the flaw
	 * @param line 1-based line it is on (lines end with LF)
	 * @param inLine 0-based offset of the flaw within its line
	 */
	public record Flaw(long offset, long line, long inLine, String charset, String what) {

		/** "byte offset 17 (line 2, byte 5 of the line): 0xE9 is …". */
		public String describe(String lineWord) {
			return "byte offset " + offset + " (" + lineWord + " " + line + ", byte " + inLine + " of the line): " + what;
		}
	}

	/** Bytes that are not text in their charset. */
	public static final class NotText extends IOException {
		private final Flaw flaw;

		NotText(Flaw flaw) {
			super("not " + flaw.charset() + " text at byte offset " + flaw.offset() + ": " + flaw.what());
			this.flaw = flaw;
		}

		public Flaw flaw() {
			return flaw;
		}
	}

	/** The text of {@code bytes[from, to)} in {@code charset}; refused (not replaced) where they are not text. */
	public static String decode(byte[] bytes, int from, int to, Charset charset) throws NotText {
		if (charset.equals(StandardCharsets.UTF_8)) {
			Utf8Check check = new Utf8Check(0);
			check.check(bytes, from, to);
			check.finish();
			return new String(bytes, from, to - from, StandardCharsets.UTF_8);
		}
		CharsetDecoder decoder = strictDecoder(charset);
		ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
		CharBuffer out = CharBuffer.allocate((int) Math.ceil((to - from) * (double) decoder.maxCharsPerByte()) + 1);
		CoderResult result = decoder.decode(in, out, true);
		if (!result.isError()) {
			result = decoder.flush(out);
		}
		if (result.isError()) {
			throw notText(charset, in.position() - from, 1, 0, out.flip(), bytes, in.position(), result.length());
		}
		return out.flip().toString();
	}

	/** The length of the UTF-8 byte-order mark that {@code bytes[from, to)} starts with: 3, or 0 when there is none. */
	public static int byteOrderMarkLength(byte[] bytes, int from, int to) {
		return to - from >= UTF8_BOM.length && java.util.Arrays.equals(bytes, from, from + UTF8_BOM.length, UTF8_BOM, 0, UTF8_BOM.length)
				? UTF8_BOM.length : 0;
	}

	/** The charset a Content-Type's {@code charset} parameter names; UTF-8 when it names none. */
	public static Charset declaredCharset(String contentType) {
		if (contentType == null) {
			return StandardCharsets.UTF_8;
		}
		Matcher matcher = CHARSET.matcher(contentType);
		if (!matcher.find()) {
			return StandardCharsets.UTF_8;
		}
		String name = matcher.group(1).replace("\"", "").trim();
		try {
			return Charset.forName(name);
		} catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
			throw new IllegalArgumentException("The Content-Type names a charset this server does not know: '" + name
					+ "'. Send UTF-8 (the charset of FHIR), or name a charset such as ISO-8859-1 or windows-1252.");
		}
	}

	/** The Content-Type with its charset parameter saying UTF-8 (what a body is once {@link #utf8} decoded it). */
	static String sayingUtf8(String contentType) {
		return CHARSET.matcher(contentType).replaceAll("; charset=UTF-8");
	}

	/** Whether the media type is text of some kind (FHIR JSON or XML, JSON or XML patches, CSV, NDJSON, forms...). */
	static boolean isText(String contentType) {
		if (contentType == null) {
			return true;
		}
		String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		return type.isEmpty() || type.startsWith("text/") || type.endsWith("json") || type.endsWith("xml")
				|| type.equals("application/x-www-form-urlencoded");
	}

	/** Whether the charset writes ASCII as ASCII (so that lines can be split at byte 0x0A). */
	public static boolean asciiCompatible(Charset charset) {
		return charset.canEncode() && java.util.Arrays.equals("\n{\"a\":1}".getBytes(charset), "\n{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The body as UTF-8: checked as it is read when it is UTF-8 (a byte-order mark is dropped), decoded from
	 * its declared charset otherwise. Reading throws {@link NotText} at the first byte that is not text.
	 */
	static InputStream utf8(InputStream raw, Charset charset) {
		return charset.equals(StandardCharsets.UTF_8) ? new CheckedUtf8(raw) : new Transcoded(raw, charset);
	}

	private static CharsetDecoder strictDecoder(Charset charset) {
		return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	/**
	 * The flaw at {@code offset}: {@code length} bytes from {@code bytes[at]}, after the text {@code since} decoded
	 * from byte {@code inLine} of line {@code line} on (a single-byte charset's characters are its bytes).
	 */
	private static NotText notText(Charset charset, long offset, long line, long inLine, CharSequence since, byte[] bytes,
			int at, int length) {
		for (int i = 0; i < since.length(); i++) {
			if (since.charAt(i) == '\n') {
				line++;
				inLine = 0;
			} else {
				inLine++;
			}
		}
		String hex = HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase()
				.formatHex(bytes, at, Math.min(bytes.length, at + Math.max(1, length)));
		return new NotText(new Flaw(offset, line, inLine, charset.name(),
				hex + " is no character in " + charset.name() + ", the charset the request declares"));
	}

	/** A stream read in pieces; a single byte is a piece of one. */
	private abstract static class PieceStream extends InputStream {
		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return n < 0 ? -1 : one[0] & 0xFF;
		}
	}

	/** UTF-8 checked while it passes through. */
	private static final class CheckedUtf8 extends PieceStream {
		private final PushbackInputStream in;
		private Utf8Check check;

		CheckedUtf8(InputStream raw) {
			this.in = new PushbackInputStream(raw, UTF8_BOM.length);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (check == null) {
				check = new Utf8Check(skipByteOrderMark());
			}
			int n = in.read(buffer, offset, length);
			if (n < 0) {
				check.finish();
			} else {
				check.check(buffer, offset, offset + n);
			}
			return n;
		}

		private int skipByteOrderMark() throws IOException {
			byte[] head = in.readNBytes(UTF8_BOM.length);
			int mark = byteOrderMarkLength(head, 0, head.length);
			in.unread(head, mark, head.length - mark);
			return mark;
		}

		@Override
		public void close() throws IOException {
			in.close();
		}
	}

	/** Another charset, decoded strictly and given out as UTF-8. */
	private static final class Transcoded extends PieceStream {
		private final InputStream in;
		private final Charset charset;
		private final CharsetDecoder decoder;
		private final ByteBuffer raw = ByteBuffer.allocate(8192);
		private final CharBuffer chars = CharBuffer.allocate(8192);
		/** The line being read and how far into it: where a flaw is. */
		private long line = 1;
		private long inLine;
		private long consumed;
		private byte[] pending = new byte[0];
		private int pendingAt;
		private boolean ended;

		Transcoded(InputStream in, Charset charset) {
			this.in = in;
			this.charset = charset;
			this.decoder = strictDecoder(charset);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			while (pendingAt == pending.length) {
				if (ended) {
					return -1;
				}
				fill();
			}
			int n = Math.min(length, pending.length - pendingAt);
			System.arraycopy(pending, pendingAt, buffer, offset, n);
			pendingAt += n;
			return n;
		}

		private void fill() throws IOException {
			int n = in.read(raw.array(), raw.position(), raw.remaining());
			boolean end = n < 0;
			if (!end) {
				raw.position(raw.position() + n);
			}
			raw.flip();
			CoderResult result = decoder.decode(raw, chars, end);
			if (result.isOverflow()) {
				end = false; // the rest is decoded by the next fill
			} else if (end && !result.isError()) {
				result = decoder.flush(chars);
			}
			if (result.isError()) {
				throw notText(charset, consumed + raw.position(), line, inLine, chars.flip(), raw.array(),
						raw.position(), result.length());
			}
			consumed += raw.position();
			raw.compact();
			chars.flip();
			// a high surrogate at the end waits for its low surrogate in the next piece
			int usable = chars.remaining();
			if (!end && usable > 0 && Character.isHighSurrogate(chars.get(chars.limit() - 1))) {
				usable--;
			}
			char[] text = new char[usable];
			chars.get(text);
			chars.compact();
			remember(text);
			pending = new String(text).getBytes(StandardCharsets.UTF_8);
			pendingAt = 0;
			ended = end;
		}

		private void remember(char[] text) {
			for (char c : text) {
				if (c == '\n') {
					line++;
					inLine = 0;
				} else {
					inLine++;
				}
			}
		}
	}
}
