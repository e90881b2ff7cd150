package org.mesofhir.survival;

/** The covariates of SPEC §3, by the name a request uses. */
enum Covariate {
	AGE("age", false),
	SEX("sex", true),
	ECOG("ecog", false),
	PCI("pci", false),
	PCI_BAND("pci-band", true),
	CC("cc", true),
	CC_COMPLETE("cc-complete", true),
	HISTOLOGY("histology", true),
	TREATMENT("treatment", true),
	SITE("site", true);

	final String code;
	final boolean categorical;

	Covariate(String code, boolean categorical) {
		this.code = code;
		this.categorical = categorical;
	}
}
