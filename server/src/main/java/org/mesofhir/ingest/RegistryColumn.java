package org.mesofhir.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a registry spreadsheet (one row per patient), in the order of the shipped template
 * {@code mesofhir/registry/registry-template.csv}. Header names are matched exactly (lower case); the order
 * of the columns in a file is free; an empty cell means unknown or not applicable. README "Ingestion" has
 * the table of allowed values.
 */
enum RegistryColumn {
	SITE("site", true),
	PATIENT_ID("patient_id", true),
	SEX("sex", true),
	BIRTH_DATE("birth_date", true),
	DIAGNOSIS_DATE("diagnosis_date", true),
	HISTOLOGY("histology", false),
	ECOG("ecog", false),
	TREATMENT("treatment", false),
	SURGERY_DATE("surgery_date", false),
	PCI("pci", false),
	CC("cc", false),
	HIPEC_DRUG("hipec_drug", false),
	HIPEC_TEMPERATURE("hipec_temperature", false),
	HIPEC_DURATION("hipec_duration", false),
	CHEMO_REGIMEN("chemo_regimen", false),
	CHEMO_START("chemo_start", false),
	CHEMO_END("chemo_end", false),
	PROGRESSION_DATE("progression_date", false),
	LAST_FOLLOWUP_DATE("last_followup_date", false),
	VITAL_STATUS("vital_status", true),
	DEATH_DATE("death_date", false);

	/** Optional region scores {@code pci_0} … {@code pci_12} (all 13 or none), after {@code pci} in the template. */
	static final int PCI_REGIONS = 13;

	final String header;
	final boolean required;

	RegistryColumn(String header, boolean required) {
		this.header = header;
		this.required = required;
	}

	static String pciRegion(int region) {
		return "pci_" + region;
	}

	/** Every header name, in template order. */
	static List<String> headers() {
		List<String> headers = new ArrayList<>();
		for (RegistryColumn column : values()) {
			headers.add(column.header);
			if (column == PCI) {
				for (int region = 0; region < PCI_REGIONS; region++) {
					headers.add(pciRegion(region));
				}
			}
		}
		return headers;
	}
}
