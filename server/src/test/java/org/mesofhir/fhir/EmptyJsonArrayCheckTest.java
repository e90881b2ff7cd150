package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmptyJsonArrayCheckTest {

	private static String emptyAt(String json) {
		return EmptyJsonArrayCheck.firstEmptyArray(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void namesTheFirstEmptyArrayByItsPath() {
		assertThat(emptyAt("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"code\":[]}}]}"))
				.isEqualTo("entry.resource.code");
		assertThat(emptyAt("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[]}]}")).isEqualTo("name.given");
	}

	@Test
	void acceptsArraysWithValuesAndLeavesMalformedJsonToTheParser() {
		assertThat(emptyAt("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"A\"]}],\"note\":\"[]\"}")).isNull();
		assertThat(emptyAt("{\"resourceType\":\"Patient\",\"name\":[")).isNull();
	}
}
