package org.mesofhir.profiles;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;

/**
 * The outcome of validating one resource (or the entries of one Bundle) against its MPeM profiles.
 *
 * @param profiles the profiles the resource was validated against (empty: no MPeM profile applies, nothing checked)
 * @param outcome every issue found; each has {@code expression} (the FHIRPath of the element, e.g.
 *     {@code Observation.valueInteger}) and {@code diagnostics} (what is wrong and what is allowed)
 */
public record MpemValidationResult(Set<String> profiles, OperationOutcome outcome) {

  /** Errors block (the server answers 422, or 400 for a batch entry); warnings and information never do. */
  public boolean hasErrors() {
    return !errors().isEmpty();
  }

  public List<OperationOutcomeIssueComponent> errors() {
    return outcome.getIssue().stream()
        .filter(i -> i.getSeverity() == IssueSeverity.ERROR || i.getSeverity() == IssueSeverity.FATAL)
        .toList();
  }

  static MpemValidationResult nothingToCheck() {
    return new MpemValidationResult(Set.of(), new OperationOutcome());
  }
}
