package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.mesofhir.cohort.AnalysisRecord;

/** The streamed JSON of a {@code $survival} result reads back, through HAPI's parser, as the same Parameters. */
class SurvivalJsonResponderTest {

	@Test
	void streamedJsonParsesBackToTheSameParameters() throws Exception {
		java.util.Random random = new java.util.Random(5);
		List<AnalysisRecord> records = new java.util.ArrayList<>();
		for (int i = 0; i < 300; i++) {
			java.time.LocalDate diagnosis = java.time.LocalDate.of(2015, 1, 1).plusDays(random.nextInt(2000));
			records.add(new AnalysisRecord(String.valueOf(i), true, random.nextBoolean() ? "male" : "female",
					diagnosis.minusYears(60), "S" + random.nextInt(3), diagnosis, "9052/3",
					random.nextBoolean() ? diagnosis.plusDays(30) : null, random.nextBoolean(), null, null,
					random.nextBoolean() ? diagnosis.plusDays(random.nextInt(2500)) : null, diagnosis.plusDays(random.nextInt(3000)),
					random.nextInt(4) == 0 ? null : random.nextInt(39), "CC-0", List.of(), List.of()));
		}
		SurvivalRequest request = SurvivalRequestParser.parse(null, null, new CodeType("treatment"),
				List.of(new CodeType("age"), new CodeType("sex"), new CodeType("pci")), null, null, null, null, null, null, null, null);
		Parameters expected = SurvivalParametersWriter.write(
				SurvivalAnalysis.run(SurvivalCohort.of(records, null, request), request, 5));

		StringWriter text = new StringWriter();
		try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
			SurvivalJsonResponder.write(expected, json);
		}
		Parameters parsed = FhirContext.forR4Cached().newJsonParser().parseResource(Parameters.class, text.toString());

		// the Cox model's own exclusions (patients without a PCI): a part within a part
		assertThat(expected.getParameter("cox").getPart()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("excluded"));
		assertThat(parsed.getParameter()).hasSameSizeAs(expected.getParameter());
		assertThat(parsed.equalsDeep(expected)).isTrue();
	}
}
