package org.mesofhir.ingest;

import java.util.Map;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.mesofhir.fhir.CapabilityStatementCustomizer.CapabilityContribution;
import org.springframework.stereotype.Component;

/** Points the CapabilityStatement's {@code $import} and {@code $import-registry} entries at their OperationDefinitions. */
@Component
class IngestCapability implements CapabilityContribution {

	private static final Map<String, String> DEFINITIONS = Map.of(
			"import", NdjsonImportProvider.DEFINITION,
			"import-registry", RegistryImportProvider.DEFINITION);

	@Override
	public void accept(CapabilityStatement capabilities) {
		CapabilityStatement.CapabilityStatementRestComponent rest = capabilities.getRestFirstRep();
		DEFINITIONS.forEach((name, definition) -> {
			CapabilityStatementRestResourceOperationComponent operation = rest.getOperation().stream()
					.filter(op -> op.getName().equals(name)).findFirst()
					.orElseGet(() -> rest.addOperation().setName(name));
			operation.setDefinition(definition);
		});
	}
}
