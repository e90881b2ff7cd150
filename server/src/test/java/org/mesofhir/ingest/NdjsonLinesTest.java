package org.mesofhir.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NDJSON lines read as bytes and decoded one by one: a bad line is given alone, with why, and counted like the others. */
class NdjsonLinesTest {

	@TempDir
	Path folder;

	@Test
	void eachLineIsDecodedAloneAndABadOneIsNamed() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
		bytes.writeBytes("{\"a\":\"José\"}\r\n".getBytes(UTF_8));
		bytes.writeBytes(new byte[] {'{', '"', 'b', '"', ':', '"', 'J', 'o', 's', (byte) 0xE9, '"', '}', '\n'});
		bytes.writeBytes("\n".getBytes(UTF_8));
		String longLine = "{\"c\":\"" + "€".repeat(100_000) + "\"}";
		bytes.writeBytes((longLine + "\n").getBytes(UTF_8));
		bytes.writeBytes("{\"d\":1}".getBytes(UTF_8)); // no final line feed

		List<NdjsonLines.Line> lines = read(bytes.toByteArray(), UTF_8);

		assertThat(lines).extracting(NdjsonLines.Line::number).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(lines.get(0).text()).isEqualTo("{\"a\":\"José\"}");
		assertThat(lines.get(1).text()).isNull();
		assertThat(lines.get(1).error()).contains("not UTF-8 text at byte 9 of the line", "0xE9");
		assertThat(lines.get(2).text()).isEmpty();
		assertThat(lines.get(3).text()).isEqualTo(longLine);
		assertThat(lines.get(4).text()).isEqualTo("{\"d\":1}");
		assertThat(NdjsonLines.count(file(bytes.toByteArray()))).isEqualTo(5);
	}

	@Test
	void aDeclaredCharsetDecodesEveryLine() throws Exception {
		Charset windows = Charset.forName("windows-1252");
		List<NdjsonLines.Line> lines = read("{\"a\":\"Œuvre – 5 €\"}\n{\"b\":\"José\"}\n".getBytes(windows), windows);

		assertThat(lines).extracting(NdjsonLines.Line::text).containsExactly("{\"a\":\"Œuvre – 5 €\"}", "{\"b\":\"José\"}");
	}

	private List<NdjsonLines.Line> read(byte[] content, Charset charset) throws Exception {
		List<NdjsonLines.Line> lines = new ArrayList<>();
		try (NdjsonLines reader = new NdjsonLines(file(content), charset)) {
			for (NdjsonLines.Line line = reader.next(); line != null; line = reader.next()) {
				lines.add(line);
			}
		}
		return lines;
	}

	private Path file(byte[] content) throws Exception {
		Path file = Files.createTempFile(folder, "lines", ".ndjson");
		Files.write(file, content);
		return file;
	}
}
