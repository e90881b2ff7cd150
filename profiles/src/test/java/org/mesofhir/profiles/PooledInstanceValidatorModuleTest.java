package org.mesofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooled module must find exactly what HAPI's stock FhirInstanceValidator finds, on every example; reusing core
 * validators must not carry anything from one resource to the next (validated in two orders) nor mix concurrent runs.
 */
class PooledInstanceValidatorModuleTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static FhirValidator stock;
  private static FhirValidator pooled;
  private static ProfileSelector selector;
  private static ValidationSupportChain chain;

  @BeforeAll
  static void build() {
    NoNetwork.install();
    MpemConformanceResources resources = MpemConformanceResources.load(FHIR);
    chain = MpemValidationSupport.newValidationSupportChain(FHIR, resources);
    stock = MpemValidationSupport.newStockHapiFhirValidator(FHIR, chain);
    pooled = MpemValidationSupport.newFhirValidator(FHIR, chain);
    selector = new ProfileSelector(resources);
  }

  @Test
  void pooledValidatorFindsWhatHapisStockValidatorFinds() {
    List<IBaseResource> resources = allExampleResources();
    Map<Integer, Set<String>> expected = new LinkedHashMap<>();
    for (int i = 0; i < resources.size(); i++) {
      expected.put(i, findings(stock, resources.get(i)));
    }

    for (int i = 0; i < resources.size(); i++) {
      assertThat(findings(pooled, resources.get(i))).as("resource %d, forward", i).isEqualTo(expected.get(i));
    }
    List<Integer> backwards = new ArrayList<>(expected.keySet());
    Collections.reverse(backwards);
    for (int i : backwards) {
      assertThat(findings(pooled, resources.get(i))).as("resource %d, backward", i).isEqualTo(expected.get(i));
    }
    // the server validates on many threads at once: the pool must hand each run its own core validator
    List<Integer> all = new ArrayList<>(expected.keySet());
    List<Integer> thrice = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      thrice.addAll(all);
    }
    thrice.parallelStream()
        .forEach(i -> assertThat(findings(pooled, resources.get(i))).as("resource %d, concurrent", i).isEqualTo(expected.get(i)));
    assertThat(NoNetwork.attempts()).isEmpty();
  }

  /**
   * The core validator keeps every coding it sees, with its resource's element tree, from run to run; a pooled
   * validator must be replaced before that grows without bound (a long import filled a 6 GB heap).
   */
  @Test
  void aPooledValidatorHoldsOnlyItsLastRunsBetweenRuns() throws Exception {
    PooledInstanceValidatorModule module = new PooledInstanceValidatorModule(chain);
    FhirValidator validator = FHIR.newValidator();
    validator.registerValidatorModule(module);
    IBaseResource resource = null;
    int perRun = 0;
    for (IBaseResource candidate : allExampleResources()) {
      int held = codingsHeld(module);
      findings(validator, candidate);
      perRun = codingsHeld(module) - held;
      if (perRun > 0) {
        resource = candidate;
        break;
      }
    }
    assertThat(resource).as("an example with codings").isNotNull();
    int before = codingsHeld(module);

    for (int run = 0; run < 3 * PooledInstanceValidatorModule.RUNS_PER_VALIDATOR; run++) {
      findings(validator, resource);
    }

    assertThat(module.idleValidators()).isNotEmpty();
    assertThat(codingsHeld(module))
        .as("codings held by the idle validators after %d runs", 3 * PooledInstanceValidatorModule.RUNS_PER_VALIDATOR)
        .isLessThanOrEqualTo(before + PooledInstanceValidatorModule.RUNS_PER_VALIDATOR * perRun);
  }

  /** Codings kept by the core validators in the pool (reflection: the core validator has no accessor for them). */
  private static int codingsHeld(PooledInstanceValidatorModule module) throws ReflectiveOperationException {
    int held = 0;
    for (Object core : module.idleValidators()) {
      java.lang.reflect.Field observerField = core.getClass().getDeclaredField("codingObserver");
      observerField.setAccessible(true);
      Object observer = observerField.get(core);
      java.lang.reflect.Field listField = observer.getClass().getDeclaredField("list");
      listField.setAccessible(true);
      held += ((List<?>) listField.get(observer)).size();
    }
    return held;
  }

  private static Set<String> findings(FhirValidator validator, IBaseResource resource) {
    ValidationOptions options = new ValidationOptions();
    selector.select(resource).forEach(options::addProfile);
    Set<String> findings = new TreeSet<>();
    for (SingleValidationMessage m : validator.validateWithResult(resource, options).getMessages()) {
      findings.add(m.getSeverity() + " @ " + m.getLocationString() + ": " + m.getMessage());
    }
    return findings;
  }

  /** Every example resource, Bundles unpacked into their entries. */
  private static List<IBaseResource> allExampleResources() {
    List<IBaseResource> resources = new ArrayList<>();
    for (ProfileConformanceTest.Example example : ProfileConformanceTest.examples()) {
      IBaseResource resource =
          FHIR.newJsonParser().parseResource(ProfileConformanceTest.open(ProfileConformanceTest.EXAMPLES + example.file()));
      if (resource instanceof Bundle bundle) {
        bundle.getEntry().forEach(e -> resources.add(e.getResource()));
      } else {
        resources.add(resource);
      }
    }
    return resources;
  }
}
