package org.mesofhir.ingest;

import static org.mesofhir.demo.MpemResources.concept;
import static org.mesofhir.demo.MpemResources.observation;
import static org.mesofhir.demo.MpemResources.quantity;
import static org.mesofhir.ingest.RegistryColumn.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.mesofhir.demo.MpemResources;

/**
 * Maps one registry row to an idempotent transaction Bundle of profile-valid resources. Every resource is
 * written by a conditional update on an identifier made of (site, patient id, what it is), so importing the
 * same file again changes nothing and a corrected cell replaces the old value; a part the row no longer
 * has (a progression date removed, say) is deleted. All problems of a row are collected, each naming its
 * column; a row with problems maps to nothing.
 */
final class RegistryRowMapper {

	static final String PATIENT_SYSTEM = "https://mesofhir.org/fhir/sid/registry-patient";
	static final String RECORD_SYSTEM = "https://mesofhir.org/fhir/sid/registry-record";

	/** Room kept for drugs per row: slots beyond what a row uses are deleted, so a shorter regimen leaves no stale drug. */
	static final int MAX_HIPEC_DRUGS = 3;
	static final int MAX_CHEMO_DRUGS = 4;

	private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
	private static final String NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
	private static final String ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
	private static final String MPEM_OBSERVATION = "https://mesofhir.org/fhir/CodeSystem/mpem-observation";
	private static final String SNOMED = "http://snomed.info/sct";
	private static final Map<String, String[]> HISTOLOGY_CODES = new LinkedHashMap<>();
	private static final Map<String, String> DRUGS = new LinkedHashMap<>();
	private static final List<String> HIPEC_DRUGS = List.of("cisplatin", "doxorubicin", "mitomycin");

	static {
		HISTOLOGY_CODES.put("epithelioid", new String[] {"9052/3", "Epithelioid mesothelioma, malignant"});
		HISTOLOGY_CODES.put("biphasic", new String[] {"9053/3", "Mesothelioma, biphasic, malignant"});
		HISTOLOGY_CODES.put("sarcomatoid", new String[] {"9051/3", "Fibrous mesothelioma, malignant"});
		HISTOLOGY_CODES.put("nos", new String[] {"9050/3", "Mesothelioma, malignant"});
		DRUGS.put("cisplatin", "2555");
		DRUGS.put("carboplatin", "40048");
		DRUGS.put("pemetrexed", "68446");
		DRUGS.put("gemcitabine", "12574");
		DRUGS.put("oxaliplatin", "32592");
		DRUGS.put("doxorubicin", "3639");
		DRUGS.put("mitomycin", "632");
	}

	private final RegistryRow row;
	private final List<RegistryRow.Problem> problems = new ArrayList<>();
	private String key;

	private RegistryRowMapper(RegistryRow row) {
		this.row = row;
	}

	/** The row's transaction Bundle, or the problems that prevent it. */
	static Result map(RegistryRow row) {
		RegistryRowMapper mapper = new RegistryRowMapper(row);
		Bundle bundle = mapper.bundle();
		return mapper.problems.isEmpty() ? new Result(bundle, List.of()) : new Result(null, List.copyOf(mapper.problems));
	}

	/** A Bundle, or the problems of the row (never both). */
	record Result(Bundle bundle, List<RegistryRow.Problem> problems) {}

	private Bundle bundle() {
		String site = code(SITE);
		String patientId = code(PATIENT_ID);
		key = site + "/" + patientId;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);

		Organization organization = MpemResources.site(site);
		String siteRef = ConditionalEntries.createIfAbsent(bundle, organization, organization.getIdentifierFirstRep());

		LocalDate birth = date(BIRTH_DATE, true);
		LocalDate diagnosisDate = date(DIAGNOSIS_DATE, true);
		notBefore(DIAGNOSIS_DATE, diagnosisDate, BIRTH_DATE, birth);
		String vital = oneOf(VITAL_STATUS, true, "alive", "dead");
		LocalDate death = date(DEATH_DATE, false);
		LocalDate followUp = date(LAST_FOLLOWUP_DATE, false);
		if ("dead".equals(vital) && death == null) {
			problem(DEATH_DATE, "required when vital_status is dead");
		}
		if ("alive".equals(vital) && death != null) {
			problem(DEATH_DATE, "must be empty when vital_status is alive");
		}
		if ("alive".equals(vital) && followUp == null) {
			problem(LAST_FOLLOWUP_DATE, "required when vital_status is alive (the date last known alive)");
		}
		notBefore(DEATH_DATE, death, DIAGNOSIS_DATE, diagnosisDate);
		notBefore(LAST_FOLLOWUP_DATE, followUp, DIAGNOSIS_DATE, diagnosisDate);

		Patient patient = MpemResources.patient(PATIENT_SYSTEM, key, siteRef);
		patient.getMeta().addProfile("https://mesofhir.org/fhir/StructureDefinition/mpem-patient");
		patient.setGender(sex());
		if (birth != null) {
			patient.setBirthDateElement(new DateType(birth.toString()));
		}
		if (death != null) {
			patient.setDeceased(new DateTimeType(death.toString()));
		}
		String patientRef = ConditionalEntries.put(bundle, patient, patient.getIdentifierFirstRep());

		Condition diagnosis = new Condition();
		diagnosis.setSubject(new Reference(patientRef));
		diagnosis.setCode(concept("http://hl7.org/fhir/sid/icd-10", "C45.1", "Mesothelioma of peritoneum"));
		diagnosis.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("active");
		diagnosis.getVerificationStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status").setCode("confirmed");
		if (diagnosisDate != null) {
			diagnosis.setOnset(new DateTimeType(diagnosisDate.toString()));
		}
		String[] histology = histology();
		if (histology != null) {
			diagnosis.addExtension(new Extension("https://mesofhir.org/fhir/StructureDefinition/histology-morphology-behavior",
					concept(ICDO3, histology[0], histology[1])));
		}
		diagnosis.addBodySite(concept(ICDO3, "C48.2", "Peritoneum, NOS"));
		String diagnosisRef = put(bundle, diagnosis, "diagnosis");

		Integer ecog = integer(ECOG.header, 0, 5);
		if (ecog != null && diagnosisDate != null) {
			Observation observation = observation(patientRef, "http://loinc.org", "89247-1", "ECOG Performance Status score", diagnosisDate.toString());
			observation.setValue(new IntegerType(ecog));
			put(bundle, observation, "ecog");
		} else {
			delete(bundle, "Observation", "ecog");
		}

		String treatment = oneOf(TREATMENT, false, "crs-hipec", "crs", "chemotherapy", "none");
		surgery(bundle, patientRef, diagnosisRef, diagnosisDate, treatment);
		chemotherapy(bundle, patientRef, diagnosisDate, treatment);

		LocalDate progression = date(PROGRESSION_DATE, false);
		notBefore(PROGRESSION_DATE, progression, DIAGNOSIS_DATE, diagnosisDate);
		if (progression != null) {
			Observation status = observation(patientRef, "http://loinc.org", "97509-4", "Cancer disease status", progression.toString());
			status.setValue(concept(SNOMED, "271299001", "Patient's condition worsened"));
			status.addFocus(new Reference(diagnosisRef));
			put(bundle, status, "progression");
		} else {
			delete(bundle, "Observation", "progression");
		}

		boolean dead = "dead".equals(vital);
		LocalDate statusDate = dead ? death : followUp;
		if (statusDate != null) {
			Observation status = observation(patientRef, "http://loinc.org", "75186-7", "Vital status", statusDate.toString());
			status.setValue(dead ? concept(SNOMED, "419099009", "Dead") : concept(SNOMED, "438949009", "Alive"));
			put(bundle, status, "vital-status");
		}
		return bundle;
	}

	private void surgery(Bundle bundle, String patientRef, String diagnosisRef, LocalDate diagnosisDate, String treatment) {
		LocalDate date = date(SURGERY_DATE, false);
		notBefore(SURGERY_DATE, date, DIAGNOSIS_DATE, diagnosisDate);
		List<String> hipecDrugs = drugs(HIPEC_DRUG, HIPEC_DRUGS, MAX_HIPEC_DRUGS);
		boolean crs = treatment != null && treatment.startsWith("crs");
		if (crs && date == null) {
			problem(SURGERY_DATE, "required when treatment is " + treatment);
		}
		if (treatment != null && !crs && date != null) {
			problem(SURGERY_DATE, "must be empty when treatment is " + treatment);
		}
		if ("crs-hipec".equals(treatment) && hipecDrugs.isEmpty()) {
			problem(HIPEC_DRUG, "required when treatment is crs-hipec");
		}
		if ("crs".equals(treatment) && !hipecDrugs.isEmpty()) {
			problem(HIPEC_DRUG, "must be empty when treatment is crs (without HIPEC)");
		}
		Integer pci = integer(PCI.header, 0, 39);
		int[] regions = pciRegions(pci);
		String cc = ccScore();
		BigDecimal temperature = decimal(HIPEC_TEMPERATURE, 37, 46);
		Integer duration = integer(HIPEC_DURATION.header, 1, 300);
		if (date == null) {
			for (RegistryColumn column : List.of(PCI, CC, HIPEC_DRUG, HIPEC_TEMPERATURE, HIPEC_DURATION)) {
				if (!row.get(column).isEmpty()) {
					problem(column, "given without a surgery_date (it describes the cytoreductive surgery)");
				}
			}
			for (String slot : List.of("pci", "cc-score", "surgery")) {
				delete(bundle, slot.equals("surgery") ? "Procedure" : "Observation", slot);
			}
			deleteSlots(bundle, "hipec-", 0, MAX_HIPEC_DRUGS);
			return;
		}
		boolean hipec = !hipecDrugs.isEmpty();
		if (hipec && temperature == null) {
			problem(HIPEC_TEMPERATURE, "required with a hipec_drug (°C)");
		}
		if (hipec && duration == null) {
			problem(HIPEC_DURATION, "required with a hipec_drug (minutes)");
		}
		if (!hipec && (temperature != null || duration != null)) {
			problem(temperature != null ? HIPEC_TEMPERATURE : HIPEC_DURATION, "given without a hipec_drug");
		}
		Procedure surgery = new Procedure();
		surgery.setStatus(Procedure.ProcedureStatus.COMPLETED);
		surgery.setSubject(new Reference(patientRef));
		surgery.setCode(concept(NCIT, "C132068", "Cytoreductive Surgery"));
		surgery.setPerformed(new DateTimeType(date.toString()));
		surgery.addReasonReference(new Reference(diagnosisRef));
		Extension extension = new Extension("https://mesofhir.org/fhir/StructureDefinition/hipec");
		extension.addExtension("performed", new BooleanType(hipec));
		if (hipec && temperature != null && duration != null) {
			extension.addExtension("temperature", quantity(temperature.doubleValue(), "Cel"));
			extension.addExtension("duration", quantity(duration, "min"));
		}
		surgery.addExtension(extension);
		String surgeryRef = put(bundle, surgery, "surgery");

		if (pci != null && regions != null) {
			Observation observation = observation(patientRef, MPEM_OBSERVATION, "pci", "Peritoneal cancer index", date.toString());
			observation.setValue(new IntegerType(pci));
			for (int region = 0; region < regions.length; region++) {
				Observation.ObservationComponentComponent component = observation.addComponent()
						.setCode(concept("https://mesofhir.org/fhir/CodeSystem/pci-region", String.valueOf(region), null));
				component.setValue(new IntegerType(regions[region]));
			}
			observation.addPartOf(new Reference(surgeryRef));
			put(bundle, observation, "pci");
		} else {
			delete(bundle, "Observation", "pci");
		}
		if (cc != null) {
			Observation observation = observation(patientRef, MPEM_OBSERVATION, "cc-score", "Completeness of cytoreduction score", date.toString());
			observation.setValue(concept("https://mesofhir.org/fhir/CodeSystem/cc-score", cc, cc));
			observation.addPartOf(new Reference(surgeryRef));
			put(bundle, observation, "cc-score");
		} else {
			delete(bundle, "Observation", "cc-score");
		}
		for (int i = 0; i < hipecDrugs.size(); i++) {
			String drug = hipecDrugs.get(i);
			put(bundle, MpemResources.chemotherapy(patientRef, DRUGS.get(drug), drug, date.toString(), "38239002",
					"Intraperitoneal route", surgeryRef), "hipec-" + (i + 1));
		}
		deleteSlots(bundle, "hipec-", hipecDrugs.size(), MAX_HIPEC_DRUGS);
	}

	private void chemotherapy(Bundle bundle, String patientRef, LocalDate diagnosisDate, String treatment) {
		List<String> drugs = drugs(CHEMO_REGIMEN, List.copyOf(DRUGS.keySet()), MAX_CHEMO_DRUGS);
		LocalDate start = date(CHEMO_START, false);
		LocalDate end = date(CHEMO_END, false);
		notBefore(CHEMO_START, start, DIAGNOSIS_DATE, diagnosisDate);
		notBefore(CHEMO_END, end, CHEMO_START, start);
		if ("chemotherapy".equals(treatment) && drugs.isEmpty()) {
			problem(CHEMO_REGIMEN, "required when treatment is chemotherapy");
		}
		if ("none".equals(treatment) && !drugs.isEmpty()) {
			problem(CHEMO_REGIMEN, "must be empty when treatment is none");
		}
		if (!drugs.isEmpty() && start == null) {
			problem(CHEMO_START, "required with a chemo_regimen");
		}
		if (drugs.isEmpty() && (start != null || end != null)) {
			problem(start != null ? CHEMO_START : CHEMO_END, "given without a chemo_regimen");
		}
		for (int i = 0; i < drugs.size() && start != null; i++) {
			String drug = drugs.get(i);
			MedicationAdministration administration = MpemResources.chemotherapy(patientRef, DRUGS.get(drug), drug,
					start.toString(), "47625008", "Intravenous route", null);
			if (end != null) {
				administration.setEffective(new Period()
						.setStartElement(new DateTimeType(start.toString())).setEndElement(new DateTimeType(end.toString())));
			}
			put(bundle, administration, "chemo-" + (i + 1));
		}
		deleteSlots(bundle, "chemo-", drugs.size(), MAX_CHEMO_DRUGS);
	}

	private String put(Bundle bundle, Resource resource, String slot) {
		Identifier identifier = new Identifier().setSystem(RECORD_SYSTEM).setValue(key + "/" + slot);
		if (resource instanceof Condition c) {
			c.addIdentifier(identifier);
		} else if (resource instanceof Observation o) {
			o.addIdentifier(identifier);
		} else if (resource instanceof Procedure p) {
			p.addIdentifier(identifier);
		} else if (resource instanceof MedicationAdministration m) {
			m.addIdentifier(identifier);
		}
		return ConditionalEntries.put(bundle, resource, identifier);
	}

	private void delete(Bundle bundle, String type, String slot) {
		ConditionalEntries.deleteIfPresent(bundle, type, RECORD_SYSTEM, key + "/" + slot);
	}

	private void deleteSlots(Bundle bundle, String prefix, int from, int to) {
		for (int i = from; i < to; i++) {
			delete(bundle, "MedicationAdministration", prefix + (i + 1));
		}
	}

	private String code(RegistryColumn column) {
		String value = row.get(column);
		if (value.isEmpty()) {
			problem(column, "required");
		} else if (!CODE.matcher(value).matches()) {
			problem(column, "'" + value + "' must be 1–64 letters, digits, '.', '_' or '-'");
		}
		return value;
	}

	private AdministrativeGender sex() {
		String value = row.get(SEX).toLowerCase(Locale.ROOT);
		switch (value) {
			case "female", "f" -> { return AdministrativeGender.FEMALE; }
			case "male", "m" -> { return AdministrativeGender.MALE; }
			case "other" -> { return AdministrativeGender.OTHER; }
			case "unknown" -> { return AdministrativeGender.UNKNOWN; }
			default -> {
				problem(SEX, value.isEmpty() ? "required (female, male, other, unknown)"
						: "'" + row.get(SEX) + "' is not one of female, male, other, unknown (or F, M)");
				return null;
			}
		}
	}

	private String[] histology() {
		String value = row.get(HISTOLOGY).toLowerCase(Locale.ROOT);
		if (value.isEmpty()) {
			return null;
		}
		for (Map.Entry<String, String[]> known : HISTOLOGY_CODES.entrySet()) {
			if (known.getKey().equals(value) || known.getValue()[0].equals(value)) {
				return known.getValue();
			}
		}
		problem(HISTOLOGY, "'" + row.get(HISTOLOGY) + "' is not one of epithelioid, biphasic, sarcomatoid, nos "
				+ "(or the ICD-O-3 codes 9052/3, 9053/3, 9051/3, 9050/3)");
		return null;
	}

	private String ccScore() {
		String value = row.get(CC).toUpperCase(Locale.ROOT);
		if (value.isEmpty()) {
			return null;
		}
		if (value.matches("[0-3]")) {
			return "CC-" + value;
		}
		if (value.matches("CC-[0-3]")) {
			return value;
		}
		problem(CC, "'" + row.get(CC) + "' is not one of CC-0, CC-1, CC-2, CC-3 (or 0–3)");
		return null;
	}

	/** Drug names separated by '+', each from {@code allowed}. */
	private List<String> drugs(RegistryColumn column, List<String> allowed, int max) {
		String value = row.get(column).toLowerCase(Locale.ROOT);
		List<String> drugs = new ArrayList<>();
		if (value.isEmpty()) {
			return drugs;
		}
		for (String drug : value.split("\\+")) {
			String name = drug.trim();
			if (!allowed.contains(name)) {
				problem(column, "'" + name + "' is not one of " + String.join(", ", allowed) + " (several: joined by '+')");
			} else if (drugs.contains(name)) {
				problem(column, "'" + name + "' is given twice");
			} else {
				drugs.add(name);
			}
		}
		if (drugs.size() > max) {
			problem(column, "at most " + max + " drugs");
			return drugs.subList(0, max);
		}
		return drugs;
	}

	private int[] pciRegions(Integer total) {
		int given = 0;
		int[] scores = new int[PCI_REGIONS];
		for (int region = 0; region < PCI_REGIONS; region++) {
			String header = RegistryColumn.pciRegion(region);
			if (!row.get(header).isEmpty()) {
				given++;
				Integer score = integer(header, 0, 3);
				scores[region] = score == null ? 0 : score;
			}
		}
		if (given == 0) {
			// registries often hold only the total: mpem-pci then has no region components
			return total == null ? null : new int[0];
		}
		if (given < PCI_REGIONS) {
			problem(RegistryColumn.pciRegion(0), "give all 13 region scores pci_0 … pci_12, or none (" + given + " given)");
			return null;
		}
		int sum = java.util.Arrays.stream(scores).sum();
		if (total == null) {
			problem(PCI, "required with the region scores (their sum is " + sum + ")");
		} else if (sum != total) {
			problem(PCI, total + " is not the sum of the region scores pci_0 … pci_12 (" + sum + ")");
		}
		return scores;
	}

	private LocalDate date(RegistryColumn column, boolean required) {
		String value = row.get(column);
		if (value.isEmpty()) {
			if (required) {
				problem(column, "required (a date, YYYY-MM-DD)");
			}
			return null;
		}
		try {
			return LocalDate.parse(value);
		} catch (DateTimeParseException e) {
			problem(column, "'" + value + "' is not a date YYYY-MM-DD");
			return null;
		}
	}

	private Integer integer(String header, int min, int max) {
		String value = row.get(header);
		if (value.isEmpty()) {
			return null;
		}
		try {
			int number = Integer.parseInt(value);
			if (number >= min && number <= max) {
				return number;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		problem(header, "'" + value + "' is not a whole number from " + min + " to " + max);
		return null;
	}

	private BigDecimal decimal(RegistryColumn column, int min, int max) {
		String value = row.get(column);
		if (value.isEmpty()) {
			return null;
		}
		try {
			BigDecimal number = new BigDecimal(value);
			if (number.compareTo(BigDecimal.valueOf(min)) >= 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0) {
				return number;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		problem(column, "'" + value + "' is not a number from " + min + " to " + max);
		return null;
	}

	private String oneOf(RegistryColumn column, boolean required, String... allowed) {
		String value = row.get(column).toLowerCase(Locale.ROOT);
		if (value.isEmpty()) {
			if (required) {
				problem(column, "required (" + String.join(", ", allowed) + ")");
			}
			return null;
		}
		if (!List.of(allowed).contains(value)) {
			problem(column, "'" + row.get(column) + "' is not one of " + String.join(", ", allowed));
			return null;
		}
		return value;
	}

	private void notBefore(RegistryColumn column, LocalDate date, RegistryColumn earlier, LocalDate earlierDate) {
		if (date != null && earlierDate != null && date.isBefore(earlierDate)) {
			problem(column, date + " is before " + earlier.header + " " + earlierDate);
		}
	}

	private void problem(RegistryColumn column, String message) {
		problem(column.header, message);
	}

	private void problem(String column, String message) {
		problems.add(new RegistryRow.Problem(row.line(), column, message));
	}
}
