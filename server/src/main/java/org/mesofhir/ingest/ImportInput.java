package org.mesofhir.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
 * @param charset what its bytes are (UTF-8 unless the request or the download declared another)
 */
record ImportInput(String name, Path file, boolean temporary, long lines, Charset charset) {

	static ImportInput pending(String url) {
		return new ImportInput(url, null, false, 0, StandardCharsets.UTF_8);
	}

	boolean staged() {
		return file != null;
	}
}
