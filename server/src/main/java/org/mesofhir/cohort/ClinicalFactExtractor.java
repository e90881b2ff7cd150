package org.mesofhir.cohort;

import static org.mesofhir.cohort.MpemCodes.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.mesofhir.cohort.ClinicalFact.Kind;
import org.mesofhir.profiles.MpemRecognition;

/**
 * Derives the {@link ClinicalFact}s of one resource (SPEC §3). Pure: looks at nothing but the resource.
 *
 * <p>Dates are calendar dates as written (the date part of a dateTime, no time-zone arithmetic); a
 * partial date (year, or year and month) counts as its first day. Resources entered in error, not done
 * or cancelled contribute nothing.
 */
final class ClinicalFactExtractor {

	private ClinicalFactExtractor() {}

	static List<ClinicalFact> factsOf(Resource resource) {
		List<ClinicalFact> facts = new ArrayList<>();
		String id = resource.getIdElement().getIdPart();
		if (resource instanceof Patient patient) {
			patient(id, patient, facts);
		} else if (resource instanceof Organization organization) {
			if (organization.hasIdentifier() && organization.getIdentifierFirstRep().hasValue()) {
				facts.add(new ClinicalFact(id, Kind.SITE, null, null, null,
						organization.getIdentifierFirstRep().getValue(), null));
			}
		} else if (resource instanceof Condition condition) {
			condition(id, condition, facts);
		} else if (resource instanceof Procedure procedure) {
			procedure(id, procedure, facts);
		} else if (resource instanceof MedicationAdministration administration) {
			administration(id, administration, facts);
		} else if (resource instanceof Observation observation) {
			observation(id, observation, facts);
		}
		return facts;
	}

	private static void patient(String id, Patient patient, List<ClinicalFact> facts) {
		String gender = patient.hasGender() ? patient.getGender().toCode() : null;
		String site = patient.hasManagingOrganization() ? idOf(patient.getManagingOrganization()) : null;
		facts.add(new ClinicalFact(id, Kind.PATIENT, id, date(patient.getBirthDateElement()), null, gender, site));
		if (patient.getDeceased() instanceof DateTimeType deceased && deceased.hasValue()) {
			facts.add(new ClinicalFact(id, Kind.DECEASED, id, date(deceased), null, null, null));
		}
	}

	private static void condition(String id, Condition condition, List<ClinicalFact> facts) {
		String patient = idOf(condition.getSubject());
		if (patient == null || isEnteredInError(condition)) {
			return;
		}
		LocalDate onset = date(condition.getOnset());
		if (MpemRecognition.isPrimaryDiagnosis(condition)) {
			// ICD-O-3, also when an mCODE EHR sent a SNOMED CT morphology: the histology covariate's levels are ICD-O-3
			facts.add(new ClinicalFact(id, Kind.DIAGNOSIS, patient, onset, null, MpemRecognition.histology(condition), null));
		}
		contact(id, patient, onset, facts);
		contact(id, patient, date(condition.getRecordedDateElement()), facts);
	}

	private static void procedure(String id, Procedure procedure, List<ClinicalFact> facts) {
		String patient = idOf(procedure.getSubject());
		Procedure.ProcedureStatus status = procedure.getStatus();
		if (patient == null || status == Procedure.ProcedureStatus.ENTEREDINERROR
				|| status == Procedure.ProcedureStatus.NOTDONE) {
			return;
		}
		LocalDate performed = date(procedure.getPerformed());
		if (status == Procedure.ProcedureStatus.COMPLETED && hasCoding(procedure.getCode(), NCIT, CRS_NCIT)) {
			facts.add(new ClinicalFact(id, Kind.SURGERY, patient, performed, null, hipecPerformed(procedure) ? "hipec" : null, id));
		}
		contact(id, patient, lastDate(procedure.getPerformed()), facts);
	}

	private static boolean hipecPerformed(Procedure procedure) {
		Extension hipec = procedure.getExtensionByUrl(HIPEC_EXTENSION);
		if (hipec == null) {
			return false;
		}
		Extension performed = hipec.getExtensionByUrl("performed");
		return performed != null && performed.getValue() instanceof BooleanType flag && flag.booleanValue();
	}

	private static void administration(String id, MedicationAdministration administration, List<ClinicalFact> facts) {
		String patient = idOf(administration.getSubject());
		MedicationAdministration.MedicationAdministrationStatus status = administration.getStatus();
		if (patient == null || status == MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
				|| status == MedicationAdministration.MedicationAdministrationStatus.NOTDONE) {
			return;
		}
		if (administration.getMedication() instanceof CodeableConcept drug && isChemotherapy(drug)) {
			boolean intraperitoneal = hasCoding(administration.getDosage().getRoute(), SNOMED, INTRAPERITONEAL)
					|| administration.getPartOf().stream().anyMatch(ref -> "Procedure".equals(typeOf(ref)));
			facts.add(new ClinicalFact(id, Kind.CHEMOTHERAPY, patient, date(administration.getEffective()), null,
					intraperitoneal ? "intraperitoneal" : "systemic", null));
		}
		contact(id, patient, lastDate(administration.getEffective()), facts);
	}

	private static void observation(String id, Observation observation, List<ClinicalFact> facts) {
		String patient = idOf(observation.getSubject());
		Observation.ObservationStatus status = observation.getStatus();
		if (patient == null || status == Observation.ObservationStatus.ENTEREDINERROR
				|| status == Observation.ObservationStatus.CANCELLED) {
			return;
		}
		LocalDate effective = date(observation.getEffective());
		CodeableConcept code = observation.getCode();
		String surgery = observation.getPartOf().stream()
				.filter(ref -> "Procedure".equals(typeOf(ref)))
				.map(ClinicalFactExtractor::idOf)
				.findFirst().orElse(null);
		Integer ecog = MpemRecognition.isEcog(code) ? MpemRecognition.ecogGrade(observation) : null;
		if (ecog != null) { // valueInteger, or an LOINC answer code as mCODE STU1 sends it
			facts.add(new ClinicalFact(id, Kind.ECOG, patient, effective, (double) ecog, null, null));
		} else if (hasCoding(code, LOINC, VITAL_STATUS_LOINC) && valueHas(observation, SNOMED, DEAD)) {
			facts.add(new ClinicalFact(id, Kind.DEATH, patient, effective, null, null, null));
		} else if (MpemRecognition.isDiseaseStatus(code) && valueHas(observation, SNOMED, WORSENED)) {
			facts.add(new ClinicalFact(id, Kind.PROGRESSION, patient, effective, null, null, null));
		} else if (hasCoding(code, MPEM_OBSERVATION, PCI) && observation.hasValueIntegerType()) {
			facts.add(new ClinicalFact(id, Kind.PCI, patient, effective, (double) observation.getValueIntegerType().getValue(), null, surgery));
		} else if (hasCoding(code, MPEM_OBSERVATION, CC_SCORE) && observation.hasValueCodeableConcept()) {
			facts.add(new ClinicalFact(id, Kind.CC_SCORE, patient, effective, null,
					observation.getValueCodeableConcept().getCodingFirstRep().getCode(), surgery));
		}
		contact(id, patient, lastDate(observation.getEffective()), facts);
	}

	private static boolean isChemotherapy(CodeableConcept drug) {
		return drug.getCoding().stream()
				.anyMatch(c -> RXNORM.equals(c.getSystem()) && CHEMOTHERAPY_RXNORM.contains(c.getCode()));
	}

	private static boolean isEnteredInError(Condition condition) {
		return condition.getVerificationStatus().getCoding().stream().anyMatch(c -> "entered-in-error".equals(c.getCode()));
	}

	private static boolean valueHas(Observation observation, String system, String code) {
		return observation.hasValueCodeableConcept() && hasCoding(observation.getValueCodeableConcept(), system, code);
	}

	private static boolean hasCoding(CodeableConcept concept, String system, String code) {
		for (Coding coding : concept.getCoding()) {
			if (system.equals(coding.getSystem()) && code.equals(coding.getCode())) {
				return true;
			}
		}
		return false;
	}

	private static void contact(String id, String patient, LocalDate date, List<ClinicalFact> facts) {
		if (date != null) {
			facts.add(new ClinicalFact(id, Kind.CONTACT, patient, date, null, null, null));
		}
	}

	/** The start date of a dateTime or Period value (the date an event happened). */
	static LocalDate date(Type value) {
		if (value instanceof BaseDateTimeType dateTime) {
			return date(dateTime);
		}
		if (value instanceof Period period) {
			return period.hasStart() ? date(period.getStartElement()) : date(period.getEndElement());
		}
		return null;
	}

	/** The latest date of a dateTime or Period value (a period's end, for the last contact date). */
	private static LocalDate lastDate(Type value) {
		if (value instanceof Period period && period.hasEnd()) {
			return date(period.getEndElement());
		}
		return date(value);
	}

	static LocalDate date(BaseDateTimeType value) {
		if (value == null || !value.hasValue()) {
			return null;
		}
		String text = value.getValueAsString();
		return switch (text.length() < 10 ? text.length() : 10) {
			case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1);
			case 7 -> LocalDate.of(Integer.parseInt(text.substring(0, 4)), Integer.parseInt(text.substring(5, 7)), 1);
			default -> LocalDate.parse(text.substring(0, 10));
		};
	}

	static String idOf(Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return null;
		}
		return reference.getReferenceElement().getIdPart();
	}

	private static String typeOf(Reference reference) {
		return reference.hasReference() ? reference.getReferenceElement().getResourceType() : null;
	}
}
