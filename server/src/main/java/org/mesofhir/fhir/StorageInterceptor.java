package org.mesofhir.fhir;

/**
 * Marks a HAPI interceptor on the storage layer (validation, analysis records). Registered with
 * the JPA interceptor service so it sees every write, whether it came over REST or from inside.
 */
public interface StorageInterceptor {}
