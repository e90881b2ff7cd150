package org.mesofhir.terminology;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the terminology resources as published files: parseable, named by convention, internally consistent. */
class TerminologyResourcesTest {

  private static final String FOLDER = "mesofhir/terminology/";
  private static final String BASE = "https://mesofhir.org/fhir/";

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static List<String> indexed;
  private static Map<String, MetadataResource> byFile;

  @BeforeAll
  static void load() {
    indexed = readIndex();
    // Strict: an unknown element or a wrong type in a published resource is a bug, not something to skip.
    IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    byFile = new HashMap<>();
    for (String file : indexed) {
      try (InputStream in = resource(FOLDER + file)) {
        byFile.put(file, (MetadataResource) parser.parseResource(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void indexListsEveryResourceFileOfTheFolder() throws Exception {
    URL folder = TerminologyResourcesTest.class.getClassLoader().getResource(FOLDER);
    assertThat(folder).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      Set<String> onDisk =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).collect(Collectors.toSet());
      assertThat(indexed).containsExactlyInAnyOrderElementsOf(onDisk);
    }
  }

  @Test
  void shipsTheSpecifiedCodeSystemsAndValueSets() {
    assertThat(indexed)
        .contains(
            "CodeSystem-pci-region.json",
            "CodeSystem-lesion-size.json",
            "CodeSystem-cc-score.json",
            "CodeSystem-treatment-strategy.json",
            "CodeSystem-mpem-observation.json",
            "ValueSet-mpem-diagnosis.json",
            "ValueSet-mpem-histology.json",
            "ValueSet-mpem-chemotherapy-drugs.json",
            "ValueSet-mpem-hipec-drugs.json",
            "ValueSet-mpem-route.json",
            "ValueSet-mpem-disease-status.json",
            "ValueSet-mpem-vital-status.json");
  }

  @Test
  void fileNameIdAndUrlFollowTheConvention() {
    byFile.forEach(
        (file, res) -> {
          String type = res.fhirType();
          String id = res.getIdElement().getIdPart();
          assertThat(file).as(file).isEqualTo(type + "-" + id + ".json");
          assertThat(res.getStatus()).as(file).isEqualTo(PublicationStatus.ACTIVE);
          assertThat(res.getName()).as(file).matches("[A-Z][A-Za-z0-9]*");
          if (isExternalFragment(res)) {
            // an external code system keeps its own canonical url; only its id is ours
            assertThat(id).as(file).endsWith("-fragment");
            assertThat(res.getUrl()).as(file).doesNotStartWith(BASE);
          } else {
            assertThat(res.getUrl()).as(file).isEqualTo(BASE + type + "/" + id);
          }
        });
  }

  @Test
  void projectCodeSystemsAreCompleteAndFragmentsAreMarkedAsFragments() {
    codeSystems()
        .forEach(
            cs -> {
              CodeSystemContentMode expected =
                  cs.getUrl().startsWith(BASE) ? CodeSystemContentMode.COMPLETE : CodeSystemContentMode.FRAGMENT;
              assertThat(cs.getContent()).as(cs.getUrl()).isEqualTo(expected);
              assertThat(cs.getCount()).as(cs.getUrl()).isEqualTo(cs.getConcept().size());
              assertThat(cs.getConcept().stream().map(ConceptDefinitionComponent::getCode))
                  .as(cs.getUrl())
                  .doesNotHaveDuplicates();
            });
    assertThat(codeSystems().map(CodeSystem::getUrl)).doesNotHaveDuplicates();
  }

  @Test
  void pciRegionsAreZeroToTwelveAndCcScoresCc0ToCc3() {
    assertThat(codes("https://mesofhir.org/fhir/CodeSystem/pci-region"))
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    assertThat(codes("https://mesofhir.org/fhir/CodeSystem/cc-score")).containsExactly("CC-0", "CC-1", "CC-2", "CC-3");
    assertThat(codes("https://mesofhir.org/fhir/CodeSystem/lesion-size")).containsExactly("LS-0", "LS-1", "LS-2", "LS-3");
    assertThat(codes("https://mesofhir.org/fhir/CodeSystem/mpem-observation")).containsExactly("pci", "cc-score");
    assertThat(codes("https://mesofhir.org/fhir/CodeSystem/treatment-strategy"))
        .containsExactly("crs-hipec", "crs", "chemotherapy", "none");
  }

  @Test
  void everyValueSetCodeExistsWithTheSameDisplayInTheCodeSystemShippedHere() {
    Map<String, CodeSystem> systems = codeSystems().collect(Collectors.toMap(CodeSystem::getUrl, cs -> cs));
    valueSets()
        .forEach(
            vs -> {
              assertThat(vs.getCompose().getInclude()).as(vs.getUrl()).isNotEmpty();
              for (ConceptSetComponent include : vs.getCompose().getInclude()) {
                CodeSystem cs = systems.get(include.getSystem());
                assertThat(cs).as(vs.getUrl() + " includes " + include.getSystem()).isNotNull();
                if (include.getConcept().isEmpty()) {
                  // "all codes" is only meaningful for a code system we publish completely
                  assertThat(cs.getContent()).as(vs.getUrl()).isEqualTo(CodeSystemContentMode.COMPLETE);
                }
                for (ConceptReferenceComponent concept : include.getConcept()) {
                  ConceptDefinitionComponent def =
                      cs.getConcept().stream()
                          .filter(c -> c.getCode().equals(concept.getCode()))
                          .findFirst()
                          .orElse(null);
                  assertThat(def).as(vs.getUrl() + ": " + include.getSystem() + "#" + concept.getCode()).isNotNull();
                  assertThat(concept.getDisplay()).as(vs.getUrl() + ": " + concept.getCode()).isEqualTo(def.getDisplay());
                }
              }
            });
  }

  private static boolean isExternalFragment(MetadataResource res) {
    return res instanceof CodeSystem cs && cs.getContent() == CodeSystemContentMode.FRAGMENT;
  }

  private static Stream<CodeSystem> codeSystems() {
    return byFile.values().stream().filter(CodeSystem.class::isInstance).map(CodeSystem.class::cast);
  }

  private static Stream<ValueSet> valueSets() {
    return byFile.values().stream().filter(ValueSet.class::isInstance).map(ValueSet.class::cast);
  }

  private static List<String> codes(String system) {
    return codeSystems()
        .filter(cs -> cs.getUrl().equals(system))
        .findFirst()
        .orElseThrow()
        .getConcept()
        .stream()
        .map(ConceptDefinitionComponent::getCode)
        .toList();
  }

  private static List<String> readIndex() {
    try (InputStream in = resource(FOLDER + "index.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = TerminologyResourcesTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + name);
    }
    return in;
  }
}
