package org.mesofhir.federation.secure;

import java.util.List;

/**
 * One site's masked answer to a round as it travels: the layout in clear and, per part, the big-endian
 * words of the masked ring elements (8 bytes per count, 24 per real).
 */
public record MaskedAggregates(RingLayout layout, List<byte[]> parts) {

	public MaskedAggregates {
		parts = List.copyOf(parts);
		// checks the byte lengths against the layout
		RingVector.fromPartBytes(layout, parts);
	}

	static MaskedAggregates of(RingVector vector) {
		List<byte[]> parts = new java.util.ArrayList<>();
		for (int p = 0; p < vector.layout().parts().size(); p++) {
			parts.add(vector.partBytes(p));
		}
		return new MaskedAggregates(vector.layout(), parts);
	}

	RingVector vector() {
		return RingVector.fromPartBytes(layout, parts);
	}

	/** The masked words' size in bytes, as sent. */
	public long byteCount() {
		return parts.stream().mapToLong(part -> part.length).sum();
	}
}
