package org.mesofhir.fhir;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where MesoFHIR keeps local state ({@code mesofhir.data-dir}): the embedded H2 database
 * lives in this folder unless {@code spring.datasource.url} points elsewhere.
 */
@Validated
@ConfigurationProperties("mesofhir")
public record StorageProperties(@DefaultValue("./data") @NotBlank String dataDir) {}
