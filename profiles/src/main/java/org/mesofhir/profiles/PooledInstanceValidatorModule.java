package org.mesofhir.profiles;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator, with the core validator objects reused instead of built per call.
 *
 * <p>Why: {@link FhirInstanceValidator} constructs a new core {@code InstanceValidator} for every resource, and that
 * constructor parses a 1.5 MB OID registry CSV (HAPI 8.8 / core 6.7): about 25 ms, several times the validation
 * itself. The core validator is built for reuse (it clears its per-run state when a run ends; the IG Publisher
 * validates a whole guide with one), but not for concurrent use, so idle validators wait in a small pool and each run
 * borrows one. Configuration is HAPI's {@code ValidatorWrapper}'s, with the settings {@link MpemValidationSupport}
 * chooses; {@code PooledInstanceValidatorModuleTest} checks that both give the same findings on every example.
 */
final class PooledInstanceValidatorModule implements IValidatorModule {

  private final WorkerContextValidationSupportAdapter workerContext;
  private final BlockingQueue<InstanceValidator> idle;

  PooledInstanceValidatorModule(IValidationSupport validationSupport) {
    this.workerContext = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(validationSupport);
    this.idle = new ArrayBlockingQueue<>(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    List<StructureDefinition> profiles = new ArrayList<>();
    for (String url : context.getOptions().getProfiles()) {
      StructureDefinition profile = workerContext.fetchResource(StructureDefinition.class, url);
      if (profile == null) {
        context.addValidationMessage(unknownProfile(url));
      } else {
        profiles.add(profile);
      }
    }
    // profiles claimed in meta.profile are picked up by the core validator itself
    List<ValidationMessage> messages = new ArrayList<>();
    InstanceValidator validator = borrow();
    try {
      validator.validate(
          null,
          messages,
          new ByteArrayInputStream(context.getResourceAsString().getBytes(StandardCharsets.UTF_8)),
          FhirFormat.JSON,
          profiles);
    } finally {
      idle.offer(validator);
    }
    for (ValidationMessage message : messages) {
      if (!isNoise(message)) {
        context.addValidationMessage(toHapi(message));
      }
    }
  }

  private InstanceValidator borrow() {
    InstanceValidator validator = idle.poll();
    return validator != null ? validator : newInstanceValidator();
  }

  private InstanceValidator newInstanceValidator() {
    InstanceValidator v =
        new InstanceValidator(
            workerContext,
            new FhirInstanceValidator.NullEvaluationContext(),
            new XVerExtensionManagerOld(workerContext),
            new ValidatorSession(),
            new ValidatorSettings());
    // a reference such as Group/1 cannot be resolved here, but its type can be read from it and checked against the
    // profile's target types (Observation.subject must be a Patient); otherwise unresolved references are skipped
    v.setAssumeValidRestReferences(true);
    // "best practice" advice (e.g. a missing narrative) is not part of the MPeM contract
    v.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
    // EHRs send their own extensions
    v.setAnyExtensionsAllowed(true);
    v.setResourceIdRule(IdStatus.OPTIONAL);
    v.setNoTerminologyChecks(false);
    // an unknown non-MPeM profile claimed in meta.profile (e.g. mCODE's) is a warning; MpemValidator reports unknown
    // MesoFHIR profiles as errors itself
    v.setErrorForUnknownProfiles(false);
    // as HAPI's ValidatorWrapper: unknown code systems are turned into warnings by UnknownCodeSystemWarningValidationSupport
    v.setUnknownCodeSystemsCauseErrors(true);
    v.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
    // extensible bindings on base elements (e.g. Condition.category) must not flood the outcome with warnings
    v.setNoExtensibleWarnings(true);
    v.setNoBindingMsgSuppressed(false);
    v.setAllowExamples(false);
    v.setAllowXsiLocation(true);
    return v;
  }

  /** The same messages HAPI's ValidatorWrapper drops: binding notes without a value set to check against. */
  private static boolean isNoise(ValidationMessage message) {
    String id = message.getMessageId();
    return id != null
        && (id.equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
            || (id.equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
  }

  private static SingleValidationMessage toHapi(ValidationMessage message) {
    SingleValidationMessage hapi = new SingleValidationMessage();
    if (message.getLine() != -1) {
      hapi.setLocationLine(message.getLine());
    }
    if (message.getCol() != -1) {
      hapi.setLocationCol(message.getCol());
    }
    hapi.setLocationString(message.getLocation());
    hapi.setMessage(message.getMessage());
    hapi.setMessageId(message.getMessageId());
    if (message.getLevel() != null) {
      hapi.setSeverity(ResultSeverityEnum.fromCode(message.getLevel().toCode()));
    }
    if (message.hasSliceInfo()) {
      hapi.setSliceMessages(message.getSliceInfo().stream().map(ValidationMessage::getMessage).toList());
    }
    return hapi;
  }

  private static SingleValidationMessage unknownProfile(String url) {
    SingleValidationMessage message = new SingleValidationMessage();
    message.setSeverity(ResultSeverityEnum.ERROR);
    message.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
    message.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
    return message;
  }
}
