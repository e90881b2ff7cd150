package org.mesofhir.ingest;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import org.mesofhir.fhir.StorageProperties;
import org.mesofhir.fhir.StrictText;
import org.springframework.stereotype.Component;

/**
 * Where NDJSON may come from, and its local copy. Only two kinds of URL are read, so that {@code $import}
 * cannot be turned into a way to read the server's files or to reach other machines: {@code file:} URLs
 * inside the import folder ({@code mesofhir.ingest.import-dir}), and {@code http(s):} URLs whose host is in
 * {@code mesofhir.ingest.allowed-hosts} (loopback only by default).
 */
@Component
class ImportSources {

	private final Path importDir;
	private final IngestProperties properties;
	private final HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

	ImportSources(IngestProperties properties, StorageProperties storage) {
		this.properties = properties;
		this.importDir = (properties.importDir().isBlank()
				? Path.of(storage.dataDir(), "import") : Path.of(properties.importDir())).toAbsolutePath().normalize();
	}

	Path importDir() {
		return importDir;
	}

	/** Copies a request body (in {@code charset}) to a temporary file, as bytes (the request ends before the job does). */
	ImportInput fromBody(InputStream body, Charset charset) {
		try {
			Path file = Files.createTempFile("mesofhir-import-", ".ndjson");
			Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
			return new ImportInput("request-body", file, true, NdjsonLines.count(file), charset);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot keep the request body", e);
		}
	}

	/** Refuses, at submission, a URL that would never be read (wrong scheme, host or folder). */
	void check(String url) {
		URI uri = parse(url);
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		switch (scheme) {
			case "file" -> fileInImportDir(uri);
			case "http", "https" -> {
				String host = uri.getHost() == null ? "" : uri.getHost().replaceAll("^\\[|\\]$", "");
				if (properties.allowedHosts().stream().noneMatch(host::equalsIgnoreCase)) {
					throw new InvalidRequestException("input url " + url + ": host '" + host
							+ "' is not allowed (mesofhir.ingest.allowed-hosts: " + properties.allowedHosts() + ")");
				}
			}
			default -> throw new InvalidRequestException("input url " + url + ": only file: (inside " + importDir
					+ ") and http(s): URLs of allowed hosts are read");
		}
	}

	/** The local file of a URL (downloaded for http), with its line count. */
	ImportInput stage(String url) throws IOException, InterruptedException {
		check(url);
		URI uri = parse(url);
		if ("file".equalsIgnoreCase(uri.getScheme())) {
			Path file = fileInImportDir(uri);
			if (!Files.isRegularFile(file)) {
				throw new IOException("no file " + file);
			}
			return new ImportInput(url, file, false, NdjsonLines.count(file), StandardCharsets.UTF_8);
		}
		Path file = Files.createTempFile("mesofhir-import-", ".ndjson");
		HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build(),
				HttpResponse.BodyHandlers.ofFile(file));
		if (response.statusCode() != 200) {
			Files.deleteIfExists(file);
			throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
		}
		try {
			Charset charset = response.headers().firstValue("Content-Type").map(ImportSources::charsetOf).orElse(StandardCharsets.UTF_8);
			return new ImportInput(url, file, true, NdjsonLines.count(file), charset);
		} catch (RuntimeException refused) {
			Files.deleteIfExists(file);
			throw refused;
		}
	}

	private Path fileInImportDir(URI uri) {
		Path file;
		try {
			file = Path.of(uri).toAbsolutePath().normalize();
		} catch (IllegalArgumentException e) {
			throw new InvalidRequestException("input url " + uri + " is not a local file URL: " + e.getMessage());
		}
		if (!file.startsWith(importDir)) {
			throw new InvalidRequestException("input url " + uri + ": file URLs must point into the import folder "
					+ importDir + " (mesofhir.ingest.import-dir)");
		}
		return file;
	}

	private static URI parse(String url) {
		try {
			return new URI(url);
		} catch (URISyntaxException e) {
			throw new InvalidRequestException("input url " + url + " is not a URL: " + e.getMessage());
		}
	}

	/**
	 * The charset a Content-Type declares for NDJSON: UTF-8 when it names none; refused (415) when unknown, or
	 * one whose lines cannot be found byte by byte (UTF-16, UTF-32).
	 */
	static Charset charsetOf(String contentType) {
		Charset charset;
		try {
			charset = StrictText.declaredCharset(contentType);
		} catch (IllegalArgumentException e) {
			throw new UnclassifiedServerFailureException(415, e.getMessage());
		}
		if (!StrictText.asciiCompatible(charset)) {
			throw new UnclassifiedServerFailureException(415, "$import reads NDJSON in UTF-8, or in a charset that writes"
					+ " ASCII as ASCII (ISO-8859-1, windows-1252, ...), not " + charset.name());
		}
		return charset;
	}
}
