package org.mesofhir.security;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.mesofhir.fhir.PatientJourneyBundle;

/** Two whole MPeM patient journeys (A and B, ten resources each), stored with an ingestion token. */
record SecurityTestData(String patientA, String observationA, String patientB, String observationB) {

	static SecurityTestData store(IGenericClient client, LocalIssuer issuer) {
		client.registerInterceptor(new BearerTokenAuthInterceptor(issuer.token("system/*.cruds")));
		String run = UUID.randomUUID().toString().substring(0, 8);
		String[] a = journey(client, "SEC-" + run, "sec-a-" + run);
		String[] b = journey(client, "SEC-" + run, "sec-b-" + run);
		return new SecurityTestData(a[0], a[1], b[0], b[1]);
	}

	/** The Patient id and one Observation id of a stored journey. */
	private static String[] journey(IGenericClient client, String site, String patient) {
		Bundle response = client.transaction().withBundle(PatientJourneyBundle.build(site, patient)).execute();
		String patientId = null;
		String observationId = null;
		for (Bundle.BundleEntryComponent entry : response.getEntry()) {
			IdType location = new IdType(entry.getResponse().getLocation());
			if (location.getResourceType().equals("Patient")) {
				patientId = location.getIdPart();
			} else if (location.getResourceType().equals("Observation") && observationId == null) {
				observationId = location.getIdPart();
			}
		}
		return new String[] {patientId, observationId};
	}

	static String transactionJson(ca.uhn.fhir.context.FhirContext fhir) {
		return transactionJson(fhir, "SEC-TX-" + UUID.randomUUID().toString().substring(0, 8));
	}

	/** A patient journey of {@code site} (a client with a site claim may send only its own site's patients). */
	static String transactionJson(ca.uhn.fhir.context.FhirContext fhir, String site) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		return fhir.newJsonParser().encodeResourceToString(PatientJourneyBundle.build(site, "sec-tx-" + run));
	}

	static String siteJson(ca.uhn.fhir.context.FhirContext fhir) {
		return fhir.newJsonParser().encodeResourceToString(
				org.mesofhir.demo.MpemResources.site("SEC-NEW-" + UUID.randomUUID().toString().substring(0, 8)));
	}
}
