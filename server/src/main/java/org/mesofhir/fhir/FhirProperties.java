package org.mesofhir.fhir;

import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the FHIR REST layer ({@code mesofhir.fhir.*}).
 *
 * @param defaultPageSize search page size when the client sends no {@code _count}
 * @param maxPageSize largest {@code _count} honoured; larger values are capped
 * @param corsAllowedOrigins origin patterns allowed by CORS; empty turns CORS off
 * @param maxRequestSize largest request body accepted (413 beyond); NDJSON sent to {@code $import} is
 *     streamed to disk and exempt
 */
@Validated
@ConfigurationProperties("mesofhir.fhir")
public record FhirProperties(
		@DefaultValue("20") @Min(1) int defaultPageSize,
		@DefaultValue("500") @Min(1) int maxPageSize,
		@DefaultValue("*") List<String> corsAllowedOrigins,
		@DefaultValue("64MB") DataSize maxRequestSize) {}
