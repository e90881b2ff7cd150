package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mesofhir.profiles.MpemValidationResult;
import org.mesofhir.profiles.MpemValidator;

/** The registry columns, the shipped template and sample, and the mapping of rows to profile-valid resources. */
class RegistryRowMapperTest {

	private static MpemValidator validator;

	@BeforeAll
	static void validator() {
		validator = MpemValidator.create(FhirContext.forR4Cached());
	}

	@Test
	void templateHeaderIsTheColumnList() throws IOException {
		String template = resource("/mesofhir/registry/registry-template.csv");
		assertThat(template.strip()).isEqualTo(String.join(",", RegistryColumn.headers()));
		assertThat(RegistryCsv.parse(template)).isEmpty();
	}

	@Test
	void everySampleRowMapsToResourcesThatConformToTheProfiles() throws IOException {
		List<RegistryRow> rows = RegistryCsv.parse(resource("/mesofhir/registry/registry-sample.csv"));
		assertThat(rows).hasSize(6);
		assertThat(rows.get(0).line()).isEqualTo(2);
		for (RegistryRow row : rows) {
			RegistryRowMapper.Result result = RegistryRowMapper.map(row);
			assertThat(result.problems()).as("line %d", row.line()).isEmpty();
			MpemValidationResult validation = validator.validateBundleEntries(result.bundle());
			assertThat(validation.errors()).as("line %d: %s", row.line(), validation.errors().stream()
					.map(e -> e.getExpression() + " " + e.getDiagnostics()).toList()).isEmpty();
		}
		Bundle first = RegistryRowMapper.map(rows.get(0)).bundle();
		Patient patient = only(first, Patient.class);
		assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("SITE-A/A-001");
		assertThat(first.getEntry()).filteredOn(e -> e.getResource() instanceof Patient)
				.singleElement().satisfies(e -> assertThat(e.getRequest().getUrl())
						.isEqualTo("Patient?identifier=" + ca.uhn.fhir.util.UrlUtil.escapeUrlParam(
								RegistryRowMapper.PATIENT_SYSTEM + "|SITE-A/A-001")));
		assertThat(resources(first, MedicationAdministration.class)).hasSize(4);
		assertThat(only(first, Procedure.class).getExtensionByUrl("https://mesofhir.org/fhir/StructureDefinition/hipec")
				.getExtensionByUrl("performed").getValue().primitiveValue()).isEqualTo("true");
		// a dead patient: deceasedDateTime and a vital status valued dead on the death date
		Bundle second = RegistryRowMapper.map(rows.get(1)).bundle();
		assertThat(only(second, Patient.class).getDeceasedDateTimeType().getValueAsString()).isEqualTo("2019-02-11");
		assertThat(resources(second, Observation.class)).anySatisfy(o -> {
			assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("75186-7");
			assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2019-02-11");
		});
		// the row without a surgery deletes what an earlier import may have stored for one
		Bundle chemoOnly = RegistryRowMapper.map(rows.get(3)).bundle();
		assertThat(chemoOnly.getEntry()).filteredOn(e -> e.getRequest().getMethod() == Bundle.HTTPVerb.DELETE)
				.extracting(e -> e.getRequest().getUrl()).anySatisfy(url -> assertThat(url).startsWith("Procedure?identifier="));
	}

	@Test
	void problemsNameTheLineAndTheColumn() {
		String csv = String.join(",", RegistryColumn.headers()) + "\n"
				+ row(Map.of("site", "S1", "patient_id", "P1", "sex", "female", "birth_date", "1960-02-30",
						"diagnosis_date", "2019-01-01", "vital_status", "dead")) + "\n"
				+ row(Map.ofEntries(Map.entry("site", "S1"), Map.entry("patient_id", "P 2"), Map.entry("sex", "x"),
						Map.entry("birth_date", "1960-01-01"), Map.entry("diagnosis_date", "2019-01-01"),
						Map.entry("treatment", "crs-hipec"), Map.entry("surgery_date", "2018-12-01"), Map.entry("pci", "10"),
						Map.entry("pci_0", "3"), Map.entry("last_followup_date", "2020-01-01"), Map.entry("vital_status", "alive"))) + "\n";
		List<RegistryRow> rows = RegistryCsv.parse(csv);
		assertThat(RegistryRowMapper.map(rows.get(0)).problems())
				.extracting(RegistryRow.Problem::line, RegistryRow.Problem::column)
				.containsExactlyInAnyOrder(
						org.assertj.core.groups.Tuple.tuple(2L, "birth_date"),
						org.assertj.core.groups.Tuple.tuple(2L, "death_date"));
		RegistryRowMapper.Result second = RegistryRowMapper.map(rows.get(1));
		assertThat(second.bundle()).isNull();
		assertThat(second.problems()).extracting(RegistryRow.Problem::column)
				.contains("patient_id", "sex", "surgery_date", "hipec_drug", "pci_0");
		assertThat(second.problems()).allSatisfy(p -> assertThat(p.line()).isEqualTo(3));
		assertThat(second.problems()).filteredOn(p -> p.column().equals("surgery_date"))
				.singleElement().satisfies(p -> assertThat(p.message()).contains("before diagnosis_date"));
	}

	@Test
	void pciRegionsMustAddUpToTheTotal() {
		Map<String, String> cells = new java.util.HashMap<>(Map.of("site", "S1", "patient_id", "P3", "sex", "male",
				"birth_date", "1960-01-01", "diagnosis_date", "2019-01-01", "surgery_date", "2019-02-01", "pci", "12",
				"last_followup_date", "2020-01-01", "vital_status", "alive"));
		for (int region = 0; region < 13; region++) {
			cells.put("pci_" + region, "1");
		}
		assertThat(RegistryRowMapper.map(new RegistryRow(7, cells)).problems()).singleElement().satisfies(p -> {
			assertThat(p.column()).isEqualTo("pci");
			assertThat(p.message()).contains("13");
		});
		cells.put("pci", "13");
		assertThat(RegistryRowMapper.map(new RegistryRow(7, cells)).problems()).isEmpty();
		// a bare total (what most registries hold) makes an mpem-pci Observation without region components
		for (int region = 0; region < 13; region++) {
			cells.remove("pci_" + region);
		}
		RegistryRowMapper.Result totalOnly = RegistryRowMapper.map(new RegistryRow(7, cells));
		assertThat(totalOnly.problems()).isEmpty();
		assertThat(validator.validateBundleEntries(totalOnly.bundle()).errors()).isEmpty();
		assertThat(totalOnly.bundle().getEntry()).map(Bundle.BundleEntryComponent::getResource)
				.filteredOn(r -> r instanceof Observation o && o.getCode().getCodingFirstRep().getCode().equals("pci"))
				.singleElement()
				.satisfies(r -> {
					assertThat(((Observation) r).getValueIntegerType().getValue()).isEqualTo(13);
					assertThat(((Observation) r).getComponent()).isEmpty();
				});
		cells.remove("pci");
		assertThat(RegistryRowMapper.map(new RegistryRow(7, cells)).problems()).isEmpty();
	}

	@Test
	void headerWithUnknownOrMissingColumnsIsRefused() {
		assertThatThrownBy(() -> RegistryCsv.parse("site,patient_id,sex,birth_date,diagnosis_date,vital_status,progresion_date\n"))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown column 'progresion_date'");
		assertThatThrownBy(() -> RegistryCsv.parse("site,patient_id,sex\n"))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("missing required column 'birth_date'");
	}

	private static String row(Map<String, String> cells) {
		return String.join(",", RegistryColumn.headers().stream().map(h -> cells.getOrDefault(h, "")).toList());
	}

	private static <T> List<T> resources(Bundle bundle, Class<T> type) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
	}

	private static <T> T only(Bundle bundle, Class<T> type) {
		List<T> found = resources(bundle, type);
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static String resource(String path) throws IOException {
		try (InputStream in = RegistryRowMapperTest.class.getResourceAsStream(path)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
