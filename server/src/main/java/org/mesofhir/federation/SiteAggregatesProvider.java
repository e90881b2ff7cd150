package org.mesofhir.federation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.fhir.ErrorMapping;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/$survival-aggregates} and {@code POST [base]/Group/[id]/$survival-aggregates}: this
 * server as a site of a federated analysis (layout in the OperationDefinition and the README). The
 * {@code @OperationParam}s name the simple parameters; the participants' parts are read from the Parameters.
 * At {@code Group/[id]} the cohort is that Group, named by its identifier as hubs name cohorts. The answer is
 * written here ({@link SiteReply}): a round's megabytes of masked words go out without HAPI's model.
 */
@Component
public class SiteAggregatesProvider implements OperationProvider {

	private final SiteAggregatesService service;
	private final DaoRegistry daos;

	SiteAggregatesProvider(SiteAggregatesService service, DaoRegistry daos) {
		this.service = service;
		this.daos = daos;
	}

	@Operation(name = FederationProtocol.OPERATION, idempotent = false, canonicalUrl = FederationProtocol.DEFINITION, manualResponse = true)
	public void aggregates(
			@OperationParam(name = FederationProtocol.STEP) StringType step,
			@OperationParam(name = FederationProtocol.PROTOCOL) StringType protocol,
			@OperationParam(name = FederationProtocol.ANALYSIS) StringType analysis,
			@OperationParam(name = FederationProtocol.COHORT) StringType cohort,
			@OperationParam(name = FederationProtocol.ROUND) IntegerType round,
			RequestDetails request, HttpServletResponse response) throws IOException {
		SiteReply.write(service.answer(body(request), cohort == null ? null : cohort.getValue(), address(request)), request, response);
	}

	@Operation(name = FederationProtocol.OPERATION, idempotent = false, type = Group.class, canonicalUrl = FederationProtocol.DEFINITION,
			manualResponse = true)
	public void groupAggregates(
			@IdParam IdType groupId,
			@OperationParam(name = FederationProtocol.STEP) StringType step,
			@OperationParam(name = FederationProtocol.PROTOCOL) StringType protocol,
			@OperationParam(name = FederationProtocol.ANALYSIS) StringType analysis,
			@OperationParam(name = FederationProtocol.COHORT) StringType cohort,
			@OperationParam(name = FederationProtocol.ROUND) IntegerType round,
			RequestDetails request, HttpServletResponse response) throws IOException {
		String identifier = identifierOf(groupId);
		if (cohort != null && cohort.getValue() != null && !cohort.getValue().equals(identifier)) {
			String text = "Parameter 'cohort': " + cohort.getValue() + " is not the identifier of " + groupId.toUnqualifiedVersionless().getValue();
			throw new InvalidRequestException(text, ErrorMapping.outcome(OperationOutcome.IssueType.VALUE, text, FederationProtocol.COHORT));
		}
		SiteReply.write(service.answer(body(request), identifier, address(request)), request, response);
	}

	/** The Group's first identifier as {@code system|value}; the site reads its own Group, nothing is returned. */
	private String identifierOf(IdType groupId) {
		Group group = (Group) daos.getResourceDao("Group").read(groupId.toUnqualifiedVersionless(), new SystemRequestDetails());
		for (Identifier identifier : group.getIdentifier()) {
			if (identifier.hasSystem() && identifier.hasValue()) {
				return identifier.getSystem() + "|" + identifier.getValue();
			}
		}
		String text = groupId.toUnqualifiedVersionless().getValue() + " has no identifier (system and value): a federated cohort is named by its Group's identifier";
		throw new UnprocessableEntityException(text, ErrorMapping.outcome(OperationOutcome.IssueType.BUSINESSRULE, text, "Group.identifier"));
	}

	private static Parameters body(RequestDetails request) {
		if (request.getResource() instanceof Parameters parameters) {
			return parameters;
		}
		String text = "POST a Parameters resource (see " + FederationProtocol.DEFINITION + ")";
		throw new InvalidRequestException(text, ErrorMapping.outcome(OperationOutcome.IssueType.STRUCTURE, text, "Parameters"));
	}

	private static String address(RequestDetails request) {
		return request instanceof ServletRequestDetails servlet ? servlet.getServletRequest().getRemoteAddr() : null;
	}
}
