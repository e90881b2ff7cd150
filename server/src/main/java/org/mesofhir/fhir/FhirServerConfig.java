package org.mesofhir.fhir;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.binary.interceptor.BinaryStorageInterceptor;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;

/** The FHIR REST endpoint at {@code /fhir}: HAPI's RestfulServer with the JPA providers and ours. */
@Configuration
class FhirServerConfig {

	static final String FHIR_PATH = "/fhir";
	/** After Spring Security's filters (order -100): an unauthenticated request is a 401 before anything else. */
	private static final int REQUEST_SIZE_LIMIT_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	@Bean
	RestfulServer restfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperations,
			BulkDataExportProvider bulkExport,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			BinaryStorageInterceptor<?> binaryStorageInterceptor,
			List<OperationProvider> operationProviders,
			List<RestInterceptor> restInterceptors,
			CapabilityStatementCustomizer capabilityStatementCustomizer,
			FhirProperties properties) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		server.setServerName("MesoFHIR");
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperations);
		server.registerProvider(bulkExport);
		operationProviders.forEach(server::registerProvider);

		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("MesoFHIR: FHIR R4 server for peritoneal mesothelioma research");
		server.setServerConformanceProvider(capabilities);

		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setDefaultPrettyPrint(true);
		server.setServerAddressStrategy(new IncomingRequestAddressStrategy());

		server.registerInterceptor(new ResponseHighlighterInterceptor());
		server.registerInterceptor(new OpenApiInterceptor());
		server.registerInterceptor(binaryStorageInterceptor);
		server.registerInterceptor(capabilityStatementCustomizer);
		if (!properties.corsAllowedOrigins().isEmpty()) {
			server.registerInterceptor(corsInterceptor(properties.corsAllowedOrigins()));
		}
		restInterceptors.forEach(server::registerInterceptor);
		return server;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server, AutowireCapableBeanFactory beanFactory) {
		beanFactory.autowireBean(server);
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, FHIR_PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(FhirProperties properties, FhirContext fhirContext) {
		FilterRegistrationBean<RequestSizeLimit> registration =
				new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize().toBytes(), fhirContext));
		registration.addUrlPatterns(FHIR_PATH + "/*");
		registration.setOrder(REQUEST_SIZE_LIMIT_ORDER);
		return registration;
	}

	/** Request bytes become text inside the size limit (which counts the bytes received), before HAPI. */
	@Bean
	FilterRegistrationBean<RequestText> requestText() {
		FilterRegistrationBean<RequestText> registration = new FilterRegistrationBean<>(new RequestText());
		registration.addUrlPatterns(FHIR_PATH + "/*");
		registration.setOrder(REQUEST_SIZE_LIMIT_ORDER + 1);
		return registration;
	}

	/**
	 * Tomcat sends "100 Continue" only once the body is read, so a client that asks first (Expect:
	 * 100-continue) gets a refusal such as 413 before it uploads anything.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
		return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
	}

	@Bean
	StorageInterceptorRegistrar storageInterceptorRegistrar(
			IInterceptorService interceptorService, List<StorageInterceptor> interceptors) {
		return new StorageInterceptorRegistrar(interceptorService, interceptors);
	}

	private static CorsInterceptor corsInterceptor(List<String> allowedOrigins) {
		CorsConfiguration config = new CorsConfiguration();
		List.of(HttpHeaders.ORIGIN, HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION,
						HttpHeaders.CACHE_CONTROL, "X-Requested-With", "Prefer")
				.forEach(config::addAllowedHeader);
		allowedOrigins.forEach(config::addAllowedOriginPattern);
		config.addExposedHeader(HttpHeaders.LOCATION);
		config.addExposedHeader(HttpHeaders.CONTENT_LOCATION);
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
		return new CorsInterceptor(config);
	}
}
