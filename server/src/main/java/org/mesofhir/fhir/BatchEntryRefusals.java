package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletSubRequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.apache.commons.lang3.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A batch's entries that cannot be carried out, answered alone: they are taken out of the batch before HAPI
 * runs it (HAPI's batch processing failed with a NullPointerException, a 500 for the whole batch, on an entry
 * without a method), and each is put back into HAPI's batch-response at its own position, as
 * {@code 400 Bad Request} with an OperationOutcome naming its elements. The other entries are carried out as
 * FHIR says a batch's entries are: independently.
 */
@Component
@Interceptor
public class BatchEntryRefusals implements RestInterceptor {

	private static final Logger LOG = LoggerFactory.getLogger(BatchEntryRefusals.class);
	private static final String KEY = BatchEntryRefusals.class.getName();

	/** Only a batch received over REST has a batch-response to answer in; others are refused whole. */
	static boolean canAnswer(RequestDetails request) {
		return request instanceof ServletRequestDetails && !(request instanceof ServletSubRequestDetails);
	}

	/** Takes the entries with problems out of the batch and keeps their answers for the batch-response. */
	static void takeOut(RequestDetails request, Bundle batch,
			BiFunction<BundleEntryComponent, Integer, List<OperationOutcomeIssueComponent>> problems) {
		Map<Integer, OperationOutcome> refused = new TreeMap<>();
		List<BundleEntryComponent> kept = new ArrayList<>();
		for (int i = 0; i < batch.getEntry().size(); i++) {
			BundleEntryComponent entry = batch.getEntry().get(i);
			List<OperationOutcomeIssueComponent> issues = problems.apply(entry, i);
			if (issues.isEmpty()) {
				kept.add(entry);
			} else {
				OperationOutcome outcome = new OperationOutcome();
				issues.forEach(outcome::addIssue);
				refused.put(i, outcome);
			}
		}
		if (!refused.isEmpty()) {
			LOG.warn("Refused {} of {} batch entries, each answered 400 alone: {}", refused.size(), batch.getEntry().size(),
					StringUtils.abbreviate(refused.values().iterator().next().getIssueFirstRep().getDiagnostics(), 500));
			batch.setEntry(kept);
			request.getUserData().put(KEY, refused);
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean answer(RequestDetails request, IBaseResource response) {
		@SuppressWarnings("unchecked")
		Map<Integer, OperationOutcome> refused = (Map<Integer, OperationOutcome>) request.getUserData().remove(KEY);
		if (refused != null && response instanceof Bundle answer && answer.getType() == Bundle.BundleType.BATCHRESPONSE) {
			refused.forEach((index, outcome) -> {
				BundleEntryComponent entry = new BundleEntryComponent();
				entry.getResponse().setStatus("400 Bad Request").setOutcome(outcome);
				answer.getEntry().add(Math.min(index, answer.getEntry().size()), entry);
			});
		}
		return true;
	}
}
