package org.mesofhir.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.mesofhir.DemoServerIntegrationTest;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.cohort.GeneratedAnalysisRecords;
import org.mesofhir.survival.OfflineSurvival;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a first-time user sees: the default demo cohort, loaded by the server at its first start, shows the
 * study's result through {@code $survival} over HTTP (issue #14): CRS+HIPEC median OS 40–49 months,
 * chemotherapy 11–13, log-rank p &lt; 0.001, PCI &gt; 20 and CC-2/3 each with HR &gt; 1 and p &lt; 0.05 in a
 * Cox model on age, PCI band and completeness of cytoreduction.
 */
class DemoCohortIT extends DemoServerIntegrationTest {

	private static final Comparator<Double> SAME_NUMBER =
			(a, b) -> Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? 0 : Double.compare(a, b);

	@Autowired
	private DemoProperties demo;

	@Test
	void theLoadedDefaultDemoShowsTheStudysResult() {
		assertThat(demo.patients()).as("default size").isEqualTo(DEMO_PATIENTS);
		assertThat(demo.seed()).as("default seed").isEqualTo(20261126L);

		// GET, as the issue's $survival?stratify=treatment&timeUnit=month
		Parameters byTreatment = client.operation().onServer().named("$survival")
				.withParameters(StudyOutcomes.byTreatment()).useHttpGet().execute();
		Parameters coxModel = client.operation().onServer().named("$survival")
				.withParameters(StudyOutcomes.coxModel()).useHttpGet().execute();
		StudyOutcomes served = StudyOutcomes.of(byTreatment, coxModel);

		assertThat(served.patients()).as("patients analysed: the demo cohort, all of it").isEqualTo(DEMO_PATIENTS);
		assertThat(served.unmet()).as(StudyOutcomes.TABLE_HEADER + "\n" + served.tableRow("loaded demo")).isEmpty();

		// the very numbers the offline analysis of the seed sweep (DemoCohortOutcomesTest) finds for this cohort
		List<AnalysisRecord> records = GeneratedAnalysisRecords.of(
				new DemoCohortGenerator(demo.seed(), demo.sites(), demo.patients()).patients(1, demo.patients()));
		StudyOutcomes offline = StudyOutcomes.of(OfflineSurvival.survival(records, StudyOutcomes.byTreatment()),
				OfflineSurvival.survival(records, StudyOutcomes.coxModel()));
		assertThat(served).usingRecursiveComparison().withComparatorForType(SAME_NUMBER, Double.class).isEqualTo(offline);
		System.out.println(StudyOutcomes.TABLE_HEADER + "\n" + served.tableRow(demo.seed() + " (loaded, over HTTP)"));
	}
}
