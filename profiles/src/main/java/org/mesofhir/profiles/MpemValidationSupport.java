package org.mesofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * Builds the offline validation machinery for the MesoFHIR profiles. Build it once per application and reuse it:
 * the chain caches generated snapshots and value set expansions, and regenerating them per request is what makes
 * HAPI validation many times slower than it needs to be.
 */
public final class MpemValidationSupport {

  private MpemValidationSupport() {}

  /**
   * The chain: our resources, the FHIR R4 core definitions, common code systems (UCUM, languages, ...), in-memory value
   * set expansion and code validation, snapshot generation for our differential-only profiles, and last a module
   * that turns a code system nobody here knows into a warning. No module reaches the network.
   *
   * <p>The chain's own cache (on by default since HAPI 8) replaces the deprecated CachingValidationSupport.
   */
  public static ValidationSupportChain newValidationSupportChain(
      FhirContext fhirContext, MpemConformanceResources resources) {
    PrePopulatedValidationSupport mpem = new PrePopulatedValidationSupport(fhirContext);
    resources.codeSystems().forEach(mpem::addCodeSystem);
    resources.valueSets().forEach(mpem::addValueSet);
    resources.structureDefinitions().forEach(mpem::addStructureDefinition);

    UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
        new UnknownCodeSystemWarningValidationSupport(fhirContext);
    unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);

    return new ValidationSupportChain(
        ValidationSupportChain.CacheConfiguration.defaultValues(),
        // ours first: the R4 core definitions ship SNOMED CT (and others) as content=not-present code systems, which
        // would shadow our fragments and make every SNOMED-bound value set "unable to expand"
        mpem,
        new DefaultProfileValidationSupport(fhirContext),
        new CommonCodeSystemsTerminologyService(fhirContext),
        new InMemoryTerminologyServerValidationSupport(fhirContext),
        new SnapshotGeneratingValidationSupport(fhirContext),
        unknownCodeSystems);
  }

  /**
   * The validator MesoFHIR uses: HAPI's instance validation over {@code validationSupport}, with the core validator
   * objects pooled (see {@link PooledInstanceValidatorModule} for why). Unknown extensions are allowed (EHRs send
   * their own), unknown non-MPeM profiles claimed in meta.profile are warnings, "best practice" advice is ignored and
   * nothing is fetched: references are checked by the type their URL names.
   */
  public static FhirValidator newFhirValidator(FhirContext fhirContext, IValidationSupport validationSupport) {
    FhirValidator validator = fhirContext.newValidator();
    validator.registerValidatorModule(new PooledInstanceValidatorModule(validationSupport));
    return validator;
  }

  /** The same configuration with HAPI's stock {@link FhirInstanceValidator}: the reference the pooled one must match. */
  static FhirValidator newStockHapiFhirValidator(FhirContext fhirContext, IValidationSupport validationSupport) {
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(validationSupport);
    instanceValidator.setAnyExtensionsAllowed(true);
    instanceValidator.setErrorForUnknownProfiles(false);
    instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    instanceValidator.setNoExtensibleWarnings(true);
    instanceValidator.setAssumeValidRestReferences(true);
    FhirValidator validator = fhirContext.newValidator();
    validator.registerValidatorModule(instanceValidator);
    return validator;
  }
}
