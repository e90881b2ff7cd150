package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Refuses (422, naming the element) values holding characters FHIR strings may not hold: control
 * characters other than tab, CR and LF (FHIR R4 §2.1.28.0.1), and unpaired UTF-16 surrogates, which are no
 * Unicode text at all. Besides being wrong, PostgreSQL cannot store a NUL in text: without this check such
 * a value reached the search index and failed the write with a 500.
 */
@Component
@Interceptor
public class CharacterCheck implements StorageInterceptor {

	/** Before profile validation (order 0), whose encoder fails on an unpaired surrogate. */
	private static final int BEFORE_VALIDATION = -100;

	@Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = BEFORE_VALIDATION)
	public void transaction(IBaseBundle bundle) {
		if (bundle instanceof Bundle r4) {
			checkEntries(r4);
		}
	}

	/** Refuses (400, naming {@code Bundle.entry[i].resource…}) a Bundle whose entries hold a forbidden character. */
	public static void checkEntries(Bundle bundle) {
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Resource resource = bundle.getEntry().get(i).getResource();
			if (resource != null) {
				walk(resource, "Bundle.entry[" + i + "].resource", paths);
			}
		}
		refuseIfAny(paths);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void created(IBaseResource resource) {
		check(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	public void updated(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	/** Refuses (400, naming the element) a resource holding a forbidden character. */
	public static void check(IBaseResource resource) {
		if (!(resource instanceof Base base)) {
			return;
		}
		List<String> paths = new ArrayList<>();
		walk(base, resource.fhirType(), paths);
		refuseIfAny(paths);
	}

	private static void refuseIfAny(List<String> paths) {
		if (paths.isEmpty()) {
			return;
		}
		OperationOutcome outcome = new OperationOutcome();
		for (String path : paths) {
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.VALUE)
					.setDiagnostics(path + ": the value holds a control character (only tab, CR and LF are allowed) or an"
							+ " unpaired surrogate, which FHIR strings may not hold")
					.addExpression(path);
		}
		throw new UnprocessableEntityException(outcome.getIssueFirstRep().getDiagnostics(), outcome);
	}

	private static void walk(Base element, String path, List<String> bad) {
		if (element instanceof PrimitiveType<?> primitive) {
			String value = primitive.getValueAsString();
			if (value != null && !allowed(value)) {
				bad.add(path);
			}
		}
		for (Property property : element.children()) {
			List<Base> values = property.getValues();
			for (int i = 0; i < values.size(); i++) {
				Base value = values.get(i);
				if (value != null) {
					walk(value, path + "." + property.getName() + (property.getMaxCardinality() > 1 ? "[" + i + "]" : ""), bad);
				}
			}
		}
	}

	static boolean allowed(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return false;
				}
				i++;
			} else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}
}
