package org.mesofhir.fhir;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryRequestComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * What an entry of a transaction or batch must say for the server to carry it out (FHIR R4 §3.1.0.11,
 * Bundle bdl-3): a {@code request} with a {@code method} and a {@code url}; a resource for POST, PUT and PATCH
 * and none for GET, HEAD and DELETE (whose url names what is read or deleted: a resource sent with them would
 * be ignored); a POST or PUT url naming the resource's own type (HAPI stored an Organization POSTed to
 * {@code Patient}), a PUT url naming the resource's own id; each conditional header only with the methods it
 * applies to ({@code ifNoneExist}: POST; {@code ifMatch}: PUT, PATCH, DELETE; {@code ifNoneMatch} and
 * {@code ifModifiedSince}: GET, HEAD), an {@code ifNoneExist} that is a search short enough for HAPI to keep (its
 * search-URL column; longer failed in the database) and an {@code ifMatch} that is a version ETag; a
 * {@code fullUrl} that is an absolute URI. Each issue names its element
 * ({@code Bundle.entry[2].request.method}). Pure: no HAPI server, no storage.
 */
final class BundleEntryRules {

	/** HAPI keeps a conditional create's search URL in HFJ_RES_SEARCH_URL.RES_SEARCH_URL, 768 characters (with the type). */
	private static final int MAX_CONDITIONAL_CREATE = 700;
	private static final Pattern ETAG = Pattern.compile("(W/)?\"?[0-9]+\"?");
	private static final Pattern UUID_URN = Pattern.compile("urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private BundleEntryRules() {}

	/** The problems of entry {@code index}; empty when it can be carried out. */
	static List<OperationOutcomeIssueComponent> problems(BundleEntryComponent entry, int index) {
		String at = "Bundle.entry[" + index + "]";
		List<OperationOutcomeIssueComponent> issues = new ArrayList<>();
		if (entry.hasFullUrl() && !isAbsolute(entry.getFullUrl())) {
			issues.add(issue(at + ".fullUrl", IssueType.VALUE, "is '" + entry.getFullUrl() + "', which is not an absolute URI:"
					+ " use urn:uuid:<uuid> for a new resource, or the resource's absolute URL"));
		}
		if (!entry.hasRequest()) {
			issues.add(issue(at + ".request", IssueType.REQUIRED, "is missing: every entry of a transaction or batch says what to do"
					+ " with a request (method and url), e.g. {\"method\": \"POST\", \"url\": \"Patient\"}"));
			return issues;
		}
		BundleEntryRequestComponent request = entry.getRequest();
		HTTPVerb method = request.getMethod();
		if (method == null || method == HTTPVerb.NULL) {
			issues.add(issue(at + ".request.method", IssueType.REQUIRED, "is missing: one of GET, HEAD, POST, PUT, DELETE, PATCH"));
		}
		String url = request.getUrl();
		if (url == null || url.isBlank()) {
			issues.add(issue(at + ".request.url", IssueType.REQUIRED, "is missing: the url the request is for, e.g. 'Patient' for a"
					+ " POST, 'Patient/123' or 'Patient?identifier=system|value' for a PUT or DELETE"));
		}
		if (method == null || method == HTTPVerb.NULL) {
			return issues;
		}
		Resource resource = entry.getResource();
		boolean needsResource = method == HTTPVerb.POST || method == HTTPVerb.PUT || method == HTTPVerb.PATCH;
		if (needsResource && resource == null) {
			issues.add(issue(at + ".resource", IssueType.REQUIRED, "is missing: a " + method.toCode() + " entry carries the resource to write"));
		} else if (!needsResource && resource != null) {
			issues.add(issue(at + ".resource", IssueType.INVALID, "is given, but a " + method.toCode() + " entry carries no resource:"
					+ " its request.url names what is " + (method == HTTPVerb.DELETE ? "deleted" : "read")
					+ ". Leave the resource out, or use PUT to write it"));
		}
		if (url != null && !url.isBlank() && resource != null && needsResource) {
			urlMatchesResource(issues, at, method, url, resource);
		} else if (url != null && method == HTTPVerb.DELETE && !names(url)) {
			issues.add(issue(at + ".request.url", IssueType.VALUE, "is '" + url + "': a DELETE names a resource type and an id"
					+ " ('Patient/123') or a search ('Patient?identifier=system|value')"));
		}
		conditions(issues, at, method, request);
		return issues;
	}

	private static void urlMatchesResource(List<OperationOutcomeIssueComponent> issues, String at, HTTPVerb method, String url,
			Resource resource) {
		String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
		String[] parts = path.split("/", -1);
		if (method == HTTPVerb.PATCH) {
			return; // the resource is the patch (Parameters or Binary), not the patched resource
		}
		String type = resource.fhirType();
		boolean shape = method == HTTPVerb.POST
				? parts.length == 1 && !url.contains("?")
				: (parts.length == 2 && !parts[1].isEmpty() && !url.contains("?")) || (parts.length == 1 && url.contains("?"));
		if (!shape || !isResourceType(parts[0])) {
			issues.add(issue(at + ".request.url", IssueType.VALUE, "is '" + url + "': a " + method.toCode() + " of a " + type
					+ (method == HTTPVerb.POST ? " is sent to '" + type + "'"
							: " is sent to '" + type + "/<id>' or to a search '" + type + "?identifier=system|value'")));
		} else if (!parts[0].equals(type)) {
			issues.add(issue(at + ".request.url", IssueType.VALUE, "is '" + url + "', for a " + parts[0] + ", but the entry's resource is a "
					+ type + ": url and resource must name the same type"));
		} else if (method == HTTPVerb.PUT && parts.length == 2 && resource.hasIdElement() && resource.getIdElement().hasIdPart()
				&& !parts[1].equals(resource.getIdElement().getIdPart())) {
			issues.add(issue(at + ".resource.id", IssueType.VALUE, "is '" + resource.getIdElement().getIdPart() + "', but the request.url '"
					+ url + "' writes " + type + "/" + parts[1] + ": a PUT's resource has the id of its url"));
		}
	}

	private static void conditions(List<OperationOutcomeIssueComponent> issues, String at, HTTPVerb method, BundleEntryRequestComponent request) {
		if (request.hasIfNoneExist()) {
			if (method != HTTPVerb.POST) {
				issues.add(issue(at + ".request.ifNoneExist", IssueType.INVALID, "applies only to a POST (a conditional create); a "
						+ method.toCode() + " is made conditional by a search in its url ('Patient?identifier=system|value')"));
			} else if (!request.getIfNoneExist().contains("=")) {
				issues.add(issue(at + ".request.ifNoneExist", IssueType.VALUE, "is '" + request.getIfNoneExist() + "', which is not a"
						+ " search: give one as name=value, e.g. identifier=system|value"));
			} else if (URLEncoder.encode(request.getIfNoneExist(), StandardCharsets.UTF_8).length() > MAX_CONDITIONAL_CREATE) {
				issues.add(issue(at + ".request.ifNoneExist", IssueType.TOOLONG, "is longer, URL-encoded, than the " + MAX_CONDITIONAL_CREATE
						+ " characters the server keeps of a conditional create's search: search on a shorter value"));
			}
		}
		if (request.hasIfMatch()) {
			if (method != HTTPVerb.PUT && method != HTTPVerb.PATCH && method != HTTPVerb.DELETE) {
				issues.add(issue(at + ".request.ifMatch", IssueType.INVALID, "applies only to a PUT, PATCH or DELETE (version-aware write),"
						+ " not to a " + method.toCode()));
			} else if (!ETAG.matcher(request.getIfMatch()).matches()) {
				issues.add(issue(at + ".request.ifMatch", IssueType.VALUE, "is '" + request.getIfMatch() + "', which is not a version ETag:"
						+ " give the version the write expects, as W/\"3\""));
			}
		}
		boolean read = method == HTTPVerb.GET || method == HTTPVerb.HEAD;
		if (request.hasIfNoneMatch() && !read) {
			issues.add(issue(at + ".request.ifNoneMatch", IssueType.INVALID, "applies only to a GET or HEAD (conditional read), not to a "
					+ method.toCode() + (method == HTTPVerb.POST ? "; a conditional create uses ifNoneExist" : "")));
		}
		if (request.hasIfModifiedSince() && !read) {
			issues.add(issue(at + ".request.ifModifiedSince", IssueType.INVALID, "applies only to a GET or HEAD (conditional read), not to a "
					+ method.toCode()));
		}
	}

	/** 'Type/id' or 'Type?search', Type a resource type. */
	private static boolean names(String url) {
		if (url.contains("?")) {
			return isResourceType(url.substring(0, url.indexOf('?')));
		}
		String[] parts = url.split("/", -1);
		return parts.length == 2 && isResourceType(parts[0]) && !parts[1].isEmpty();
	}

	private static boolean isResourceType(String name) {
		try {
			ResourceType.fromCode(name);
			return true;
		} catch (RuntimeException e) {
			return false;
		}
	}

	private static boolean isAbsolute(String fullUrl) {
		if (fullUrl.startsWith("urn:uuid:")) {
			return UUID_URN.matcher(fullUrl).matches();
		}
		if (fullUrl.startsWith("urn:oid:")) {
			return fullUrl.length() > "urn:oid:".length();
		}
		try {
			URI uri = new URI(fullUrl);
			return uri.isAbsolute() && uri.getScheme() != null && (uri.getHost() != null || !uri.isOpaque());
		} catch (URISyntaxException e) {
			return false;
		}
	}

	static OperationOutcomeIssueComponent issue(String expression, IssueType type, String text) {
		return new OperationOutcomeIssueComponent().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type)
				.setDiagnostics(expression + " " + text).addExpression(expression);
	}
}
