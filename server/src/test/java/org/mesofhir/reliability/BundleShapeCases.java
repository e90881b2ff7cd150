package org.mesofhir.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;

/**
 * Every broken shape of a transaction's or batch's entries, generated: each part of an entry ({@code resource},
 * {@code request}, its {@code method}, {@code url}, {@code ifNoneExist}, {@code ifMatch}, {@code ifNoneMatch},
 * {@code ifModifiedSince}, and {@code fullUrl}) made null, an empty object, an array, a number, a string, repeated
 * (as an array and as a key given twice), absent, or present where its method does not take it; in a POST, PUT
 * and DELETE entry; in a transaction and in a batch; alone and among valid entries. Then the Bundle's own
 * shape: its type missing or not transaction/batch, entry not an array, an entry that is no object, unknown
 * elements and methods, urls that do not match their resource, a resource on a GET, and the same in XML.
 *
 * <p>What each must get: a transaction, 4xx with an OperationOutcome whose issue names the element by its
 * FHIRPath ({@code Bundle.entry[2].request.method}); a batch, the same when its JSON is not FHIR JSON (the
 * Bundle cannot be read), else 200 with that entry alone answered 4xx with such an OperationOutcome and every
 * valid entry carried out (2xx). Never a 5xx, and the stored data (versions, facts, analysis records) the same
 * before and after each: the valid entries of a batch are ones that write nothing (a conditional create that
 * matches, a read, a delete of nothing), those of a transaction write a new Patient, which must not be stored.
 */
final class BundleShapeCases {

	/** How the answer names the problem: the whole Bundle refused, or one batch entry answered alone. */
	enum Answer { WHOLE, ENTRY }

	record Case(String group, String name, String contentType, byte[] body, Answer answer, String path, int badIndex, int entries) {}

	private static final ObjectMapper MAPPER = new ObjectMapper();
	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).build();
	private static final String SITE = "SHAPE-FIXTURE";
	private static final String[] PARTS = {"resource", "request", "request.method", "request.url", "request.ifNoneExist",
		"request.ifMatch", "request.ifNoneMatch", "request.ifModifiedSince", "fullUrl"};
	private static final String[] SHAPES = {"null", "empty object", "array", "number", "string", "repeated as array",
		"repeated key", "absent", "well-formed"};
	private static final String[] METHODS = {"POST", "PUT", "DELETE"};
	private static final String DUPLICATE = "@@duplicate-key@@";

	private final FhirContext fhir;
	private final String base;
	private final List<Case> cases = new ArrayList<>();
	private String siteId;
	private String patientId;
	private int serial;

	BundleShapeCases(FhirContext fhir, String base) {
		this.fhir = fhir;
		this.base = base;
	}

	/** Sends every case and returns what failed (empty when all passed); the summary goes to target/reliability. */
	List<String> run(IGenericClient client, Supplier<long[]> storedCounts) throws IOException, InterruptedException {
		siteId = client.create().resource(MpemResources.site(SITE))
				.conditionalByUrl("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|" + SITE)
				.execute().getId().toUnqualifiedVersionless().getValue();
		patientId = client.create().resource(MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "shape-fixture", siteId))
				.execute().getId().toUnqualifiedVersionless().getValue();
		List<String> failures = new ArrayList<>(controls());
		generate();
		Map<String, int[]> perGroup = new TreeMap<>(); // cases, passed
		for (Case c : cases) {
			long[] before = storedCounts.get();
			HttpResponse<String> response = post(c.contentType(), c.body());
			long[] after = storedCounts.get();
			String problem = check(c, response.statusCode(), response.body());
			if (problem == null && !Arrays.equals(before, after)) {
				problem = "stored data changed " + Arrays.toString(before) + " -> " + Arrays.toString(after);
			}
			int[] counts = perGroup.computeIfAbsent(c.group(), g -> new int[2]);
			counts[0]++;
			if (problem == null) {
				counts[1]++;
			} else {
				failures.add("[" + c.group() + "] " + c.name() + ": " + problem + " | " + abbreviate(response.body()));
			}
		}
		write(perGroup, failures);
		if (cases.size() < 800) {
			failures.add("only " + cases.size() + " cases were generated");
		}
		return failures;
	}

	// --- templates ------------------------------------------------------------------------------------

	private ObjectNode patient(String id) {
		ObjectNode patient = json(fhir.newJsonParser().encodeResourceToString(
				MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "shape-" + (++serial) + "-" + UUID.randomUUID(), siteId)));
		if (id != null) {
			patient.put("id", id);
		}
		return patient;
	}

	/** A valid entry of {@code method}: a new Patient created or updated, or the fixture Patient deleted. */
	private ObjectNode entry(String method) {
		ObjectNode entry = NODES.objectNode();
		switch (method) {
			case "POST" -> {
				entry.put("fullUrl", "urn:uuid:" + UUID.randomUUID());
				entry.set("resource", patient(null));
				entry.putObject("request").put("method", "POST").put("url", "Patient");
			}
			case "PUT" -> {
				String id = "shape-" + (++serial);
				entry.put("fullUrl", base + "/Patient/" + id);
				entry.set("resource", patient(id));
				entry.putObject("request").put("method", "PUT").put("url", "Patient/" + id);
			}
			default -> entry.putObject("request").put("method", "DELETE").put("url", patientId);
		}
		return entry;
	}

	/** Valid entries that write nothing (a batch's), or that write a new Patient (a transaction's, never stored). */
	private List<ObjectNode> validEntries(String type) {
		ObjectNode site = NODES.objectNode();
		site.put("fullUrl", "urn:uuid:" + UUID.randomUUID());
		site.set("resource", json(fhir.newJsonParser().encodeResourceToString(MpemResources.site(SITE))));
		site.putObject("request").put("method", "POST").put("url", "Organization")
				.put("ifNoneExist", "identifier=" + MpemResources.SITE_SYSTEM + "|" + SITE);
		ObjectNode second = NODES.objectNode();
		if (type.equals("batch")) {
			second.putObject("request").put("method", "GET").put("url", patientId);
		} else {
			second = entry("POST");
		}
		ObjectNode nothing = NODES.objectNode();
		nothing.putObject("request").put("method", "DELETE").put("url", "Organization/shape-does-not-exist");
		return List.of(site, second, nothing);
	}

	private static ObjectNode bundle(String type, List<ObjectNode> entries) {
		ObjectNode bundle = NODES.objectNode().put("resourceType", "Bundle");
		if (type != null) {
			bundle.put("type", type);
		}
		ArrayNode array = bundle.putArray("entry");
		entries.forEach(array::add);
		return bundle;
	}

	/** The templates are accepted as they are: else the cases built from them would prove nothing. */
	private List<String> controls() throws IOException, InterruptedException {
		List<String> failures = new ArrayList<>();
		for (String type : new String[] {"transaction", "batch"}) {
			List<ObjectNode> entries = new ArrayList<>(validEntries(type));
			entries.add(entry("POST"));
			entries.add(entry("PUT"));
			String throwaway = fhir.newRestfulGenericClient(base).create().resource(
					MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "shape-throwaway-" + type, siteId))
					.execute().getId().toUnqualifiedVersionless().getValue();
			ObjectNode delete = entry("DELETE");
			((ObjectNode) delete.get("request")).put("url", throwaway);
			entries.add(delete);
			HttpResponse<String> response = post(BadInputCases.JSON, bytes(bundle(type, entries)));
			IBaseResource answer = parse(response.body());
			if (response.statusCode() != 200 || !(answer instanceof Bundle b) || b.getEntry().size() != entries.size()
					|| !b.getEntry().stream().allMatch(e -> e.getResponse().getStatus().startsWith("2"))) {
				failures.add("control: the valid " + type + " templates were not all carried out: " + response.statusCode() + " "
						+ abbreviate(response.body()));
			}
		}
		return failures;
	}

	// --- cases ----------------------------------------------------------------------------------------

	private void generate() {
		for (String type : new String[] {"transaction", "batch"}) {
			for (String method : METHODS) {
				for (String part : PARTS) {
					for (String shape : SHAPES) {
						Answer answer = answer(type, method, part, shape);
						if (answer == null) {
							continue; // that shape is valid there
						}
						for (boolean mixed : new boolean[] {false, true}) {
							entryCase(type, method, part, shape, answer, mixed);
						}
					}
				}
			}
		}
		bundleLevel();
		urlsAndMethods();
		xml();
	}

	/** What a broken part gets: null when the shape is valid there, WHOLE when the JSON is not FHIR JSON. */
	private static Answer answer(String type, String method, String part, String shape) {
		Answer semantic = type.equals("batch") ? Answer.ENTRY : Answer.WHOLE;
		boolean conditional = part.startsWith("request.if");
		return switch (shape) {
			case "null", "empty object", "array", "number", "repeated as array", "repeated key" -> Answer.WHOLE;
			case "string" -> part.equals("resource") || part.equals("request") || part.equals("request.method")
					|| part.equals("request.ifModifiedSince") ? Answer.WHOLE : semantic;
			case "absent" -> part.equals("request") || part.equals("request.method") || part.equals("request.url")
					|| (part.equals("resource") && !method.equals("DELETE")) ? semantic : null;
			case "well-formed" -> {
				if (part.equals("resource")) {
					yield method.equals("DELETE") ? semantic : null; // a DELETE carries no resource
				}
				if (!conditional) {
					yield null; // the template's own value
				}
				yield switch (part) {
					case "request.ifNoneExist" -> method.equals("POST") ? null : semantic;
					case "request.ifMatch" -> method.equals("POST") ? semantic : null; // PUT/DELETE: a real precondition
					default -> semantic; // ifNoneMatch, ifModifiedSince: reads only
				};
			}
			default -> throw new IllegalArgumentException(shape);
		};
	}

	private JsonNode wellFormed(String part, String method, ObjectNode entry) {
		return switch (part) {
			case "resource" -> entry.has("resource") ? entry.get("resource").deepCopy() : patient(null);
			case "request" -> entry.get("request").deepCopy();
			case "request.method" -> NODES.textNode(method);
			case "request.url" -> entry.get("request").get("url").deepCopy();
			case "request.ifNoneExist" -> NODES.textNode("identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|shape-" + (++serial));
			case "request.ifMatch", "request.ifNoneMatch" -> NODES.textNode("W/\"1\"");
			case "request.ifModifiedSince" -> NODES.textNode("2024-05-01T10:00:00Z");
			case "fullUrl" -> NODES.textNode("urn:uuid:" + UUID.randomUUID());
			default -> throw new IllegalArgumentException(part);
		};
	}

	private void entryCase(String type, String method, String part, String shape, Answer answer, boolean mixed) {
		ObjectNode entry = entry(method);
		ObjectNode holder = part.startsWith("request.") ? (ObjectNode) entry.get("request") : entry;
		String key = part.startsWith("request.") ? part.substring("request.".length()) : part;
		JsonNode good = wellFormed(part, method, entry);
		switch (shape) {
			case "null" -> holder.set(key, NODES.nullNode());
			case "empty object" -> holder.set(key, NODES.objectNode());
			case "array" -> holder.set(key, NODES.arrayNode().add(good));
			case "number" -> holder.set(key, NODES.numberNode(42));
			case "string" -> holder.put(key, "not valid here");
			case "repeated as array" -> holder.set(key, NODES.arrayNode().add(good).add(good.deepCopy()));
			case "repeated key" -> {
				holder.set(key, good);
				holder.set(DUPLICATE, good.deepCopy());
			}
			case "absent" -> holder.remove(key);
			default -> holder.set(key, good);
		}
		List<ObjectNode> entries = new ArrayList<>();
		int index = 0;
		if (mixed) {
			List<ObjectNode> valid = validEntries(type);
			entries.addAll(valid.subList(0, 2));
			index = entries.size();
			entries.add(entry);
			entries.add(valid.get(2));
		} else {
			entries.add(entry);
		}
		byte[] body = bytes(bundle(type, entries));
		if (shape.equals("repeated key")) {
			body = new String(body, UTF_8).replace("\"" + DUPLICATE + "\"", "\"" + key + "\"").getBytes(UTF_8);
		}
		String path = "Bundle.entry[" + index + "]." + part;
		if (entry.isEmpty()) { // a DELETE without its request is an empty entry: not FHIR JSON (ele-1), the Bundle is refused
			path = "Bundle.entry[" + index + "]";
			answer = Answer.WHOLE;
		}
		cases.add(new Case(type + " " + method + " " + answer, method + " " + part + " " + shape + (mixed ? ", among valid entries" : ", alone"),
				BadInputCases.JSON, body, answer, path, index, entries.size()));
	}

	/** Bundle.type and Bundle.entry themselves, and entries that are not objects or hold unknown elements. */
	private void bundleLevel() {
		List<ObjectNode> one = List.of(entry("POST"));
		cases.add(whole("bundle", "type missing", bytes(bundle(null, one)), "Bundle.type"));
		for (String type : new String[] {"collection", "document", "searchset", "message", "history", "transaction-response",
			"batch-response", "Transaction", "foo", ""}) {
			cases.add(whole("bundle", "type '" + type + "'", bytes(bundle(type, one)), "Bundle.type"));
		}
		for (JsonNode type : new JsonNode[] {NODES.nullNode(), NODES.numberNode(1), NODES.objectNode(), NODES.arrayNode().add("batch"),
			NODES.booleanNode(true)}) {
			ObjectNode bundle = bundle("transaction", one);
			bundle.set("type", type);
			cases.add(whole("bundle", "type = " + type, bytes(bundle), "Bundle.type"));
		}
		for (String type : new String[] {"transaction", "batch"}) {
			for (JsonNode entries : new JsonNode[] {NODES.nullNode(), NODES.numberNode(3), NODES.textNode("entries"),
				entry("POST"), NODES.booleanNode(false)}) {
				ObjectNode bundle = bundle(type, one);
				bundle.set("entry", entries);
				cases.add(whole("bundle", type + " entry = " + abbreviate(entries.toString()), bytes(bundle), "Bundle.entry"));
			}
			for (JsonNode item : new JsonNode[] {NODES.nullNode(), NODES.numberNode(3), NODES.textNode("entry"),
				NODES.arrayNode().add(entry("POST")), NODES.objectNode(), NODES.booleanNode(true)}) {
				List<ObjectNode> entries = new ArrayList<>(validEntries(type));
				ObjectNode bundle = bundle(type, entries);
				((ArrayNode) bundle.get("entry")).insert(1, item);
				cases.add(whole("bundle", type + " entry[1] = " + abbreviate(item.toString()), bytes(bundle), "Bundle.entry[1]"));
			}
			for (String unknown : new String[] {"requests", "Request", "resources", "method"}) {
				ObjectNode entry = entry("POST");
				entry.set(unknown, entry.get("request").deepCopy());
				cases.add(whole("bundle", type + " unknown entry element '" + unknown + "'",
						bytes(bundle(type, List.of(entry))), "Bundle.entry[0]." + unknown));
			}
			for (String unknown : new String[] {"verb", "Method", "ifNoneExists", "if-match"}) {
				ObjectNode entry = entry("PUT");
				((ObjectNode) entry.get("request")).put(unknown, "x");
				cases.add(whole("bundle", type + " unknown request element '" + unknown + "'",
						bytes(bundle(type, List.of(entry))), "Bundle.entry[0].request." + unknown));
			}
			ObjectNode entry = entry("POST");
			entry.set("request", NODES.arrayNode());
			cases.add(whole("bundle", type + " request = []", bytes(bundle(type, List.of(entry))), "Bundle.entry[0].request"));
		}
	}

	/** Unknown methods, urls that do not fit their resource, a resource on a GET. */
	private void urlsAndMethods() {
		for (String type : new String[] {"transaction", "batch"}) {
			Answer semantic = type.equals("batch") ? Answer.ENTRY : Answer.WHOLE;
			for (String method : new String[] {"post", "Put", "FOO", "CREATE", "OPTIONS", "GETT", " POST"}) {
				ObjectNode entry = entry("POST");
				((ObjectNode) entry.get("request")).put("method", method);
				cases.add(whole("method", type + " method '" + method + "'", bytes(bundle(type, List.of(entry))), "Bundle.entry[0].request.method"));
			}
			String[][] urls = {{"POST", "Organization"}, {"POST", "Patient/123"}, {"POST", "Nope"}, {"POST", "Patient?identifier=a|b"},
				{"PUT", "Organization/shape-x"}, {"PUT", "Patient"}, {"PUT", "Patient/"}, {"PUT", "Patient/other-id"},
				{"DELETE", "Patient"}, {"DELETE", "Nope/1"}, {"DELETE", "/"}};
			for (String[] url : urls) {
				ObjectNode entry = entry(url[0]);
				((ObjectNode) entry.get("request")).put("url", url[1]);
				String path = url[1].equals("Patient/other-id") ? "Bundle.entry[0].resource.id" : "Bundle.entry[0].request.url";
				cases.add(new Case("url " + semantic, type + " " + url[0] + " to '" + url[1] + "'", BadInputCases.JSON,
						bytes(bundle(type, List.of(entry))), semantic, path, 0, 1));
			}
			for (String method : new String[] {"GET", "HEAD"}) {
				ObjectNode entry = NODES.objectNode();
				entry.set("resource", patient(null));
				entry.putObject("request").put("method", method).put("url", patientId);
				cases.add(new Case("url " + semantic, type + " " + method + " with a resource", BadInputCases.JSON,
						bytes(bundle(type, List.of(entry))), semantic, "Bundle.entry[0].resource", 0, 1));
			}
			for (String fullUrl : new String[] {"Patient/1", "urn:uuid:not-a-uuid", "123", "urn:uuid:", "http//x"}) {
				ObjectNode entry = entry("POST");
				entry.put("fullUrl", fullUrl);
				cases.add(new Case("url " + semantic, type + " fullUrl '" + fullUrl + "'", BadInputCases.JSON,
						bytes(bundle(type, List.of(entry))), semantic, "Bundle.entry[0].fullUrl", 0, 1));
			}
			for (String etag : new String[] {"W/\"abc\"", "3a", "W/", "*"}) {
				ObjectNode entry = entry("PUT");
				((ObjectNode) entry.get("request")).put("ifMatch", etag);
				cases.add(new Case("url " + semantic, type + " ifMatch '" + etag + "'", BadInputCases.JSON,
						bytes(bundle(type, List.of(entry))), semantic, "Bundle.entry[0].request.ifMatch", 0, 1));
			}
		}
	}

	/** Entries that cannot be carried out, sent as XML: the same rules, read from HAPI's parse. */
	private void xml() {
		for (String type : new String[] {"transaction", "batch"}) {
			Answer semantic = type.equals("batch") ? Answer.ENTRY : Answer.WHOLE;
			for (String[] broken : new String[][] {{"POST", "request"}, {"PUT", "method"}, {"DELETE", "url"}, {"POST", "resource"},
				{"PUT", "resource"}}) {
				Bundle bundle = new Bundle().setType(Bundle.BundleType.fromCode(type));
				var entry = bundle.addEntry();
				entry.setResource(MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "shape-xml-" + (++serial), siteId));
				entry.getRequest().setMethod(Bundle.HTTPVerb.fromCode(broken[0])).setUrl(broken[0].equals("DELETE") ? patientId : "Patient");
				if (broken[0].equals("PUT")) {
					entry.getResource().setId("shape-xml-" + serial);
					entry.getRequest().setUrl("Patient/shape-xml-" + serial);
				}
				String path = "Bundle.entry[0]." + (broken[1].equals("request") || broken[1].equals("resource") ? broken[1] : "request." + broken[1]);
				switch (broken[1]) {
					case "request" -> entry.setRequest(null);
					case "method" -> entry.getRequest().setMethod(null);
					case "url" -> entry.getRequest().setUrl(null);
					default -> entry.setResource(null);
				}
				if (broken[0].equals("DELETE") && broken[1].equals("url")) {
					entry.setResource(null);
				}
				cases.add(new Case("xml " + semantic, type + " " + broken[0] + " without " + broken[1], BadInputCases.XML,
						fhir.newXmlParser().encodeResourceToString(bundle).getBytes(UTF_8), semantic, path, 0, 1));
			}
		}
	}

	private Case whole(String group, String name, byte[] body, String path) {
		return new Case(group + " WHOLE", name, BadInputCases.JSON, body, Answer.WHOLE, path, -1, -1);
	}

	// --- answers --------------------------------------------------------------------------------------

	/** Null when the answer is what the case expects, else what is wrong with it. */
	private String check(Case c, int status, String body) {
		IBaseResource answer = parse(body);
		if (answer == null) {
			return status + " without a FHIR JSON body";
		}
		if (c.answer() == Answer.WHOLE) {
			if (status < 400 || status >= 500 || !(answer instanceof OperationOutcome outcome)) {
				return "expected 4xx with an OperationOutcome, got " + status + " " + answer.fhirType();
			}
			return names(outcome, c.path()) ? null : "the OperationOutcome does not name " + c.path();
		}
		if (status != 200 || !(answer instanceof Bundle response) || response.getType() != Bundle.BundleType.BATCHRESPONSE) {
			return "expected 200 batch-response, got " + status + " " + answer.fhirType();
		}
		if (response.getEntry().size() != c.entries()) {
			return "expected " + c.entries() + " entries in the batch-response, got " + response.getEntry().size();
		}
		for (int i = 0; i < c.entries(); i++) {
			var entry = response.getEntry().get(i).getResponse();
			if (i == c.badIndex()) {
				if (!entry.getStatus().startsWith("4") || !(entry.getOutcome() instanceof OperationOutcome outcome) || !names(outcome, c.path())) {
					return "entry " + i + " should be 4xx with an OperationOutcome naming " + c.path() + ", got " + entry.getStatus();
				}
			} else if (!entry.getStatus().startsWith("2")) {
				return "valid entry " + i + " was not carried out: " + entry.getStatus();
			}
		}
		return null;
	}

	private static boolean names(OperationOutcome outcome, String path) {
		return outcome.getIssue().stream().anyMatch(issue -> issue.getExpression().stream().anyMatch(e -> path.equals(e.getValue())));
	}

	private IBaseResource parse(String body) {
		try {
			return fhir.newJsonParser().parseResource(body);
		} catch (RuntimeException e) {
			return null;
		}
	}

	private HttpResponse<String> post(String contentType, byte[] body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(120))
				.header("Accept", "application/fhir+json").header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
	}

	private void write(Map<String, int[]> perGroup, List<String> failures) throws IOException {
		StringBuilder out = new StringBuilder("Transaction and batch shapes: ").append(cases.size()).append(" cases\n\n")
				.append("| group (Bundle type, entry method, answer) | cases | passed |\n|---|---:|---:|\n");
		int[] sum = new int[2];
		perGroup.forEach((group, c) -> {
			out.append("| ").append(group).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" |\n");
			sum[0] += c[0];
			sum[1] += c[1];
		});
		out.append("| **all** | ").append(sum[0]).append(" | ").append(sum[1]).append(" |\n\nFailures: ").append(failures.size()).append("\n");
		failures.forEach(f -> out.append("- ").append(f).append("\n"));
		System.out.println(out);
		Path report = Path.of("target", "reliability", "bundle-shapes.md");
		Files.createDirectories(report.getParent());
		Files.writeString(report, out.toString());
	}

	private static ObjectNode json(String text) {
		try {
			return (ObjectNode) MAPPER.readTree(text);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] bytes(JsonNode node) {
		try {
			return MAPPER.writeValueAsBytes(node);
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String abbreviate(String text) {
		String flat = text.replace("\n", " ").replaceAll("\\s+", " ");
		return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
	}
}
