package org.mesofhir.audit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit trail ({@code mesofhir.audit.*}).
 *
 * @param enabled record an AuditEvent for every write and every {@code $survival} call
 * @param queueCapacity AuditEvents that may wait to be stored; when full, new ones are dropped (and
 *     counted in the log) rather than slowing or failing the writes they describe
 */
@Validated
@ConfigurationProperties("mesofhir.audit")
public record AuditProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("10000") @Min(1) int queueCapacity) {}
