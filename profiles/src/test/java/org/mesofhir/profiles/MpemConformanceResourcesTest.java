package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

class MpemConformanceResourcesTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final MpemConformanceResources RESOURCES = MpemConformanceResources.load(FHIR);

  @Test
  void profilesIndexListsEveryFileOfTheFolder() throws Exception {
    URL folder = getClass().getClassLoader().getResource(MpemConformanceResources.PROFILES_FOLDER);
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      Set<String> onDisk =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).collect(Collectors.toSet());
      assertThat(MpemConformanceResources.indexOf(MpemConformanceResources.PROFILES_FOLDER))
          .containsExactlyInAnyOrderElementsOf(onDisk);
    }
  }

  @Test
  void loadsTheTenProfilesTheTwoExtensionsAndTheTerminology() {
    assertThat(RESOURCES.structureDefinitions().stream().map(StructureDefinition::getUrl))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(
                    MpemProfiles.RESOURCE_PROFILES.stream(),
                    Stream.of(MpemProfiles.HIPEC_EXTENSION, MpemProfiles.HISTOLOGY_EXTENSION))
                .toList());
    assertThat(RESOURCES.valueSets()).hasSizeGreaterThanOrEqualTo(7);
    assertThat(RESOURCES.codeSystems()).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void projectResourcesLeaveOutTheExternalCodeSystemFragments() {
    List<MetadataResource> project = RESOURCES.projectResources();
    assertThat(project).allSatisfy(r -> assertThat(r.getUrl()).startsWith("https://mesofhir.org/fhir/"));
    assertThat(project.stream().map(MetadataResource::getUrl)).doesNotContain("http://loinc.org", "http://snomed.info/sct");
    assertThat(project).hasSize(RESOURCES.all().size() - 7);
  }

  @Test
  void profilesAreR4DifferentialsNamedByConvention() {
    for (StructureDefinition sd : RESOURCES.structureDefinitions()) {
      assertThat(sd.getFhirVersion().toCode()).as(sd.getUrl()).isEqualTo("4.0.1");
      assertThat(sd.hasSnapshot()).as(sd.getUrl() + " ships a snapshot").isFalse();
      assertThat(sd.getDifferential().getElement()).as(sd.getUrl()).isNotEmpty();
      assertThat(sd.getUrl()).isEqualTo(MpemProfiles.STRUCTURE_DEFINITION_BASE + sd.getIdElement().getIdPart());
    }
  }

  /**
   * HAPI's snapshot generator silently drops a differential element whose id matches nothing in the base (a typo
   * such as Observation.valueInteger for Observation.value[x]), and the constraint with it: every differential
   * element must be in the generated snapshot.
   */
  @Test
  void everyDifferentialElementIsInTheGeneratedSnapshot() {
    ValidationSupportChain chain = MpemValidationSupport.newValidationSupportChain(FHIR, RESOURCES);
    for (StructureDefinition sd : RESOURCES.structureDefinitions()) {
      StructureDefinition snapshot =
          (StructureDefinition)
              chain.generateSnapshot(new ValidationSupportContext(chain), sd.copy(), sd.getUrl(), null, sd.getName());
      Set<String> ids = snapshot.getSnapshot().getElement().stream().map(ElementDefinition::getId).collect(Collectors.toSet());
      for (ElementDefinition differential : sd.getDifferential().getElement()) {
        assertThat(ids).as(sd.getUrl()).contains(differential.getId());
      }
    }
  }
}
