package org.mesofhir.audit;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The site's own record of every federated request it received ({@code $survival-aggregates}), answered or
 * refused: who (the hub's token client, or {@code anonymous}), the analysis, step and cohort, the analysis
 * parameters the hub says it runs, and the outcome. Refusals are recorded too, which {@link AuditTrail}
 * (successful requests only) would not.
 */
@Component
@ConditionalOnProperty(name = "mesofhir.audit.enabled", havingValue = "true", matchIfMissing = true)
public class FederationAudit {

	private final AuditWriter writer;

	FederationAudit(AuditWriter writer) {
		this.writer = writer;
	}

	/**
	 * @param request the request's fields in order (null values left out)
	 * @param refused true when the site refused or failed to answer
	 * @param why the refusal's reason (null when answered)
	 */
	public void record(String address, Map<String, String> request, boolean refused, String why) {
		writer.submit(AuditEvents.federatedRequest(Requester.current(), address, request, refused, why));
	}
}
