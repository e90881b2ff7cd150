package org.mesofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Validates resources against the MPeM profiles that {@link ProfileSelector} selects for them. Thread-safe; create
 * one per application ({@link #create}) and share it.
 */
public final class MpemValidator {

  /** HAPI writes choice elements as {@code value.ofType(integer)}; EHR developers know them as {@code valueInteger}. */
  private static final Pattern OF_TYPE = Pattern.compile("\\.([a-z][A-Za-z0-9]*)\\.ofType\\(([A-Za-z]+)\\)");

  /** "Condition.onset[x]: minimum required = 1, ..." is reported on Condition; the issue is about Condition.onset. */
  private static final Pattern CARDINALITY = Pattern.compile("^([A-Z][A-Za-z]*(?:\\.[A-Za-z0-9\\[\\]]+)+): (?:minimum required|max allowed) = ");

  private static final Pattern INDEX = Pattern.compile("\\[\\d+\\]");

  /** HAPI prints a limit as "IntegerType[39]"; the reader wants "39". */
  private static final Pattern INTEGER_TYPE = Pattern.compile("IntegerType\\[(-?\\d+)\\]");

  private final FhirContext fhirContext;
  private final MpemConformanceResources resources;
  private final FhirValidator validator;
  private final ProfileSelector selector;

  MpemValidator(
      FhirContext fhirContext, MpemConformanceResources resources, FhirValidator validator, ProfileSelector selector) {
    this.fhirContext = fhirContext;
    this.resources = resources;
    this.validator = validator;
    this.selector = selector;
  }

  /** Loads the conformance resources and builds the validator: do this once, it is the expensive part. */
  public static MpemValidator create(FhirContext fhirContext) {
    MpemConformanceResources resources = MpemConformanceResources.load(fhirContext);
    FhirValidator validator =
        MpemValidationSupport.newFhirValidator(
            fhirContext, MpemValidationSupport.newValidationSupportChain(fhirContext, resources));
    return new MpemValidator(fhirContext, resources, validator, new ProfileSelector(resources));
  }

  public MpemConformanceResources resources() {
    return resources;
  }

  public ProfileSelector profileSelector() {
    return selector;
  }

  /** Validates {@code resource} against the profiles the selection rule gives it; no applicable profile: no issues. */
  public MpemValidationResult validate(IBaseResource resource) {
    return validate(resource, selector.select(resource));
  }

  /** Validates {@code resource} against {@code profiles} (canonical URLs) and the profiles it claims. */
  public MpemValidationResult validate(IBaseResource resource, Collection<String> profiles) {
    OperationOutcome outcome = new OperationOutcome();
    reportUnknownMesoFhirProfiles(resource, outcome);
    if (profiles.isEmpty()) {
      return new MpemValidationResult(Set.of(), outcome);
    }
    ValidationOptions options = new ValidationOptions();
    profiles.forEach(options::addProfile);
    ValidationResult result = validator.validateWithResult(resource, options);
    Set<String> seen = new HashSet<>();
    for (SingleValidationMessage message : result.getMessages()) {
      // a profile both claimed and selected is checked twice by HAPI: report each finding once
      if (seen.add(message.getSeverity() + "|" + message.getLocationString() + "|" + message.getMessage())) {
        outcome.addIssue(toIssue(message));
      }
    }
    return new MpemValidationResult(Set.copyOf(new LinkedHashSet<>(profiles)), outcome);
  }

  /**
   * Validates every entry resource of a batch or transaction on its own, as the server stores them; issue expressions
   * are prefixed with {@code Bundle.entry[i].resource}.
   */
  public MpemValidationResult validateBundleEntries(Bundle bundle) {
    OperationOutcome outcome = new OperationOutcome();
    Set<String> profiles = new LinkedHashSet<>();
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      IBaseResource resource = entries.get(i).getResource();
      if (resource == null) {
        continue;
      }
      MpemValidationResult entryResult = validate(resource);
      profiles.addAll(entryResult.profiles());
      String prefix = "Bundle.entry[" + i + "].resource";
      for (OperationOutcomeIssueComponent issue : entryResult.outcome().getIssue()) {
        String expression = issue.getExpression().isEmpty() ? null : issue.getExpression().get(0).getValue();
        String type = resource.fhirType();
        String prefixed =
            expression == null ? prefix : expression.startsWith(type) ? prefix + expression.substring(type.length()) : prefix + "." + expression;
        issue.getExpression().clear();
        issue.addExpression(prefixed);
        outcome.addIssue(issue);
      }
    }
    return new MpemValidationResult(Set.copyOf(profiles), outcome);
  }

  /**
   * Generates the snapshots of all profiles and fills the caches now, so that the first real request does not pay
   * for it (a few seconds).
   */
  public void warmUp() {
    for (String url : MpemProfiles.RESOURCE_PROFILES) {
      StructureDefinition profile = resources.structureDefinition(url).orElseThrow();
      IBaseResource empty = fhirContext.getResourceDefinition(profile.getType()).newInstance();
      validate(empty, List.of(url));
    }
  }

  /** A claimed profile under our base that does not exist is a typo the sender must hear about, not a warning. */
  private static void reportUnknownMesoFhirProfiles(IBaseResource resource, OperationOutcome outcome) {
    List<String> claimed = ProfileSelector.claimedMesoFhirUrls(resource);
    for (int i = 0; i < claimed.size(); i++) {
      String url = claimed.get(i);
      if (!MpemProfiles.RESOURCE_PROFILES.contains(url)) {
        outcome
            .addIssue()
            .setSeverity(IssueSeverity.ERROR)
            .setCode(IssueType.NOTFOUND)
            .setDiagnostics(
                "meta.profile claims " + url + ", which is not a MesoFHIR profile; allowed: "
                    + String.join(", ", MpemProfiles.RESOURCE_PROFILES))
            .addExpression(resource.fhirType() + ".meta.profile");
      }
    }
  }

  private static OperationOutcomeIssueComponent toIssue(SingleValidationMessage message) {
    String diagnostics = INTEGER_TYPE.matcher(message.getMessage()).replaceAll("$1");
    OperationOutcomeIssueComponent issue =
        new OperationOutcomeIssueComponent()
            .setSeverity(severity(message.getSeverity()))
            .setCode(IssueType.PROCESSING)
            .setDiagnostics(diagnostics);
    if (message.getLocationString() != null) {
      issue.addExpression(elementExpression(jsonElementNames(message.getLocationString()), diagnostics));
    }
    return issue;
  }

  /**
   * The element an issue is about: HAPI locates a missing (or surplus) element at its parent, e.g. {@code Condition}
   * for "Condition.onset[x]: minimum required = 1"; the sender needs {@code Condition.onset}.
   */
  static String elementExpression(String location, String message) {
    Matcher m = CARDINALITY.matcher(message);
    if (m.find()) {
      String path = m.group(1);
      int dot = path.lastIndexOf('.');
      if (INDEX.matcher(location).replaceAll("").equals(path.substring(0, dot))) {
        return location + "." + path.substring(dot + 1).replace("[x]", "");
      }
    }
    return location;
  }

  /** {@code Observation.value.ofType(integer)} becomes {@code Observation.valueInteger}. */
  static String jsonElementNames(String location) {
    Matcher m = OF_TYPE.matcher(location);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String type = m.group(2);
      m.appendReplacement(
          out, Matcher.quoteReplacement("." + m.group(1) + Character.toUpperCase(type.charAt(0)) + type.substring(1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static IssueSeverity severity(ResultSeverityEnum severity) {
    return switch (severity) {
      case FATAL -> IssueSeverity.FATAL;
      case ERROR -> IssueSeverity.ERROR;
      case WARNING -> IssueSeverity.WARNING;
      case INFORMATION -> IssueSeverity.INFORMATION;
    };
  }
}
