package org.mesofhir.survival;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.mesofhir.cohort.AnalysisRecord;

/**
 * The covariates of SPEC §3 as baseline characteristics (Table 1): each patient's value at diagnosis,
 * derived by exactly the rules {@code $survival} uses, so a table and a model never disagree on a patient.
 */
public final class BaselineVariables {

	/** Every covariate name a request may use, in SPEC order. */
	public static final List<String> NAMES = Arrays.stream(Covariate.values()).map(c -> c.code).toList();

	private BaselineVariables() {}

	/** @throws ca.uhn.fhir.rest.server.exceptions.InvalidRequestException (400) naming the parameter for an unknown name */
	public static String checkName(String parameter, String name) {
		return CodeChoice.parse(parameter, name, Covariate.class, c -> c.code).code;
	}

	/** Whether {@code $survival} treats the covariate as categorical (a stratification variable). */
	public static boolean categorical(String name) {
		return covariate(name).categorical;
	}

	/** The patient's value at diagnosis: a Double for a numeric covariate, a String for a categorical one, or null. */
	public static Object atDiagnosis(String name, AnalysisRecord record, int[] pciCutoffs) {
		Covariate covariate = covariate(name);
		LocalDate diagnosis = record.diagnosisDate();
		if (diagnosis == null && (covariate == Covariate.AGE || covariate == Covariate.ECOG)) {
			return null; // both are measured at the index date
		}
		return SurvivalCohort.value(covariate, record, diagnosis, pciCutoffs);
	}

	/** The {@code pciCutoffs} parameter as {@code $survival} reads it (400 when malformed). */
	public static int[] pciCutoffs(String text) {
		return SurvivalRequestParser.pciCutoffs(text == null ? "10,20" : text);
	}

	private static Covariate covariate(String name) {
		return CodeChoice.parse("variable", name, Covariate.class, c -> c.code);
	}
}
