package org.mesofhir.fhir;

import java.util.HexFormat;

/**
 * Checks bytes, fed in pieces, for well-formed UTF-8 as RFC 3629 defines it, and says where and why the
 * first flaw is: a continuation byte with no lead byte, a sequence cut short (also by the end of the text),
 * an overlong encoding, a UTF-16 surrogate written as UTF-8, a code point beyond U+10FFFF, or a byte that
 * never occurs in UTF-8. Offsets count from the first byte fed (0-based); lines are counted by LF.
 */
final class Utf8Check {

	private long offset;
	private long line = 1;
	private long lineStart;
	/** Continuation bytes the current sequence still needs; 0 between sequences. */
	private int needed;
	/** Allowed range of the next continuation byte (narrower right after some lead bytes). */
	private int low = 0x80;
	private int high = 0xBF;
	private final byte[] sequence = new byte[4];
	private int sequenceLength;
	private long sequenceOffset;

	/** Starts counting at {@code offset} (bytes already skipped, e.g. a byte-order mark). */
	Utf8Check(long offset) {
		this.offset = offset;
		this.lineStart = offset;
	}

	/** Checks {@code bytes[from, to)}; throws at the first flaw. */
	void check(byte[] bytes, int from, int to) throws StrictText.NotText {
		for (int i = from; i < to; i++) {
			int c = bytes[i] & 0xFF;
			if (needed == 0) {
				if (c < 0x80) {
					if (c == '\n') {
						line++;
						lineStart = offset + 1;
					}
				} else {
					lead(c);
				}
			} else {
				sequence[sequenceLength++] = (byte) c;
				if (c < low || c > high) {
					throw flaw(continuationProblem(c));
				}
				low = 0x80;
				high = 0xBF;
				needed--;
			}
			offset++;
		}
	}

	/** Throws when the text ended inside a multi-byte sequence. */
	void finish() throws StrictText.NotText {
		if (needed > 0) {
			throw flaw("the text ends inside a " + (sequenceLength + needed) + "-byte sequence (" + needed
					+ " more continuation byte" + (needed > 1 ? "s" : "") + " 0x80-0xBF were due): a truncated character");
		}
	}

	private void lead(int c) throws StrictText.NotText {
		sequenceOffset = offset;
		sequenceLength = 1;
		sequence[0] = (byte) c;
		if (c >= 0xC2 && c <= 0xDF) {
			start(1, 0x80, 0xBF);
		} else if (c == 0xE0) {
			start(2, 0xA0, 0xBF);
		} else if (c == 0xED) {
			start(2, 0x80, 0x9F);
		} else if (c >= 0xE1 && c <= 0xEF) {
			start(2, 0x80, 0xBF);
		} else if (c == 0xF0) {
			start(3, 0x90, 0xBF);
		} else if (c >= 0xF1 && c <= 0xF3) {
			start(3, 0x80, 0xBF);
		} else if (c == 0xF4) {
			start(3, 0x80, 0x8F);
		} else if (c <= 0xBF) {
			throw flaw("a continuation byte (0x80-0xBF) with no lead byte before it");
		} else if (c <= 0xC1) {
			throw flaw("an overlong encoding (0xC0 and 0xC1 only ever write an ASCII character in two bytes)");
		} else if (c <= 0xF7) {
			throw flaw("the lead byte of a code point beyond U+10FFFF, the last Unicode character");
		} else {
			throw flaw("a byte that never occurs in UTF-8 (0xF8-0xFF)"
					+ (offset == 0 && (c == 0xFE || c == 0xFF) ? "; it looks like a UTF-16 byte-order mark" : ""));
		}
	}

	private void start(int continuations, int low, int high) {
		needed = continuations;
		this.low = low;
		this.high = high;
	}

	private String continuationProblem(int c) {
		int lead = sequence[0] & 0xFF;
		if (c < 0x80 || c > 0xBF) {
			return "a " + (sequenceLength - 1 + needed) + "-byte sequence cut short: byte " + sequenceLength + " of it is 0x"
					+ hex(c) + ", not a continuation byte 0x80-0xBF (a truncated character)";
		}
		return switch (lead) {
			case 0xE0, 0xF0 -> "an overlong encoding (a character written in more bytes than it needs)";
			case 0xED -> "a UTF-16 surrogate (U+D800-U+DFFF) written as UTF-8, which is no character";
			default -> "a code point beyond U+10FFFF, the last Unicode character";
		};
	}

	private StrictText.NotText flaw(String what) {
		String bytes = HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase().formatHex(sequence, 0, Math.max(1, sequenceLength));
		return new StrictText.NotText(new StrictText.Flaw(sequenceOffset, line, sequenceOffset - lineStart, "UTF-8",
				bytes + " is " + what));
	}

	private static String hex(int c) {
		return String.format("%02X", c);
	}
}
