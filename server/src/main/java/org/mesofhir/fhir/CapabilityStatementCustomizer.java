package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * Names the software MesoFHIR (with the build's version) in the CapabilityStatement, and lets
 * features (profiles, operations, security) add their part through {@link CapabilityContribution}s.
 */
@Component
@Interceptor
public class CapabilityStatementCustomizer {

	private final String version;
	private final List<CapabilityContribution> contributions;

	CapabilityStatementCustomizer(ObjectProvider<BuildProperties> buildProperties, List<CapabilityContribution> contributions) {
		this.version = Optional.ofNullable(buildProperties.getIfAvailable())
				.map(BuildProperties::getVersion)
				.orElse("development");
		this.contributions = contributions;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void customize(IBaseConformance statement) {
		CapabilityStatement capabilities = (CapabilityStatement) statement;
		capabilities.getSoftware().setName("MesoFHIR").setVersion(version);
		capabilities.setPublisher("MesoFHIR");
		contributions.forEach(contribution -> contribution.accept(capabilities));
	}

	/** A feature's addition to the CapabilityStatement (supported profiles, operations, security). */
	public interface CapabilityContribution extends Consumer<CapabilityStatement> {}
}
