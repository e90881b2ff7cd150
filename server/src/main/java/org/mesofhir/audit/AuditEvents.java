package org.mesofhir.audit;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.audit.WrittenResources.Written;

/**
 * Builds the AuditEvent of one request. Who: {@code agent.name} is the client (searchable as
 * {@code agent-name}), {@code agent.altId} the user ({@code altid}); when: {@code recorded} ({@code date}).
 * Written resources are named, not referenced ({@code entity.name = Type/id}, searchable as
 * {@code entity-name}): a reference would put the AuditEvent in the patient's compartment and stop the
 * resource from being deleted.
 */
final class AuditEvents {

	static final int MAX_ENTITIES = 200;

	private static final String EVENT_TYPES = "http://terminology.hl7.org/CodeSystem/audit-event-type";
	private static final String INTERACTIONS = "http://hl7.org/fhir/restful-interaction";
	private static final String OBJECT_ROLES = "http://terminology.hl7.org/CodeSystem/object-role";
	private static final String SOURCE_TYPES = "http://terminology.hl7.org/CodeSystem/security-source-type";

	private AuditEvents() {}

	/** A write: one entity per resource it stored (the first {@link #MAX_ENTITIES}). */
	static AuditEvent write(String interaction, String operation, Requester who, String address, List<Written> written) {
		AuditEvent event = base(interaction, operation, who, address, action(interaction, written));
		written.stream().limit(MAX_ENTITIES).forEach(w -> {
			AuditEventEntityComponent entity = event.addEntity().setName(w.reference());
			entity.setWhat(new Reference().setDisplay(w.version() == null ? w.reference() : w.reference() + "/_history/" + w.version()));
			entity.setType(new Coding("http://hl7.org/fhir/resource-types", w.reference().substring(0, w.reference().indexOf('/')), null));
			entity.addDetail().setType("action").setValue(new StringType(w.action()));
		});
		if (written.size() > MAX_ENTITIES) {
			event.addEntity().setName((written.size() - MAX_ENTITIES) + " more resources");
		}
		return event;
	}

	/** An analysis: its parameters (names and values, never patient data) and, for a Group's, the Group. */
	static AuditEvent analysis(String operation, Requester who, String address, String group, Map<String, List<String>> parameters) {
		AuditEvent event = base("operation", operation, who, address, AuditEventAction.E);
		AuditEventEntityComponent query = event.addEntity().setName(group == null ? operation : group + "/" + operation);
		query.setRole(new Coding(OBJECT_ROLES, "24", "Query"));
		parameters.forEach((name, values) -> values.forEach(value ->
				query.addDetail().setType(name).setValue(new StringType(value))));
		return event;
	}

	/**
	 * A site's answer to one step of a federated analysis: the hub's request (analysis, step, cohort, the
	 * analysis parameters as the hub relayed them) and whether the site answered or refused, and why.
	 */
	static AuditEvent federatedRequest(Requester who, String address, Map<String, String> request, boolean refused, String why) {
		AuditEvent event = base("operation", "$survival-aggregates", who, address, AuditEventAction.E);
		event.setOutcome(refused ? AuditEventOutcome._4 : AuditEventOutcome._0);
		if (why != null) {
			event.setOutcomeDesc(why);
		}
		AuditEventEntityComponent query = event.addEntity().setName("$survival-aggregates");
		query.setRole(new Coding(OBJECT_ROLES, "24", "Query"));
		request.forEach((name, value) -> {
			if (value != null) {
				query.addDetail().setType(name).setValue(new StringType(value));
			}
		});
		return event;
	}

	private static AuditEvent base(String interaction, String operation, Requester who, String address, AuditEventAction action) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding(EVENT_TYPES, "rest", "RESTful Operation"));
		event.addSubtype(new Coding(INTERACTIONS, interaction, null));
		if (operation != null) {
			event.addSubtype(new Coding("https://mesofhir.org/fhir/CodeSystem/operation", operation, null));
		}
		event.setAction(action);
		event.setRecorded(new Date());
		event.setOutcome(AuditEventOutcome._0);
		AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true).setName(who.client());
		if (who.user() != null) {
			agent.setAltId(who.user());
		}
		if (address != null) {
			agent.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType._2);
		}
		event.getSource().setSite("MesoFHIR").setObserver(new Reference().setDisplay("MesoFHIR"))
				.addType(new Coding(SOURCE_TYPES, "4", "Application Server"));
		return event;
	}

	/** What was done to the resources when they agree (a conditional update that created is a C), else E. */
	private static AuditEventAction action(String interaction, List<Written> written) {
		if (!written.isEmpty()) {
			return written.stream().map(Written::action).distinct().count() == 1
					? AuditEventAction.fromCode(written.get(0).action())
					: AuditEventAction.E;
		}
		return switch (interaction) {
			case "create" -> AuditEventAction.C;
			case "update", "patch" -> AuditEventAction.U;
			case "delete" -> AuditEventAction.D;
			default -> AuditEventAction.E;
		};
	}
}
