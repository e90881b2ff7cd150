package org.mesofhir.fhir;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.mesofhir.ExpectContinueClient;
import org.mesofhir.ExpectContinueClient.Answer;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.demo.MpemResources;

/**
 * Issue #22: request bytes become text in one place, strictly. A body that is not UTF-8 (and declares no
 * other charset) is refused with its byte offset and nothing stored, never altered; a declared charset is
 * honoured, so that what is stored is what was meant; the same for transactions, batches, {@code $validate},
 * {@code $import} (line by line: a bad line reported by number, the others stored) and
 * {@code $import-registry} (a byte-order mark or a declared charset decoded, a bad byte refused naming the row).
 */
class RequestTextIT extends ServerIntegrationTest {

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
	/** Accents (ISO-8859-1 and windows-1252) and what only windows-1252 has (en dash, euro sign, OE ligature). */
	private static final String LATIN = "José Müller-Ñandú";
	private static final String WINDOWS = "Œuvre – 5 €";

	@Test
	void anUndeclaredLatin1ByteIsRefusedWithItsOffsetAndNothingIsStored() throws Exception {
		String id = "enc-latin1-" + System.nanoTime();
		byte[] body = json(patient(id, "José")).getBytes(ISO_8859_1); // how "José" looks in a Latin-1 export
		int offset = new String(body, ISO_8859_1).indexOf('é');

		Answer answer = post("/fhir/Patient", "application/fhir+json", body);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(diagnostics(answer)).contains("byte offset " + offset, "0xE9", "charset=");
		assertThat(patients(id)).isEmpty();
	}

	@Test
	void aDeclaredCharsetIsDecodedAndStoredAsMeant() throws Exception {
		String latin = "enc-8859-" + System.nanoTime();
		String windows = "enc-1252-" + System.nanoTime();
		String bom = "enc-bom-" + System.nanoTime();

		assertThat(post("/fhir/Patient", "application/fhir+json; charset=ISO-8859-1", json(patient(latin, LATIN)).getBytes(ISO_8859_1)).status())
				.isEqualTo(201);
		assertThat(post("/fhir/Patient", "application/fhir+json;fhirVersion=4.0;charset=\"windows-1252\"",
				json(patient(windows, WINDOWS)).getBytes(WINDOWS_1252)).status()).isEqualTo(201);
		assertThat(post("/fhir/Patient", "application/fhir+json", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
				json(patient(bom, WINDOWS)).getBytes(UTF_8))).status()).isEqualTo(201);

		assertThat(family(latin)).isEqualTo(LATIN);
		assertThat(family(windows)).isEqualTo(WINDOWS);
		assertThat(family(bom)).isEqualTo(WINDOWS);
	}

	@Test
	void transactionsBatchesAndValidateDecodeTheSameWay() throws Exception {
		String inTransaction = "enc-tx-" + System.nanoTime();
		String inBatch = "enc-batch-" + System.nanoTime();
		Bundle transaction = PatientJourneyBundle.build("ENC-SITE", inTransaction);
		((Patient) transaction.getEntry().get(1).getResource()).addName().setFamily(WINDOWS);
		Bundle batch = PatientJourneyBundle.build("ENC-SITE", inBatch).setType(Bundle.BundleType.BATCH);
		batch.getEntry().subList(2, batch.getEntry().size()).clear(); // a batch's entries cannot refer to each other
		batch.getEntry().get(1).getResource().setIdElement(null);
		((Patient) batch.getEntry().get(1).getResource()).setManagingOrganization(new org.hl7.fhir.r4.model.Reference(
				client.search().byUrl("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|ENC-SITE").returnBundle(Bundle.class)
						.execute().getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless()));
		((Patient) batch.getEntry().get(1).getResource()).addName().setFamily(LATIN);

		byte[] undeclared = json(transaction).getBytes(WINDOWS_1252);
		assertThat(post("/fhir", "application/fhir+json", undeclared).status()).isEqualTo(400);
		assertThat(patients(inTransaction)).isEmpty();

		assertThat(post("/fhir", "application/fhir+json; charset=windows-1252", undeclared).status()).isEqualTo(200);
		Answer batchAnswer = post("/fhir", "application/fhir+json; charset=ISO-8859-1", json(batch).getBytes(ISO_8859_1));
		assertThat(batchAnswer.status()).isEqualTo(200);
		assertThat(((Bundle) fhirContext.newJsonParser().parseResource(batchAnswer.body())).getEntry())
				.allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("20"));
		assertThat(family(inTransaction)).isEqualTo(WINDOWS);
		assertThat(family(inBatch)).isEqualTo(LATIN);

		// $validate reads the body as a create would: the declared charset decoded, an undeclared byte refused
		Patient wrongGender = patient("enc-validate", "José");
		String text = json(wrongGender).replace("\"female\"", "\"fémale\"");
		Answer decoded = post("/fhir/Patient/$validate", "application/fhir+json; charset=windows-1252", text.getBytes(WINDOWS_1252));
		assertThat(decoded.body()).contains("fémale");
		Answer refused = post("/fhir/Patient/$validate", "application/fhir+json", text.getBytes(WINDOWS_1252));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(diagnostics(refused)).contains("byte offset " + text.indexOf('é'));
	}

	@Test
	void ndjsonImportReportsTheBadLineByNumberAndStoresTheOthers() throws Exception {
		String run = "enc-nd-" + System.nanoTime();
		String site = client.create().resource(MpemResources.site("ENC-ND"))
				.conditionalByUrl("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|ENC-ND").execute()
				.getId().toUnqualifiedVersionless().getValue();
		ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
		ndjson.writeBytes((json(patient(run + "-1", "Plain", site)) + "\n").getBytes(UTF_8));
		ndjson.writeBytes((json(patient(run + "-2", LATIN, site)) + "\n").getBytes(ISO_8859_1));
		ndjson.writeBytes((json(patient(run + "-3", WINDOWS, site)) + "\r\n").getBytes(UTF_8));
		ndjson.writeBytes(new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}', '\n'});

		Parameters report = importReport("application/fhir+ndjson", ndjson.toByteArray());

		assertThat(number(report, "linesStored")).isEqualTo(2);
		assertThat(errorLines(report)).containsExactly(2L, 4L);
		assertThat(errorMessages(report)).allSatisfy(message -> assertThat(message).contains("not UTF-8 text at byte"));
		assertThat(family(run + "-1")).isEqualTo("Plain");
		assertThat(patients(run + "-2")).isEmpty();
		assertThat(family(run + "-3")).isEqualTo(WINDOWS);

		// declared: each line decoded from windows-1252
		String again = run + "-again";
		String lines = json(patient(again + "-1", LATIN, site)) + "\n" + json(patient(again + "-2", WINDOWS, site)) + "\n";
		Parameters declared = importReport("application/fhir+ndjson; charset=windows-1252", lines.getBytes(WINDOWS_1252));
		assertThat(number(declared, "linesStored")).isEqualTo(2);
		assertThat(family(again + "-1")).isEqualTo(LATIN);
		assertThat(family(again + "-2")).isEqualTo(WINDOWS);

		Answer unknown = post("/fhir/$import", "application/fhir+ndjson; charset=x-unknown", lines.getBytes(UTF_8));
		assertThat(unknown.status()).isEqualTo(415);
		assertThat(fhirContext.newJsonParser().parseResource(unknown.body())).isInstanceOf(OperationOutcome.class);
	}

	@Test
	void registryCsvWithABomOrADeclaredCharsetIsReadAndABadByteIsRefusedNamingTheRow() throws Exception {
		String header = "site,patient_id,sex,birth_date,diagnosis_date,vital_status,last_followup_date\n";
		String id = "ENC-REG-" + System.nanoTime();
		byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
				(header + "ENCREG," + id + ",female,1960-01-01,2018-01-01,alive,2024-01-01\n").getBytes(UTF_8));
		assertThat(number(registry("text/csv", bom), "rowsStored")).isEqualTo(1);

		// a value the registry refuses, quoted back as sent: decoded from the declared charset
		String rows = header + "ENCREG," + id + "-b,fémale,1960-01-01,2018-01-01,alive,2024-01-01\n";
		Parameters declared = registry("text/csv; charset=windows-1252", rows.getBytes(WINDOWS_1252));
		assertThat(number(declared, "rowsStored")).isZero();
		assertThat(fhirContext.newJsonParser().encodeResourceToString(declared)).contains("fémale");

		String third = header + "ENCREG," + id + "-c,female,1960-01-01,2018-01-01,alive,2024-01-01\n"
				+ "ENCREG," + id + "-d,fémale,1960-01-01,2018-01-01,alive,2024-01-01\n";
		Answer refused = post("/fhir/$import-registry", "text/csv", third.getBytes(ISO_8859_1));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(diagnostics(refused)).contains("the row on line 3", "0xE9");
		assertThat(client.search().byUrl("Patient?identifier=https://mesofhir.org/fhir/sid/registry-patient|ENCREG/" + id + "-c")
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
	}

	// --- helpers ------------------------------------------------------------------------------------------

	private Patient patient(String id, String family) {
		String site = client.create().resource(MpemResources.site("ENC-SITE"))
				.conditionalByUrl("Organization?identifier=" + MpemResources.SITE_SYSTEM + "|ENC-SITE").execute()
				.getId().toUnqualifiedVersionless().getValue();
		return patient(id, family, site);
	}

	private static Patient patient(String id, String family, String site) {
		Patient patient = MpemResources.patient(PatientJourneyBundle.PATIENT_SYSTEM, id, site);
		patient.addName().setFamily(family);
		return patient;
	}

	private String json(IBaseResource resource) {
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

	private Answer post(String target, String contentType, byte[] body) throws Exception {
		return ExpectContinueClient.sendAsTyped(port, "POST", target, contentType, body);
	}

	private String diagnostics(Answer answer) {
		IBaseResource resource = fhirContext.newJsonParser().parseResource(answer.body());
		assertThat(resource).isInstanceOf(OperationOutcome.class);
		return ((OperationOutcome) resource).getIssueFirstRep().getDiagnostics();
	}

	private List<Patient> patients(String id) {
		return client.search().byUrl("Patient?identifier=" + PatientJourneyBundle.PATIENT_SYSTEM + "|" + id).returnBundle(Bundle.class)
				.execute().getEntry().stream().map(entry -> (Patient) entry.getResource()).toList();
	}

	private String family(String id) {
		List<Patient> found = patients(id);
		assertThat(found).as(id).hasSize(1);
		return found.get(0).getNameFirstRep().getFamily();
	}

	private Parameters importReport(String contentType, byte[] body) throws Exception {
		Answer answer = post("/fhir/$import", contentType, body);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).startsWith("{");
		return (Parameters) fhirContext.newJsonParser().parseResource(answer.body());
	}

	private Parameters registry(String contentType, byte[] body) throws Exception {
		Answer answer = post("/fhir/$import-registry", contentType, body);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return (Parameters) fhirContext.newJsonParser().parseResource(answer.body());
	}

	private static int number(Parameters report, String name) {
		return ((IntegerType) report.getParameter(name).getValue()).getValue();
	}

	private static List<Long> errorLines(Parameters report) {
		return report.getParameter().stream().filter(p -> p.getName().equals("error"))
				.map(p -> ((IntegerType) p.getPart().stream().filter(part -> part.getName().equals("line")).findFirst().orElseThrow()
						.getValue()).getValue().longValue())
				.sorted().collect(Collectors.toList());
	}

	private static List<String> errorMessages(Parameters report) {
		return report.getParameter().stream().filter(p -> p.getName().equals("error"))
				.map(p -> p.getPart().stream().filter(part -> part.getName().equals("message")).findFirst().orElseThrow()
						.getValue().primitiveValue())
				.toList();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}
}
