package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BundleJsonShapeTest {

	private static final BundleJsonShape SHAPE = new BundleJsonShape(FhirContext.forR4Cached());

	private static String problemAt(String json) {
		BundleJsonShape.Problem problem = SHAPE.firstProblem(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
		return problem == null ? null : problem.path();
	}

	private static String transaction(String entries) {
		return "{'resourceType':'Bundle','type':'transaction','entry':[" + entries + "]}";
	}

	private static final String POST = "{'fullUrl':'urn:uuid:6f1c2e52-1c1e-4d2c-9d8f-1b2c3d4e5f60','resource':{'resourceType':'Patient',"
			+ "'name':[{'family':'A'}]},'request':{'method':'POST','url':'Patient','ifNoneExist':'identifier=a|b'}}";

	@Test
	void aWellFormedBundleHasNoProblem() {
		assertThat(problemAt(transaction(POST + "," + POST))).isNull();
		assertThat(problemAt("{'resourceType':'Bundle','type':'batch','entry':[{'request':{'method':'GET','url':'Patient/1',"
				+ "'ifModifiedSince':'2024-05-01T10:00:00Z','_url':{'extension':[{'url':'x','valueString':'y'}]}},"
				+ "'extension':[{'url':'https://example.org/x','valueString':'y'}]}],'meta':{'tag':[{'code':'x'}]}}")).isNull();
	}

	@Test
	void namesTheEntryAndElementOfEachWrongJsonKind() {
		assertThat(problemAt(transaction(POST + ",{'resource':null,'request':{'method':'POST','url':'Patient'}}")))
				.isEqualTo("Bundle.entry[1].resource");
		assertThat(problemAt(transaction("{'resource':42,'request':{'method':'POST','url':'Patient'}}"))).isEqualTo("Bundle.entry[0].resource");
		assertThat(problemAt(transaction("{'resource':{},'request':{'method':'POST','url':'Patient'}}"))).isEqualTo("Bundle.entry[0].resource");
		assertThat(problemAt(transaction("{'request':{}}"))).isEqualTo("Bundle.entry[0].request");
		assertThat(problemAt(transaction("{'request':'POST'}"))).isEqualTo("Bundle.entry[0].request");
		assertThat(problemAt(transaction("{'request':{'method':{},'url':'Patient'}}"))).isEqualTo("Bundle.entry[0].request.method");
		assertThat(problemAt(transaction("{'request':{'method':'DELETE','url':[1]}}"))).isEqualTo("Bundle.entry[0].request.url");
		assertThat(problemAt(transaction("{'request':{'method':'POST','url':'Patient','ifNoneExist':{}}}")))
				.isEqualTo("Bundle.entry[0].request.ifNoneExist");
		assertThat(problemAt(transaction("{'fullUrl':42,'request':{'method':'DELETE','url':'Patient/1'}}"))).isEqualTo("Bundle.entry[0].fullUrl");
		assertThat(problemAt(transaction("{'fullUrl':'','request':{'method':'DELETE','url':'Patient/1'}}"))).isEqualTo("Bundle.entry[0].fullUrl");
		assertThat(problemAt(transaction("{'request':{'method':'DELETE','url':'Patient/1','ifModifiedSince':'yesterday'}}")))
				.isEqualTo("Bundle.entry[0].request.ifModifiedSince");
	}

	@Test
	void namesRepeatsDuplicateKeysUnknownElementsAndCodes() {
		assertThat(problemAt(transaction("{'request':{'method':'DELETE','url':'Patient/1'},'request':{'method':'DELETE','url':'Patient/2'}}")))
				.isEqualTo("Bundle.entry[0].request");
		assertThat(problemAt(transaction("{'request':[{'method':'DELETE','url':'Patient/1'}]}"))).isEqualTo("Bundle.entry[0].request");
		assertThat(problemAt(transaction("{'request':{'method':'DELETE','url':'Patient/1','verb':'x'}}"))).isEqualTo("Bundle.entry[0].request.verb");
		assertThat(problemAt(transaction("{'request':{'method':'post','url':'Patient'}}"))).isEqualTo("Bundle.entry[0].request.method");
		assertThat(problemAt("{'resourceType':'Bundle','type':'collection','entry':[" + POST + "]}")).isEqualTo("Bundle.type");
		assertThat(problemAt("{'resourceType':'Bundle','type':'transaction','entry':" + POST + "}")).isEqualTo("Bundle.entry");
		assertThat(problemAt("{'resourceType':'Bundle','type':'transaction','entry':[" + POST + ",null]}")).isEqualTo("Bundle.entry[1]");
		assertThat(problemAt("{'resourceType':'Bundle','type':'transaction','entry':[" + POST + ",{}]}")).isEqualTo("Bundle.entry[1]");
	}

	@Test
	void leavesOtherBodiesToHapi() {
		assertThat(problemAt("{'resourceType':'Patient','request':42}")).isNull();
		assertThat(problemAt("{'resourceType':'Bundle','type':'transaction','entry':[{'request':42")).isNull(); // cut short
		assertThat(problemAt("[1,2]")).isNull();
		// resourceType after the entries: still a Bundle
		assertThat(problemAt("{'type':'transaction','entry':[{'request':42}],'resourceType':'Bundle'}")).isEqualTo("Bundle.entry[0].request");
	}
}
