package org.mesofhir.cohort;

import java.util.Set;

/**
 * The codes of SPEC §1/§2.1 that the analysis records are derived from; which Conditions are MPeM diagnoses and
 * which Observations are ECOG or disease status is {@link org.mesofhir.profiles.MpemRecognition}'s (shared with
 * profile selection).
 */
final class MpemCodes {

	static final String NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
	static final String LOINC = "http://loinc.org";
	static final String SNOMED = "http://snomed.info/sct";
	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	static final String MPEM_OBSERVATION = "https://mesofhir.org/fhir/CodeSystem/mpem-observation";

	static final String CRS_NCIT = "C132068";

	static final String VITAL_STATUS_LOINC = "75186-7";
	static final String PCI = "pci";
	static final String CC_SCORE = "cc-score";

	static final String DEAD = "419099009";
	static final String WORSENED = "271299001";
	static final String INTRAPERITONEAL = "38239002";

	static final String HIPEC_EXTENSION = "https://mesofhir.org/fhir/StructureDefinition/hipec";

	/** Cisplatin, carboplatin, pemetrexed, gemcitabine, oxaliplatin, doxorubicin, mitomycin (RxNorm). */
	static final Set<String> CHEMOTHERAPY_RXNORM = Set.of("2555", "40048", "68446", "12574", "32592", "3639", "632");

	private MpemCodes() {}
}
