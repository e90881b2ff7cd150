package org.mesofhir.demo;

/**
 * What the cohort design fixes for one demo patient; {@link DemoCohortGenerator} turns it into a journey.
 *
 * @param number patient number, 1 … cohort size
 * @param arm treatment strategy
 * @param histology index into {@link DemoCohortGenerator#HISTOLOGY} (0 epithelioid)
 * @param ecog ECOG performance status at diagnosis
 * @param age age at diagnosis, years
 * @param pci PCI at surgery, or null when not operated
 * @param completeCytoreduction CC-0/1 (only meaningful when operated)
 * @param survivalMonths overall survival from diagnosis, months; infinite for the cured
 * @param seed of the patient's own details (dates, site, PCI regions …)
 */
record PlannedPatient(
		int number,
		DemoArm arm,
		int histology,
		int ecog,
		double age,
		Integer pci,
		boolean completeCytoreduction,
		double survivalMonths,
		long seed) {}
