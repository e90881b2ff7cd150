package org.mesofhir.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bulk ingestion ({@code mesofhir.ingest.*}): the {@code $import} job service and where it may read from.
 *
 * @param importThreads workers that parse, check and validate the lines of an import ahead of storage
 * @param linesPerTransaction lines of an import stored in one database transaction (each line still all or nothing)
 * @param storeThreads threads that store an import's batches of lines at the same time (never two touching one resource);
 *     1 by default: on two cores a second one made a 10,000-patient import 12 % slower (BENCHMARKS.md)
 * @param queuedJobs import jobs that may wait while one runs; beyond that {@code $import} answers 503
 * @param keptJobs finished jobs whose reports stay available at their status URL (oldest forgotten first)
 * @param importDir folder that {@code file:} input URLs must point into; empty = {@code <data-dir>/import}
 * @param allowedHosts hosts that {@code http(s):} input URLs may name (loopback only by default)
 * @param progressLogSeconds how often a running import logs its progress
 * @param defaultSite the site code (identifier value of the site Organization) of a Patient sent without
 *     managingOrganization when the client's token has no {@code mesofhir_site} claim (or security is off); empty:
 *     none, such a Patient is refused with 422 saying how to fix it
 */
@Validated
@ConfigurationProperties("mesofhir.ingest")
public record IngestProperties(
		@DefaultValue("2") @Min(1) @Max(64) int importThreads,
		@DefaultValue("20") @Min(1) @Max(1000) int linesPerTransaction,
		@DefaultValue("1") @Min(1) @Max(64) int storeThreads,
		@DefaultValue("4") @Min(0) int queuedJobs,
		@DefaultValue("20") @Min(1) int keptJobs,
		@DefaultValue("") String importDir,
		@DefaultValue({"127.0.0.1", "localhost", "::1"}) List<String> allowedHosts,
		@DefaultValue("10") @Min(1) int progressLogSeconds,
		@DefaultValue("") String defaultSite) {}
