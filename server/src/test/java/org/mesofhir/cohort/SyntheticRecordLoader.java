package org.mesofhir.cohort;

import java.util.ArrayList;
import java.util.List;
import org.mesofhir.demo.DemoCohortGenerator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Benchmark set-up (not a test): fills a database's analysis records with N demo patients, derived by the
 * server's own code ({@link GeneratedAnalysisRecords}) but without storing the FHIR resources,
 * so that {@code $survival} can be measured at 100k patients without hours of ingestion. Used by
 * {@code bench/survival-http/run.sh}.
 *
 * <p>Arguments: jdbcUrl patients [seed [idPrefix [append]]]: seed of the demo generator (default 42), a prefix
 * for the patient ids (several cohorts in one database, as one server holding several sites' data), and
 * {@code append} to keep the records already there (default: start empty).
 */
public final class SyntheticRecordLoader {

	private SyntheticRecordLoader() {}

	public static void main(String[] args) {
		String url = args[0];
		int patients = Integer.parseInt(args[1]);
		long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
		String idPrefix = args.length > 3 ? args[3] : "";
		boolean append = args.length > 4 && args[4].equals("append");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, url.startsWith("jdbc:postgresql") ? "postgres" : "sa", "");
		AnalysisStore store = new AnalysisStore(new JdbcTemplate(dataSource));
		store.createSchema();
		if (!append) {
			store.deleteEverything();
		}
		DemoCohortGenerator generator = new DemoCohortGenerator(seed, 5, patients);
		GeneratedAnalysisRecords records = new GeneratedAnalysisRecords();
		List<AnalysisRecord> batch = new ArrayList<>();
		long started = System.nanoTime();
		for (int p = 1; p <= patients; p++) {
			batch.add(withIdPrefix(records.record(generator.patients(p, 1).get(0)), idPrefix));
			if (batch.size() == 5000 || p == patients) {
				store.insertRecords(batch);
				batch.clear();
				System.out.printf("%d/%d patients (%.0f s)%n", p, patients, (System.nanoTime() - started) / 1e9);
			}
		}
	}

	private static AnalysisRecord withIdPrefix(AnalysisRecord r, String prefix) {
		if (prefix.isEmpty()) {
			return r;
		}
		return new AnalysisRecord(prefix + r.patientId(), r.inCohort(), r.gender(), r.birthDate(), r.site(), r.diagnosisDate(),
				r.histology(), r.surgeryDate(), r.surgeryWithHipec(), r.firstChemotherapyDate(), r.firstSystemicChemotherapyDate(),
				r.deathDate(), r.lastContactDate(), r.pci(), r.ccScore(), r.progressionDates(), r.ecog());
	}
}
