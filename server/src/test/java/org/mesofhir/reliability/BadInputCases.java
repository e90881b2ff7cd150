package org.mesofhir.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.mesofhir.reliability.BadInputCase.rejected;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.mesofhir.reliability.BadInputCase.Expect;

/**
 * Generates the bad-input suite: every category of the robustness issue, built by mutating profile-valid
 * patient-journey Bundles (the demo builders) so that each case is wrong in exactly the way it says.
 * Deterministic (fixed seed). Registry CSV and {@code $survival} cases are in {@link BadOperationInputs}.
 */
final class BadInputCases {

	static final String JSON = "application/fhir+json";
	static final String XML = "application/fhir+xml";
	/** Writes the deeply nested cases too (Jackson refuses to write more than 1,000 levels by default). */
	private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
			.streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(1_000_000).build())
			.build());
	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
	/** Journey entries: 0 site, 1 patient, 2 diagnosis, 3 CRS, 4 HIPEC drug, 5 IV drug, 6 PCI, 7 CC, 8 ECOG, 9 vital status. */
	private static final String[] INJECTIONS = {
		"'; DROP TABLE HFJ_RESOURCE; --", "\" OR \"1\"=\"1", "1 OR 1=1", "<script>alert(1)</script>",
		"${jndi:ldap://127.0.0.1:1/x}", "../../../../etc/passwd", "%00", "\r\nX-Injected: 1", "{{7*7}}",
		"$where: '1 == 1'", "<!--#exec cmd=\"ls\" -->", "\\u0000\\"
	};

	private final FhirContext fhir;
	private final String siteReference;
	private final String patientReference;
	private final Random random = new Random(20261126);
	private final List<BadInputCase> cases = new ArrayList<>();
	private int serial;

	BadInputCases(FhirContext fhir, String siteReference, String patientReference) {
		this.fhir = fhir;
		this.siteReference = siteReference;
		this.patientReference = patientReference;
	}

	List<BadInputCase> all(String groupId, long maxRequestBytes) {
		malformedJson();
		malformedXml();
		wrongTypes();
		unknownElements();
		profileBreaks();
		references();
		impossibleDates();
		duplicatesInTransaction();
		deepNesting();
		unicode();
		injectionValues();
		oversized(maxRequestBytes);
		cases.addAll(BadOperationInputs.searches(INJECTIONS));
		cases.addAll(BadOperationInputs.survival(groupId));
		cases.addAll(BadOperationInputs.registry());
		return cases;
	}

	// --- bodies ---------------------------------------------------------------------------------------

	private ObjectNode journey() {
		Bundle bundle = PatientJourneyBundle.build("BAD-SITE", "bad-input-" + (++serial) + "-" + random.nextInt(1_000_000));
		try {
			return (ObjectNode) MAPPER.readTree(fhir.newJsonParser().encodeResourceToString(bundle));
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static ObjectNode resourceOf(ObjectNode bundle, int entry) {
		return (ObjectNode) bundle.get("entry").get(entry).get("resource");
	}

	private static byte[] bytes(JsonNode node) {
		try {
			return MAPPER.writeValueAsBytes(node);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** A transaction whose entry {@code entry} was changed by {@code change}. */
	private void transaction(String category, String name, int entry, Consumer<ObjectNode> change) {
		ObjectNode bundle = journey();
		change.accept(resourceOf(bundle, entry));
		cases.add(rejected(category, name, "POST", "", JSON, bytes(bundle)));
	}

	// --- categories -----------------------------------------------------------------------------------

	private void malformedJson() {
		byte[] valid = bytes(journey());
		for (int i = 0; i < 120; i++) { // cut anywhere: never a complete JSON document
			int cut = 1 + random.nextInt(valid.length - 2);
			cases.add(rejected("malformed-json", "truncated at byte " + cut, "POST", "", JSON, java.util.Arrays.copyOf(valid, cut)));
		}
		String text = new String(valid, UTF_8);
		String[] broken = {
			"", " ", "{", "}", "[]", "null", "true", "42", "\"Patient\"", "{resourceType:\"Patient\"}",
			"{'resourceType':'Patient'}", "{\"resourceType\":\"Patient\",}", "{\"resourceType\":\"Patient\" \"id\":\"1\"}",
			"{\"resourceType\":\"Patient\"} trailing", "{\"resourceType\":\"Patient\",\"birthDate\":NaN}",
			"/* comment */ {\"resourceType\":\"Patient\"}", text.replaceFirst("\\{", "["), text.replace("\":", "\"="),
			text.replace(",", ";"), "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"unterminated}]}"
		};
		for (String body : broken) {
			cases.add(rejected("malformed-json", "not JSON: " + abbreviate(body), "POST", "", JSON, body.getBytes(UTF_8)));
			cases.add(rejected("malformed-json", "not JSON to Patient: " + abbreviate(body), "POST", "/Patient", JSON, body.getBytes(UTF_8)));
		}
	}

	private void malformedXml() {
		Bundle bundle = PatientJourneyBundle.build("BAD-SITE", "bad-xml-" + random.nextInt(1_000_000));
		byte[] valid = fhir.newXmlParser().encodeResourceToString(bundle).getBytes(UTF_8);
		for (int i = 0; i < 80; i++) {
			int cut = 1 + random.nextInt(valid.length - 2);
			cases.add(rejected("malformed-xml", "truncated at byte " + cut, "POST", "", XML, java.util.Arrays.copyOf(valid, cut)));
		}
		String[] broken = {
			"<Patient>", "<Patient xmlns=\"http://hl7.org/fhir\">", "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"female\"></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><gender value='female'/></Patien>", "not xml at all", "<?xml version=\"1.0\"?>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"1961-04-12\"/><birthDate value=\"1962-01-01\"/></Patient>",
			"<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&x;\"/></Patient>",
			"<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&c;\"/></Patient>",
			"<Patient xmlns=\"http://example.org/not-fhir\"/>", "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/><entry><resource><Nope/></resource></entry></Bundle>"
		};
		for (String body : broken) {
			cases.add(rejected("malformed-xml", "not FHIR XML: " + abbreviate(body), "POST", "/Patient", XML, body.getBytes(UTF_8)));
		}
	}

	private void wrongTypes() {
		record Field(int entry, String name, String kind) {}
		List<Field> fields = List.of(
				new Field(1, "birthDate", "string"), new Field(1, "gender", "string"), new Field(1, "identifier", "array"),
				new Field(1, "managingOrganization", "object"), new Field(2, "onsetDateTime", "string"), new Field(2, "code", "object"),
				new Field(3, "performedDateTime", "string"), new Field(3, "status", "string"), new Field(6, "valueInteger", "number"),
				new Field(6, "component", "array"), new Field(8, "valueInteger", "number"), new Field(9, "valueCodeableConcept", "object"),
				new Field(4, "dosage", "object"), new Field(5, "effectiveDateTime", "string"), new Field(7, "partOf", "array"));
		List<JsonNode> values = List.of(NODES.numberNode(42), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(),
				NODES.textNode("not-the-right-type"), NODES.numberNode(3.5), NODES.nullNode());
		// HAPI's parser reads a JSON null as "absent" (FHIR forbids null): only where the element is required is that an error
		// (a PCI's components are optional: a registry's total-only PCI has none)
		List<String> optional = List.of("code", "dosage", "partOf", "status", "component");
		for (Field field : fields) {
			for (JsonNode value : values) {
				if (sameKind(field.kind(), value) || (value.isNull() && optional.contains(field.name()))) {
					continue;
				}
				transaction("wrong-type", "entry " + field.entry() + " " + field.name() + " = " + value, field.entry(),
						resource -> resource.set(field.name(), value));
			}
		}
	}

	private static boolean sameKind(String kind, JsonNode value) {
		return switch (kind) {
			case "string" -> value.isTextual();
			case "number" -> value.isIntegralNumber();
			case "array" -> value.isArray();
			case "object" -> value.isObject();
			default -> false;
		};
	}

	private void unknownElements() {
		String[] names = {"foo", "birthdate", "Gender", "deceased", "valueIntegr", "extension2", "resourcetype", "identifierr"};
		int[] entries = {1, 2, 3, 6, 8};
		for (String name : names) {
			for (int entry : entries) {
				transaction("unknown-element", "entry " + entry + " '" + name + "'", entry, resource -> resource.put(name, "x"));
			}
			transaction("unknown-element", "nested in identifier '" + name + "'", 1,
					resource -> ((ObjectNode) resource.get("identifier").get(0)).put(name, "x"));
			transaction("unknown-element", "nested in code '" + name + "'", 2,
					resource -> ((ObjectNode) resource.get("code")).put(name, "x"));
		}
	}

	private void profileBreaks() {
		String[][] removals = {{"1", "identifier"}, {"1", "gender"}, {"1", "birthDate"}, {"1", "managingOrganization"},
			{"2", "onsetDateTime"}, {"2", "subject"}, {"3", "performedDateTime"}, {"3", "subject"}, {"4", "subject"},
			{"4", "effectiveDateTime"}, {"5", "dosage"}, {"6", "valueInteger"}, {"6", "partOf"}, {"6", "subject"},
			{"7", "valueCodeableConcept"}, {"8", "valueInteger"}, {"8", "subject"}, {"9", "valueCodeableConcept"},
			{"9", "effectiveDateTime"}, {"0", "identifier"}, {"0", "name"}};
		for (String[] removal : removals) {
			int entry = Integer.parseInt(removal[0]);
			transaction("profile-break", "entry " + entry + " without " + removal[1], entry, resource -> resource.remove(removal[1]));
		}
		for (int value : new int[] {40, 41, 99, -1, 13, 15, 0}) { // the journey's PCI regions sum to 14
			transaction("profile-break", "PCI total " + value, 6, resource -> resource.put("valueInteger", value));
		}
		for (int region = 0; region < 13; region += 3) {
			int r = region;
			for (int value : new int[] {4, 9, -1}) {
				transaction("profile-break", "PCI region " + r + " = " + value, 6,
						resource -> ((ObjectNode) resource.get("component").get(r)).put("valueInteger", value));
			}
		}
		transaction("profile-break", "PCI with 12 regions", 6, resource -> ((ArrayNode) resource.get("component")).remove(12));
		for (int value : new int[] {6, 7, -1, 100}) {
			transaction("profile-break", "ECOG " + value, 8, resource -> resource.put("valueInteger", value));
		}
		for (String code : new String[] {"CC-4", "CC-9", "cc-0", "0", ""}) {
			transaction("profile-break", "CC score code '" + code + "'", 7, resource -> coding(resource.get("valueCodeableConcept")).put("code", code));
		}
		for (String code : new String[] {"12345", "419099008", "alive"}) {
			transaction("profile-break", "vital status '" + code + "'", 9, resource -> coding(resource.get("valueCodeableConcept")).put("code", code));
		}
		for (String code : new String[] {"1234567", "26643006", "IV"}) {
			transaction("profile-break", "route '" + code + "'", 5, resource -> coding(resource.get("dosage").get("route")).put("code", code));
		}
		transaction("profile-break", "HIPEC without temperature", 3, resource -> hipecParts(resource).remove(1));
		transaction("profile-break", "HIPEC without duration", 3, resource -> hipecParts(resource).remove(2));
		transaction("profile-break", "HIPEC without performed", 3, resource -> hipecParts(resource).remove(0));
		transaction("profile-break", "HIPEC temperature in degF", 3,
				resource -> ((ObjectNode) hipecParts(resource).get(1).get("valueQuantity")).put("code", "[degF]"));
		transaction("profile-break", "histology '8000/3'", 2,
				resource -> coding(resource.get("extension").get(0).get("valueCodeableConcept")).put("code", "8000/3"));
	}

	private static ObjectNode coding(JsonNode concept) {
		return (ObjectNode) concept.get("coding").get(0);
	}

	private static ArrayNode hipecParts(ObjectNode procedure) {
		return (ArrayNode) procedure.get("extension").get(0).get("extension");
	}

	private void references() {
		String[] bad = {"", "Patient/", "/", "Patient/does-not-exist-1", "Patient/" + "9".repeat(18), "Organization/does-not-exist",
			"urn:uuid:00000000-0000-0000-0000-000000000000", "urn:uuid:not-a-uuid", "http://elsewhere.example.org/fhir/Patient/1",
			"Patient/../Organization/1", "Patient/a b", "Nope/1", "#contained-missing", "Patient?identifier=none|none"};
		record Slot(int entry, String path) {}
		List<Slot> slots = List.of(new Slot(1, "managingOrganization"), new Slot(2, "subject"), new Slot(3, "subject"),
				new Slot(6, "subject"), new Slot(8, "subject"));
		for (String reference : bad) {
			for (Slot slot : slots) {
				transaction("reference", "entry " + slot.entry() + " " + slot.path() + " -> '" + reference + "'", slot.entry(),
						resource -> ((ObjectNode) resource.get(slot.path())).put("reference", reference));
			}
		}
		// right format, wrong target type: a diagnosis whose subject is the site
		transaction("reference", "subject is an Organization", 2, resource -> ((ObjectNode) resource.get("subject")).put("reference", siteReference));
		transaction("reference", "site is a Patient", 1, resource -> ((ObjectNode) resource.get("managingOrganization")).put("reference", patientReference));
	}

	private void impossibleDates() {
		String[] dates = {"2021-02-29", "2019-04-31", "2020-13-01", "2020-00-10", "2020-01-32", "0000-00-00", "20200101",
			"2020-1-1", "01/02/2020", "yesterday", "2020-01-01T25:00:00Z", "2020-01-01T10:61:00Z", "2020-01-01T10:00:00+25:00",
			"99999-01-01", "-2020-01-01", "2020-02-30T00:00:00Z", ""};
		record Slot(int entry, String field) {}
		List<Slot> slots = List.of(new Slot(1, "birthDate"), new Slot(2, "onsetDateTime"), new Slot(3, "performedDateTime"),
				new Slot(8, "effectiveDateTime"), new Slot(9, "effectiveDateTime"));
		for (String date : dates) {
			for (Slot slot : slots) {
				transaction("impossible-date", "entry " + slot.entry() + " " + slot.field() + " '" + date + "'", slot.entry(),
						resource -> resource.put(slot.field(), date));
			}
		}
	}

	private void duplicatesInTransaction() {
		for (int i = 0; i < 8; i++) { // the same fullUrl twice
			ObjectNode bundle = journey();
			ArrayNode entries = (ArrayNode) bundle.get("entry");
			int a = 1 + random.nextInt(9);
			int b = 1 + (a + random.nextInt(8)) % 9;
			((ObjectNode) entries.get(b)).put("fullUrl", entries.get(a).get("fullUrl").asText());
			cases.add(rejected("duplicate-in-transaction", "fullUrl of entry " + a + " again at entry " + b, "POST", "", JSON, bytes(bundle)));
		}
		for (int i = 0; i < 9; i++) { // a second Patient with the first one's identifier
			ObjectNode bundle = journey();
			ArrayNode entries = (ArrayNode) bundle.get("entry");
			ObjectNode copy = entries.get(1).deepCopy();
			copy.put("fullUrl", "urn:uuid:" + java.util.UUID.randomUUID());
			if (i % 3 == 1) {
				((ObjectNode) copy.get("resource")).put("gender", "male");
			}
			entries.insert(2 + i % 8, copy);
			cases.add(rejected("duplicate-in-transaction", "Patient identifier twice (variant " + i + ")", "POST", "", JSON, bytes(bundle)));
		}
		for (int entry : new int[] {2, 3, 6, 7, 8, 9}) { // the same clinical record identifier on two resources of a type
			for (int variant = 0; variant < 3; variant++) {
				ObjectNode bundle = journey();
				ArrayNode entries = (ArrayNode) bundle.get("entry");
				ObjectNode copy = entries.get(entry).deepCopy();
				copy.put("fullUrl", "urn:uuid:" + java.util.UUID.randomUUID());
				ArrayNode identifier = ((ObjectNode) copy.get("resource")).putArray("identifier");
				identifier.addObject().put("system", "https://hospital.example.org/fhir/sid/clinical-record").put("value", "dup-" + serial);
				((ObjectNode) entries.get(entry).get("resource")).set("identifier", identifier.deepCopy());
				entries.insert(entry + 1 + variant % 2, copy);
				cases.add(rejected("duplicate-in-transaction", "entry " + entry + " identifier twice (variant " + variant + ")", "POST", "", JSON, bytes(bundle)));
			}
		}
		for (int i = 0; i < 4; i++) { // the same conditional create twice
			ObjectNode bundle = journey();
			ArrayNode entries = (ArrayNode) bundle.get("entry");
			ObjectNode copy = entries.get(1).deepCopy();
			copy.put("fullUrl", "urn:uuid:" + java.util.UUID.randomUUID());
			String identifier = copy.get("resource").get("identifier").get(0).get("value").asText();
			((ObjectNode) copy.get("request")).put("method", "PUT")
					.put("url", "Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + identifier);
			((ObjectNode) entries.get(1).get("request")).put("method", "PUT")
					.put("url", "Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + identifier);
			entries.insert(2 + i, copy);
			cases.add(rejected("duplicate-in-transaction", "conditional update on one identifier twice (" + i + ")", "POST", "", JSON, bytes(bundle)));
		}
	}

	private void deepNesting() {
		for (int depth : new int[] {500, 1_001, 2_000, 5_000, 20_000, 100_000}) {
			cases.add(rejected("deep-nesting", "arrays " + depth + " deep", "POST", "/Patient", JSON,
					("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8)));
			cases.add(rejected("deep-nesting", "objects " + depth + " deep", "POST", "/Patient", JSON,
					("{\"resourceType\":\"Patient\",\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}").getBytes(UTF_8)));
			cases.add(rejected("deep-nesting", "XML elements " + depth + " deep", "POST", "/Patient", XML,
					("<Patient xmlns=\"http://hl7.org/fhir\">" + "<extension url=\"http://x.org\">".repeat(depth)
							+ "</extension>".repeat(depth) + "</Patient>").getBytes(UTF_8)));
		}
		// nested extensions inside an otherwise valid Patient: legal FHIR until the JSON nesting limit (1,000 levels;
		// each extension level is two), which the server enforces with a 400
		for (int depth : new int[] {600, 1_000, 3_000, 10_000}) {
			// written as text: a tree this deep overflows the stack of any recursive JSON writer
			ObjectNode bundle = journey();
			resourceOf(bundle, 1).putArray("extension").add("DEEP-EXTENSIONS");
			StringBuilder nested = new StringBuilder();
			for (int d = 0; d < depth; d++) {
				nested.append("{\"url\":\"https://example.org/x").append(d).append("\",\"extension\":[");
			}
			nested.append("{\"url\":\"https://example.org/x\",\"valueString\":\"leaf\"}").append("]}".repeat(depth));
			String body = new String(bytes(bundle), UTF_8).replace("\"DEEP-EXTENSIONS\"", nested);
			cases.add(rejected("deep-nesting", "extensions " + depth + " deep in the Patient", "POST", "", JSON, body.getBytes(UTF_8)));
		}
		// contained resources inside contained ones: FHIR forbids any nesting (dom-2)
		for (int depth : new int[] {2, 10, 50, 200}) {
			transaction("deep-nesting", "contained " + depth + " deep", 1, resource -> {
				ObjectNode inner = NODES.objectNode().put("resourceType", "Basic").put("id", "c0");
				inner.putObject("code").put("text", "x");
				for (int d = 1; d < depth; d++) {
					ObjectNode outer = NODES.objectNode().put("resourceType", "Basic").put("id", "c" + d);
					outer.putObject("code").put("text", "x");
					outer.putArray("contained").add(inner);
					inner = outer;
				}
				resource.putArray("contained").add(inner);
			});
		}
	}

	private void unicode() {
		byte[][] invalidUtf8 = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
			{(byte) 0xFE, (byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
			{(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
		for (byte[] bad : invalidUtf8) {
			for (String field : new String[] {"family", "resourceType"}) {
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				String head = field.equals("family")
						? "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A"
						: "{\"resourceType\":\"Pat";
				body.writeBytes(head.getBytes(UTF_8));
				body.writeBytes(bad);
				body.writeBytes((field.equals("family") ? "B\"}]}" : "ient\"}").getBytes(UTF_8));
				cases.add(rejected("unicode", "invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad) + " in " + field,
						"POST", "/Patient", JSON, body.toByteArray()));
			}
		}
		// characters FHIR strings may not hold (control characters), and lone surrogates, in a patient's identifier
		String[] values = {"\u0000", "a\u0001b", "\u0007", "\u001B[31m", "\uD800", "\uDFFF", "x\uDBFF", "\u0008", "\u000B", "\u001F"};
		for (String value : values) {
			transaction("unicode", "identifier value " + escape(value), 1,
					resource -> ((ObjectNode) resource.get("identifier").get(0)).put("value", value));
			transaction("unicode", "site code " + escape(value), 0,
					resource -> ((ObjectNode) resource.get("identifier").get(0)).put("value", value));
		}
		// a site code longer than a stratification label may be
		for (String code : new String[] {"é".repeat(201), "😀".repeat(5000)}) {
			// the entry's ifNoneExist names the code too, so the long code is really written (not matched to the known site)
			ObjectNode bundle = journey();
			ObjectNode entry = (ObjectNode) bundle.get("entry").get(0);
			((ObjectNode) entry.get("resource").get("identifier").get(0)).put("value", code);
			((ObjectNode) entry.get("request")).put("ifNoneExist", "identifier=" + PatientJourneyBundle.SITE_SYSTEM + "|" + code);
			cases.add(rejected("unicode", "site code of " + code.codePointCount(0, code.length()) + " '" + code.substring(0, Character.charCount(code.codePointAt(0))) + "'",
					"POST", "", JSON, bytes(bundle)));
		}
	}

	private void injectionValues() {
		for (String injection : INJECTIONS) {
			transaction("injection-value", "birthDate " + escape(injection), 1, resource -> resource.put("birthDate", injection));
			transaction("injection-value", "gender " + escape(injection), 1, resource -> resource.put("gender", injection));
			transaction("injection-value", "reference " + escape(injection), 2, resource -> ((ObjectNode) resource.get("subject")).put("reference", injection));
			transaction("injection-value", "CC code " + escape(injection), 7,
					resource -> coding(resource.get("valueCodeableConcept")).put("code", injection));
			transaction("injection-value", "deceasedDateTime " + escape(injection), 1, resource -> resource.put("deceasedDateTime", injection));
			cases.add(rejected("injection-value", "resource id " + escape(injection), "PUT",
					"/Patient/" + URLEncoder.encode(injection, UTF_8).replace("+", "%20"), JSON,
					("{\"resourceType\":\"Patient\",\"id\":" + MAPPER.valueToTree(injection) + "}").getBytes(UTF_8)));
			cases.add(rejected("injection-value", "narrative " + escape(injection), "POST", "", JSON, bytes(withNarrative(injection))));
		}
	}

	private ObjectNode withNarrative(String injection) {
		ObjectNode bundle = journey();
		resourceOf(bundle, 1).putObject("text").put("status", "generated")
				.put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>" + injection.replace("<", "&lt;") + "</script><img src=\"x\" onerror=\"alert(1)\"/></div>");
		return bundle;
	}

	private void oversized(long maxBytes) {
		int over = (int) maxBytes + 1024;
		String name = "x".repeat(over);
		byte[] patient = ("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + name + "\"}]}").getBytes(UTF_8);
		cases.add(rejected("oversized", "Patient over the limit, with Content-Length", "POST", "/Patient", JSON, patient));
		cases.add(new BadInputCase("oversized", "Patient over the limit, chunked", "POST", "/Patient", JSON, patient, true, Expect.REJECTED));
		ObjectNode bundle = journey();
		ArrayNode entries = (ArrayNode) bundle.get("entry");
		ObjectNode template = entries.get(8).deepCopy();
		while (bytes(bundle).length <= over) {
			for (int i = 0; i < 2000; i++) {
				entries.add(template.deepCopy().put("fullUrl", "urn:uuid:" + java.util.UUID.randomUUID()));
			}
		}
		byte[] big = bytes(bundle);
		cases.add(rejected("oversized", "transaction of " + entries.size() + " entries, with Content-Length", "POST", "", JSON, big));
		cases.add(new BadInputCase("oversized", "transaction of " + entries.size() + " entries, chunked", "POST", "", JSON, big, true, Expect.REJECTED));
		cases.add(rejected("oversized", "$survival Parameters over the limit", "POST", "/$survival", JSON,
				("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pciCutoffs\",\"valueString\":\"" + name + "\"}]}").getBytes(UTF_8)));
		cases.add(rejected("oversized", "registry CSV over the limit", "POST", "/$import-registry", "text/csv",
				("site,patient_id\n" + name).getBytes(UTF_8)));
	}

	static String abbreviate(String text) {
		String flat = escape(text);
		return flat.length() <= 40 ? flat : flat.substring(0, 40) + "…";
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach(c -> out.append(c < 32 || (c >= 0xD800 && c <= 0xDFFF) ? String.format("\\u%04X", c) : Character.toString(c)));
		return out.toString();
	}
}
