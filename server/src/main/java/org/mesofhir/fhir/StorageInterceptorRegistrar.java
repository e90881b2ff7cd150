package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.List;

/** Registers every {@link StorageInterceptor} bean with HAPI's JPA interceptor service. */
class StorageInterceptorRegistrar {

	StorageInterceptorRegistrar(IInterceptorService interceptorService, List<StorageInterceptor> interceptors) {
		interceptors.forEach(interceptorService::registerInterceptor);
	}
}
