package org.mesofhir.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mesofhir.demo.MpemResources.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.mesofhir.ServerIntegrationTest;
import org.mesofhir.fhir.PatientJourneyBundle;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Random sequences of creates, updates and deletes over REST; afterwards the analysis records the server
 * kept (in the write transactions) must equal a full rebuild from the stored resources.
 */
class AnalysisRecordConsistencyIT extends ServerIntegrationTest {

	@Autowired
	private AnalysisRecordRebuilder rebuilder;

	@Test
	void keptRecordsEqualAFullRebuildAfterRandomWrites() {
		Random random = new Random(20261126);
		List<IIdType> observations = new ArrayList<>();
		List<IIdType> conditions = new ArrayList<>();
		List<String> patients = new ArrayList<>();
		for (int p = 0; p < 6; p++) {
			Bundle response = client.transaction()
					.withBundle(PatientJourneyBundle.build("SITE-RANDOM-" + random.nextInt(3), "random-" + random.nextLong()))
					.execute();
			patients.add(location(response, 1).getValue());
			conditions.add(location(response, 2));
			for (int e = 6; e < response.getEntry().size(); e++) {
				observations.add(location(response, e));
			}
		}
		for (int step = 0; step < 40; step++) {
			switch (random.nextInt(5)) {
				case 0 -> { // a corrected diagnosis date
					IIdType id = conditions.get(random.nextInt(conditions.size()));
					Condition condition = client.read().resource(Condition.class).withId(id).execute();
					condition.setOnset(new DateTimeType(String.format("20%02d-%02d-15", 10 + random.nextInt(12), 1 + random.nextInt(12))));
					client.update().resource(condition).execute();
				}
				case 1 -> { // a new vital status, dead or alive
					String patient = patients.get(random.nextInt(patients.size()));
					Observation vital = observation(patient, "http://loinc.org", "75186-7", "Vital status",
							String.format("202%d-0%d-01", random.nextInt(5), 1 + random.nextInt(9)));
					vital.setValue(random.nextBoolean()
							? concept("http://snomed.info/sct", "419099009", "Dead")
							: concept("http://snomed.info/sct", "438949009", "Alive"));
					observations.add(client.create().resource(vital).execute().getId().toUnqualifiedVersionless());
				}
				case 2 -> { // an ECOG correction
					String patient = patients.get(random.nextInt(patients.size()));
					Observation ecog = observation(patient, "http://loinc.org", "89247-1", "ECOG", "2019-0" + (1 + random.nextInt(9)) + "-01");
					ecog.setValue(new IntegerType(random.nextInt(5)));
					observations.add(client.create().resource(ecog).execute().getId().toUnqualifiedVersionless());
				}
				case 3 -> { // a deleted observation
					if (!observations.isEmpty()) {
						client.delete().resourceById(observations.remove(random.nextInt(observations.size()))).execute();
					}
				}
				default -> { // a whole new patient
					Bundle response = client.transaction()
							.withBundle(PatientJourneyBundle.build("SITE-RANDOM-" + random.nextInt(3), "random-" + random.nextLong()))
							.execute();
					patients.add(location(response, 1).getValue());
					conditions.add(location(response, 2));
				}
			}
		}

		List<AnalysisRecord> kept = sorted(rebuilder.storedRecords());
		rebuilder.rebuild();
		List<AnalysisRecord> rebuilt = sorted(rebuilder.storedRecords());

		assertThat(kept).hasSizeGreaterThanOrEqualTo(patients.size());
		assertThat(kept).containsExactlyElementsOf(rebuilt);
	}

	private static IIdType location(Bundle response, int entry) {
		return new org.hl7.fhir.r4.model.IdType(response.getEntry().get(entry).getResponse().getLocation()).toUnqualifiedVersionless();
	}

	private static List<AnalysisRecord> sorted(List<AnalysisRecord> records) {
		return records.stream().sorted(Comparator.comparing(AnalysisRecord::patientId)).toList();
	}

}
