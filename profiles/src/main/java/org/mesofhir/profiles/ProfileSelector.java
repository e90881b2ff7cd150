package org.mesofhir.profiles;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Decides which MPeM profiles a resource must conform to (SPEC §2; the rule is documented in profiles/README.md).
 *
 * <ol>
 *   <li>Every MPeM profile the resource claims in {@code meta.profile} (a version suffix {@code |x.y.z} is ignored).
 *   <li>Plus, by resource type and code, so that an EHR that does not claim profiles is held to them all the same:
 *       <ul>
 *         <li>Patient: always mpem-patient (every patient of this registry needs its site and birth date);
 *         <li>Condition coded ICD-10 / ICD-10-CM C45.1 or NCIt C9350, or coded in SNOMED CT with a peritoneal
 *             bodySite and a malignant mesothelioma histology (as mCODE EHRs send it; {@link
 *             MpemRecognition#isPrimaryDiagnosis}): mpem-primary-diagnosis;
 *         <li>Procedure coded NCIt C132068: mpem-cytoreductive-surgery;
 *         <li>Observation coded LOINC 89247-1 / 75186-7 / 97509-4 (or mCODE STU1's 88040-1): mpem-ecog /
 *             mpem-vital-status / mpem-disease-status; mpem-observation#pci / #cc-score: mpem-pci / mpem-cc-score;
 *         <li>MedicationAdministration whose medicationCodeableConcept has a code of the mpem-chemotherapy-drugs value
 *             set: mpem-chemotherapy-administration;
 *         <li>Organization: mpem-site only when claimed (an Organization may be a laboratory or a payer).
 *       </ul>
 * </ol>
 *
 * Anything else selects nothing. Selection looks only at the resource itself: no database, no references.
 */
public final class ProfileSelector {

  static final String NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
  static final String LOINC = "http://loinc.org";
  static final String MPEM_OBSERVATION = MpemProfiles.CANONICAL_BASE + "/CodeSystem/mpem-observation";
  static final String CHEMOTHERAPY_DRUGS_VALUE_SET = MpemProfiles.CANONICAL_BASE + "/ValueSet/mpem-chemotherapy-drugs";

  private final Set<String> chemotherapyDrugs;

  /** Reads the drug codes from the shipped mpem-chemotherapy-drugs value set, so the rule and the binding agree. */
  public ProfileSelector(MpemConformanceResources resources) {
    ValueSet drugs =
        resources
            .valueSet(CHEMOTHERAPY_DRUGS_VALUE_SET)
            .orElseThrow(() -> new IllegalStateException("missing value set " + CHEMOTHERAPY_DRUGS_VALUE_SET));
    this.chemotherapyDrugs =
        drugs.getCompose().getInclude().stream()
            .flatMap(include -> include.getConcept().stream().map(c -> key(include.getSystem(), c.getCode())))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** The MPeM profiles {@code resource} must conform to, claimed ones first; empty when none applies. */
  public Set<String> select(IBaseResource resource) {
    Set<String> profiles = new LinkedHashSet<>(claimedMpemProfiles(resource));
    String byCode = byTypeAndCode(resource);
    if (byCode != null) {
      profiles.add(byCode);
    }
    return profiles;
  }

  /** The canonical URLs under MesoFHIR's base that {@code meta.profile} claims, known profiles or not. */
  static List<String> claimedMesoFhirUrls(IBaseResource resource) {
    return resource.getMeta().getProfile().stream()
        .map(IPrimitiveType::getValue)
        .filter(p -> p != null && p.startsWith(MpemProfiles.STRUCTURE_DEFINITION_BASE))
        .map(ProfileSelector::withoutVersion)
        .toList();
  }

  private static List<String> claimedMpemProfiles(IBaseResource resource) {
    return claimedMesoFhirUrls(resource).stream().filter(MpemProfiles.RESOURCE_PROFILES::contains).toList();
  }

  private String byTypeAndCode(IBaseResource resource) {
    if (resource instanceof Patient) {
      return MpemProfiles.PATIENT;
    }
    if (resource instanceof Condition condition) {
      return MpemRecognition.isPrimaryDiagnosis(condition) ? MpemProfiles.PRIMARY_DIAGNOSIS : null;
    }
    if (resource instanceof Procedure procedure) {
      return has(procedure.getCode(), NCIT, "C132068") ? MpemProfiles.CYTOREDUCTIVE_SURGERY : null;
    }
    if (resource instanceof Observation observation) {
      return observationProfile(observation.getCode());
    }
    if (resource instanceof MedicationAdministration administration
        && administration.getMedication() instanceof CodeableConcept medication) {
      boolean chemotherapy =
          medication.getCoding().stream().anyMatch(c -> chemotherapyDrugs.contains(key(c.getSystem(), c.getCode())));
      return chemotherapy ? MpemProfiles.CHEMOTHERAPY_ADMINISTRATION : null;
    }
    return null;
  }

  private static String observationProfile(CodeableConcept code) {
    if (MpemRecognition.isEcog(code)) {
      return MpemProfiles.ECOG;
    }
    if (has(code, LOINC, "75186-7")) {
      return MpemProfiles.VITAL_STATUS;
    }
    if (MpemRecognition.isDiseaseStatus(code)) {
      return MpemProfiles.DISEASE_STATUS;
    }
    if (has(code, MPEM_OBSERVATION, "pci")) {
      return MpemProfiles.PCI;
    }
    if (has(code, MPEM_OBSERVATION, "cc-score")) {
      return MpemProfiles.CC_SCORE;
    }
    return null;
  }

  private static boolean has(CodeableConcept concept, String system, String code) {
    for (Coding coding : concept.getCoding()) {
      if (system.equals(coding.getSystem()) && code.equals(coding.getCode())) {
        return true;
      }
    }
    return false;
  }

  private static String key(String system, String code) {
    return system + "|" + code;
  }

  private static String withoutVersion(String canonical) {
    int bar = canonical.indexOf('|');
    return bar < 0 ? canonical : canonical.substring(0, bar);
  }
}
