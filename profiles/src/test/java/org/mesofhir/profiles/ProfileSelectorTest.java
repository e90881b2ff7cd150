package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ProfileSelectorTest {

  private static final ProfileSelector SELECTOR =
      new ProfileSelector(MpemConformanceResources.load(FhirContext.forR4Cached()));

  private static CodeableConcept code(String system, String code) {
    return new CodeableConcept(new Coding(system, code, null));
  }

  @Test
  void everyPatientIsAnMpemPatient() {
    assertThat(SELECTOR.select(new Patient())).containsExactly(MpemProfiles.PATIENT);
  }

  @Test
  void organizationIsASiteOnlyWhenItClaimsToBe() {
    assertThat(SELECTOR.select(new Organization())).isEmpty();
    Organization site = new Organization();
    site.getMeta().addProfile(MpemProfiles.SITE);
    assertThat(SELECTOR.select(site)).containsExactly(MpemProfiles.SITE);
  }

  @Test
  void conditionByIcd10IcdCmOrNcitCode() {
    for (String[] c :
        new String[][] {
          {MpemRecognition.ICD_10, "C45.1"}, {MpemRecognition.ICD_10_CM, "C45.1"}, {ProfileSelector.NCIT, "C9350"}
        }) {
      assertThat(SELECTOR.select(new Condition().setCode(code(c[0], c[1]))))
          .containsExactly(MpemProfiles.PRIMARY_DIAGNOSIS);
    }
    assertThat(SELECTOR.select(new Condition().setCode(code(MpemRecognition.ICD_10, "C45.0")))).isEmpty();
  }

  @Test
  void conditionInSnomedByPeritonealSiteAndMesotheliomaHistology() {
    for (String[] histology :
        new String[][] {
          {MpemProfiles.HISTOLOGY_EXTENSION, MpemRecognition.ICD_O_3, "9052/3"},
          {MpemRecognition.MCODE_HISTOLOGY_EXTENSION, MpemRecognition.ICD_O_3, "9051/3"},
          {MpemRecognition.MCODE_HISTOLOGY_EXTENSION, MpemRecognition.SNOMED, "62064005"}
        }) {
      assertThat(SELECTOR.select(snomedCondition("15425007", histology[0], histology[1], histology[2])))
          .as(histology[2])
          .containsExactly(MpemProfiles.PRIMARY_DIAGNOSIS);
    }
    String mcode = MpemRecognition.MCODE_HISTOLOGY_EXTENSION;
    assertThat(SELECTOR.select(snomedCondition("15425007", mcode, MpemRecognition.SNOMED, "1187332001")))
        .as("adenocarcinoma of the peritoneum")
        .isEmpty();
    assertThat(SELECTOR.select(snomedCondition("39607008", mcode, MpemRecognition.ICD_O_3, "9052/3")))
        .as("mesothelioma elsewhere (lung structure)")
        .isEmpty();
    assertThat(SELECTOR.select(snomedCondition("15425007", mcode, MpemRecognition.ICD_O_3, "9052/1"))).isEmpty();
  }

  private static Condition snomedCondition(String bodySite, String histologyUrl, String system, String morphology) {
    Condition condition = new Condition().setCode(code(MpemRecognition.SNOMED, "363346000"));
    condition.addBodySite(code(MpemRecognition.SNOMED, bodySite));
    condition.addExtension(histologyUrl, code(system, morphology));
    return condition;
  }

  @Test
  void procedureByNcitCytoreductiveSurgery() {
    assertThat(SELECTOR.select(new Procedure().setCode(code(ProfileSelector.NCIT, "C132068"))))
        .containsExactly(MpemProfiles.CYTOREDUCTIVE_SURGERY);
    assertThat(SELECTOR.select(new Procedure().setCode(code(ProfileSelector.NCIT, "C91835")))).isEmpty();
  }

  @Test
  void observationsByLoincOrMpemCode() {
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.LOINC, "89247-1"))))
        .containsExactly(MpemProfiles.ECOG);
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.LOINC, "75186-7"))))
        .containsExactly(MpemProfiles.VITAL_STATUS);
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.LOINC, "97509-4"))))
        .containsExactly(MpemProfiles.DISEASE_STATUS);
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.LOINC, "88040-1"))))
        .as("mCODE STU1 CancerDiseaseStatus")
        .containsExactly(MpemProfiles.DISEASE_STATUS);
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.MPEM_OBSERVATION, "pci"))))
        .containsExactly(MpemProfiles.PCI);
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.MPEM_OBSERVATION, "cc-score"))))
        .containsExactly(MpemProfiles.CC_SCORE);
    assertThat(SELECTOR.select(new Observation().setCode(code(ProfileSelector.LOINC, "8867-4")))).isEmpty();
  }

  @Test
  void medicationAdministrationWhenTheDrugIsInTheChemotherapyValueSet() {
    String rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    for (String drug : new String[] {"2555", "40048", "68446", "12574", "32592", "3639", "632"}) {
      assertThat(SELECTOR.select(new MedicationAdministration().setMedication(code(rxnorm, drug))))
          .as(drug)
          .containsExactly(MpemProfiles.CHEMOTHERAPY_ADMINISTRATION);
    }
    assertThat(SELECTOR.select(new MedicationAdministration().setMedication(code(rxnorm, "161")))).isEmpty();
    assertThat(SELECTOR.select(new MedicationAdministration().setMedication(new Reference("Medication/1"))))
        .isEmpty();
  }

  @Test
  void claimedProfilesComeFirstVersionsAreIgnoredAndForeignProfilesAreNotSelected() {
    Observation ecog = new Observation().setCode(code(ProfileSelector.LOINC, "89247-1"));
    ecog.getMeta().addProfile("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-ecog-performance-status");
    ecog.getMeta().addProfile(MpemProfiles.VITAL_STATUS + "|0.1.0");
    assertThat(SELECTOR.select(ecog)).containsExactly(MpemProfiles.VITAL_STATUS, MpemProfiles.ECOG);
  }

  @Test
  void otherResourcesSelectNothing() {
    assertThat(SELECTOR.select(new Practitioner())).isEmpty();
  }
}
