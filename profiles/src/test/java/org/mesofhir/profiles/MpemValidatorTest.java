package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

class MpemValidatorTest {

  @Test
  void choiceElementsAreNamedAsInJson() {
    assertThat(MpemValidator.jsonElementNames("Observation.value.ofType(integer)")).isEqualTo("Observation.valueInteger");
    assertThat(MpemValidator.jsonElementNames("Observation.component[3].value.ofType(integer)"))
        .isEqualTo("Observation.component[3].valueInteger");
    assertThat(MpemValidator.jsonElementNames("Condition.onset.ofType(dateTime)")).isEqualTo("Condition.onsetDateTime");
    assertThat(MpemValidator.jsonElementNames("Patient.birthDate")).isEqualTo("Patient.birthDate");
  }

  @Test
  void aMissingElementIsNamedItselfNotItsParent() {
    assertThat(MpemValidator.elementExpression("Condition", "Condition.onset[x]: minimum required = 1, but only found 0"))
        .isEqualTo("Condition.onset");
    assertThat(
            MpemValidator.elementExpression(
                "Patient.identifier[0]", "Patient.identifier.system: minimum required = 1, but only found 0"))
        .isEqualTo("Patient.identifier[0].system");
    assertThat(MpemValidator.elementExpression("Observation.code", "The pattern [system http://loinc.org ...")).isEqualTo("Observation.code");
  }

  @Test
  void resourcesNoProfileAppliesToAreNotChecked() {
    MpemValidator validator = MpemValidator.create(FhirContext.forR4Cached());
    assertThat(validator.validate(new Practitioner()).profiles()).isEmpty();
    Observation heartRate =
        new Observation().setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", null)));
    MpemValidationResult result = validator.validate(heartRate);
    assertThat(result.profiles()).isEmpty();
    assertThat(result.outcome().getIssue()).isEmpty();
  }

  @Test
  void warmUpPreparesEveryProfile() {
    MpemValidator validator = MpemValidator.create(FhirContext.forR4Cached());
    validator.warmUp();
    Observation ecog = new Observation().setCode(new CodeableConcept(new Coding("http://loinc.org", "89247-1", null)));
    MpemValidationResult result = validator.validate(ecog);
    assertThat(result.profiles()).containsExactly(MpemProfiles.ECOG);
    assertThat(result.errors()).isNotEmpty(); // no status, subject, date or value
  }
}
