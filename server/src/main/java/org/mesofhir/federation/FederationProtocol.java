package org.mesofhir.federation;

/**
 * The wire layout of {@code $survival-aggregates} (see its OperationDefinition and the README): parameter
 * names and the protocol version a hub and a site must share.
 */
final class FederationProtocol {

	/** Bumped whenever the layout or the masking changes; a hub and a site of different versions do not talk. */
	static final String VERSION = "mesofhir-federation/1";
	static final String OPERATION = "$survival-aggregates";
	static final String DEFINITION = "https://mesofhir.org/fhir/OperationDefinition/survival-aggregates";

	// request
	static final String STEP = "step";
	static final String JOIN = "join";
	static final String ROUND = "round";
	static final String PROTOCOL = "protocol";
	static final String ANALYSIS = "analysis";
	static final String COHORT = "cohort";
	static final String PARAMETERS = "parameters";
	static final String PARTICIPANT = "participant";
	static final String SITE = "site";
	static final String PUBLIC_KEY = "publicKey";
	static final String QUESTION = "question";

	// response
	static final String EXPIRES = "expires";
	static final String PATIENTS = "patients";
	static final String PART = "part";
	static final String NAME = "name";
	static final String KIND = "kind";
	static final String LENGTH = "length";
	static final String MASKED = "masked";
	static final String COUNTS = "counts";
	static final String SUMS = "sums";

	private FederationProtocol() {}
}
