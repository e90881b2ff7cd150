package org.mesofhir.reliability;

/**
 * One generated bad request and what FHIR says the answer must be.
 *
 * @param category the category (malformed-json, profile-break, ...)
 * @param name what is wrong, for the report
 * @param chunked send the body without a Content-Length (chunked), as a streaming client would
 */
record BadInputCase(String category, String name, String method, String path, String contentType, byte[] body,
		boolean chunked, Expect expect) {

	/** The answers a bad request may get; every one of them stores nothing. */
	enum Expect {
		/** 4xx with an OperationOutcome. */
		REJECTED,
		/** A search whose odd value is just a value: 200 with an empty searchset Bundle (FHIR: no match is not an error). */
		EMPTY_SEARCH,
		/** A batch: 200 batch-response in which every entry failed with 4xx and an OperationOutcome (FHIR: entries fail alone). */
		BATCH_ENTRIES_REJECTED,
		/** A registry file with a good header and only bad rows: 200 report naming every bad row, rowsStored 0. */
		ROWS_REPORTED
	}

	static BadInputCase rejected(String category, String name, String method, String path, String contentType, byte[] body) {
		return new BadInputCase(category, name, method, path, contentType, body, false, Expect.REJECTED);
	}
}
