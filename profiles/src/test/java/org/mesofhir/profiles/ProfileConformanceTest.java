package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven conformance cases (mCODE style): each row of {@code mesofhir/examples/cases.csv} names an example, the
 * profile it is about and, for an invalid one, the severity, element expression and message fragment of the issue the
 * validator must report. Examples are validated the way the server does it: profiles chosen by {@link
 * ProfileSelector}, Bundles entry by entry.
 */
class ProfileConformanceTest {

  static final String EXAMPLES = "mesofhir/examples/";
  static final String CASES = EXAMPLES + "cases.csv";

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static MpemValidator validator;

  /** One row of cases.csv: an example and, when severity is set, one issue it must produce. */
  record Case(String file, String profile, boolean valid, String severity, String expression, String message) {
    boolean matches(OperationOutcomeIssueComponent issue) {
      return issue.getSeverity() == IssueSeverity.fromCode(severity)
          && issue.getExpression().stream().anyMatch(e -> e.getValue().equals(expression))
          && issue.getDiagnostics().toLowerCase(Locale.ROOT).contains(message.toLowerCase(Locale.ROOT));
    }
  }

  /** All rows of one example file. */
  record Example(String file, String profile, boolean valid, List<Case> expectedIssues) {
    @Override
    public String toString() {
      return file;
    }
  }

  @BeforeAll
  static void createValidatorOnce() {
    NoNetwork.install();
    validator = MpemValidator.create(FHIR);
  }

  @AfterAll
  static void nothingWentToTheNetwork() {
    assertThat(NoNetwork.attempts()).as("network connections attempted during validation").isEmpty();
  }

  static List<Case> cases() {
    try (Reader in = new InputStreamReader(open(CASES), StandardCharsets.UTF_8)) {
      List<Case> cases = new ArrayList<>();
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        cases.add(
            new Case(
                r.get("file"),
                r.get("profile"),
                r.get("outcome").equals("valid"),
                r.get("severity"),
                r.get("expression"),
                r.get("message")));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Example> examples() {
    Map<String, List<Case>> byFile = new LinkedHashMap<>();
    cases().forEach(c -> byFile.computeIfAbsent(c.file(), f -> new ArrayList<>()).add(c));
    return byFile.values().stream()
        .map(
            rows ->
                new Example(
                    rows.get(0).file(),
                    rows.get(0).profile(),
                    rows.get(0).valid(),
                    rows.stream().filter(c -> !c.severity().isEmpty()).toList()))
        .toList();
  }

  /** Validates an example the way the server does: profiles chosen by the selection rule, Bundles entry by entry. */
  static MpemValidationResult validate(MpemValidator validator, Example example) {
    IBaseResource resource = FHIR.newJsonParser().parseResource(open(EXAMPLES + example.file()));
    if (example.profile().equals("bundle-entries")) {
      return validator.validateBundleEntries((Bundle) resource);
    }
    // every example claims the profile it is about, or is selected for it by its type and code
    assertThat(validator.profileSelector().select(resource))
        .contains(MpemProfiles.STRUCTURE_DEFINITION_BASE + example.profile());
    return validator.validate(resource);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleHasExactlyTheErrorsTheCasesTableLists(Example example) {
    MpemValidationResult result = validate(validator, example);
    List<OperationOutcomeIssueComponent> issues = result.outcome().getIssue();
    String got = "got:\n" + describe(issues);

    if (example.valid()) {
      assertThat(result.errors()).as("a valid example has no error; " + got).isEmpty();
    } else {
      assertThat(result.hasErrors()).as("an invalid example has an error; " + got).isTrue();
    }
    for (Case expected : example.expectedIssues()) {
      assertThat(issues)
          .as("expected %s at %s containing '%s'; %s", expected.severity(), expected.expression(), expected.message(), got)
          .anySatisfy(issue -> assertThat(expected.matches(issue)).isTrue());
    }
    // an invalid example breaks only the rules it is about: every error it has is listed in the table
    for (OperationOutcomeIssueComponent error : result.errors()) {
      assertThat(example.expectedIssues())
          .as("unexpected error %s @ %s: %s", error.getSeverity(), error.getExpression(), error.getDiagnostics())
          .anySatisfy(expected -> assertThat(expected.matches(error)).isTrue());
    }
  }

  @Test
  void casesTableCoversEveryExampleFileAndEnoughInvalidOnes() throws Exception {
    List<Example> examples = examples();
    URL root = ProfileConformanceTest.class.getClassLoader().getResource(EXAMPLES);
    Path folder = Path.of(root.toURI());
    try (Stream<Path> files = Files.walk(folder)) {
      List<String> onDisk =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .map(p -> folder.relativize(p).toString().replace('\\', '/'))
              .toList();
      assertThat(examples.stream().map(Example::file).toList()).containsExactlyInAnyOrderElementsOf(onDisk);
    }
    assertThat(examples).allSatisfy(e -> assertThat(e.file()).startsWith(e.valid() ? "valid/" : "invalid/"));
    assertThat(examples.stream().filter(e -> !e.valid())).hasSizeGreaterThanOrEqualTo(25);
    assertThat(examples.stream().filter(Example::valid).map(Example::profile).collect(Collectors.toSet()))
        .as("a valid example per profile, and the journey bundle")
        .containsAll(MpemProfiles.RESOURCE_PROFILES.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList())
        .contains("bundle-entries");
  }

  static String describe(List<OperationOutcomeIssueComponent> issues) {
    return issues.stream()
        .map(i -> "  " + i.getSeverity().toCode() + " @ " + i.getExpression() + ": " + i.getDiagnostics())
        .collect(Collectors.joining("\n"));
  }

  static InputStream open(String path) {
    InputStream in = ProfileConformanceTest.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + path);
    }
    return in;
  }
}
