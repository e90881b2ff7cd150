package org.mesofhir.ingest;

import static org.mesofhir.fhir.ErrorMapping.outcome;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.mesofhir.demo.MpemResources;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sending site of a Patient (issue #14): an EHR feed knows which hospital it is and seldom says so. The site
 * comes from the client's token ({@value #SITE_CLAIM} claim, set per client in the realm), else from
 * {@code mesofhir.ingest.default-site}. A Patient without {@code managingOrganization} gets the site's
 * Organization (identifier {@value MpemResources#SITE_SYSTEM}, created once); a Patient naming another site is
 * refused (403); with no site known, a Patient without one is refused (422) saying which setting or element
 * fixes it.
 */
@Component
public class SiteAssignment {

	public static final String SITE_CLAIM = "mesofhir_site";
	static final String ELEMENT = "Patient.managingOrganization";
	private static final java.util.List<String> RAW_REQUEST_TEXT = java.util.List.of("RAW_JSON", "RAW_XML");

	private final DaoRegistry daos;
	private final IngestProperties properties;
	private final TransactionTemplate separately;
	/** site code → Organization id, once found or created */
	private final Map<String, String> organizations = new ConcurrentHashMap<>();

	SiteAssignment(DaoRegistry daos, IngestProperties properties, PlatformTransactionManager transactions) {
		this.daos = daos;
		this.properties = properties;
		this.separately = new TransactionTemplate(transactions);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The site of the request being served: its token's claim, else the default site; null when neither. */
	public String currentSite() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			String claimed = token.getToken().getClaimAsString(SITE_CLAIM);
			if (claimed != null && !claimed.isBlank()) {
				return claimed.trim();
			}
		}
		String configured = properties.defaultSite();
		return configured == null || configured.isBlank() ? null : configured.trim();
	}

	/** Applies the rule to every Patient of a transaction or batch, naming the entry in any refusal. */
	public void apply(Bundle bundle, String site) {
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
			if (entry.getResource() instanceof Patient patient && !isDelete(entry)) {
				apply(patient, site, bundle, "Bundle.entry[" + i + "].resource.managingOrganization");
			}
		}
	}

	/** Applies the rule to one resource (nothing happens to anything but a Patient). */
	public void apply(IBaseResource resource, String site) {
		if (resource instanceof Patient patient) {
			apply(patient, site, null, ELEMENT);
		}
	}

	private void apply(Patient patient, String site, Bundle bundle, String expression) {
		if (!patient.hasManagingOrganization() || patient.getManagingOrganization().isEmpty()) {
			if (site == null) {
				String text = "The Patient names no site (managingOrganization) and the server does not know the sender's: "
								+ "send managingOrganization (a reference to the site's Organization, identifier system "
								+ MpemResources.SITE_SYSTEM + "), or give this client the token claim " + SITE_CLAIM
								+ " in the realm, or set mesofhir.ingest.default-site";
				throw new UnprocessableEntityException(text, outcome(OperationOutcome.IssueType.REQUIRED, text, expression));
			}
			patient.setManagingOrganization(new Reference("Organization/" + organizationOf(site)));
			// HAPI's server keeps the request body beside the parsed resource, and its validator reads that text when
			// present: without it the validator encodes the resource as it is now, site included
			for (String raw : RAW_REQUEST_TEXT) {
				patient.setUserData(raw, null);
			}
			return;
		}
		if (site == null) {
			return;
		}
		String named = siteNamed(patient.getManagingOrganization(), bundle);
		if (named != null && !named.equals(site)) {
			String text = "The Patient names site '" + named + "' but this client sends for site '" + site
					+ "' (token claim " + SITE_CLAIM + " or mesofhir.ingest.default-site): a client may write only its own"
					+ " site's patients";
			throw new ForbiddenOperationException(text, outcome(OperationOutcome.IssueType.FORBIDDEN, text, expression));
		}
	}

	/** The site code a reference names, or null when it names none this server can tell. */
	private String siteNamed(Reference reference, Bundle bundle) {
		if (reference.hasIdentifier()) {
			return siteCode(reference.getIdentifier());
		}
		String target = reference.getReference();
		if (target == null) {
			return null;
		}
		if (target.startsWith("Organization?")) {
			String prefix = "identifier=" + MpemResources.SITE_SYSTEM + "|";
			for (String condition : target.substring("Organization?".length()).split("&")) {
				String decoded = java.net.URLDecoder.decode(condition, java.nio.charset.StandardCharsets.UTF_8);
				if (decoded.startsWith(prefix)) {
					return decoded.substring(prefix.length());
				}
			}
			return null;
		}
		if (bundle != null) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (target.equals(entry.getFullUrl()) && entry.getResource() instanceof Organization organization) {
					return siteCode(organization);
				}
			}
		}
		IdType id = new IdType(target);
		if (!"Organization".equals(id.getResourceType()) || !id.hasIdPart() || id.isAbsolute() || target.startsWith("urn:")) {
			return null;
		}
		try {
			IFhirResourceDao<Organization> dao = daos.getResourceDao(Organization.class);
			return siteCode(dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
			return null; // the validator and HAPI say what is wrong with a dangling reference
		}
	}

	private static String siteCode(Organization organization) {
		return organization.getIdentifier().stream().map(SiteAssignment::siteCode)
				.filter(java.util.Objects::nonNull).findFirst().orElse(null);
	}

	private static String siteCode(Identifier identifier) {
		return MpemResources.SITE_SYSTEM.equals(identifier.getSystem()) ? identifier.getValue() : null;
	}

	/** The id of the site's Organization: found, or created (committed on its own, so every writer sees it). */
	String organizationOf(String site) {
		return organizations.computeIfAbsent(site, code -> separately.execute(status -> findOrCreate(code)));
	}

	private String findOrCreate(String code) {
		IFhirResourceDao<Organization> dao = daos.getResourceDao(Organization.class);
		SearchParameterMap byIdentifier = SearchParameterMap.newSynchronous("identifier",
				new TokenParam(MpemResources.SITE_SYSTEM, code));
		var found = dao.search(byIdentifier, new SystemRequestDetails()).getResources(0, 1);
		if (!found.isEmpty()) {
			return found.get(0).getIdElement().getIdPart();
		}
		return dao.create(MpemResources.site(code), "identifier=" + MpemResources.SITE_SYSTEM + "|" + code,
				new SystemRequestDetails()).getId().getIdPart();
	}

	private static boolean isDelete(Bundle.BundleEntryComponent entry) {
		return entry.hasRequest() && entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE;
	}
}
