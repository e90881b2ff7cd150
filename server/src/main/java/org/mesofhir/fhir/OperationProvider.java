package org.mesofhir.fhir;

/**
 * Marks a MesoFHIR plain provider (system- or type-level operations such as {@code $survival}).
 * Every Spring bean implementing it is registered with the FHIR server.
 */
public interface OperationProvider {}
