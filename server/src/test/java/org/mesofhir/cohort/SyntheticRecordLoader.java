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
 * <p>Arguments: jdbcUrl patients
 */
public final class SyntheticRecordLoader {

	private SyntheticRecordLoader() {}

	public static void main(String[] args) {
		String url = args[0];
		int patients = Integer.parseInt(args[1]);
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, url.startsWith("jdbc:postgresql") ? "postgres" : "sa", "");
		AnalysisStore store = new AnalysisStore(new JdbcTemplate(dataSource));
		store.createSchema();
		store.deleteEverything();
		DemoCohortGenerator generator = new DemoCohortGenerator(42, 5, patients);
		GeneratedAnalysisRecords records = new GeneratedAnalysisRecords();
		List<AnalysisRecord> batch = new ArrayList<>();
		long started = System.nanoTime();
		for (int p = 1; p <= patients; p++) {
			batch.add(records.record(generator.patients(p, 1).get(0)));
			if (batch.size() == 5000 || p == patients) {
				store.insertRecords(batch);
				batch.clear();
				System.out.printf("%d/%d patients (%.0f s)%n", p, patients, (System.nanoTime() - started) / 1e9);
			}
		}
	}
}
