package org.mesofhir.federation.secure;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.mesofhir.survival.stats.Aggregates;

/**
 * The public shape of one round's aggregates: part names, kinds and lengths, in order. Every site of a round
 * must have the same layout (it is fixed by the round's question); it travels in clear and is bound into
 * the masks, so vectors of different layouts can never cancel by accident.
 */
public record RingLayout(List<PartShape> parts) {

	public RingLayout {
		parts = List.copyOf(parts);
	}

	/** One part: {@code integral} parts are counts (mod 2^64), the others reals (fixed point mod 2^192). */
	public record PartShape(String name, boolean integral, int length) {
		public PartShape {
			if (name == null || name.isEmpty() || length < 0) {
				throw new IllegalArgumentException("a part needs a name and a length of 0 or more");
			}
		}

		int words() {
			return length * (integral ? RingVector.COUNT_WORDS : RingVector.REAL_WORDS);
		}
	}

	static RingLayout of(Aggregates aggregates) {
		List<PartShape> shapes = new ArrayList<>();
		for (Aggregates.Part part : aggregates.parts()) {
			shapes.add(new PartShape(part.name(), part.integral(), part.length()));
		}
		return new RingLayout(shapes);
	}

	int words() {
		return parts.stream().mapToInt(PartShape::words).sum();
	}

	int firstWord(int part) {
		int words = 0;
		for (int p = 0; p < part; p++) {
			words += parts.get(p).words();
		}
		return words;
	}

	/** {@code name:c:length,name:r:length,...}: what the masks are bound to. */
	String describe() {
		return parts.stream().map(p -> p.name() + (p.integral() ? ":c:" : ":r:") + p.length()).collect(Collectors.joining(","));
	}
}
