package org.mesofhir.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict decoding: what is refused, where, and why; and that text passes unchanged, in pieces of any size. */
class StrictTextTest {

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"41E942|1|cut short", "41C0AF|1|overlong", "E080AF|0|overlong", "F08080AF|0|overlong", "EDA080|0|surrogate",
		"4180|1|no lead byte", "BFBF|0|no lead byte", "41E282|1|ends inside", "F09F98|0|ends inside",
		"F4908080|0|beyond U+10FFFF", "F5808080|0|beyond U+10FFFF", "F888808080|0|never occurs", "FFFE|0|UTF-16 byte-order mark",
		"0A0A41C3|3|ends inside", "E2824122|0|cut short"})
	void refusesEachKindOfFlawAtItsOffset(String hex, long offset, String why) {
		byte[] bytes = java.util.HexFormat.of().parseHex(hex);

		assertThatThrownBy(() -> StrictText.decode(bytes, 0, bytes.length, UTF_8))
				.isInstanceOfSatisfying(StrictText.NotText.class, e -> {
					assertThat(e.flaw().offset()).isEqualTo(offset);
					assertThat(e.flaw().what()).contains(why);
				});
	}

	@Test
	void theLineOfAFlawIsCounted() {
		byte[] bytes = "{\n  \"a\": \"b\",\n  \"c\": \"X\"\n}".replace("X", "\u0000").getBytes(UTF_8);
		bytes[bytes.length - 4] = (byte) 0x80;

		assertThatThrownBy(() -> StrictText.decode(bytes, 0, bytes.length, UTF_8))
				.isInstanceOfSatisfying(StrictText.NotText.class, e -> {
					assertThat(e.flaw().line()).isEqualTo(3);
					assertThat(e.flaw().inLine()).isEqualTo(8);
					assertThat(e.flaw().describe("line")).startsWith("byte offset " + (bytes.length - 4) + " (line 3, byte 8 of the line)");
				});
	}

	/** Whatever the bytes, the check refuses exactly what the JDK's strict decoder refuses, at the same offset. */
	@Test
	void agreesWithTheJdksStrictDecoderOnRandomBytes() {
		Random random = new Random(22);
		int refused = 0;
		for (int round = 0; round < 200_000; round++) {
			byte[] bytes = new byte[1 + random.nextInt(6)];
			for (int i = 0; i < bytes.length; i++) { // mostly bytes near the UTF-8 boundaries
				bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(128) : 0x80 + random.nextInt(128));
			}
			Long jdk = jdkFlawOffset(bytes);
			Long ours;
			try {
				assertThat(StrictText.decode(bytes, 0, bytes.length, UTF_8)).isEqualTo(new String(bytes, UTF_8));
				ours = null;
			} catch (StrictText.NotText e) {
				ours = e.flaw().offset();
				refused++;
			}
			assertThat(ours).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
		}
		assertThat(refused).isGreaterThan(100_000);
	}

	private static Long jdkFlawOffset(byte[] bytes) {
		try {
			UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes));
			return null;
		} catch (MalformedInputException e) {
			// the JDK reports where the longest valid prefix ends; find it
			for (int end = bytes.length; end >= 0; end--) {
				if (decodesPrefix(bytes, end)) {
					return (long) end;
				}
			}
			return 0L;
		} catch (CharacterCodingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean decodesPrefix(byte[] bytes, int end) {
		try {
			UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
			return true;
		} catch (CharacterCodingException e) {
			return false;
		}
	}

	@Test
	void aStreamPassesUtf8UnchangedInPiecesOfAnySizeAndDropsAByteOrderMark() throws IOException {
		String text = "José – 5 € 😀 U+10FFFF:\uDBFF\uDFFF ".repeat(2000);
		byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(UTF_8));

		for (int piece : new int[] {1, 2, 3, 7, 8192}) {
			assertThat(new String(readInPieces(StrictText.utf8(new ByteArrayInputStream(body), UTF_8), piece), UTF_8)).isEqualTo(text);
		}
	}

	@Test
	void aStreamInADeclaredCharsetIsGivenOutAsUtf8AndAFlawFarIntoItIsPlaced() throws IOException {
		String text = "Œuvre – 5 € José\n".repeat(3000);
		assertThat(new String(readInPieces(StrictText.utf8(new ByteArrayInputStream(text.getBytes(WINDOWS_1252)), WINDOWS_1252), 5),
				UTF_8)).isEqualTo(text);

		byte[] flawed = (text + "abc\u0081").getBytes(WINDOWS_1252);
		flawed[flawed.length - 1] = (byte) 0x81; // no character in windows-1252
		assertThatThrownBy(() -> readInPieces(StrictText.utf8(new ByteArrayInputStream(flawed), WINDOWS_1252), 1000))
				.isInstanceOfSatisfying(StrictText.NotText.class, e -> {
					assertThat(e.flaw().offset()).isEqualTo(flawed.length - 1);
					assertThat(e.flaw().line()).isEqualTo(3001);
					assertThat(e.flaw().inLine()).isEqualTo(3);
					assertThat(e.flaw().what()).contains("0x81", "windows-1252");
				});
	}

	@Test
	void aStreamRefusesAFlawAtTheRawOffsetCountingTheByteOrderMark() {
		byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"a\":\"".getBytes(UTF_8), new byte[] {(byte) 0xE9, '"', '}'});

		assertThatThrownBy(() -> readInPieces(StrictText.utf8(new ByteArrayInputStream(body), UTF_8), 2))
				.isInstanceOfSatisfying(StrictText.NotText.class, e -> assertThat(e.flaw().offset()).isEqualTo(9));
	}

	@Test
	void theDeclaredCharsetIsReadFromTheContentType() {
		assertThat(StrictText.declaredCharset(null)).isEqualTo(UTF_8);
		assertThat(StrictText.declaredCharset("application/fhir+json")).isEqualTo(UTF_8);
		assertThat(StrictText.declaredCharset("application/fhir+json;fhirVersion=4.0; Charset=\"windows-1252\"")).isEqualTo(WINDOWS_1252);
		assertThat(StrictText.declaredCharset("text/csv; charset=iso-8859-1")).isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThatThrownBy(() -> StrictText.declaredCharset("text/csv; charset=x-nope")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> StrictText.declaredCharset("text/csv; charset=\"utf 8!\"")).isInstanceOf(IllegalArgumentException.class);
		assertThat(StrictText.sayingUtf8("application/fhir+json; charset=windows-1252;fhirVersion=4.0"))
				.isEqualTo("application/fhir+json; charset=UTF-8;fhirVersion=4.0");
		assertThat(StrictText.asciiCompatible(WINDOWS_1252)).isTrue();
		assertThat(StrictText.asciiCompatible(java.nio.charset.StandardCharsets.UTF_16)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"identifier=%zz|identifier|not a percent escape", "name=%|name|cut short", "_id=%E0%A4%A|_id|cut short",
		"_count=%zz|_count|not a percent escape", "stratify=%zz|stratify|not a percent escape",
		"a=1&_id=%E0%A4|_id|ends inside", "x=%C0%AF|x|overlong", "x=%80|x|no lead byte", "x=%ED%A0%80|x|surrogate",
		"%zz=1|%zz|parameter name", "na%E9me=1|na%E9me|parameter name", "x=%F0%9F%98|x|ends inside"})
	void queryEscapesThatCannotBeDecodedNameTheirParameter(String query, String parameter, String why) {
		QueryEscapes.Refusal refusal = QueryEscapes.check(query);

		assertThat(refusal).isNotNull();
		assertThat(refusal.parameter()).isEqualTo(parameter);
		assertThat(refusal.message()).contains(why);
	}

	@Test
	void queriesThatDecodeAreLeftAlone() {
		for (String query : new String[] {null, "", "identifier=http://acme.org/mrn|2345", "name=Jos%C3%A9&_count=5",
			"code=http://loinc.org%7C89247-1", "name=[a]{b}", "a=%F0%9F%98%80", "flag", "a=1&&b=2", "a=b=c", "x=+%2B%25"}) {
			assertThat(QueryEscapes.check(query)).as(query).isNull();
		}
	}

	private static byte[] readInPieces(InputStream in, int piece) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[piece];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static byte[] concat(byte[]... parts) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}
}
