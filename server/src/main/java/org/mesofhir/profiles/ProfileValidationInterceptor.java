package org.mesofhir.profiles;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.mesofhir.fhir.StorageInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Validates every write against the MPeM profiles that apply to it (those it claims, and those the
 * {@link ProfileSelector} maps it to by type and code), before anything is stored.
 *
 * <p>A transaction Bundle is validated whole before processing, so one answer lists the problems of all
 * entries (expressions prefixed {@code Bundle.entry[i].resource}) and nothing is stored; its resources are
 * then marked so the storage hook does not validate them twice. Batch entries and single writes are
 * validated as they are stored; a batch entry's failure becomes that entry's response. Errors block with
 * 422 and an OperationOutcome; warnings never block.
 */
@Component
@Interceptor
@ConditionalOnProperty(name = "mesofhir.validation.enabled", havingValue = "true", matchIfMissing = true)
public class ProfileValidationInterceptor implements StorageInterceptor {

	private static final String VALIDATED = ProfileValidationInterceptor.class.getName() + ".validated";

	private final MpemValidator validator;
	private final FhirContext fhirContext;

	ProfileValidationInterceptor(MpemValidator validator, FhirContext fhirContext) {
		this.validator = validator;
		this.fhirContext = fhirContext;
	}

	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void transaction(IBaseBundle bundle) {
		if (!(bundle instanceof Bundle r4) || r4.getType() != Bundle.BundleType.TRANSACTION || allValidated(r4)) {
			return;
		}
		validateAhead(r4);
	}

	/**
	 * Validates a transaction's entries now, ahead of storage (bulk import validates on its own threads, then stores
	 * many validated Bundles in one database transaction): 422 naming {@code Bundle.entry[i].resource} on any error;
	 * otherwise the resources are marked, and storing them (in this Bundle or another) does not validate them again.
	 */
	public void validateAhead(Bundle bundle) {
		MpemValidationResult result = guarded(() -> validator.validateBundleEntries(bundle));
		if (result.hasErrors()) {
			throw new UnprocessableEntityException(fhirContext, result.outcome());
		}
		bundle.getEntry().stream()
				.filter(Bundle.BundleEntryComponent::hasResource)
				.forEach(entry -> entry.getResource().setUserData(VALIDATED, Boolean.TRUE));
	}

	/** Validates one resource now, ahead of storage, and marks it as {@link #validateAhead(Bundle)} does. */
	public void validateAhead(IBaseResource resource) {
		check(resource);
		resource.setUserData(VALIDATED, Boolean.TRUE);
	}

	private static boolean allValidated(Bundle bundle) {
		return bundle.getEntry().stream()
				.filter(Bundle.BundleEntryComponent::hasResource)
				.allMatch(entry -> Boolean.TRUE.equals(entry.getResource().getUserData(VALIDATED)));
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	/**
	 * The validator itself can fail on malformed input (HAPI's InstanceValidator throws on some broken
	 * references, and runs out of stack on absurdly deep nesting): such a resource could not be checked, so it is
	 * refused as unprocessable, not a 500.
	 */
	private static MpemValidationResult guarded(Supplier<MpemValidationResult> validation) {
		try {
			return validation.get();
		} catch (BaseServerResponseException e) {
			throw e;
		} catch (RuntimeException | Error e) {
			// a resource nested hundreds of levels deep (legal in XML) exhausts the validator's recursion, or
			// HAPI's JSON encoder, which the validator reads through, stops at 1,000 levels with an Error
			boolean tooDeep = e instanceof StackOverflowError || nestingLimit(e);
			if (e instanceof Error && !tooDeep) {
				throw (Error) e;
			}
			String text = "The resource could not be validated against the MPeM profiles (the validator failed on it: "
					+ (tooDeep ? "it is nested too deeply" : e) + "); check its references, values and nesting.";
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(text);
			throw new UnprocessableEntityException(text, outcome);
		}
	}

	private static boolean nestingLimit(Throwable e) {
		return ExceptionUtils.indexOfType(e, StreamConstraintsException.class) >= 0;
	}

	private void check(IBaseResource resource) {
		if (Boolean.TRUE.equals(resource.getUserData(VALIDATED))) {
			return;
		}
		MpemValidationResult result = guarded(() -> validator.validate(resource));
		if (result.hasErrors()) {
			throw new UnprocessableEntityException(fhirContext, result.outcome());
		}
	}
}
