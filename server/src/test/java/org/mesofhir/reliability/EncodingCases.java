package org.mesofhir.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.mesofhir.reliability.BadInputCase.rejected;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.mesofhir.ExpectContinueClient;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;

/**
 * The bad-input cases of issue #22, where request bytes become text: every search and operation with
 * malformed percent escapes in its query (bad hex, cut short, truncated multi-byte sequences, overlong
 * encodings, lone continuation bytes, surrogates), and every endpoint that takes a body with bytes that are
 * not UTF-8 (the same classes of flaw, a UTF-16 byte-order mark, a UTF-8 byte-order mark before a flaw, and
 * declared charsets the bytes are not text in, or that do not exist). Each must be a 4xx with an
 * OperationOutcome and store nothing. They are sent byte for byte with the URL as typed (no client would
 * send {@code %zz} otherwise). Bodies that would be stored if the flaw went unnoticed are profile-valid.
 */
final class EncodingCases {

	static final String ESCAPES = "url-escape";
	static final String BYTES = "body-encoding";
	private static final String JSON = BadInputCases.JSON;
	private static final String MARK = "FLAWMARK";

	/** Percent escapes that are not UTF-8 text, or no escapes at all. */
	static final String[] BAD_ESCAPES = {"%zz", "%", "%E0%A4%A", "%E0%A4", "%C0%AF", "%80", "%ED%A0%80", "%F4%90%80%80",
		"%FF", "%2", "abc%G1", "%C3%28", "%F0%9F%98", "x%%41", "%E9"};

	/** Bytes that are not UTF-8 text, by kind. */
	static final byte[][] BAD_BYTES = {{(byte) 0xE9}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
		{(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80},
		{(byte) 0xBF, (byte) 0xBF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
		{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
		{(byte) 0xFF}, {(byte) 0xC3}};

	private final FhirContext fhir;
	private final String site;
	private final String patient;
	private final String group;
	private final List<BadInputCase> cases = new ArrayList<>();
	private int serial;

	private EncodingCases(FhirContext fhir, String site, String patient, String group) {
		this.fhir = fhir;
		this.site = site;
		this.patient = patient;
		this.group = group;
	}

	/** All the cases, around the suite's fixture site, patient and Group. */
	static List<BadInputCase> all(FhirContext fhir, String site, String patient, String group) {
		EncodingCases generated = new EncodingCases(fhir, site, patient, group);
		generated.escapes();
		generated.bodies();
		return generated.cases;
	}

	static boolean sentAsTyped(BadInputCase badCase) {
		return badCase.category().equals(ESCAPES) || badCase.category().equals(BYTES);
	}

	/** Sends the case with its URL as typed and its body byte for byte. */
	static ExpectContinueClient.Answer send(int port, BadInputCase badCase) throws IOException {
		return ExpectContinueClient.sendAsTyped(port, badCase.method(), "/fhir" + badCase.path(), badCase.contentType(), badCase.body());
	}

	// --- the query --------------------------------------------------------------------------------------

	private void escapes() {
		String patientId = patient.substring(patient.indexOf('/') + 1);
		String[] searches = {"/Patient?identifier=", "/Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|",
			"/Patient?name=", "/Patient?family=", "/Patient?_id=", "/Patient?_count=", "/Patient?birthdate=", "/Patient?_sort=",
			"/Patient?_include=", "/Observation?code=http://loinc.org|", "/Observation?subject.identifier=",
			"/Observation?subject:identifier=", "/Observation?value-quantity=", "/Condition?code=", "/Organization?identifier=",
			"/Group?identifier=", "/Patient/" + patientId + "?_format=", "/Patient/" + patientId + "/_history?_count=",
			"/Patient/" + patientId + "/$everything?_count=", "/_history?_since=", "/$survival?stratify=", "/$survival?covariate=",
			"/$survival?at=", "/$survival-plot?stratify=", "/$survival-table?stratify=", "/Group/" + group + "/$survival?stratify=",
			"/$import-poll-status?_jobId=", "/ValueSet/$expand?url=", "/metadata?_format=", "/Patient?_count=5&identifier="};
		for (String escape : BAD_ESCAPES) {
			for (String search : searches) {
				cases.add(rejected(ESCAPES, "GET " + search + escape, "GET", search + escape, null, null));
			}
			cases.add(rejected(ESCAPES, "parameter name " + escape, "GET", "/Patient?" + escape + "=1", null, null));
			// writes whose query cannot be decoded: nothing may be stored (Tomcat used to drop the parameter silently)
			cases.add(rejected(ESCAPES, "POST Patient?_pretty=" + escape, "POST", "/Patient?_pretty=" + escape, JSON, patientJson("")));
			cases.add(rejected(ESCAPES, "POST Patient?" + escape + "=1", "POST", "/Patient?" + escape + "=1", JSON, patientJson("")));
			cases.add(rejected(ESCAPES, "PUT Patient?identifier=…|" + escape, "PUT",
					"/Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + escape, JSON, patientJson("")));
			cases.add(rejected(ESCAPES, "DELETE Observation?identifier=" + escape, "DELETE", "/Observation?identifier=" + escape, null, null));
			cases.add(rejected(ESCAPES, "DELETE Patient?_id=" + escape, "DELETE", "/Patient?_id=" + escape, null, null));
			cases.add(rejected(ESCAPES, "transaction ?_format=" + escape, "POST", "?_format=" + escape, JSON, journey("")));
			cases.add(rejected(ESCAPES, "POST $survival?stratify=" + escape, "POST", "/$survival?stratify=" + escape, JSON,
					"{\"resourceType\":\"Parameters\"}".getBytes(UTF_8)));
			cases.add(rejected(ESCAPES, "POST $import-registry?x=" + escape, "POST", "/$import-registry?x=" + escape, "text/csv",
					registry("")));
			cases.add(rejected(ESCAPES, "POST $validate?profile=" + escape, "POST", "/Patient/$validate?profile=" + escape, JSON,
					patientJson("")));
			cases.add(rejected(ESCAPES, "form POST _search identifier=" + escape, "POST", "/Patient/_search",
					"application/x-www-form-urlencoded", ("identifier=" + escape).getBytes(UTF_8)));
		}
	}

	// --- the body ---------------------------------------------------------------------------------------

	/** One body endpoint: how to build its body around a marked value. */
	private record Endpoint(String name, String method, String path, String contentType, java.util.function.Function<String, byte[]> body) {}

	private List<Endpoint> endpoints() {
		return List.of(
				new Endpoint("create", "POST", "/Patient", JSON, this::patientJson),
				new Endpoint("create XML", "POST", "/Patient", BadInputCases.XML, this::patientXml),
				new Endpoint("update", "PUT", "/" + patient, JSON, mark -> patientJson(mark, patient.substring(patient.indexOf('/') + 1))),
				new Endpoint("conditional update", "PUT", "/Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|enc-cond",
						JSON, mark -> json(patient(mark, "enc-cond"))),
				new Endpoint("patch", "PATCH", "/" + patient, "application/json-patch+json",
						mark -> ("[{\"op\":\"add\",\"path\":\"/name\",\"value\":[{\"family\":\"Jos" + mark + "\"}]}]").getBytes(UTF_8)),
				new Endpoint("transaction", "POST", "", JSON, this::journey),
				new Endpoint("batch", "POST", "", JSON,
						mark -> new String(journey(mark), UTF_8).replace("\"transaction\"", "\"batch\"").getBytes(UTF_8)),
				new Endpoint("$validate", "POST", "/Patient/$validate", JSON, this::patientJson),
				new Endpoint("$survival", "POST", "/$survival", JSON,
						mark -> ("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"stratify\",\"valueCode\":\"site" + mark
								+ "\"}]}").getBytes(UTF_8)),
				new Endpoint("$import-registry", "POST", "/$import-registry", "text/csv", this::registry),
				new Endpoint("$import Parameters", "POST", "/$import", JSON,
						mark -> ("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"input\",\"part\":[{\"name\":\"url\","
								+ "\"valueUri\":\"file:///nowhere/a" + mark + ".ndjson\"}]}]}").getBytes(UTF_8)),
				new Endpoint("form search", "POST", "/Patient/_search", "application/x-www-form-urlencoded",
						mark -> ("family=Jos" + mark).getBytes(UTF_8)));
	}

	private void bodies() {
		for (Endpoint endpoint : endpoints()) {
			for (byte[] flaw : BAD_BYTES) {
				String hex = HexFormat.of().withUpperCase().formatHex(flaw);
				add(endpoint, "0x" + hex + " in a value", endpoint.contentType(), flawed(endpoint, flaw));
				add(endpoint, "0x" + hex + " in a value after a UTF-8 byte-order mark", endpoint.contentType(),
						concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, flawed(endpoint, flaw)));
				add(endpoint, "0x" + hex + " in a value, charset=UTF-8 declared", endpoint.contentType() + "; charset=UTF-8",
						flawed(endpoint, flaw));
			}
			byte[] clean = flawed(endpoint, new byte[0]);
			add(endpoint, "ends inside a 3-byte sequence", endpoint.contentType(), concat(clean, new byte[] {(byte) 0xE2, (byte) 0x82}));
			add(endpoint, "UTF-16LE with its byte-order mark, undeclared", endpoint.contentType(),
					concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, new String(clean, UTF_8).getBytes(StandardCharsets.UTF_16LE)));
			add(endpoint, "UTF-16BE with its byte-order mark, undeclared", endpoint.contentType(),
					concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, new String(clean, UTF_8).getBytes(StandardCharsets.UTF_16BE)));
			add(endpoint, "windows-1252 declared, 0x81 (no character in it)", endpoint.contentType() + "; charset=windows-1252",
					flawed(endpoint, new byte[] {(byte) 0x81}));
			add(endpoint, "US-ASCII declared, 0xE9", endpoint.contentType() + "; charset=US-ASCII", flawed(endpoint, new byte[] {(byte) 0xE9}));
			add(endpoint, "an unknown charset declared", endpoint.contentType() + "; charset=x-no-such-charset", clean);
			add(endpoint, "an illegal charset name declared", endpoint.contentType() + "; charset=\"utf 8!\"", clean);
			add(endpoint, "UTF-16 declared, UTF-8 bytes of odd length", endpoint.contentType() + "; charset=UTF-16",
					concat(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00}, clean));
		}
	}

	private void add(Endpoint endpoint, String what, String contentType, byte[] body) {
		cases.add(rejected(BYTES, endpoint.name() + ": " + what, endpoint.method(), endpoint.path(), contentType, body));
	}

	private static byte[] flawed(Endpoint endpoint, byte[] flaw) {
		byte[] marked = endpoint.body().apply(MARK);
		String text = new String(marked, StandardCharsets.ISO_8859_1);
		int at = text.indexOf(MARK);
		return concat(java.util.Arrays.copyOf(marked, at), flaw,
				java.util.Arrays.copyOfRange(marked, at + MARK.length(), marked.length));
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	// --- bodies that are valid but for the marked value ------------------------------------------------

	private Patient patient(String mark, String identifier) {
		Patient resource = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, identifier, site);
		resource.addName().setFamily("Jos" + mark);
		return resource;
	}

	private byte[] json(Patient resource) {
		return fhir.newJsonParser().encodeResourceToString(resource).getBytes(UTF_8);
	}

	private byte[] patientJson(String mark) {
		return json(patient(mark, "enc-" + (++serial)));
	}

	private byte[] patientJson(String mark, String id) {
		Patient resource = patient(mark, "enc-" + (++serial));
		resource.setId(id);
		return json(resource);
	}

	private byte[] patientXml(String mark) {
		return fhir.newXmlParser().encodeResourceToString(patient(mark, "enc-" + (++serial))).getBytes(UTF_8);
	}

	private byte[] journey(String mark) {
		Bundle bundle = PatientJourneyBundle.build("ENC-SITE", "enc-journey-" + (++serial));
		((Patient) bundle.getEntry().get(1).getResource()).addName().setFamily("Jos" + mark);
		return fhir.newJsonParser().encodeResourceToString(bundle).getBytes(UTF_8);
	}

	private byte[] registry(String mark) {
		return (BadOperationInputs.HEADER + "\n" + BadOperationInputs.ROW.replace("{id}", "ENC-" + (++serial) + mark) + "\n")
				.getBytes(UTF_8);
	}

}
