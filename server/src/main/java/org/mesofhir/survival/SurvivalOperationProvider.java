package org.mesofhir.survival;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.fhir.OperationProvider;
import org.springframework.stereotype.Component;

/**
 * {@code [base]/$survival} and {@code [base]/Group/[id]/$survival} (SPEC §4): turns the parameters into a
 * {@link SurvivalRequest} and hands it to the {@link SurvivalService}.
 */
@Component
public class SurvivalOperationProvider implements OperationProvider {

	static final String DEFINITION = "https://mesofhir.org/fhir/OperationDefinition/survival";

	private final SurvivalService service;
	private final GroupMembers groups;

	SurvivalOperationProvider(SurvivalService service, GroupMembers groups) {
		this.service = service;
		this.groups = groups;
	}

	@Operation(name = "$survival", idempotent = true, canonicalUrl = DEFINITION)
	public Parameters survival(
			@OperationParam(name = "endpoint") CodeType endpoint,
			@OperationParam(name = "origin") CodeType origin,
			@OperationParam(name = "stratify") CodeType stratify,
			@OperationParam(name = "covariate", max = OperationParam.MAX_UNLIMITED) List<CodeType> covariates,
			@OperationParam(name = "timeUnit") CodeType timeUnit,
			@OperationParam(name = "at", max = OperationParam.MAX_UNLIMITED) List<DecimalType> at,
			@OperationParam(name = "tau") DecimalType tau,
			@OperationParam(name = "confType") CodeType confType,
			@OperationParam(name = "confLevel") DecimalType confLevel,
			@OperationParam(name = "ties") CodeType ties,
			@OperationParam(name = "cutoff") DateType cutoff,
			@OperationParam(name = "pciCutoffs") StringType pciCutoffs,
			@OperationParam(name = "coxTable") CodeType coxTable,
			@OperationParam(name = "followUp") CodeType followUp) {
		SurvivalRequest request = SurvivalRequestParser.parse(
				endpoint, origin, stratify, covariates, timeUnit, at, tau, confType, confLevel, ties, cutoff, pciCutoffs)
				.withUnivariableCox(SurvivalRequestParser.univariableCox(coxTable))
				.withFollowUp(SurvivalRequestParser.followUp(followUp));
		return SurvivalParametersWriter.write(service.analyse(request, null));
	}

	@Operation(name = "$survival", idempotent = true, type = Group.class, canonicalUrl = DEFINITION)
	public Parameters groupSurvival(
			@IdParam IdType groupId,
			@OperationParam(name = "endpoint") CodeType endpoint,
			@OperationParam(name = "origin") CodeType origin,
			@OperationParam(name = "stratify") CodeType stratify,
			@OperationParam(name = "covariate", max = OperationParam.MAX_UNLIMITED) List<CodeType> covariates,
			@OperationParam(name = "timeUnit") CodeType timeUnit,
			@OperationParam(name = "at", max = OperationParam.MAX_UNLIMITED) List<DecimalType> at,
			@OperationParam(name = "tau") DecimalType tau,
			@OperationParam(name = "confType") CodeType confType,
			@OperationParam(name = "confLevel") DecimalType confLevel,
			@OperationParam(name = "ties") CodeType ties,
			@OperationParam(name = "cutoff") DateType cutoff,
			@OperationParam(name = "pciCutoffs") StringType pciCutoffs,
			@OperationParam(name = "coxTable") CodeType coxTable,
			@OperationParam(name = "followUp") CodeType followUp,
			RequestDetails requestDetails) {
		SurvivalRequest request = SurvivalRequestParser.parse(
				endpoint, origin, stratify, covariates, timeUnit, at, tau, confType, confLevel, ties, cutoff, pciCutoffs)
				.withUnivariableCox(SurvivalRequestParser.univariableCox(coxTable))
				.withFollowUp(SurvivalRequestParser.followUp(followUp));
		return SurvivalParametersWriter.write(service.analyse(request, groups.of(groupId, requestDetails)));
	}
}
