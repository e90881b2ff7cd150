package org.mesofhir.fhir;

/**
 * Marks a HAPI interceptor that acts on REST requests (security, audit, limits).
 * Every Spring bean implementing it is registered with the FHIR server.
 */
public interface RestInterceptor {}
