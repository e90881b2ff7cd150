package org.mesofhir.demo;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The synthetic demo cohort ({@code mesofhir.demo.*}).
 *
 * @param enabled load it on the first start of an empty database
 * @param patients how many patients
 * @param sites across how many sites
 * @param seed the same seed always gives the same cohort
 */
@Validated
@ConfigurationProperties("mesofhir.demo")
public record DemoProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("118") @Min(1) int patients,
		@DefaultValue("5") @Min(1) int sites,
		@DefaultValue("20261126") long seed) {}
