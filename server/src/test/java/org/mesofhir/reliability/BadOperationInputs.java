package org.mesofhir.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.mesofhir.reliability.BadInputCase.rejected;
import static org.mesofhir.reliability.BadInputCases.JSON;
import static org.mesofhir.reliability.BadInputCases.escape;

import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mesofhir.reliability.BadInputCase.Expect;

/** The bad-input cases aimed at searches, {@code $survival} and {@code $import-registry} (see {@link BadInputCases}). */
final class BadOperationInputs {

	private BadOperationInputs() {}

	/** Odd values in searches: typed parameters refuse them (400); string and token values simply match nothing. */
	static List<BadInputCase> searches(String[] injections) {
		List<BadInputCase> cases = new ArrayList<>();
		String[] matchNothing = {"Patient?name=", "Patient?family=", "Patient?identifier=", "Patient?identifier=https://x.org%7C",
			"Observation?code=", "Condition?code=http://hl7.org/fhir/sid/icd-10%7C", "Organization?name="};
		String[] refuse = {"Patient?birthdate=", "Observation?date=", "Observation?value-quantity=", "Patient?_count=",
			"Patient?_sort=", "Patient?_include=", "Patient?_lastUpdated=", "Patient?_filter="};
		for (String injection : injections) {
			String value = encode(injection);
			for (String search : matchNothing) {
				cases.add(new BadInputCase("injection-search", search + escape(injection), "GET", "/" + search + value, null, null,
						false, Expect.EMPTY_SEARCH));
			}
			for (String search : refuse) {
				cases.add(rejected("injection-search", search + escape(injection), "GET", "/" + search + value, null, null));
			}
			cases.add(rejected("injection-search", "parameter named " + escape(injection), "GET", "/Patient?" + value + "=1", null, null));
		}
		return cases;
	}

	/** Values {@code $survival} does not allow, per parameter; sent as GET and as a POSTed Parameters. */
	static List<BadInputCase> survival(String groupId) {
		Map<String, List<String>> bad = new LinkedHashMap<>();
		bad.put("endpoint", List.of("DFS", "overall", "1", "OS;PFS"));
		bad.put("origin", List.of("birth", "death", "surgery2"));
		bad.put("stratify", List.of("age", "ecog", "pci", "height", "sex,site"));
		bad.put("covariate", List.of("height", "age,height", "treatment=crs"));
		bad.put("timeUnit", List.of("days", "fortnight", "hour", "months"));
		bad.put("at", List.of("abc", "-1", "NaN", "Infinity", "1,2", "+3"));
		bad.put("tau", List.of("0", "-5", "abc", "NaN"));
		bad.put("confType", List.of("linear", "logit", "arcsin"));
		bad.put("confLevel", List.of("0", "1", "1.5", "-0.5", "abc", "95"));
		bad.put("ties", List.of("exact", "breslow2"));
		bad.put("cutoff", List.of("2020-13-01", "2020-02-30", "2020", "2020-01", "tomorrow"));
		bad.put("pciCutoffs", List.of("a,b", "30,10", "10,10", "40", "-1", "10,,20", "10;20"));
		String[] injections = {"'; DROP TABLE MFH_ANALYSIS_RECORD; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1:1/x}", "../../etc/passwd"};
		for (String name : List.of("endpoint", "origin", "stratify", "covariate", "timeUnit", "confType", "ties", "pciCutoffs")) {
			List<String> values = new ArrayList<>(bad.get(name));
			values.addAll(List.of(injections));
			bad.put(name, values);
		}
		List<BadInputCase> cases = new ArrayList<>();
		bad.forEach((name, values) -> {
			for (String value : values) {
				String query = name + "=" + encode(value);
				cases.add(rejected("survival-parameter", "GET " + name + "=" + escape(value), "GET", "/$survival?" + query, null, null));
				cases.add(rejected("survival-parameter", "POST " + name + "=" + escape(value), "POST", "/$survival", JSON,
						parameters(name, value)));
				cases.add(rejected("survival-parameter", "Group GET " + name + "=" + escape(value), "GET",
						"/Group/" + groupId + "/$survival?" + query, null, null));
				cases.add(rejected("survival-parameter", "plot GET " + name + "=" + escape(value), "GET", "/$survival-plot?" + query, null, null));
			}
		});
		cases.add(rejected("survival-parameter", "Group that does not exist", "GET", "/Group/does-not-exist/$survival", null, null));
		cases.add(rejected("survival-parameter", "POST a Patient instead of Parameters", "POST", "/$survival", JSON,
				"{\"resourceType\":\"Patient\"}".getBytes(UTF_8)));
		cases.add(rejected("survival-parameter", "POST a parameter of the wrong type", "POST", "/$survival", JSON,
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"at\",\"valueBoolean\":true}]}".getBytes(UTF_8)));
		return cases;
	}

	private static byte[] parameters(String name, String value) {
		String type = switch (name) {
			case "at", "tau", "confLevel" -> "valueDecimal";
			case "cutoff" -> "valueDate";
			case "pciCutoffs" -> "valueString";
			default -> "valueCode";
		};
		boolean number = type.equals("valueDecimal") && value.matches("-?[0-9.]+");
		String json = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"" + name + "\",\"" + type + "\":"
				+ (number ? value : quoted(value)) + "}]}";
		return json.getBytes(UTF_8);
	}

	static final String HEADER = "site,patient_id,sex,birth_date,diagnosis_date,histology,ecog,treatment,surgery_date,pci,"
			+ "pci_0,pci_1,pci_2,pci_3,pci_4,pci_5,pci_6,pci_7,pci_8,pci_9,pci_10,pci_11,pci_12,cc,hipec_drug,"
			+ "hipec_temperature,hipec_duration,chemo_regimen,chemo_start,chemo_end,progression_date,last_followup_date,vital_status,death_date";
	static final String ROW = "BADREG,{id},female,1962-05-17,2016-03-02,epithelioid,0,crs-hipec,2016-04-11,14,2,1,1,0,1,2,3,1,0,1,0,1,1,"
			+ "CC-0,cisplatin+doxorubicin,42,90,cisplatin+pemetrexed,2016-06-01,2016-09-15,2019-08-20,2024-11-30,alive,";

	/** Registry files: a bad header refuses the file (400); a bad row is reported and nothing of it stored. */
	static List<BadInputCase> registry() {
		List<BadInputCase> cases = new ArrayList<>();
		String[] badFiles = {"", "\n\n", "site,patient_id\n", HEADER.replace("sex", "gender") + "\n",
			HEADER.replace(",death_date", "") + "\n", HEADER + ",favourite_colour\n", HEADER.replace("site", "Site") + "\n",
			HEADER + ",site\n", "\"unterminated\n", "\u0000\u0001\u0002", "site;patient_id;sex\nA;1;female\n",
			"<html><body>not csv</body></html>"};
		for (String file : badFiles) {
			cases.add(rejected("registry-csv", "file " + BadInputCases.abbreviate(file), "POST", "/$import-registry", "text/csv", file.getBytes(UTF_8)));
		}
		cases.add(rejected("registry-csv", "CSV sent as JSON", "POST", "/$import-registry", JSON, (HEADER + "\n").getBytes(UTF_8)));
		String[][] cells = {{"sex", "banana"}, {"sex", ""}, {"birth_date", "1962-02-30"}, {"birth_date", "17/05/1962"},
			{"diagnosis_date", "1950-01-01"}, {"diagnosis_date", ""}, {"histology", "adenocarcinoma"}, {"ecog", "6"},
			{"ecog", "abc"}, {"treatment", "surgery"}, {"surgery_date", ""}, {"pci", "40"}, {"pci_3", "4"}, {"pci", "15"},
			{"pci_12", ""}, {"cc", "CC-5"}, {"hipec_drug", "aspirin"}, {"hipec_temperature", "50"}, {"hipec_duration", "0"},
			{"chemo_regimen", "aspirin"}, {"chemo_start", "2016-13-01"}, {"vital_status", "zombie"}, {"vital_status", "dead"},
			{"last_followup_date", ""}, {"site", "bad site!"}, {"patient_id", "a/b"}, {"site", ""}, {"patient_id", ""},
			{"hipec_temperature", "abc"}, {"chemo_end", "2015-01-01"}, {"progression_date", "tomorrow"}};
		String[] header = HEADER.split(",");
		int serial = 0;
		for (String[] cell : cells) {
			cases.add(registryRow(header, cell[0], cell[1], ++serial, Expect.ROWS_REPORTED));
		}
		for (String injection : new String[] {"'; DROP TABLE HFJ_RESOURCE; --", "=cmd|' /C calc'!A0", "<script>x</script>", "${jndi:ldap://x}"}) {
			for (String column : new String[] {"site", "patient_id", "sex", "histology", "cc", "hipec_drug"}) {
				cases.add(registryRow(header, column, injection, ++serial, Expect.ROWS_REPORTED));
			}
		}
		return cases;
	}

	private static BadInputCase registryRow(String[] header, String column, String value, int serial, Expect expect) {
		String[] row = ROW.replace("{id}", "BADREG-" + serial).split(",", -1);
		for (int i = 0; i < header.length; i++) {
			if (header[i].equals(column)) {
				row[i] = value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
			}
		}
		String file = HEADER + "\n" + String.join(",", row) + "\n";
		return new BadInputCase("registry-csv", "row with " + column + "=" + escape(value), "POST", "/$import-registry",
				"text/csv", file.getBytes(UTF_8), false, expect);
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static String encode(String value) {
		return URLEncoder.encode(value, UTF_8).replace("+", "%20");
	}
}
