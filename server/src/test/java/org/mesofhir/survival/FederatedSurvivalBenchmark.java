package org.mesofhir.survival;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;
import org.mesofhir.survival.InProcessFederation.Site;

/**
 * Issue #15's benchmark, in process (no transport, no masks): 3 sites x 10,000 patients pooled vs one server
 * on the 30,000; not a test (run with {@code -Dtest=FederatedSurvivalBenchmark}). Prints the median of 5 runs.
 */
class FederatedSurvivalBenchmark {

	@Test
	void threeSitesOfTenThousand() {
		Random random = new Random(15);
		List<List<AnalysisRecord>> sites = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		List<AnalysisRecord> union = new ArrayList<>();
		LocalDate start = LocalDate.of(2012, 1, 1);
		String[] cc = {"CC-0", "CC-1", "CC-2", "CC-3"};
		for (int i = 0; i < 30_000; i++) {
			LocalDate diagnosis = start.plusDays(random.nextInt(3000));
			boolean operated = random.nextDouble() < 0.7;
			LocalDate end = diagnosis.plusDays(1 + (long) (-Math.log(random.nextDouble()) * 900));
			boolean dead = random.nextDouble() < 0.7;
			AnalysisRecord record = new AnalysisRecord("p" + i, true, random.nextBoolean() ? "female" : "male",
					diagnosis.minusDays(365L * 40 + random.nextInt(365 * 40)), "S", diagnosis, "9052/3",
					operated ? diagnosis.plusDays(30) : null, operated && random.nextBoolean(), operated ? null : diagnosis.plusDays(10),
					operated ? null : diagnosis.plusDays(10), dead ? end : null, end, operated ? random.nextInt(40) : null,
					operated ? cc[random.nextInt(4)] : null, List.of(), List.of());
			sites.get(i % 3).add(record);
			union.add(record);
		}
		InProcessFederation federation = new InProcessFederation();
		for (int s = 0; s < 3; s++) {
			federation.add(new Site("s" + s, sites.get(s), Map.of()));
		}
		SurvivalRequest request = SurvivalRequestParser.parse(null, null, new CodeType("treatment"),
				List.of(new CodeType("age"), new CodeType("pci-band"), new CodeType("cc")), null, List.of(new DecimalType(12)),
				new DecimalType(36), null, null, null, (DateType) null, (StringType) null);
		PooledSurvival pooled = new PooledSurvival(new SurvivalProperties(5, Duration.ofMinutes(5)));
		long[] local = new long[5];
		long[] federated = new long[5];
		for (int run = -2; run < 5; run++) {
			long t0 = System.nanoTime();
			SurvivalAnalysis.run(SurvivalCohort.of(union, null, request), request, 5);
			long t1 = System.nanoTime();
			pooled.analyse(request, federation, null, federation.siteNames(), false, "");
			long t2 = System.nanoTime();
			if (run >= 0) {
				local[run] = t1 - t0;
				federated[run] = t2 - t1;
			}
		}
		java.util.Arrays.sort(local);
		java.util.Arrays.sort(federated);
		System.out.printf("BENCHMARK one server on 30,000: %.0f ms; 3 sites x 10,000 pooled: %.0f ms (%d questions per analysis)%n",
				local[2] / 1e6, federated[2] / 1e6, federation.questions.size() / 7);
	}
}
