package org.mesofhir.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.mesofhir.ExpectContinueClient;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecordRebuilder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue #20: search and conditional URLs written as the FHIR specification writes them, with a raw {@code |}
 * (and {@code [ ] { }}), work exactly like their percent-encoded form, and URLs that are really malformed
 * are still refused with an OperationOutcome. Sent with {@link HttpURLConnection}, which sends a URL as typed
 * (the JDK's {@code HttpClient} refuses to build such a URI, and HAPI's client encodes), and on a socket.
 */
class RawSearchUrlIT extends ServerIntegrationTest {

	private static final String SYSTEM = PatientJourneyBundle.PATIENT_SYSTEM;

	@Autowired
	private AnalysisRecordRebuilder rebuilder;

	@Test
	void tokenChainedAndModifierSearchesAnswerTheSameRawAndEncoded() throws Exception {
		String id = "raw-bar-" + System.nanoTime();
		Bundle stored = client.transaction().withBundle(PatientJourneyBundle.build("RAW-SITE", id)).execute();
		String patient = new org.hl7.fhir.r4.model.IdType(stored.getEntry().get(1).getResponse().getLocation()).toUnqualifiedVersionless().getValue();

		assertThat(ids(get("Patient?identifier=" + SYSTEM + "|" + id))).containsExactly(patient);
		for (String search : List.of("Patient?identifier=" + SYSTEM + "|" + id,
				"Observation?subject.identifier=" + SYSTEM + "|" + id,
				"Observation?subject:Patient.identifier=" + SYSTEM + "|" + id,
				"Observation?subject.identifier=" + SYSTEM + "|" + id + "&code=https://mesofhir.org/fhir/CodeSystem/mpem-observation|pci",
				"Condition?code=http://hl7.org/fhir/sid/icd-10|C45.1&subject.identifier=" + SYSTEM + "|" + id,
				"Condition?code:not=http://hl7.org/fhir/sid/icd-10|C45.0&subject.identifier=" + SYSTEM + "|" + id,
				"Observation?code=http://loinc.org|89247-1&subject.identifier=" + SYSTEM + "|" + id,
				"Organization?identifier=https://mesofhir.org/fhir/sid/site|RAW-SITE",
				"Patient?name=[x]&identifier=" + SYSTEM + "|" + id, "Patient?name={x}", "Patient?identifier=|" + id)) {
			Bundle raw = get(search);
			Bundle encoded = get(encoded(search));
			assertThat(ids(raw)).as(search).isEqualTo(ids(encoded));
			assertThat(raw.getTotal()).as(search).isEqualTo(encoded.getTotal());
		}
		assertThat(ids(get("Observation?subject.identifier=" + SYSTEM + "|" + id))).hasSize(4);
		// HAPI 8.8 has no :identifier modifier on references (400 naming it): refused the same way, raw or encoded
		String modifier = "Observation?subject:identifier=" + SYSTEM + "|" + id;
		Answer raw = send("GET", modifier, null);
		Answer encoded = send("GET", encoded(modifier), null);
		assertThat(raw.status()).isEqualTo(encoded.status()).isEqualTo(400);
		assertThat(raw.body()).contains("Unsupported search modifier").isEqualTo(encoded.body());
		assertThat(ids(get("Condition?code=http://hl7.org/fhir/sid/icd-10|C45.1&subject.identifier=" + SYSTEM + "|" + id))).hasSize(1);
	}

	@Test
	void conditionalUpdateAndDeleteInTheRequestLineWorkRawAndEncoded() throws Exception {
		String id = "raw-cond-" + System.nanoTime();
		Bundle journey = PatientJourneyBundle.build("RAW-SITE", id);
		Observation ecog = (Observation) journey.getEntry().get(8).getResource();
		ecog.addIdentifier().setSystem("https://hospital.example.org/fhir/sid/clinical-record").setValue(id + "/ecog");
		Bundle stored = client.transaction().withBundle(journey).execute();
		Patient patient = client.read().resource(Patient.class).withUrl(stored.getEntry().get(1).getResponse().getLocation()).execute();
		String conditional = "Patient?identifier=" + SYSTEM + "|" + id;

		patient.setGender(Enumerations.AdministrativeGender.OTHER);
		Answer raw = send("PUT", conditional, fhirContext.newJsonParser().encodeResourceToString(patient.setMeta(null)));
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		Answer encoded = send("PUT", encoded(conditional), fhirContext.newJsonParser().encodeResourceToString(patient));

		assertThat(raw.status()).as(raw.body()).isEqualTo(200);
		assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
		Patient now = client.read().resource(Patient.class).withId(patient.getIdElement().toUnqualifiedVersionless()).execute();
		assertThat(now.getMeta().getVersionId()).isEqualTo("3");
		assertThat(now.getGender()).isEqualTo(Enumerations.AdministrativeGender.FEMALE);
		assertThat(ids(get("Patient?identifier=" + SYSTEM + "|" + id))).hasSize(1);

		String ecogSearch = "Observation?identifier=https://hospital.example.org/fhir/sid/clinical-record|" + id + "/ecog";
		assertThat(ids(get(ecogSearch))).hasSize(1);
		Answer deleted = send("DELETE", ecogSearch, null);
		assertThat(deleted.status()).as(deleted.body()).isBetween(200, 204);
		assertThat(ids(get(ecogSearch))).isEmpty();
		assertThat(ids(get(encoded(ecogSearch)))).isEmpty();
		assertThat(send("DELETE", encoded(ecogSearch), null).status()).isBetween(200, 204); // nothing left: still fine
		// the conditional delete kept the analysis records right (the ECOG is gone from the patient's record)
		assertThat(rebuilder.rebuildComparing().differing()).isZero();
	}

	@Test
	void conditionalUrlsInsideATransactionAndGroupSurvivalByIdentifier() throws Exception {
		String id = "raw-tx-" + System.nanoTime();
		Bundle journey = PatientJourneyBundle.build("RAW-SITE", id);
		journey.getEntry().get(1).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient?identifier=" + SYSTEM + "|" + id);
		String body = fhirContext.newJsonParser().encodeResourceToString(journey);
		for (int round = 0; round < 2; round++) { // the second time, the conditional PUT finds the first one's Patient
			Answer answer = send("POST", "", body);
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		}
		List<String> patients = ids(get("Patient?identifier=" + SYSTEM + "|" + id));
		assertThat(patients).hasSize(1);

		String cohort = "raw-cohort-" + System.nanoTime();
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.addIdentifier().setSystem("https://mesofhir.org/fhir/sid/cohort").setValue(cohort);
		group.addMember().setEntity(new Reference(patients.get(0)));
		client.create().resource(group).execute();
		String byIdentifier = "Group?identifier=https://mesofhir.org/fhir/sid/cohort|" + cohort;
		List<String> groups = ids(get(byIdentifier));
		assertThat(groups).hasSize(1).isEqualTo(ids(get(encoded(byIdentifier))));

		for (String survival : List.of(groups.get(0) + "/$survival?stratify=site&at=12",
				groups.get(0) + "/$survival?stratify=site&at=12&_format=json")) {
			Answer answer = send("GET", survival, null);
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(fhirContext.newJsonParser().parseResource(answer.body())).isInstanceOf(Parameters.class);
		}
	}

	@Test
	void urlsThatAreReallyMalformedAreStillRefusedWithAnOutcome() throws Exception {
		for (String target : List.of("/fhir/Patient?name=a b", "/fhir/Patient?name=a\"b", "/fhir/Patient?name=<x>",
				"/fhir/Patient?name=a\\b", "/fhir/Patient?name=a^b", "/fhir/Patient?name=a`b", "/fhir/Patient?name=Jos\u00E9",
				"/fhir/Patient?name=a\u0001b", "/fhir/Patient|x", "/fhir/Patient/a|b", "/fhir/Patient/%2F",
				"/fhir/Patient?identifier=%zz|x", "/fhir/Patient?identifier=a|%E9")) {
			ExpectContinueClient.Answer answer = ExpectContinueClient.sendAsTyped(port, "GET", target, null, null);

			assertThat(answer.status()).as(target).isBetween(400, 499);
			assertThat(fhirContext.newJsonParser().parseResource(answer.body())).as(target).isInstanceOf(OperationOutcome.class);
		}
	}

	// --- a client that sends the URL as typed ------------------------------------------------------------

	private record Answer(int status, String body) {}

	/** Sends {@code target} (relative to the FHIR base) exactly as written, with an optional FHIR JSON body. */
	@SuppressWarnings("deprecation") // new URL(String) keeps the URL as typed; URI.create would refuse a raw |
	private Answer send(String method, String target, String body) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) new java.net.URL(baseUrl() + (target.isEmpty() ? "" : "/" + target)).openConnection();
		connection.setRequestMethod(method);
		connection.setRequestProperty("Accept", "application/fhir+json");
		if (body != null) {
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/fhir+json");
			try (OutputStream out = connection.getOutputStream()) {
				out.write(body.getBytes(UTF_8));
			}
		}
		int status = connection.getResponseCode();
		try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
			return new Answer(status, in == null ? "" : new String(in.readAllBytes(), UTF_8));
		}
	}

	private Bundle get(String search) throws IOException {
		Answer answer = send("GET", search, null);
		assertThat(answer.status()).as(search + " " + answer.body()).isEqualTo(200);
		IBaseResource resource = fhirContext.newJsonParser().parseResource(answer.body());
		assertThat(resource).as(search).isInstanceOf(Bundle.class);
		return (Bundle) resource;
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.map(Resource::getIdElement).map(id -> id.toUnqualifiedVersionless().getValue()).sorted().toList();
	}

	/** The same search with every value percent-encoded, as HAPI's client sends it. */
	private static String encoded(String search) {
		int query = search.indexOf('?');
		StringBuilder out = new StringBuilder(search.substring(0, query + 1));
		String[] pairs = search.substring(query + 1).split("&");
		for (int i = 0; i < pairs.length; i++) {
			int equals = pairs[i].indexOf('=');
			out.append(i == 0 ? "" : "&").append(pairs[i], 0, equals + 1)
					.append(URLEncoder.encode(pairs[i].substring(equals + 1), UTF_8).replace("+", "%20"));
		}
		URI.create("http://x/" + out); // the encoded form is a URI the JDK accepts
		return out.toString();
	}
}
