package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class CharacterCheckTest {

	@Test
	void textWithTabsNewlinesAndAstralCharactersIsAllowed() {
		assertThat(CharacterCheck.allowed("Ünïcödé\tline\r\nnext 😀 שלום")).isTrue();
	}

	@Test
	void controlCharactersAndLoneSurrogatesAreNot() {
		for (String bad : new String[] {"\u0000", "a\u0001b", "\u001B[31m", "\uD800", "x\uDFFF", "\uDBFFx"}) {
			assertThat(CharacterCheck.allowed(bad)).as(bad).isFalse();
		}
	}

	@Test
	void aPatientWithANulInItsIdentifierIsRefusedNamingTheElement() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("https://example.org").setValue("MRN\u0000123");

		assertThatThrownBy(() -> CharacterCheck.check(patient)).isInstanceOfSatisfying(UnprocessableEntityException.class, e ->
				assertThat(((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getExpression().get(0).getValue())
						.isEqualTo("Patient.identifier[0].value"));
	}
}
