package org.mesofhir.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.mesofhir.fhir.StorageInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Notes, on the request that caused them, the resources a write is about to commit (created, updated,
 * deleted), so the request's AuditEvent can name them. Only ids are kept; AuditEvents themselves are not noted.
 */
@Component
@Interceptor
@ConditionalOnProperty(name = "mesofhir.audit.enabled", havingValue = "true", matchIfMissing = true)
public class WrittenResources implements StorageInterceptor {

	private static final String KEY = WrittenResources.class.getName();

	/** One written resource: {@code Type/id}, its new version (null when deleted) and the action code. */
	record Written(String reference, String version, String action) {}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		note(request, resource, "C");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		note(request, resource, "U");
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		note(request, resource, "D");
	}

	private static void note(RequestDetails request, IBaseResource resource, String action) {
		if (request == null || "AuditEvent".equals(resource.fhirType())) {
			return;
		}
		IIdType id = resource.getIdElement();
		String reference = resource.fhirType() + "/" + id.getIdPart();
		of(request).add(new Written(reference, "D".equals(action) ? null : id.getVersionIdPart(), action));
	}

	@SuppressWarnings("unchecked")
	static List<Written> of(RequestDetails request) {
		return (List<Written>) request.getUserData()
				.computeIfAbsent(KEY, key -> Collections.synchronizedList(new ArrayList<Written>()));
	}
}
