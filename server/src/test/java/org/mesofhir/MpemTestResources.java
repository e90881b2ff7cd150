package org.mesofhir;

import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Small builders of MPeM resources shared by the tests that make patients. */
public final class MpemTestResources {

	private MpemTestResources() {}

	public static MedicationAdministration chemotherapy(
			String patientRef, String rxnorm, String name, String date, String route, String routeName, String partOf) {
		MedicationAdministration administration = new MedicationAdministration();
		administration.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
		administration.setSubject(new Reference(patientRef));
		administration.setMedication(concept("http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm, name));
		administration.setEffective(new DateTimeType(date));
		administration.getDosage().setRoute(concept("http://snomed.info/sct", route, routeName));
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
