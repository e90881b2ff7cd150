package org.mesofhir.profiles;

import java.util.List;

/** Canonical URLs of the MesoFHIR profiles and extensions (SPEC §2, §2.1: published, never renamed). */
public final class MpemProfiles {

  public static final String CANONICAL_BASE = "https://mesofhir.org/fhir";
  public static final String STRUCTURE_DEFINITION_BASE = CANONICAL_BASE + "/StructureDefinition/";

  public static final String PATIENT = STRUCTURE_DEFINITION_BASE + "mpem-patient";
  public static final String SITE = STRUCTURE_DEFINITION_BASE + "mpem-site";
  public static final String PRIMARY_DIAGNOSIS = STRUCTURE_DEFINITION_BASE + "mpem-primary-diagnosis";
  public static final String CYTOREDUCTIVE_SURGERY = STRUCTURE_DEFINITION_BASE + "mpem-cytoreductive-surgery";
  public static final String CHEMOTHERAPY_ADMINISTRATION =
      STRUCTURE_DEFINITION_BASE + "mpem-chemotherapy-administration";
  public static final String PCI = STRUCTURE_DEFINITION_BASE + "mpem-pci";
  public static final String CC_SCORE = STRUCTURE_DEFINITION_BASE + "mpem-cc-score";
  public static final String ECOG = STRUCTURE_DEFINITION_BASE + "mpem-ecog";
  public static final String DISEASE_STATUS = STRUCTURE_DEFINITION_BASE + "mpem-disease-status";
  public static final String VITAL_STATUS = STRUCTURE_DEFINITION_BASE + "mpem-vital-status";

  public static final String HIPEC_EXTENSION = STRUCTURE_DEFINITION_BASE + "hipec";
  public static final String HISTOLOGY_EXTENSION = STRUCTURE_DEFINITION_BASE + "histology-morphology-behavior";

  /** The ten resource profiles of SPEC §2, in the order of its table. */
  public static final List<String> RESOURCE_PROFILES =
      List.of(
          PATIENT,
          SITE,
          PRIMARY_DIAGNOSIS,
          CYTOREDUCTIVE_SURGERY,
          CHEMOTHERAPY_ADMINISTRATION,
          PCI,
          CC_SCORE,
          ECOG,
          DISEASE_STATUS,
          VITAL_STATUS);

  private MpemProfiles() {}
}
