package org.mesofhir.cohort;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mesofhir.cohort.AnalysisRecord.EcogAssessment;
import org.mesofhir.cohort.ClinicalFact.Kind;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * MesoFHIR's own two tables beside HAPI's: {@code MFH_FACT} (the facts each stored resource
 * contributes) and {@code MFH_ANALYSIS_RECORD} (one row per patient). Plain JDBC on the server's data
 * source, so writes join the surrounding HAPI transaction.
 */
@Repository
class AnalysisStore implements InitializingBean {

	private static final String RECORD_COLUMNS = "PATIENT_ID, IN_COHORT, GENDER, BIRTH_DATE, SITE, DIAGNOSIS_DATE,"
			+ " HISTOLOGY, SURGERY_DATE, SURGERY_HIPEC, FIRST_CHEMO_DATE, FIRST_SYSTEMIC_CHEMO_DATE, DEATH_DATE,"
			+ " LAST_CONTACT_DATE, PCI, CC_SCORE, PROGRESSION_DATES, ECOG";

	private static final int LOCK_STRIPES = 64;
	/** Width of MFH_FACT.CODE and MFH_ANALYSIS_RECORD.SITE. */
	static final int MAX_CODE_LENGTH = 200;

	private final JdbcTemplate jdbc;

	AnalysisStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void afterPropertiesSet() {
		createSchema();
	}

	/** Creates the tables when missing; same SQL on H2 and PostgreSQL. */
	void createSchema() {
		jdbc.execute("CREATE TABLE IF NOT EXISTS MFH_FACT (RES_TYPE VARCHAR(40) NOT NULL, RES_ID VARCHAR(100) NOT NULL,"
				+ " KIND VARCHAR(20) NOT NULL, PATIENT_ID VARCHAR(100), FACT_DATE DATE, NUM DOUBLE PRECISION,"
				+ " CODE VARCHAR(200), REF VARCHAR(100))");
		jdbc.execute("CREATE INDEX IF NOT EXISTS MFH_FACT_RES ON MFH_FACT (RES_TYPE, RES_ID)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS MFH_FACT_PATIENT ON MFH_FACT (PATIENT_ID)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS MFH_FACT_REF ON MFH_FACT (KIND, REF)");
		jdbc.execute("CREATE TABLE IF NOT EXISTS MFH_ANALYSIS_RECORD (PATIENT_ID VARCHAR(100) PRIMARY KEY,"
				+ " IN_COHORT BOOLEAN NOT NULL, GENDER VARCHAR(20), BIRTH_DATE DATE, SITE VARCHAR(200),"
				+ " DIAGNOSIS_DATE DATE, HISTOLOGY VARCHAR(20), SURGERY_DATE DATE, SURGERY_HIPEC BOOLEAN NOT NULL,"
				+ " FIRST_CHEMO_DATE DATE, FIRST_SYSTEMIC_CHEMO_DATE DATE, DEATH_DATE DATE, LAST_CONTACT_DATE DATE,"
				+ " PCI INTEGER, CC_SCORE VARCHAR(10), PROGRESSION_DATES VARCHAR(60000), ECOG VARCHAR(60000))");
		jdbc.execute("CREATE TABLE IF NOT EXISTS MFH_PATIENT_LOCK (STRIPE INTEGER PRIMARY KEY)");
		for (int stripe = 0; stripe < LOCK_STRIPES; stripe++) {
			jdbc.update("INSERT INTO MFH_PATIENT_LOCK (STRIPE) SELECT ? WHERE NOT EXISTS"
					+ " (SELECT 1 FROM MFH_PATIENT_LOCK WHERE STRIPE = ?)", stripe, stripe);
		}
	}

	/**
	 * Locks the given patients' records until the current transaction ends (row locks on a fixed set of
	 * stripes, taken in stripe order, so two writers never wait on each other in a cycle). A transaction
	 * that rebuilds a record holds its lock while it reads the facts, so a concurrent writer of the same
	 * patient reads them only after this one has committed: the last record written saw every fact.
	 */
	void lockPatients(Collection<String> patientIds) {
		patientIds.stream().map(AnalysisStore::stripe).distinct().sorted().forEach(this::lockStripe);
	}

	/** Locks every patient: for a full rebuild. */
	void lockAllPatients() {
		for (int stripe = 0; stripe < LOCK_STRIPES; stripe++) {
			lockStripe(stripe);
		}
	}

	private void lockStripe(int stripe) {
		jdbc.queryForList("SELECT STRIPE FROM MFH_PATIENT_LOCK WHERE STRIPE = ? FOR UPDATE", Integer.class, stripe);
	}

	private static int stripe(String patientId) {
		return Math.floorMod(patientId.hashCode(), LOCK_STRIPES);
	}

	/** The patients whose records the resource's current facts feed. */
	List<String> patientsOfResource(String type, String id) {
		return jdbc.queryForList("SELECT DISTINCT PATIENT_ID FROM MFH_FACT WHERE RES_TYPE = ? AND RES_ID = ?"
				+ " AND PATIENT_ID IS NOT NULL", String.class, type, id);
	}

	/** Patients whose managing organization is {@code organizationId}. */
	List<String> patientsOfSite(String organizationId) {
		return jdbc.queryForList("SELECT DISTINCT PATIENT_ID FROM MFH_FACT WHERE KIND = ? AND REF = ?",
				String.class, Kind.PATIENT.name(), organizationId);
	}

	void replaceFacts(String type, String id, List<ClinicalFact> facts) {
		jdbc.update("DELETE FROM MFH_FACT WHERE RES_TYPE = ? AND RES_ID = ?", type, id);
		insertFacts(type, facts);
	}

	void insertFacts(String type, List<ClinicalFact> facts) {
		if (facts.isEmpty()) {
			return;
		}
		jdbc.batchUpdate("INSERT INTO MFH_FACT (RES_TYPE, RES_ID, KIND, PATIENT_ID, FACT_DATE, NUM, CODE, REF)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", facts, facts.size(), (ps, f) -> {
					ps.setString(1, type);
					ps.setString(2, f.resourceId());
					ps.setString(3, f.kind().name());
					ps.setString(4, f.patientId());
					ps.setDate(5, f.date() == null ? null : Date.valueOf(f.date()));
					ps.setObject(6, f.number());
					ps.setString(7, f.code());
					ps.setString(8, f.reference());
				});
	}

	List<ClinicalFact> factsOfPatient(String patientId) {
		return jdbc.query("SELECT RES_ID, KIND, PATIENT_ID, FACT_DATE, NUM, CODE, REF FROM MFH_FACT WHERE PATIENT_ID = ?",
				AnalysisStore::fact, patientId);
	}

	List<ClinicalFact> allPatientFacts() {
		return jdbc.query("SELECT RES_ID, KIND, PATIENT_ID, FACT_DATE, NUM, CODE, REF FROM MFH_FACT"
				+ " WHERE PATIENT_ID IS NOT NULL", AnalysisStore::fact);
	}

	Map<String, String> siteCodes() {
		Map<String, String> codes = new HashMap<>();
		jdbc.query("SELECT RES_ID, CODE FROM MFH_FACT WHERE KIND = 'SITE'", rs -> {
			codes.put(rs.getString(1), rs.getString(2));
		});
		return codes;
	}

	Map<String, String> siteCodes(Collection<String> organizationIds) {
		Map<String, String> codes = new HashMap<>();
		for (String id : organizationIds) {
			jdbc.query("SELECT RES_ID, CODE FROM MFH_FACT WHERE KIND = 'SITE' AND RES_ID = ?",
					rs -> {
						codes.put(rs.getString(1), rs.getString(2));
					}, id);
		}
		return codes;
	}

	void saveRecord(AnalysisRecord r) {
		jdbc.update("DELETE FROM MFH_ANALYSIS_RECORD WHERE PATIENT_ID = ?", r.patientId());
		insertRecords(List.of(r));
	}

	void insertRecords(List<AnalysisRecord> records) {
		jdbc.batchUpdate("INSERT INTO MFH_ANALYSIS_RECORD (" + RECORD_COLUMNS + ")"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records, 500, (ps, r) -> {
					ps.setString(1, r.patientId());
					ps.setBoolean(2, r.inCohort());
					ps.setString(3, r.gender());
					ps.setDate(4, sqlDate(r.birthDate()));
					ps.setString(5, r.site());
					ps.setDate(6, sqlDate(r.diagnosisDate()));
					ps.setString(7, r.histology());
					ps.setDate(8, sqlDate(r.surgeryDate()));
					ps.setBoolean(9, r.surgeryWithHipec());
					ps.setDate(10, sqlDate(r.firstChemotherapyDate()));
					ps.setDate(11, sqlDate(r.firstSystemicChemotherapyDate()));
					ps.setDate(12, sqlDate(r.deathDate()));
					ps.setDate(13, sqlDate(r.lastContactDate()));
					ps.setObject(14, r.pci());
					ps.setString(15, r.ccScore());
					ps.setString(16, String.join(",", r.progressionDates().stream().map(LocalDate::toString).toList()));
					ps.setString(17, String.join(",", r.ecog().stream().map(e -> e.date() + "=" + e.value()).toList()));
				});
	}

	void deleteRecord(String patientId) {
		jdbc.update("DELETE FROM MFH_ANALYSIS_RECORD WHERE PATIENT_ID = ?", patientId);
	}

	void deleteEverything() {
		jdbc.update("DELETE FROM MFH_FACT");
		jdbc.update("DELETE FROM MFH_ANALYSIS_RECORD");
	}

	List<AnalysisRecord> allRecords() {
		return jdbc.query("SELECT " + RECORD_COLUMNS + " FROM MFH_ANALYSIS_RECORD", AnalysisStore::record);
	}

	private static ClinicalFact fact(ResultSet rs, int row) throws SQLException {
		double value = rs.getDouble("NUM");
		Double number = rs.wasNull() ? null : value;
		return new ClinicalFact(rs.getString("RES_ID"), Kind.valueOf(rs.getString("KIND")), rs.getString("PATIENT_ID"),
				localDate(rs.getDate("FACT_DATE")), number, rs.getString("CODE"), rs.getString("REF"));
	}

	private static AnalysisRecord record(ResultSet rs, int row) throws SQLException {
		int pci = rs.getInt("PCI");
		Integer pciOrNull = rs.wasNull() ? null : pci;
		return new AnalysisRecord(
				rs.getString("PATIENT_ID"),
				rs.getBoolean("IN_COHORT"),
				rs.getString("GENDER"),
				localDate(rs.getDate("BIRTH_DATE")),
				rs.getString("SITE"),
				localDate(rs.getDate("DIAGNOSIS_DATE")),
				rs.getString("HISTOLOGY"),
				localDate(rs.getDate("SURGERY_DATE")),
				rs.getBoolean("SURGERY_HIPEC"),
				localDate(rs.getDate("FIRST_CHEMO_DATE")),
				localDate(rs.getDate("FIRST_SYSTEMIC_CHEMO_DATE")),
				localDate(rs.getDate("DEATH_DATE")),
				localDate(rs.getDate("LAST_CONTACT_DATE")),
				pciOrNull,
				rs.getString("CC_SCORE"),
				dates(rs.getString("PROGRESSION_DATES")),
				ecog(rs.getString("ECOG")));
	}

	private static List<LocalDate> dates(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(text.split(",")).map(LocalDate::parse).toList();
	}

	private static List<EcogAssessment> ecog(String text) {
		if (text == null || text.isEmpty()) {
			return List.of();
		}
		List<EcogAssessment> values = new ArrayList<>();
		for (String pair : text.split(",")) {
			int eq = pair.indexOf('=');
			values.add(new EcogAssessment(LocalDate.parse(pair.substring(0, eq)), Integer.parseInt(pair.substring(eq + 1))));
		}
		return values;
	}

	private static Date sqlDate(LocalDate date) {
		return date == null ? null : Date.valueOf(date);
	}

	private static LocalDate localDate(Date date) {
		return date == null ? null : date.toLocalDate();
	}
}
