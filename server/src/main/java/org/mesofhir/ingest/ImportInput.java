package org.mesofhir.ingest;

import java.nio.file.Path;

/**
 * One NDJSON input of an import: where it came from (for the report), the local file that holds it once
 * staged, and how many lines it has. A file URL is read in place; a request body or an HTTP download is a
 * temporary copy, deleted when the job ends.
 *
 * @param name the input URL, or {@code request-body}
 * @param file the local file; null until staged
 * @param temporary whether {@code file} is the job's own copy
 * @param lines number of lines (known once staged)
 */
record ImportInput(String name, Path file, boolean temporary, long lines) {

	static ImportInput pending(String url) {
		return new ImportInput(url, null, false, 0);
	}

	boolean staged() {
		return file != null;
	}
}
