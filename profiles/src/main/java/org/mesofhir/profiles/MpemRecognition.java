package org.mesofhir.profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;

/**
 * Recognises the MPeM facts in the shapes that MesoFHIR and mCODE-conformant EHRs send (profiles/README.md, "Which
 * profiles a resource must conform to"). One rule for both profile selection and the analysis records, so that a
 * resource the server validates as an MPeM fact is also counted as one, and vice versa. Pure: looks at the resource
 * alone.
 */
public final class MpemRecognition {

  public static final String MCODE_HISTOLOGY_EXTENSION =
      "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior";

  static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";
  static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
  static final String NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
  static final String SNOMED = "http://snomed.info/sct";
  static final String ICD_O_3 = "http://terminology.hl7.org/CodeSystem/icd-o-3";
  static final String LOINC = "http://loinc.org";

  static final String PERITONEUM_STRUCTURE = "15425007";

  /** ICD-O-3 morphologies of malignant mesothelioma (SPEC §1): NOS, fibrous (sarcomatoid), epithelioid, biphasic. */
  static final Set<String> MESOTHELIOMA_ICD_O_3 = Set.of("9050/3", "9051/3", "9052/3", "9053/3");

  /**
   * SNOMED CT morphologies of malignant mesothelioma and the ICD-O-3 code the analysis records use for each (the
   * {@code histology} covariate is ICD-O-3, SPEC §3). Only 62064005 |Mesothelioma, malignant| → 9050/3 (malignant,
   * NOS): its subtypes' SCTIDs could not be verified offline, so they are not listed (add them with a source).
   */
  static final Map<String, String> MESOTHELIOMA_SNOMED_TO_ICD_O_3 = Map.of("62064005", "9050/3");

  /** LOINC answers of ECOG grades 0–5 (answer list LL529-9), as mCODE sends them. */
  static final List<String> ECOG_ANSWERS =
      List.of("LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8", "LA9627-6");

  static final String ECOG_LOINC = "89247-1";
  static final String DISEASE_STATUS_LOINC = "97509-4";
  /** mCODE STU1's code for CancerDiseaseStatus ("Response to cancer treatment"). */
  static final String DISEASE_STATUS_LOINC_MCODE_STU1 = "88040-1";

  private MpemRecognition() {}

  /**
   * Whether {@code condition} is a primary diagnosis of malignant peritoneal mesothelioma: coded ICD-10 / ICD-10-CM
   * C45.1 or NCIt C9350, or coded in SNOMED CT with bodySite SNOMED 15425007 (Peritoneum structure) and a histology
   * (MesoFHIR's or mCODE's histology-morphology-behavior extension) that is a malignant mesothelioma morphology.
   */
  public static boolean isPrimaryDiagnosis(Condition condition) {
    CodeableConcept code = condition.getCode();
    if (has(code, ICD_10, "C45.1") || has(code, ICD_10_CM, "C45.1") || has(code, NCIT, "C9350")) {
      return true;
    }
    return code.getCoding().stream().anyMatch(c -> SNOMED.equals(c.getSystem()))
        && condition.getBodySite().stream().anyMatch(site -> has(site, SNOMED, PERITONEUM_STRUCTURE))
        && histologyCodings(condition).stream().anyMatch(MpemRecognition::isMesotheliomaMorphology);
  }

  /**
   * The ICD-O-3 morphology of {@code condition}'s histology, from MesoFHIR's extension first, then mCODE's; a SNOMED
   * CT morphology is mapped to its ICD-O-3 code (see {@link #MESOTHELIOMA_SNOMED_TO_ICD_O_3}). Null when none.
   */
  public static String histology(Condition condition) {
    for (Coding coding : histologyCodings(condition)) {
      if (ICD_O_3.equals(coding.getSystem()) && coding.hasCode()) {
        return coding.getCode();
      }
      if (SNOMED.equals(coding.getSystem()) && MESOTHELIOMA_SNOMED_TO_ICD_O_3.containsKey(coding.getCode())) {
        return MESOTHELIOMA_SNOMED_TO_ICD_O_3.get(coding.getCode());
      }
    }
    return null;
  }

  /** Whether {@code code} is an ECOG performance status (LOINC 89247-1). */
  public static boolean isEcog(CodeableConcept code) {
    return has(code, LOINC, ECOG_LOINC);
  }

  /**
   * The ECOG grade of an ECOG Observation: its valueInteger (MesoFHIR, mCODE STU2 and later), else the grade of its
   * valueCodeableConcept's LOINC answer code LA9622-7..LA9627-6 (mCODE STU1). Null when neither is there.
   */
  public static Integer ecogGrade(Observation observation) {
    if (observation.getValue() instanceof IntegerType integer && integer.hasValue()) {
      return integer.getValue();
    }
    if (observation.getValue() instanceof CodeableConcept concept) {
      for (Coding coding : concept.getCoding()) {
        int grade = LOINC.equals(coding.getSystem()) ? ECOG_ANSWERS.indexOf(coding.getCode()) : -1;
        if (grade >= 0) {
          return grade;
        }
      }
    }
    return null;
  }

  /** Whether {@code code} is a cancer disease status: LOINC 97509-4, or 88040-1 as mCODE STU1 codes it. */
  public static boolean isDiseaseStatus(CodeableConcept code) {
    return has(code, LOINC, DISEASE_STATUS_LOINC) || has(code, LOINC, DISEASE_STATUS_LOINC_MCODE_STU1);
  }

  /** The codings of MesoFHIR's histology extensions, then of mCODE's. */
  private static List<Coding> histologyCodings(Condition condition) {
    List<Coding> codings = new ArrayList<>();
    for (String url : List.of(MpemProfiles.HISTOLOGY_EXTENSION, MCODE_HISTOLOGY_EXTENSION)) {
      for (Extension extension : condition.getExtensionsByUrl(url)) {
        if (extension.getValue() instanceof CodeableConcept concept) {
          codings.addAll(concept.getCoding());
        }
      }
    }
    return codings;
  }

  private static boolean isMesotheliomaMorphology(Coding coding) {
    return (ICD_O_3.equals(coding.getSystem()) && MESOTHELIOMA_ICD_O_3.contains(coding.getCode()))
        || (SNOMED.equals(coding.getSystem()) && MESOTHELIOMA_SNOMED_TO_ICD_O_3.containsKey(coding.getCode()));
  }

  static boolean has(CodeableConcept concept, String system, String code) {
    for (Coding coding : concept.getCoding()) {
      if (system.equals(coding.getSystem()) && code.equals(coding.getCode())) {
        return true;
      }
    }
    return false;
  }
}
