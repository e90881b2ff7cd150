package org.mesofhir.demo;

import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Builders of MPeM resources as an EHR sends them (used by the demo cohort, the benchmarks and the tests). */
public final class MpemResources {

	public static final String SITE_SYSTEM = "https://mesofhir.org/fhir/sid/site";

	private static final java.util.Map<String, Integer> TYPICAL_DOSE_MG =
			java.util.Map.of("2555", 130, "40048", 600, "68446", 900, "12574", 1800, "32592", 150, "3639", 25, "632", 20);

	private MpemResources() {}

	/** A Patient that conforms to mpem-patient (identifier, gender, birth date, site). */
	public static Patient patient(String identifierSystem, String identifier, String siteReference) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(identifierSystem).setValue(identifier);
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new DateType("1961-04-12"));
		patient.setManagingOrganization(new Reference(siteReference));
		return patient;
	}

	/** A site Organization (mpem-site) with its site code. */
	public static Organization site(String code) {
		Organization site = new Organization();
		site.getMeta().addProfile("https://mesofhir.org/fhir/StructureDefinition/mpem-site");
		site.addIdentifier().setSystem(SITE_SYSTEM).setValue(code);
		site.setName("Site " + code);
		return site;
	}

	public static MedicationAdministration chemotherapy(
			String patientRef, String rxnorm, String name, String date, String route, String routeName, String partOf) {
		MedicationAdministration administration = new MedicationAdministration();
		administration.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
		administration.setSubject(new Reference(patientRef));
		administration.setMedication(concept("http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm, name));
		administration.setEffective(new DateTimeType(date));
		administration.getDosage().setRoute(concept("http://snomed.info/sct", route, routeName));
		// FHIR's mad-1: a dosage states its dose (a typical adult dose per administration)
		administration.getDosage().setDose(quantity(TYPICAL_DOSE_MG.getOrDefault(rxnorm, 100), "mg"));
		if (partOf != null) {
			administration.addPartOf(new Reference(partOf));
		}
		return administration;
	}

	public static Observation observation(String patientRef, String system, String code, String display, String date) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(concept(system, code, display));
		observation.setSubject(new Reference(patientRef));
		observation.setEffective(new DateTimeType(date));
		return observation;
	}

	public static Quantity quantity(double value, String ucum) {
		return new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode(ucum).setUnit(ucum);
	}

	public static CodeableConcept concept(String system, String code, String display) {
		CodeableConcept concept = new CodeableConcept();
		concept.addCoding().setSystem(system).setCode(code).setDisplay(display);
		return concept;
	}

	/** Adds a POST entry (conditional on {@code ifNoneExist}, a search query, when given) and returns its urn:uuid. */
	public static String addEntry(Bundle bundle, Resource resource, String ifNoneExist) {
		String fullUrl = "urn:uuid:" + UUID.randomUUID();
		Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
		entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
		if (ifNoneExist != null) {
			entry.getRequest().setIfNoneExist(ifNoneExist);
		}
		return fullUrl;
	}
}
