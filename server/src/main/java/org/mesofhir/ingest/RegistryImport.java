package org.mesofhir.ingest;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Imports a registry CSV (one row per patient, columns of {@link RegistryColumn}): each row is checked,
 * mapped and stored as one transaction, so a row is stored whole or not at all; rows with problems are
 * reported by line and column and the others are stored.
 */
@Component
class RegistryImport {

	private static final Logger log = LoggerFactory.getLogger(RegistryImport.class);
	private static final int PROGRESS_EVERY = 100;

	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final SiteAssignment sites;

	RegistryImport(IFhirSystemDao<Bundle, ?> systemDao, SiteAssignment sites) {
		this.systemDao = systemDao;
		this.sites = sites;
	}

	/** What an import did. */
	record Report(int rows, int rowsStored, int resourcesWritten, List<RegistryRow.Problem> problems, double seconds) {}

	Report importCsv(String csv) {
		long started = System.nanoTime();
		List<RegistryRow> rows = RegistryCsv.parse(csv);
		String site = sites.currentSite(); // on the request's thread: its token's site
		if (rows.isEmpty()) {
			// a header alone is almost always the wrong file (or a truncated one): say so rather than report 0 rows
			throw new InvalidRequestException("The registry file has a header but no rows (line 2 onwards is empty);"
					+ " nothing was imported. Send the file with one row per patient (see the template).");
		}
		log.info("Registry import: {} rows", rows.size());
		List<RegistryRow.Problem> problems = new ArrayList<>();
		int stored = 0;
		int written = 0;
		for (int i = 0; i < rows.size(); i++) {
			RegistryRow row = rows.get(i);
			RegistryRowMapper.Result result = RegistryRowMapper.map(row);
			if (!result.problems().isEmpty()) {
				problems.addAll(result.problems());
			} else {
				try {
					sites.apply(result.bundle(), site);
					systemDao.transaction(new SystemRequestDetails(), result.bundle());
					stored++;
					written += (int) result.bundle().getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).count();
				} catch (RuntimeException e) {
					// refused by the server (a profile rule the row checks did not catch): nothing of the row is stored
					problems.add(new RegistryRow.Problem(row.line(), "", LineErrors.describe(e)));
				}
			}
			if ((i + 1) % PROGRESS_EVERY == 0) {
				log.info("Registry import: {}/{} rows, {} stored, {} problems", i + 1, rows.size(), stored, problems.size());
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		log.info("Registry import finished: {} rows, {} stored, {} with problems, in {} s", rows.size(), stored,
				problems.stream().map(RegistryRow.Problem::line).distinct().count(), Math.round(seconds));
		return new Report(rows.size(), stored, written, problems, seconds);
	}
}
