package org.mesofhir.federation;

import static org.mesofhir.federation.FederationProtocol.*;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.audit.FederationAudit;
import org.mesofhir.audit.Requester;
import org.mesofhir.fhir.ErrorMapping;
import org.mesofhir.federation.secure.MaskedAggregates;
import org.mesofhir.federation.secure.Participant;
import org.mesofhir.federation.secure.SecureAggregation;
import org.mesofhir.survival.SiteRounds;
import org.mesofhir.survival.stats.Aggregates;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * This server as a site of a federated analysis: the two steps of {@code $survival-aggregates}. {@code join}
 * checks the site's privacy rules (rate limit per hub, minimum cohort) and answers a fresh X25519 public key
 * for the analysis; {@code round} answers one round's question with this site's aggregates, masked so that
 * only the sum over the round's participants can be read. Every request is audited here, refusals too.
 */
@Service
class SiteAggregatesService {

	private final ObjectProvider<SiteRounds> rounds;
	private final ObjectProvider<FederationAudit> audit;
	private final FederationProperties properties;
	private final SiteAnalyses analyses;

	SiteAggregatesService(ObjectProvider<SiteRounds> rounds, ObjectProvider<FederationAudit> audit, FederationProperties properties) {
		this.rounds = rounds;
		this.audit = audit;
		this.properties = properties;
		this.analyses = new SiteAnalyses(Clock.systemUTC(), properties.keyLifetime(), properties.maxAnalysesPerHubPerHour());
	}

	/**
	 * @param cohort the cohort's Group identifier, from the parameter or the Group the operation was called on
	 * @param address the caller's network address, for the audit
	 */
	SiteReply answer(Parameters request, String cohort, String address) {
		Map<String, String> audited = new LinkedHashMap<>();
		try {
			SiteReply answer = dispatch(request, cohort, audited);
			audit.ifAvailable(a -> a.record(address, audited, false, null));
			return answer;
		} catch (BaseServerResponseException refused) {
			audit.ifAvailable(a -> a.record(address, audited, true, refused.getStatusCode() + " " + refused.getMessage()));
			throw refused;
		} catch (RuntimeException failed) {
			audit.ifAvailable(a -> a.record(address, audited, true, "failed: " + failed));
			throw failed;
		}
	}

	private SiteReply dispatch(Parameters request, String cohort, Map<String, String> audited) {
		String step = text(request, STEP, true);
		audited.put(STEP, step);
		audited.put(ANALYSIS, text(request, ANALYSIS, false));
		audited.put(COHORT, cohort);
		audited.put(PARAMETERS, text(request, PARAMETERS, false));
		audited.put(ROUND, text(request, ROUND, false));
		String protocol = text(request, PROTOCOL, true);
		if (!VERSION.equals(protocol)) {
			throw bad(PROTOCOL, "this site speaks " + VERSION + ", not " + protocol);
		}
		String analysis = text(request, ANALYSIS, true);
		if (analysis.length() > 100 || !analysis.matches("[A-Za-z0-9._-]+")) {
			throw bad(ANALYSIS, "must be 1 to 100 letters, digits, '.', '_' or '-'");
		}
		SiteRounds siteRounds = rounds.getIfAvailable();
		if (siteRounds == null) {
			throw new NotImplementedOperationException("This server cannot take part in federated analyses: no survival engine for sites (SiteRounds) is installed.",
					ErrorMapping.outcome(OperationOutcome.IssueType.NOTSUPPORTED, "No survival engine for sites (SiteRounds) is installed.", null));
		}
		return switch (step) {
			case JOIN -> join(siteRounds, analysis, cohort);
			case ROUND -> round(siteRounds, request, analysis);
			default -> throw bad(STEP, "must be '" + JOIN + "' or '" + ROUND + "', not '" + step + "'");
		};
	}

	private SiteReply join(SiteRounds siteRounds, String analysis, String cohort) {
		String hub = Requester.current().client();
		if (!analyses.allowJoin(hub)) {
			String text = "This site accepts at most " + properties.maxAnalysesPerHubPerHour() + " federated analyses per hub per hour"
					+ " (mesofhir.federation.max-analyses-per-hub-per-hour); try again later.";
			throw new TooManyAnalyses(text, ErrorMapping.outcome(OperationOutcome.IssueType.THROTTLED, text, null));
		}
		int size = cohortSize(siteRounds, cohort);
		if (size < properties.minSiteCohort()) {
			String text = "This site's cohort has fewer than " + properties.minSiteCohort()
					+ " patients (mesofhir.federation.min-site-cohort): it takes no part in this analysis.";
			throw new UnprocessableEntityException(text, ErrorMapping.outcome(OperationOutcome.IssueType.BUSINESSRULE, text, COHORT));
		}
		SiteAnalyses.Analysis joined = analyses.join(analysis, hub, cohort);
		if (joined == null) {
			throw new ResourceVersionConflictException("Analysis '" + analysis + "' was already joined; a new attempt needs a new analysis id.",
					ErrorMapping.outcome(OperationOutcome.IssueType.CONFLICT, "Analysis '" + analysis + "' was already joined.", ANALYSIS));
		}
		Parameters answer = new Parameters();
		answer.addParameter(PROTOCOL, new StringType(VERSION));
		answer.addParameter(ANALYSIS, new StringType(analysis));
		answer.addParameter(PUBLIC_KEY, new StringType(joined.keys.publicKey()));
		answer.addParameter(EXPIRES, new InstantType(Date.from(joined.expires)));
		if (properties.publishPatientCount()) {
			answer.addParameter(PATIENTS, new IntegerType(size));
		}
		return new SiteReply.Join(answer);
	}

	private SiteReply round(SiteRounds siteRounds, Parameters request, String id) {
		int round = roundIndex(request);
		List<Participant> participants = participants(request);
		String question = text(request, QUESTION, true);
		SiteAnalyses.Analysis analysis = analyses.find(id);
		if (analysis == null) {
			String text = "Analysis '" + id + "' is unknown here or has expired (mesofhir.federation.key-lifetime): join it first.";
			throw new UnprocessableEntityException(text, ErrorMapping.outcome(OperationOutcome.IssueType.NOTFOUND, text, ANALYSIS));
		}
		if (!analysis.hub.equals(Requester.current().client())) {
			throw new ForbiddenOperationException("Analysis '" + id + "' was joined by another hub.",
					ErrorMapping.outcome(OperationOutcome.IssueType.FORBIDDEN, "Analysis '" + id + "' was joined by another hub.", ANALYSIS));
		}
		String conflict = analysis.claim(round, participants);
		if (conflict != null) {
			throw new ResourceVersionConflictException(conflict, ErrorMapping.outcome(OperationOutcome.IssueType.CONFLICT, conflict, PARTICIPANT));
		}
		Aggregates plain;
		try {
			plain = siteRounds.answer(analysis.cohort, question);
		} catch (SiteRounds.UnknownCohortException e) {
			throw unknownCohort(e);
		} catch (IllegalArgumentException e) {
			throw bad(QUESTION, e.getMessage());
		}
		MaskedAggregates masked;
		try {
			masked = SecureAggregation.mask(plain, analysis.keys, participants, id, round);
		} catch (IllegalArgumentException e) {
			// this site's own values out of the ring's range, or a participant list that cannot be masked against
			String text = "This site cannot mask its answer: " + e.getMessage();
			throw new UnprocessableEntityException(text, ErrorMapping.outcome(OperationOutcome.IssueType.PROCESSING, text, PARTICIPANT));
		}
		return new SiteReply.Round(id, round, masked);
	}

	private static int cohortSize(SiteRounds siteRounds, String cohort) {
		try {
			return siteRounds.cohortSize(cohort);
		} catch (SiteRounds.UnknownCohortException e) {
			throw unknownCohort(e);
		}
	}

	private static UnprocessableEntityException unknownCohort(SiteRounds.UnknownCohortException e) {
		String text = "Unknown cohort at this site: " + e.getMessage();
		return new UnprocessableEntityException(text, ErrorMapping.outcome(OperationOutcome.IssueType.NOTFOUND, text, COHORT));
	}

	private static int roundIndex(Parameters request) {
		Parameters.ParametersParameterComponent round = request.getParameter(ROUND);
		if (round == null || !(round.getValue() instanceof IntegerType index) || index.getValue() == null || index.getValue() < 0) {
			throw bad(ROUND, "the round's index, an integer of 0 or more, is required");
		}
		return index.getValue();
	}

	private static List<Participant> participants(Parameters request) {
		List<Participant> participants = new ArrayList<>();
		for (Parameters.ParametersParameterComponent parameter : request.getParameter()) {
			if (!PARTICIPANT.equals(parameter.getName())) {
				continue;
			}
			String site = null;
			String key = null;
			for (Parameters.ParametersParameterComponent part : parameter.getPart()) {
				if (SITE.equals(part.getName()) && part.getValue() != null) {
					site = part.getValue().primitiveValue();
				} else if (PUBLIC_KEY.equals(part.getName()) && part.getValue() != null) {
					key = part.getValue().primitiveValue();
				}
			}
			if (site == null || site.isBlank() || key == null || key.isBlank()) {
				throw bad(PARTICIPANT, "each participant needs the parts 'site' and 'publicKey' (participant " + participants.size() + ")");
			}
			participants.add(new Participant(site, key));
		}
		if (participants.isEmpty()) {
			throw bad(PARTICIPANT, "the round's participants, in order, are required");
		}
		return participants;
	}

	private static String text(Parameters request, String name, boolean required) {
		Parameters.ParametersParameterComponent parameter = request.getParameter(name);
		String value = parameter == null || parameter.getValue() == null ? null : parameter.getValue().primitiveValue();
		if (required && (value == null || value.isBlank())) {
			throw bad(name, "is required");
		}
		return value;
	}

	private static InvalidRequestException bad(String parameter, String message) {
		String text = "Parameter '" + parameter + "': " + message;
		return new InvalidRequestException(text, ErrorMapping.outcome(OperationOutcome.IssueType.VALUE, text, parameter));
	}

	/** 429: the hub has started too many analyses at this site in the last hour. */
	static final class TooManyAnalyses extends BaseServerResponseException {
		TooManyAnalyses(String message, OperationOutcome outcome) {
			super(429, message, outcome);
		}
	}
}
