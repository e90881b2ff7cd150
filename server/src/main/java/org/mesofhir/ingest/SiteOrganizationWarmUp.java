package org.mesofhir.ingest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.mesofhir.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Makes sure the sending site's Organization exists before a write request reaches storage, in its own
 * committed transaction: a write's storage hooks then only point Patients at it, never create a resource from
 * inside another resource's storage (which HAPI does not see through: the Patient was validated without it).
 */
@Component
@Interceptor
public class SiteOrganizationWarmUp implements RestInterceptor {

	private final SiteAssignment sites;

	SiteOrganizationWarmUp(SiteAssignment sites) {
		this.sites = sites;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void beforeWrite(RequestDetails request) {
		RequestTypeEnum type = request.getRequestType();
		if (type == RequestTypeEnum.POST || type == RequestTypeEnum.PUT || type == RequestTypeEnum.PATCH) {
			String site = sites.currentSite();
			if (site != null) {
				sites.organizationOf(site);
			}
		}
	}
}
