package org.mesofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Stores MesoFHIR's conformance resources (CodeSystems, ValueSets, StructureDefinitions, the
 * OperationDefinitions) at start-up under their fixed ids: updated only when their content changed, so
 * every start leaves exactly one copy of each, and terminology operations and {@code $validate} see them.
 */
@Component
@Order(0)
class ConformanceResourceInstaller implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ConformanceResourceInstaller.class);
	private static final List<String> OPERATION_DEFINITIONS = List.of("mesofhir/operations/OperationDefinition-survival.json",
			"mesofhir/operations/OperationDefinition-federated-survival.json",
			"mesofhir/operations/OperationDefinition-import.json", "mesofhir/operations/OperationDefinition-import-registry.json",
			"mesofhir/operations/OperationDefinition-cohort-characteristics.json",
			"mesofhir/operations/OperationDefinition-survival-aggregates.json");

	private final MpemValidator validator;
	private final DaoRegistry daos;
	private final FhirContext fhirContext;

	ConformanceResourceInstaller(MpemValidator validator, DaoRegistry daos, FhirContext fhirContext) {
		this.validator = validator;
		this.daos = daos;
		this.fhirContext = fhirContext;
	}

	@Override
	public void run(ApplicationArguments args) {
		// only MesoFHIR's own: the fragments of external code systems (LOINC, SNOMED…) stay in the validator
		List<DomainResource> resources = new ArrayList<>(validator.resources().projectResources());
		OPERATION_DEFINITIONS.forEach(path -> resources.add(read(path)));
		int changed = 0;
		for (DomainResource resource : resources) {
			if (install(resource)) {
				changed++;
			}
		}
		log.info("Conformance resources: {} in total, {} stored or updated", resources.size(), changed);
	}

	/** Stores the resource under its id unless the same content is already there; true when it wrote. */
	@SuppressWarnings("unchecked")
	private boolean install(DomainResource resource) {
		IFhirResourceDao<IBaseResource> dao = (IFhirResourceDao<IBaseResource>) daos.getResourceDao(resource.fhirType());
		SystemRequestDetails request = new SystemRequestDetails();
		DomainResource candidate = resource.copy();
		candidate.setMeta(null);
		try {
			DomainResource existing = (DomainResource) dao.read(candidate.getIdElement().toUnqualifiedVersionless(), request);
			existing.setMeta(null);
			existing.setText(null);
			DomainResource comparable = candidate.copy();
			comparable.setText(null);
			if (encode(existing).equals(encode(comparable))) {
				return false;
			}
		} catch (ResourceNotFoundException | ResourceGoneException absent) {
			// first start, or deleted by hand: store it again
		}
		dao.update(candidate, request);
		return true;
	}

	private String encode(Resource resource) {
		return fhirContext.newJsonParser().setOmitResourceId(true).encodeResourceToString(resource);
	}

	private DomainResource read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return (OperationDefinition) fhirContext.newJsonParser().parseResource(in);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + path, e);
		}
	}
}
