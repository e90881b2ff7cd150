package org.mesofhir.profiles;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
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
 * borrows one. Two more per-resource costs are avoided the same way (measured with JFR on the ingestion benchmark:
 * together about a fifth of validation time): the core validator's stream entry point builds a new element-model parser,
 * and with it a FHIRPath engine, for every resource, so each pooled validator keeps its own parser and this class runs
 * the entry point's few steps itself; and the requested MPeM profiles are converted and given snapshots once, not on
 * every fetch. Configuration is HAPI's {@code ValidatorWrapper}'s, with the settings {@link MpemValidationSupport}
 * chooses; {@code PooledInstanceValidatorModuleTest} checks that both give the same findings on every example.
 */
final class PooledInstanceValidatorModule implements IValidatorModule {

  private final WorkerContextValidationSupportAdapter workerContext;
  private final BlockingQueue<PooledValidator> idle;
  /** Our profiles as the core validator wants them: converted and with snapshots, once, not per resource. */
  private final Map<String, StructureDefinition> profilesByUrl = new ConcurrentHashMap<>();
  /** Base resource and type definitions by name, as the element-model parser looks them up. */
  private final Map<String, StructureDefinition> definitionsByType = new ConcurrentHashMap<>();

  /**
   * Runs a pooled validator serves before it is replaced by a new one. The core validator does not clear all of its
   * per-run state: its codings observer keeps every coding it has seen, and with each the element tree of its
   * resource, so a validator kept forever grows without bound (found by a 100,000-patient import, whose heap filled
   * after about 120,000 resources). Replaced after this many runs, each holds at most a few megabytes; building one
   * costs about what 5 % of one run does, here spread over a hundred.
   */
  static final int RUNS_PER_VALIDATOR = 100;

  /**
   * A core validator and the element-model parser that feeds it. The core validator's own stream entry point builds a
   * new parser (and with it a FHIRPath engine) for every resource; reused here, the same steps run without that cost.
   */
  private static final class PooledValidator {
    private final InstanceValidator validator;
    private final JsonParser parser;
    private int runs;

    PooledValidator(InstanceValidator validator, JsonParser parser) {
      this.validator = validator;
      this.parser = parser;
    }

    InstanceValidator validator() {
      return validator;
    }

    JsonParser parser() {
      return parser;
    }
  }

  PooledInstanceValidatorModule(IValidationSupport validationSupport) {
    this.workerContext = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(validationSupport);
    this.idle = new ArrayBlockingQueue<>(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    List<StructureDefinition> profiles = new ArrayList<>();
    for (String url : context.getOptions().getProfiles()) {
      StructureDefinition profile = profile(url);
      if (profile == null) {
        context.addValidationMessage(unknownProfile(url));
      } else {
        profiles.add(profile);
      }
    }
    // profiles claimed in meta.profile are picked up by the core validator itself
    List<ValidationMessage> messages = new ArrayList<>();
    PooledValidator pooled = borrow();
    try {
      validate(pooled, context.getResourceAsString(), profiles, messages);
    } finally {
      giveBack(pooled);
    }
    for (ValidationMessage message : messages) {
      if (!isNoise(message)) {
        context.addValidationMessage(toHapi(message));
      }
    }
  }

  /**
   * The steps of the core validator's {@code validate(appContext, errors, stream, JSON, profiles)}, with the pooled
   * parser: parse into fragments (syntax errors land in each fragment's errors), validate each fragment's element
   * against the profiles, collect the errors.
   */
  private void validate(
      PooledValidator pooled, String json, List<StructureDefinition> profiles, List<ValidationMessage> messages) {
    JsonParser parser = pooled.parser();
    parser.setupValidation(ValidationPolicy.EVERYTHING);
    List<ValidatedFragment> fragments;
    try {
      fragments = parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new FHIRException(e);
    }
    InstanceValidator validator = pooled.validator();
    validator.validatedContent = fragments;
    for (ValidatedFragment fragment : fragments) {
      if (fragment.getElement() != null) {
        validator.validate(
            null, fragment.getErrors(), fragments.size() > 1 ? fragment.path() : null, fragment.getElement(), profiles);
      }
      messages.addAll(fragment.getErrors());
    }
  }

  private StructureDefinition profile(String url) {
    StructureDefinition known = profilesByUrl.get(url);
    if (known != null) {
      return known;
    }
    StructureDefinition fetched = workerContext.fetchResource(StructureDefinition.class, url);
    if (fetched != null && fetched.hasSnapshot()) {
      profilesByUrl.putIfAbsent(url, fetched);
    }
    return fetched;
  }

  private PooledValidator borrow() {
    PooledValidator pooled = idle.poll();
    return pooled != null ? pooled : new PooledValidator(newInstanceValidator(), newParser());
  }

  /** Back to the pool, unless it has served its runs: then it is dropped, and a new one is built when needed. */
  private void giveBack(PooledValidator pooled) {
    if (++pooled.runs < RUNS_PER_VALIDATOR) {
      idle.offer(pooled);
    }
  }

  /** The core validators waiting in the pool (for tests of what they hold between runs). */
  List<InstanceValidator> idleValidators() {
    return idle.stream().map(PooledValidator::validator).toList();
  }

  private JsonParser newParser() {
    JsonParser parser = new DefinitionCachingJsonParser(workerContext, definitionsByType);
    parser.setAllowComments(false);
    return parser;
  }

  /**
   * The element-model parser finds the definition of each resource it reads by scanning every StructureDefinition the
   * context knows (hundreds) and building a URL string for each: 5 % of the CPU time of a bulk import (JFR). The
   * definitions of the base types never change, so each is looked up once and kept.
   */
  private static final class DefinitionCachingJsonParser extends JsonParser {
    private final Map<String, StructureDefinition> definitionsByType;

    DefinitionCachingJsonParser(IWorkerContext context, Map<String, StructureDefinition> definitionsByType) {
      super(context);
      this.definitionsByType = definitionsByType;
    }

    @Override
    protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name) {
      if (name == null) {
        return super.getDefinition(errors, line, col, name);
      }
      StructureDefinition known = definitionsByType.get(name);
      if (known != null) {
        return known;
      }
      StructureDefinition found = super.getDefinition(errors, line, col, name);
      if (found != null) {
        definitionsByType.putIfAbsent(name, found);
      }
      return found;
    }
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
