package org.mesofhir.survival;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashSet;
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
		Group group = (Group) daos.getResourceDao("Group").read(groupId, request);
		Set<String> members = new HashSet<>();
		for (Group.GroupMemberComponent member : group.getMember()) {
			if (!member.getInactive() && "Patient".equals(member.getEntity().getReferenceElement().getResourceType())) {
				members.add(member.getEntity().getReferenceElement().getIdPart());
			}
		}
		return members;
	}
}
