package org.mesofhir.survival;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.mesofhir.fhir.CapabilityStatementCustomizer.CapabilityContribution;
import org.springframework.stereotype.Component;

/** Points the CapabilityStatement's {@code $survival} and {@code $federated-survival} entries at the published OperationDefinition. */
@Component
class SurvivalCapability implements CapabilityContribution {

	@Override
	public void accept(CapabilityStatement capabilities) {
		CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();
		boolean listed = false;
		for (CapabilityStatementRestResourceOperationComponent operation : rest.getOperation()) {
			if (operation.getName().equals("survival")) {
				operation.setDefinition(SurvivalOperationProvider.DEFINITION);
				listed = true;
			}
		}
		if (!listed) {
			rest.addOperation().setName("survival").setDefinition(SurvivalOperationProvider.DEFINITION);
		}
		rest.getOperation().stream().filter(op -> op.getName().equals("federated-survival"))
				.forEach(op -> op.setDefinition(FederatedSurvivalOperationProvider.DEFINITION));
		rest.getResource().stream().filter(r -> r.getType().equals("Group"))
				.flatMap(r -> r.getOperation().stream())
				.filter(op -> op.getName().equals("survival"))
				.forEach(op -> op.setDefinition(SurvivalOperationProvider.DEFINITION));
	}
}
