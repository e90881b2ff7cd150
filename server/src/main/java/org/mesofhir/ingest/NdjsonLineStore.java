package org.mesofhir.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Stores one NDJSON line, all or nothing: a transaction Bundle through the system DAO (one database
 * transaction for all its entries, validated whole), any other resource by update when it has an id (so a
 * re-import of the same file leaves one copy) or by create when it has none. Every write goes through the
 * same storage interceptors as a REST write: profile validation and the analysis records included.
 */
@Component
class NdjsonLineStore {

	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final IFhirSystemDao<Bundle, ?> systemDao;

	NdjsonLineStore(FhirContext fhirContext, DaoRegistry daos, IFhirSystemDao<Bundle, ?> systemDao) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.systemDao = systemDao;
	}

	/** Stores the line; returns how many resources it wrote. Throws with the reason when nothing was stored. */
	@SuppressWarnings("unchecked")
	int store(String line) {
		IBaseResource resource;
		try {
			// a parser per line: HAPI's parsers are not thread-safe
			resource = fhirContext.newJsonParser().parseResource(line);
		} catch (DataFormatException e) {
			throw new InvalidRequestException("not a FHIR JSON resource: " + e.getMessage());
		}
		SystemRequestDetails request = new SystemRequestDetails();
		if (resource instanceof Bundle bundle) {
			if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
				throw new InvalidRequestException("a Bundle line must be a transaction (type " + bundle.getType()
						+ " would store some entries and not others)");
			}
			systemDao.transaction(request, bundle);
			return (int) bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).count();
		}
		IFhirResourceDao<IBaseResource> dao = (IFhirResourceDao<IBaseResource>) daos.getResourceDao(resource.fhirType());
		if (resource.getIdElement().hasIdPart()) {
			dao.update(resource, request);
		} else {
			dao.create(resource, request);
		}
		return 1;
	}
}
