package org.mesofhir.ingest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.mesofhir.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * {@link SiteAssignment} on every REST write: a transaction or batch before anything of it is validated or
 * stored (so the whole Bundle is refused or none of it), a single create or update before it is validated
 * (order -10: ahead of the profile validation). The server's own writes (bulk import, registry import, the demo)
 * carry a {@link SystemRequestDetails}: those callers apply the rule themselves, with the site of the request
 * that started them.
 */
@Component
@Interceptor
public class SiteAssignmentInterceptor implements StorageInterceptor {

	private final SiteAssignment sites;

	SiteAssignmentInterceptor(SiteAssignment sites) {
		this.sites = sites;
	}

	@Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = -10)
	public void transaction(IBaseBundle bundle, RequestDetails request) {
		if (bundle instanceof Bundle r4 && !(request instanceof SystemRequestDetails)) {
			sites.apply(r4, sites.currentSite());
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -10)
	public void created(IBaseResource resource, RequestDetails request) {
		if (!(request instanceof SystemRequestDetails)) {
			sites.apply(resource, sites.currentSite());
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -10)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (!(request instanceof SystemRequestDetails)) {
			sites.apply(resource, sites.currentSite());
		}
	}
}
