package org.mesofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The CodeSystems, ValueSets and StructureDefinitions of the terminology and profiles modules, read from the
 * classpath.
 *
 * <p>Each folder has an {@code index.txt} naming its files (kept complete by a test): classpath scanning does not
 * work portably inside a Spring Boot fat jar's nested jars, a fixed list does.
 */
public final class MpemConformanceResources {

  public static final String TERMINOLOGY_FOLDER = "mesofhir/terminology/";
  public static final String PROFILES_FOLDER = "mesofhir/profiles/";
  static final String INDEX_FILE = "index.txt";

  private final List<CodeSystem> codeSystems;
  private final List<ValueSet> valueSets;
  private final List<StructureDefinition> structureDefinitions;

  private MpemConformanceResources(
      List<CodeSystem> codeSystems, List<ValueSet> valueSets, List<StructureDefinition> structureDefinitions) {
    this.codeSystems = List.copyOf(codeSystems);
    this.valueSets = List.copyOf(valueSets);
    this.structureDefinitions = List.copyOf(structureDefinitions);
  }

  /** Reads every resource listed in the two index files. {@code fhirContext} must be R4. */
  public static MpemConformanceResources load(FhirContext fhirContext) {
    if (fhirContext.getVersion().getVersion() != FhirVersionEnum.R4) {
      throw new IllegalArgumentException("MesoFHIR profiles are FHIR R4; got " + fhirContext.getVersion().getVersion());
    }
    IParser parser = fhirContext.newJsonParser();
    List<CodeSystem> codeSystems = new ArrayList<>();
    List<ValueSet> valueSets = new ArrayList<>();
    List<StructureDefinition> structureDefinitions = new ArrayList<>();
    for (String folder : List.of(TERMINOLOGY_FOLDER, PROFILES_FOLDER)) {
      for (String file : indexOf(folder)) {
        MetadataResource resource = parse(parser, folder + file);
        if (resource instanceof CodeSystem cs) {
          codeSystems.add(cs);
        } else if (resource instanceof ValueSet vs) {
          valueSets.add(vs);
        } else if (resource instanceof StructureDefinition sd) {
          structureDefinitions.add(sd);
        } else {
          throw new IllegalStateException(folder + file + " is a " + resource.fhirType() + ", not a conformance resource");
        }
      }
    }
    return new MpemConformanceResources(codeSystems, valueSets, structureDefinitions);
  }

  public List<CodeSystem> codeSystems() {
    return codeSystems;
  }

  public List<ValueSet> valueSets() {
    return valueSets;
  }

  public List<StructureDefinition> structureDefinitions() {
    return structureDefinitions;
  }

  /** Every resource: code systems, value sets, then structure definitions. */
  public List<MetadataResource> all() {
    List<MetadataResource> all = new ArrayList<>(codeSystems);
    all.addAll(valueSets);
    all.addAll(structureDefinitions);
    return List.copyOf(all);
  }

  /**
   * The resources whose canonical URL is MesoFHIR's own, i.e. without the fragments of external code systems (LOINC,
   * SNOMED CT, ...). These are what the server publishes; storing a LOINC fragment in a server's terminology tables
   * would make every other LOINC code look unknown there.
   */
  public List<MetadataResource> projectResources() {
    return all().stream().filter(r -> r.getUrl().startsWith(MpemProfiles.CANONICAL_BASE + "/")).toList();
  }

  public Optional<ValueSet> valueSet(String url) {
    return valueSets.stream().filter(vs -> vs.getUrl().equals(url)).findFirst();
  }

  public Optional<StructureDefinition> structureDefinition(String url) {
    return structureDefinitions.stream().filter(sd -> sd.getUrl().equals(url)).findFirst();
  }

  /** File names listed in a folder's index (comments and blank lines skipped). */
  static List<String> indexOf(String folder) {
    try (InputStream in = open(folder + INDEX_FILE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MetadataResource parse(IParser parser, String path) {
    try (InputStream in = open(path)) {
      return (MetadataResource) parser.parseResource(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  static InputStream open(String path) {
    // this class's loader sees both modules' jars, also as nested jars in a Spring Boot executable jar
    InputStream in = MpemConformanceResources.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("classpath resource not found: " + path);
    }
    return in;
  }
}
