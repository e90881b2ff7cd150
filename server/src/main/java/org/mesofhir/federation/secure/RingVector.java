package org.mesofhir.federation.secure;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.mesofhir.survival.stats.Aggregates;

/**
 * Aggregates encoded as elements of a ring, so that masks can be added and cancel exactly: a count is one
 * element of Z/2^64 (one word), a real one element of Z/2^192 in fixed point with {@value #FRACTION_BITS}
 * fractional bits (three words, most significant first). The sum of the encodings of several sites is the
 * encoding of their exact sum, as long as that sum stays in range; so each site refuses to encode a value
 * that could take the sum out of range ({@link #MAX_COUNT}, {@link #MAX_REAL}), never wrapping silently.
 *
 * <p>Precision: a real is rounded once, to 2^-97 absolute, when encoded; summing is exact. A Cox risk-set
 * sum of 1e6 keeps its 53 bits (and 90 more), a value of 1e-15 still about 40 bits.
 */
final class RingVector {

	static final int FRACTION_BITS = 96;
	/** Words per element: a count is 64 bits, a real 192. */
	static final int COUNT_WORDS = 1;
	static final int REAL_WORDS = 3;
	/** Largest |count| one site may contribute: 2^48, so 2^15 sites cannot overflow the signed 64-bit sum. */
	static final long MAX_COUNT = 1L << 48;
	/** Largest |real| one site may contribute: 2^80 (1.2e24), so 2^14 sites stay below 2^94 in a 2^191 signed range. */
	static final double MAX_REAL = 0x1p80;

	private final RingLayout layout;
	private final long[] words;

	RingVector(RingLayout layout, long[] words) {
		if (words.length != layout.words()) {
			throw new IllegalArgumentException("layout " + layout.describe() + " needs " + layout.words() + " words, not " + words.length);
		}
		this.layout = layout;
		this.words = words;
	}

	RingLayout layout() {
		return layout;
	}

	long[] words() {
		return words;
	}

	/** The encoding of a site's aggregates; refuses values out of range, NaN and infinities. */
	static RingVector encode(Aggregates aggregates) {
		RingLayout layout = RingLayout.of(aggregates);
		long[] words = new long[layout.words()];
		int at = 0;
		for (Aggregates.Part part : aggregates.parts()) {
			for (int i = 0; i < part.length(); i++) {
				if (part.integral()) {
					long count = part.counts()[i];
					if (count > MAX_COUNT || count < -MAX_COUNT) {
						throw new ValueOutOfRange(part.name(), i, "count " + count + " exceeds +-2^48");
					}
					words[at++] = count;
				} else {
					encodeReal(part.name(), i, part.sums()[i], words, at);
					at += REAL_WORDS;
				}
			}
		}
		return new RingVector(layout, words);
	}

	private static void encodeReal(String part, int index, double value, long[] words, int at) {
		if (!Double.isFinite(value)) {
			throw new ValueOutOfRange(part, index, "value " + value + " is not a finite number");
		}
		if (Math.abs(value) >= MAX_REAL) {
			throw new ValueOutOfRange(part, index, "value " + value + " exceeds +-2^80");
		}
		// exact: a power-of-two scaling of a double in range neither overflows nor loses bits
		double scaled = Math.rint(value * 0x1p96);
		double magnitude = Math.abs(scaled);
		long high = 0;
		long middle = 0;
		long low;
		if (magnitude < 0x1p63) {
			low = (long) magnitude;
		} else {
			// magnitude = mantissa * 2^shift with 11 <= shift <= 123 (|scaled| < 2^176): the mantissa's 53 bits, shifted
			long bits = Double.doubleToRawLongBits(magnitude);
			int shift = (int) ((bits >>> 52) & 0x7ff) - 1075;
			long mantissa = (bits & 0xfffffffffffffL) | 0x10000000000000L;
			int bit = shift & 63;
			long below = mantissa << bit;
			long above = bit == 0 ? 0 : mantissa >>> (64 - bit);
			if (shift < 64) {
				low = below;
				middle = above;
			} else {
				low = 0;
				middle = below;
				high = above;
			}
		}
		if (scaled < 0) {
			// two's complement in 192 bits: invert, add one
			low = ~low + 1;
			middle = ~middle + (low == 0 ? 1 : 0);
			high = ~high + (low == 0 && middle == 0 ? 1 : 0);
		}
		words[at] = high;
		words[at + 1] = middle;
		words[at + 2] = low;
	}

	/** The aggregates this (summed) vector encodes. */
	Aggregates decode() {
		List<Aggregates.Part> parts = new ArrayList<>();
		int at = 0;
		for (RingLayout.PartShape shape : layout.parts()) {
			if (shape.integral()) {
				long[] counts = new long[shape.length()];
				System.arraycopy(words, at, counts, 0, counts.length);
				at += counts.length;
				parts.add(Aggregates.Part.counts(shape.name(), counts));
			} else {
				double[] sums = new double[shape.length()];
				for (int i = 0; i < sums.length; i++, at += REAL_WORDS) {
					sums[i] = decodeReal(at);
				}
				parts.add(Aggregates.Part.sums(shape.name(), sums));
			}
		}
		return new Aggregates(parts);
	}

	private double decodeReal(int at) {
		return decodeReal(words[at], words[at + 1], words[at + 2]);
	}

	/** The double nearest the signed 192-bit fixed-point value {@code high:middle:low} (ties to even). */
	static double decodeReal(long high, long middle, long low) {
		boolean negative = high < 0;
		if (negative) {
			low = ~low + 1;
			middle = ~middle + (low == 0 ? 1 : 0);
			high = ~high + (low == 0 && middle == 0 ? 1 : 0);
		}
		// the magnitude as top * 2^exponent + rest, top's highest bit set; any rest is folded into top's lowest
		// bit, which lies below the rounding position, so that rounding to 53 bits stays correct
		long top;
		int exponent;
		if (high != 0) {
			int zeros = Long.numberOfLeadingZeros(high);
			top = zeros == 0 ? high : high << zeros | middle >>> (64 - zeros);
			top |= (zeros == 0 ? middle : middle << zeros) != 0 || low != 0 ? 1 : 0;
			exponent = 128 - zeros;
		} else if (middle != 0) {
			int zeros = Long.numberOfLeadingZeros(middle);
			top = zeros == 0 ? middle : middle << zeros | low >>> (64 - zeros);
			top |= (zeros == 0 ? low : low << zeros) != 0 ? 1 : 0;
			exponent = 64 - zeros;
		} else {
			top = low;
			exponent = 0;
		}
		// unsigned to double, rounded once
		double magnitude = top >= 0 ? (double) top : ((double) ((top >>> 1) | (top & 1))) * 2.0;
		double value = Math.scalb(magnitude, exponent - FRACTION_BITS);
		return negative ? -value : value;
	}

	/** This plus {@code other}, element by element in each element's ring. */
	RingVector plus(RingVector other) {
		if (!layout.equals(other.layout)) {
			throw new IllegalArgumentException("vectors of layouts " + layout.describe() + " and " + other.layout.describe() + " do not line up");
		}
		long[] sum = words.clone();
		addInto(sum, other.words, false);
		return new RingVector(layout, sum);
	}

	/** Adds (or subtracts) {@code mask}, a vector of this layout's word count, into {@code target} in place. */
	void addInto(long[] target, long[] mask, boolean subtract) {
		int at = 0;
		for (RingLayout.PartShape shape : layout.parts()) {
			int width = shape.integral() ? COUNT_WORDS : REAL_WORDS;
			for (int i = 0; i < shape.length(); i++, at += width) {
				if (width == 1) {
					target[at] = subtract ? target[at] - mask[at] : target[at] + mask[at];
				} else if (subtract) {
					subtractWide(target, mask, at, width);
				} else {
					addWide(target, mask, at, width);
				}
			}
		}
	}

	private static void addWide(long[] target, long[] mask, int at, int width) {
		long carry = 0;
		for (int w = at + width - 1; w >= at; w--) {
			long a = target[w];
			long sum = a + mask[w] + carry;
			// unsigned overflow: the result is below an operand (or equal to it with a carry in)
			carry = (Long.compareUnsigned(sum, a) < 0 || (carry == 1 && sum == a)) ? 1 : 0;
			target[w] = sum;
		}
	}

	private static void subtractWide(long[] target, long[] mask, int at, int width) {
		long borrow = 0;
		for (int w = at + width - 1; w >= at; w--) {
			long a = target[w];
			long difference = a - mask[w] - borrow;
			borrow = (Long.compareUnsigned(a, mask[w]) < 0 || (borrow == 1 && a == mask[w])) ? 1 : 0;
			target[w] = difference;
		}
	}

	/** The words of one part, big-endian, as they travel. */
	byte[] partBytes(int part) {
		int from = layout.firstWord(part);
		int count = layout.parts().get(part).words();
		ByteBuffer bytes = ByteBuffer.allocate(count * Long.BYTES);
		for (int w = from; w < from + count; w++) {
			bytes.putLong(words[w]);
		}
		return bytes.array();
	}

	/** The vector whose parts' bytes these are; a part of the wrong byte length is refused, naming it. */
	static RingVector fromPartBytes(RingLayout layout, List<byte[]> parts) {
		if (parts.size() != layout.parts().size()) {
			throw new IllegalArgumentException("expected " + layout.parts().size() + " parts, got " + parts.size());
		}
		long[] words = new long[layout.words()];
		for (int p = 0; p < parts.size(); p++) {
			RingLayout.PartShape shape = layout.parts().get(p);
			byte[] bytes = parts.get(p);
			if (bytes == null || bytes.length != shape.words() * Long.BYTES) {
				throw new IllegalArgumentException("part '" + shape.name() + "' must be " + shape.words() * Long.BYTES
						+ " bytes, not " + (bytes == null ? 0 : bytes.length));
			}
			ByteBuffer.wrap(bytes).asLongBuffer().get(words, layout.firstWord(p), shape.words());
		}
		return new RingVector(layout, words);
	}

	/** A site's value that the ring cannot carry: the site refuses to answer rather than wrap. */
	static final class ValueOutOfRange extends IllegalArgumentException {
		ValueOutOfRange(String part, int index, String message) {
			super("part '" + part + "' [" + index + "]: " + message + ", out of the secure-aggregation range");
		}
	}
}
