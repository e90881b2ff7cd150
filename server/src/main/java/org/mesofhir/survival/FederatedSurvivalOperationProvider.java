package org.mesofhir.survival;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.fhir.ErrorMapping;
import org.mesofhir.fhir.OperationProvider;
import org.mesofhir.survival.SiteFederation.SiteStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code [base]/$federated-survival}: {@code $survival} pooled over the sites of this hub's federation, with
 * the same parameters plus {@code cohort}, {@code site} and {@code allowPartial}; the answer has the layout of
 * {@code $survival} with one {@code site} part per site asked. A site's failure answers 502 (unreachable,
 * error, a malformed answer), 504 (timeout) or 403 (every failing site refused), each with an
 * OperationOutcome naming every site's status, unless {@code allowPartial=true}. {@code $federated-survival-plot}
 * and {@code -table} answer the same pooled analysis as SVG and CSV, as {@code $survival-plot} and {@code -table} do.
 */
@Component
public class FederatedSurvivalOperationProvider implements OperationProvider {

	static final String DEFINITION = "https://mesofhir.org/fhir/OperationDefinition/federated-survival";

	private static final String NOT_A_HUB = "This server is not a hub: no federation sites are configured (configure"
			+ " mesofhir.federation.sites[0].name and mesofhir.federation.sites[0].base-url)";

	private final ObjectProvider<SiteFederation> federation;
	private final PooledSurvival pooled;

	FederatedSurvivalOperationProvider(ObjectProvider<SiteFederation> federation, PooledSurvival pooled) {
		this.federation = federation;
		this.pooled = pooled;
	}

	@Operation(name = "$federated-survival", idempotent = true, canonicalUrl = DEFINITION)
	public Parameters federatedSurvival(
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
			@OperationParam(name = "cohort") StringType cohort,
			@OperationParam(name = "site", max = OperationParam.MAX_UNLIMITED) List<StringType> site,
			@OperationParam(name = "allowPartial") BooleanType allowPartial,
			@OperationParam(name = "coxTable") CodeType coxTable,
			@OperationParam(name = "followUp") CodeType followUp) {
		SurvivalRequest request = SurvivalRequestParser.parse(
				endpoint, origin, stratify, covariates, timeUnit, at, tau, confType, confLevel, ties, cutoff, pciCutoffs)
				.withUnivariableCox(SurvivalRequestParser.univariableCox(coxTable))
				.withFollowUp(SurvivalRequestParser.followUp(followUp));
		PooledSurvival.Federated result = run(request, cohort, site, allowPartial, describe(endpoint, origin, stratify,
				covariates, timeUnit, at, tau, confType, confLevel, ties, cutoff, pciCutoffs, cohort, site, allowPartial, coxTable,
				followUp));
		Parameters answer = SurvivalParametersWriter.write(result.result());
		for (SiteStatus status : result.sites()) {
			answer.addParameter(sitePart(status));
		}
		return answer;
	}

	/** {@code $federated-survival-plot}: the pooled analysis as an SVG Kaplan–Meier plot (GET, query parameters). */
	@Operation(name = "$federated-survival-plot", idempotent = true, manualResponse = true)
	public void plot(RequestDetails details, HttpServletResponse response) throws IOException {
		SurvivalDownloadsProvider.svg(download(details).result(), response);
	}

	/** {@code $federated-survival-table}: the pooled Kaplan–Meier table as CSV (GET, query parameters). */
	@Operation(name = "$federated-survival-table", idempotent = true, manualResponse = true)
	public void table(RequestDetails details, HttpServletResponse response) throws IOException {
		SurvivalDownloadsProvider.csv(download(details).result(), response);
	}

	private PooledSurvival.Federated download(RequestDetails details) {
		Map<String, String[]> query = details.getParameters();
		String cohort = SurvivalDownloadsProvider.first(query, "cohort");
		String partial = SurvivalDownloadsProvider.first(query, "allowPartial");
		return run(SurvivalDownloadsProvider.parse(details), cohort == null ? null : new StringType(cohort),
				SurvivalDownloadsProvider.all(query, "site").stream().map(StringType::new).toList(),
				partial == null ? null : new BooleanType(SurvivalRequestParser.trueOrFalse("allowPartial", partial)),
				details.getCompleteUrl());
	}

	private PooledSurvival.Federated run(SurvivalRequest request, StringType cohort, List<StringType> site,
			BooleanType allowPartial, String parameters) {
		SiteFederation sites = federation.getIfAvailable();
		if (sites == null || sites.siteNames().isEmpty()) {
			throw new InvalidRequestException(NOT_A_HUB, ErrorMapping.outcome(OperationOutcome.IssueType.NOTSUPPORTED, NOT_A_HUB));
		}
		refuseUnsharedLevels(request);
		String cohortToken = cohort(cohort);
		List<String> asked = sites(site, sites.siteNames());
		try {
			return pooled.analyse(request, sites, cohortToken, asked,
					allowPartial != null && Boolean.TRUE.equals(allowPartial.getValue()), parameters);
		} catch (PooledSurvival.FederationFailure e) {
			throw failure(e);
		}
	}

	/** {@code site} has no vocabulary shared by every hospital, so its levels cannot line up across sites. */
	private static void refuseUnsharedLevels(SurvivalRequest request) {
		if (request.stratify() == Covariate.SITE) {
			throw BadParameter.of("stratify", "'site' is not available in a federated analysis (each site names its own"
					+ " organisations); allowed: sex, pci-band, cc, cc-complete, histology, treatment");
		}
		if (request.covariates().contains(Covariate.SITE)) {
			throw BadParameter.of("covariate", "'site' is not available in a federated analysis (each site names its own"
					+ " organisations)");
		}
	}

	private static String cohort(StringType cohort) {
		if (cohort == null || cohort.getValue() == null) {
			return null;
		}
		String token = cohort.getValue().trim();
		int bar = token.indexOf('|');
		if (bar <= 0 || bar == token.length() - 1 || token.indexOf('|', bar + 1) >= 0) {
			throw BadParameter.of("cohort", "must be a Group identifier as system|value, e.g."
					+ " https://hospital.example/groups|mpem-study-1; got '" + token + "'");
		}
		return token;
	}

	private static List<String> sites(List<StringType> site, List<String> configured) {
		if (site == null || site.isEmpty()) {
			return configured;
		}
		LinkedHashSet<String> asked = new LinkedHashSet<>();
		for (StringType name : site) {
			String value = name.getValue() == null ? "" : name.getValue().trim();
			if (!configured.contains(value)) {
				throw BadParameter.of("site", "unknown site '" + value + "'; configured sites: " + String.join(", ", configured));
			}
			asked.add(value);
		}
		return List.copyOf(asked);
	}

	private static ParametersParameterComponent sitePart(SiteStatus status) {
		ParametersParameterComponent part = new ParametersParameterComponent().setName("site");
		part.addPart().setName("name").setValue(new StringType(status.name()));
		part.addPart().setName("status").setValue(new CodeType(status.status()));
		if (!status.ok() && status.detail() != null) {
			part.addPart().setName("detail").setValue(new StringType(status.detail()));
		}
		if (status.patientCount() != null) {
			part.addPart().setName("patients").setValue(new IntegerType(status.patientCount()));
		}
		return part;
	}

	/** 403 when every failing site refused, 504 when one timed out, else 502; one issue per site not ok. */
	private static UnclassifiedServerFailureException failure(PooledSurvival.FederationFailure e) {
		List<SiteStatus> failed = e.sites().stream().filter(s -> !s.ok()).toList();
		int code = !failed.isEmpty() && failed.stream().allMatch(s -> s.status().equals("refused")) ? 403
				: failed.stream().anyMatch(s -> s.status().equals("timeout")) ? 504 : 502;
		OperationOutcome outcome = ErrorMapping.outcome(
				code == 403 ? OperationOutcome.IssueType.FORBIDDEN
						: code == 504 ? OperationOutcome.IssueType.TIMEOUT : OperationOutcome.IssueType.TRANSIENT,
				e.getMessage());
		for (SiteStatus status : e.sites()) {
			outcome.addIssue().setSeverity(status.ok() ? OperationOutcome.IssueSeverity.INFORMATION
					: OperationOutcome.IssueSeverity.ERROR)
					.setCode(status.ok() ? OperationOutcome.IssueType.INFORMATIONAL : OperationOutcome.IssueType.TRANSIENT)
					.setDiagnostics("site " + status.name() + ": " + status.status()
							+ (status.detail() == null ? "" : " (" + status.detail() + ")"));
		}
		return new UnclassifiedServerFailureException(code, e.getMessage(), outcome);
	}

	private static String describe(Object... values) {
		String[] names = {"endpoint", "origin", "stratify", "covariate", "timeUnit", "at", "tau", "confType", "confLevel",
				"ties", "cutoff", "pciCutoffs", "cohort", "site", "allowPartial", "coxTable", "followUp"};
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i < values.length; i++) {
			Object value = values[i];
			String name = names[i];
			if (value instanceof List<?> list) {
				list.forEach(v -> pairs.add(name + "=" + ((PrimitiveType<?>) v).getValueAsString()));
			} else if (value instanceof PrimitiveType<?> primitive && primitive.getValueAsString() != null) {
				pairs.add(name + "=" + primitive.getValueAsString());
			}
		}
		return String.join("&", pairs);
	}
}
