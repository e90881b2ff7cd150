package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.ingest.NdjsonImportIT.all;
import static org.mesofhir.ingest.NdjsonImportIT.part;
import static org.mesofhir.ingest.NdjsonImportIT.value;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code $import-registry} over HTTP with the shipped sample: valid rows stored, problems by line and column, idempotent. */
class RegistryImportIT extends ServerIntegrationTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private AnalysisRecordRebuilder records;

	@Test
	void sampleIsStoredOnceBadRowsAreReportedAndACorrectedRowReplacesTheOld() throws Exception {
		// sites unique to this run, so the test can be repeated on the same database
		String site = "R" + UUID.randomUUID().toString().substring(0, 8);
		String sample = sample().replace("SITE-A", site + "-A").replace("SITE-B", site + "-B");
		String rowA3 = sample.lines().filter(line -> line.contains(",A-003,")).findFirst().orElseThrow();
		String badRow = "\n" + rowA3.replace("A-003", "A-009").replace("2019-02-05", "2019-13-01") + "\n";
		Parameters report = importCsv(sample.strip() + badRow);
		assertThat(value(report, "rows")).isEqualTo("7");
		assertThat(value(report, "rowsStored")).isEqualTo("6");
		assertThat(all(report, "error")).singleElement().satisfies(error -> {
			assertThat(part(error, "line")).isEqualTo("8");
			assertThat(part(error, "column")).isEqualTo("diagnosis_date");
		});
		String patientA1 = patientId(site + "-A/A-001");
		AnalysisRecord before = record(patientA1);
		assertThat(before.site()).isEqualTo(site + "-A");
		assertThat(before.pci()).isEqualTo(14);
		assertThat(before.ccScore()).isEqualTo("CC-0");
		assertThat(before.surgeryWithHipec()).isTrue();
		assertThat(before.progressionDates()).containsExactly(LocalDate.of(2019, 8, 20));
		AnalysisRecord dead = record(patientId(site + "-A/A-002"));
		assertThat(dead.deathDate()).isEqualTo(LocalDate.of(2019, 2, 11));

		// the same file again: nothing new
		int resources = countAll();
		assertThat(value(importCsv(sample), "rowsStored")).isEqualTo("6");
		assertThat(countAll()).isEqualTo(resources);
		assertThat(count("Patient?identifier=" + RegistryRowMapper.PATIENT_SYSTEM + "|" + site + "-A/A-001")).isEqualTo(1);

		// corrected: diagnosis a month earlier, the progression date removed
		String corrected = sample.replace("2016-03-02", "2016-02-01").replace("2019-08-20", "");
		assertThat(value(importCsv(corrected), "rowsStored")).isEqualTo("6");
		AnalysisRecord after = record(patientA1);
		assertThat(after.diagnosisDate()).isEqualTo(LocalDate.of(2016, 2, 1));
		assertThat(after.progressionDates()).isEmpty();
		assertThat(countAll()).isEqualTo(resources - 1);
	}

	@Test
	void unknownColumnRefusesTheFile() throws Exception {
		HttpResponse<String> response = post("site,patient_id,sex,birth_date,diagnosis_date,vital_status,diagnosis\nS,P,female,1960-01-01,2019-01-01,alive,x\n");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("unknown column 'diagnosis'");
	}

	private Parameters importCsv(String csv) throws IOException, InterruptedException {
		HttpResponse<String> response = post(csv);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Parameters.class, response.body());
	}

	private HttpResponse<String> post(String csv) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/$import-registry"))
				.header("Content-Type", "text/csv; charset=utf-8")
				.POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private String patientId(String identifier) {
		Bundle found = client.search().byUrl("Patient?identifier=" + RegistryRowMapper.PATIENT_SYSTEM + "|" + identifier)
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		return found.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private AnalysisRecord record(String patientId) {
		return records.storedRecords().stream().filter(r -> r.patientId().equals(patientId)).findFirst().orElseThrow();
	}

	private int countAll() {
		int total = 0;
		for (String type : List.of("Organization", "Patient", "Condition", "Procedure", "MedicationAdministration", "Observation")) {
			total += count(type + "?_count=0");
		}
		return total;
	}

	private int count(String query) {
		return client.search().byUrl(query + "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
	}

	private static String sample() throws IOException {
		try (InputStream in = RegistryImportIT.class.getResourceAsStream("/mesofhir/registry/registry-sample.csv")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
