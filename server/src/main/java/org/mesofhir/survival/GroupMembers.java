package org.mesofhir.survival;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.HashSet;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import java.util.Set;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/** The active Patient members of a Group: the cohort of {@code Group/[id]/$survival}. */
@Component
public class GroupMembers {

	private final DaoRegistry daos;

	GroupMembers(DaoRegistry daos) {
		this.daos = daos;
	}

	public Set<String> of(IdType groupId, RequestDetails request) {
		return members((Group) daos.getResourceDao("Group").read(groupId, request));
	}

	/**
	 * The members of the Group with identifier {@code system|value}, or null when there is none.
	 *
	 * @throws IllegalArgumentException when several Groups carry it
	 */
	Set<String> byIdentifier(String token) {
		int bar = token.indexOf('|');
		TokenParam identifier = bar < 0 ? new TokenParam(token) : new TokenParam(token.substring(0, bar), token.substring(bar + 1));
		SearchParameterMap search = SearchParameterMap.newSynchronous("identifier", identifier);
		List<IBaseResource> found = daos.getResourceDao("Group").search(search, new SystemRequestDetails()).getAllResources();
		if (found.size() > 1) {
			throw new IllegalArgumentException(found.size() + " Groups have the identifier " + token);
		}
		return found.isEmpty() ? null : members((Group) found.get(0));
	}

	private static Set<String> members(Group group) {
		Set<String> members = new HashSet<>();
		for (Group.GroupMemberComponent member : group.getMember()) {
			if (!member.getInactive() && "Patient".equals(member.getEntity().getReferenceElement().getResourceType())) {
				members.add(member.getEntity().getReferenceElement().getIdPart());
			}
		}
		return members;
	}
}
