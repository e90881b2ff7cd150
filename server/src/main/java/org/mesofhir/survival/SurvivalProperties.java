package org.mesofhir.survival;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of {@code $survival} ({@code mesofhir.survival.*}).
 *
 * @param minCellSize strata with fewer patients are withheld from results (privacy); 0 disables
 * @param timeout longest an analysis may take before the request is answered 503 (the work is abandoned)
 */
@Validated
@ConfigurationProperties("mesofhir.survival")
public record SurvivalProperties(
		@DefaultValue("5") @Min(0) int minCellSize,
		@DefaultValue("60s") Duration timeout) {}
