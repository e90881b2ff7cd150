package org.mesofhir.federation;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.mesofhir.fhir.CapabilityStatementCustomizer.CapabilityContribution;
import org.springframework.stereotype.Component;

/** Points the CapabilityStatement's {@code $survival-aggregates} entries (system and Group) at the OperationDefinition. */
@Component
class FederationCapability implements CapabilityContribution {

	private static final String NAME = FederationProtocol.OPERATION.substring(1);

	@Override
	public void accept(CapabilityStatement capabilities) {
		CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();
		rest.getOperation().stream().filter(op -> op.getName().equals(NAME)).findFirst()
				.orElseGet(() -> rest.addOperation().setName(NAME))
				.setDefinition(FederationProtocol.DEFINITION);
		rest.getResource().stream().filter(r -> r.getType().equals("Group"))
				.flatMap(r -> r.getOperation().stream())
				.filter(op -> op.getName().equals(NAME))
				.forEach(op -> op.setDefinition(FederationProtocol.DEFINITION));
	}
}
