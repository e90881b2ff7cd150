package org.mesofhir.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.mesofhir.ExpectContinueClient;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.mesofhir.reliability.BadInputCase.Expect;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The generated bad-input suite ({@link BadInputCases}, over 1,000 cases in every category of the
 * robustness issue) sent over plain HTTP, byte for byte. Each answer must be what its case expects (a 4xx
 * with an OperationOutcome, or one of the documented 200 answers), never a 5xx, and the stored data
 * (resource versions, facts, analysis records) must be the same before and after it. The summary goes to
 * {@code target/reliability/bad-input.md} for BENCHMARKS.md.
 */
class BadInputIT extends ServerIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

	@Autowired
	private JdbcTemplate jdbc;

	@Value("${mesofhir.fhir.max-request-size}")
	private DataSize maxRequestSize;

	@Test
	void everyBadRequestIsRefusedCleanlyAndStoresNothing() throws Exception {
		String site = client.create().resource(MpemResources.site("BAD-FIXTURE"))
				.conditionalByUrl("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|BAD-FIXTURE")
				.execute().getId().toUnqualifiedVersionless().getValue();
		String patient = client.create().resource(MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, "bad-fixture", site))
				.execute().getId().toUnqualifiedVersionless().getValue();
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addMember().setEntity(new Reference(patient));
		String groupId = client.create().resource(group).execute().getId().getIdPart();

		List<BadInputCase> cases = new BadInputCases(fhirContext, site, patient).all(groupId, maxRequestSize.toBytes());
		cases.addAll(EncodingCases.all(fhirContext, site, patient, groupId));
		Map<String, int[]> perCategory = new TreeMap<>(); // cases, 4xx, documented 200, 5xx
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		Instant started = Instant.now();
		for (BadInputCase badCase : cases) {
			long[] before = storedCounts();
			ExpectContinueClient.Answer response;
			try {
				response = send(badCase);
			} catch (IOException e) {
				failures.add(describe(badCase) + ": no answer (" + e + ")");
				continue;
			}
			long[] after = storedCounts();
			int status = response.status();
			statuses.merge(status, 1, Integer::sum);
			int[] counts = perCategory.computeIfAbsent(badCase.category(), c -> new int[4]);
			counts[0]++;
			counts[status >= 500 ? 3 : status >= 400 ? 1 : 2]++;
			String problem = check(badCase, status, response.body());
			if (problem != null) {
				failures.add(describe(badCase) + ": " + problem + " | " + abbreviate(response.body()));
			}
			if (!java.util.Arrays.equals(before, after)) {
				failures.add(describe(badCase) + ": stored data changed (versions, facts, records) "
						+ java.util.Arrays.toString(before) + " -> " + java.util.Arrays.toString(after));
			}
		}
		String summary = summary(cases.size(), perCategory, statuses, failures, Duration.between(started, Instant.now()));
		System.out.println(summary);
		Path report = Path.of("target", "reliability", "bad-input.md");
		Files.createDirectories(report.getParent());
		Files.writeString(report, summary);

		assertThat(cases).hasSizeGreaterThanOrEqualTo(1000);
		assertThat(perCategory.keySet()).contains("malformed-json", "malformed-xml", "wrong-type", "unknown-element",
				"profile-break", "reference", "oversized", "deep-nesting", "impossible-date", "duplicate-in-transaction",
				"unicode", "injection-value", "injection-search", "survival-parameter", "registry-csv");
		assertThat(failures).isEmpty();
	}

	/** Transactions and batches of every broken shape ({@link BundleShapeCases}): answered by element, nothing stored. */
	@Test
	void everyTransactionAndBatchShapeIsAnsweredByElementAndStoresNothing() throws Exception {
		assertThat(new BundleShapeCases(fhirContext, baseUrl()).run(client, this::storedCounts)).isEmpty();
	}

	private ExpectContinueClient.Answer send(BadInputCase badCase) throws IOException, InterruptedException {
		if (EncodingCases.sentAsTyped(badCase)) {
			return EncodingCases.send(port, badCase);
		}
		if ("oversized".equals(badCase.category())) {
			// a client that sends a large body asks first, so a refusal does not need the body uploaded
			return ExpectContinueClient.send(port, badCase.method(), "/fhir" + badCase.path(), badCase.contentType(),
					badCase.body(), badCase.chunked());
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + badCase.path()))
				.timeout(Duration.ofSeconds(120))
				.header("Accept", "application/fhir+json");
		if (badCase.body() == null) {
			request.method(badCase.method(), HttpRequest.BodyPublishers.noBody());
		} else {
			request.header("Content-Type", badCase.contentType());
			request.method(badCase.method(), badCase.chunked()
					? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(badCase.body()))
					: HttpRequest.BodyPublishers.ofByteArray(badCase.body()));
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		return new ExpectContinueClient.Answer(response.statusCode(), response.body());
	}

	/** Null when the answer is what the case expects, else what is wrong with it. */
	private String check(BadInputCase badCase, int status, String body) {
		IBaseResource resource;
		try {
			resource = fhirContext.newJsonParser().parseResource(body);
		} catch (RuntimeException e) {
			return status + " without a FHIR JSON body";
		}
		return switch (badCase.expect()) {
			case REJECTED -> status >= 400 && status < 500 && resource instanceof OperationOutcome outcome && outcome.hasIssue()
					? null : "expected 4xx with an OperationOutcome, got " + status + " " + resource.fhirType();
			case EMPTY_SEARCH -> status == 200 && resource instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.SEARCHSET
					&& !bundle.hasEntry() ? null : "expected 200 with an empty searchset, got " + status + " " + resource.fhirType();
			case BATCH_ENTRIES_REJECTED -> status == 200 && resource instanceof Bundle bundle && bundle.getEntry().stream()
					.allMatch(e -> e.getResponse().getStatus().startsWith("4") && e.getResponse().getOutcome() instanceof OperationOutcome)
					? null : "expected 200 batch-response with every entry 4xx, got " + status;
			case ROWS_REPORTED -> status == 200 && resource instanceof Parameters report
					&& ((IntegerType) report.getParameter("rowsStored").getValue()).getValue() == 0
					&& report.getParameter().stream().anyMatch(p -> p.getName().equals("error"))
					? null : "expected 200 report with the bad row named and nothing stored, got " + status + " " + abbreviate(body);
		};
	}

	/** Resource versions (AuditEvents aside: they are the audit of other requests), facts, analysis records. */
	private long[] storedCounts() {
		return new long[] {
			jdbc.queryForObject("SELECT COUNT(*) FROM HFJ_RES_VER WHERE RES_TYPE <> 'AuditEvent'", Long.class),
			jdbc.queryForObject("SELECT COUNT(*) FROM MFH_FACT", Long.class),
			jdbc.queryForObject("SELECT COUNT(*) FROM MFH_ANALYSIS_RECORD", Long.class)
		};
	}

	private static String summary(int total, Map<String, int[]> perCategory, Map<Integer, Integer> statuses,
			List<String> failures, Duration took) {
		StringBuilder out = new StringBuilder("Bad-input suite: ").append(total).append(" cases in ")
				.append(took.toSeconds()).append(" s; answers by status ").append(statuses).append("\n\n")
				.append("| category | cases | 4xx | documented 200 | 5xx |\n|---|---:|---:|---:|---:|\n");
		int[] sum = new int[4];
		perCategory.forEach((category, c) -> {
			out.append("| ").append(category).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ")
					.append(c[2]).append(" | ").append(c[3]).append(" |\n");
			for (int i = 0; i < 4; i++) {
				sum[i] += c[i];
			}
		});
		out.append("| **all** | ").append(sum[0]).append(" | ").append(sum[1]).append(" | ").append(sum[2]).append(" | ")
				.append(sum[3]).append(" |\n\nFailures: ").append(failures.size()).append("\n");
		failures.forEach(f -> out.append("- ").append(f).append("\n"));
		return out.toString();
	}

	private static String describe(BadInputCase badCase) {
		return "[" + badCase.category() + "] " + badCase.name() + " (" + badCase.method() + " /fhir" + abbreviate(badCase.path()) + ")";
	}

	private static String abbreviate(String text) {
		String flat = text.replace("\n", " ").replaceAll("\\s+", " ");
		return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
	}
}
