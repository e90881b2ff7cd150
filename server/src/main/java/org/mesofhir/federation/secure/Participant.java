package org.mesofhir.federation.secure;

/** One site taking part in a round: its name as the hub calls it and its public key for this analysis. */
public record Participant(String site, String publicKey) {
	public Participant {
		if (site == null || site.isBlank() || publicKey == null || publicKey.isBlank()) {
			throw new IllegalArgumentException("a participant needs a site name and a public key");
		}
	}
}
