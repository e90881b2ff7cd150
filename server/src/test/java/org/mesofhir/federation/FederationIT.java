package org.mesofhir.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mesofhir.MesoFhirApplication;
import org.mesofhir.survival.RoundExchange.SiteDropoutException;
import org.mesofhir.survival.SiteFederation;
import org.mesofhir.survival.SiteFederation.FederatedAttempt;
import org.mesofhir.survival.SiteFederation.SiteStatus;
import org.mesofhir.survival.SiteRounds;
import org.mesofhir.survival.stats.Aggregates;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Three MesoFHIR sites on loopback (security off, each its own Spring context and H2 file) and a hub's
 * {@link HttpSiteFederation} over them, plus a site that is down and two that answer garbage: secure
 * aggregation gives the plain sum, and every fault ends as the status the engine reports, never a hang.
 * The sites' survival engine is {@link KnownRounds}, whose answers depend on the site, so sums are known.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {

	private static final String RUN = UUID.randomUUID().toString();
	/** Site c accepts this many analyses per hour from one hub; the rate-limit test runs last. */
	private static final int SITE_C_LIMIT = 8;
	private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(3);

	private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
	private final Map<String, String> bases = new LinkedHashMap<>();
	private final FhirContext fhir = FhirContext.forR4Cached();
	private HttpServer garbage;
	private String deadBase;

	@BeforeAll
	void startSites() throws IOException {
		for (String site : List.of("a", "b", "c")) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(MesoFhirApplication.class, TestSite.class)
					.profiles("it")
					// arguments, so they win over application.yaml (as the command line does)
					.run("--server.port=0", "--mesofhir.data-dir=target/it-data/federation-" + RUN + "-" + site,
							"--spring.datasource.url=jdbc:h2:file:target/it-data/federation-" + RUN + "-" + site + "/mesofhir;DB_CLOSE_ON_EXIT=FALSE",
							"--mesofhir.test.site=" + site,
							"--mesofhir.federation.max-analyses-per-hub-per-hour=" + (site.equals("c") ? SITE_C_LIMIT : 1000));
			contexts.put(site, context);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			bases.put(site, "http://127.0.0.1:" + port + "/fhir");
		}
		try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			deadBase = "http://127.0.0.1:" + free.getLocalPort() + "/fhir"; // nothing listens there once closed
		}
		garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		garbage.createContext("/garbage/", exchange -> answer(exchange, "application/fhir+json", "{\"resourceType\":\"Parameters\", garbage"));
		garbage.createContext("/future/", exchange -> answer(exchange, "application/fhir+json", """
				{"resourceType":"Parameters","parameter":[{"name":"protocol","valueString":"mesofhir-federation/2"}]}"""));
		garbage.createContext("/badround/", this::joinThenAnswerGarbage);
		garbage.start();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
	}

	private static void answer(com.sun.net.httpserver.HttpExchange exchange, String type, String body) throws IOException {
		exchange.getRequestBody().readAllBytes();
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	/**
	 * A site that joins as the protocol says and then answers its rounds wrongly: first JSON cut short, then a part
	 * without its masked words, then HTTP 503 with a text page.
	 */
	private void joinThenAnswerGarbage(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Parameters request = body.trim().startsWith("<") ? fhir.newXmlParser().parseResource(Parameters.class, body)
				: fhir.newJsonParser().parseResource(Parameters.class, body);
		String analysis = request.getParameter("analysis").getValue().primitiveValue();
		String head = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"protocol\",\"valueString\":\""
				+ FederationProtocol.VERSION + "\"},{\"name\":\"analysis\",\"valueString\":\"" + analysis + "\"}";
		if ("join".equals(request.getParameter("step").getValue().primitiveValue())) {
			answer(exchange, "application/fhir+json", head + ",{\"name\":\"publicKey\",\"valueString\":\""
					+ org.mesofhir.federation.secure.MaskingKeys.generate().publicKey() + "\"}]}");
			return;
		}
		int round = ((org.hl7.fhir.r4.model.IntegerType) request.getParameter("round").getValue()).getValue();
		switch (round) {
			case 0 -> answer(exchange, "application/fhir+json", head + ",{\"name\":\"round\",\"valueInteger\":0},{\"name\":\"part\",\"part\":[");
			case 1 -> answer(exchange, "application/fhir+json", head + ",{\"name\":\"round\",\"valueInteger\":1},{\"name\":\"part\",\"part\":["
					+ "{\"name\":\"name\",\"valueString\":\"events\"},{\"name\":\"kind\",\"valueCode\":\"counts\"},"
					+ "{\"name\":\"length\",\"valueInteger\":2}]}]}");
			default -> {
				byte[] page = "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "text/html");
				exchange.sendResponseHeaders(503, page.length);
				exchange.getResponseBody().write(page);
				exchange.close();
			}
		}
	}

	@AfterAll
	void stopSites() {
		if (garbage != null) {
			garbage.stop(0);
		}
		contexts.values().forEach(ConfigurableApplicationContext::close);
	}

	/** A hub over these sites (name = base URL key, or "dead", "garbage", "future"). */
	private HttpSiteFederation hub(String... names) {
		List<FederationProperties.Site> sites = new ArrayList<>();
		for (String name : names) {
			String base = switch (name) {
				case "dead" -> deadBase;
				case "garbage", "future", "badround" -> "http://127.0.0.1:" + garbage.getAddress().getPort() + "/" + name + "/fhir";
				default -> bases.get(name);
			};
			sites.add(new FederationProperties.Site(name, base, "", "", ""));
		}
		return new HttpSiteFederation(fhir, new FederationProperties(sites, Duration.ofSeconds(2), ROUND_TIMEOUT, 5, 60, false, Duration.ofMinutes(30)));
	}

	private static Map<String, String> statuses(FederatedAttempt attempt) {
		Map<String, String> statuses = new LinkedHashMap<>();
		attempt.statuses().forEach(s -> statuses.put(s.name(), s.status()));
		return statuses;
	}

	private static SiteStatus status(FederatedAttempt attempt, String site) {
		return attempt.statuses().stream().filter(s -> s.name().equals(site)).findFirst().orElseThrow();
	}

	@Test
	@Order(1)
	void threeSitesSumToThePlainSumAndOnlyTheSumIsRead() {
		HttpSiteFederation hub = hub("a", "b", "c");
		FederatedAttempt attempt = hub.open(null, hub.siteNames(), "endpoint=OS&stratify=treatment");

		assertThat(statuses(attempt)).containsExactly(Map.entry("a", "ok"), Map.entry("b", "ok"), Map.entry("c", "ok"));
		assertThat(attempt.statuses()).allSatisfy(s -> assertThat(s.patientCount()).as("publish-patient-count is off").isNull());
		for (int scale : new int[] {1, 3}) {
			Aggregates sum = attempt.sum("{\"scale\":" + scale + "}");
			Aggregates plain = Aggregates.sum(List.of(KnownRounds.of("a", scale), KnownRounds.of("b", scale), KnownRounds.of("c", scale)));
			assertThat(sum.part("events").counts()).isEqualTo(plain.part("events").counts());
			assertThat(sum.part("riskSet").sums()).containsExactly(plain.part("riskSet").sums(), org.assertj.core.data.Offset.offset(1e-6));
			for (int i = 0; i < sum.part("riskSet").length(); i++) {
				double expected = plain.part("riskSet").sums()[i];
				assertThat(Math.abs(sum.part("riskSet").sums()[i] - expected)).isLessThanOrEqualTo(1e-12 * Math.abs(expected) + 1e-25);
			}
		}
		hub.stop();
	}

	@Test
	@Order(2)
	void aSiteWhoseCohortIsTooSmallRefusesAndSaysWhy() {
		HttpSiteFederation hub = hub("a", "b", "c");
		FederatedAttempt attempt = hub.open(KnownRounds.SMALL_AT_B, hub.siteNames(), "endpoint=OS");

		assertThat(statuses(attempt)).containsExactly(Map.entry("a", "ok"), Map.entry("b", "refused"), Map.entry("c", "ok"));
		assertThat(status(attempt, "b").detail()).contains("HTTP 422", "fewer than 5 patients", "min-site-cohort");
		Aggregates sum = attempt.sum("{\"scale\":1}");
		assertThat(sum.part("events").counts()).isEqualTo(
				Aggregates.sum(List.of(KnownRounds.of("a", 1), KnownRounds.of("c", 1))).part("events").counts());

		FederatedAttempt unknown = hub.open("https://example.org/cohort|none", List.of("a"), null);
		assertThat(status(unknown, "a").status()).isEqualTo("refused");
		assertThat(status(unknown, "a").detail()).contains("Unknown cohort");
		hub.stop();
	}

	@Test
	@Order(3)
	void aStoppedSiteIsUnreachableAndGarbageOrAnotherVersionIsAnError() {
		HttpSiteFederation hub = hub("a", "dead", "garbage", "future");
		long started = System.nanoTime();
		FederatedAttempt attempt = hub.open(null, hub.siteNames(), null);

		assertThat(statuses(attempt)).containsExactly(Map.entry("a", "ok"), Map.entry("dead", "unreachable"),
				Map.entry("garbage", "error"), Map.entry("future", "error"));
		assertThat(status(attempt, "future").detail()).contains("mesofhir-federation/2", "mesofhir-federation/1");
		assertThat(status(attempt, "garbage").detail()).isNotBlank();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		// the one site that joined answers alone: its answer is the pooled one
		assertThat(attempt.sum("{\"scale\":2}")).isEqualTo(KnownRounds.of("a", 2));
		hub.stop();
	}

	@Test
	@Order(4)
	void aSiteThatJoinsAndThenAnswersGarbageDropsOutOfEachRoundAsAnError() {
		HttpSiteFederation hub = hub("a", "badround");
		FederatedAttempt attempt = hub.open(null, hub.siteNames(), null);
		assertThat(statuses(attempt)).containsExactly(Map.entry("a", "ok"), Map.entry("badround", "ok"));

		for (String said : List.of("could not be parsed", "lacks name, kind, length or masked", "HTTP 503")) {
			assertThatThrownBy(() -> attempt.sum("{\"scale\":1}")).isInstanceOfSatisfying(SiteDropoutException.class, e -> {
				assertThat(e.site()).isEqualTo("badround");
				assertThat(e.getMessage()).contains("error", said, "nothing of this round was unmasked");
			});
		}
		assertThat(status(attempt, "badround").status()).isEqualTo("error");
		hub.stop();
	}

	@Test
	@Order(4)
	void aSiteThatSleepsPastTheRoundTimeoutDropsOutWithoutAHang() {
		HttpSiteFederation hub = hub("a", "b", "c");
		FederatedAttempt attempt = hub.open(null, hub.siteNames(), null);
		long started = System.nanoTime();

		assertThatThrownBy(() -> attempt.sum("{\"scale\":1,\"sleepAt\":\"c\"}"))
				.isInstanceOfSatisfying(SiteDropoutException.class, e -> {
					assertThat(e.site()).isEqualTo("c");
					assertThat(e.getMessage()).contains("timeout", "round 0", "restarts without it");
				});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ROUND_TIMEOUT.plusSeconds(8));
		assertThat(status(attempt, "c").status()).isEqualTo("timeout");

		// a question a site cannot read: a 400 from it, an error at the hub, the round dropped
		FederatedAttempt second = hub.open(null, List.of("a", "b"), null);
		assertThatThrownBy(() -> second.sum("{\"malformed\":true}"))
				.isInstanceOfSatisfying(SiteDropoutException.class, e -> assertThat(e.getMessage()).contains("error", "question"));
		hub.stop();
	}

	@Test
	@Order(5)
	void aRoundAskedInXmlIsAnsweredInXmlWithTheSameParts() {
		IGenericClient site = fhir.newRestfulGenericClient(bases.get("a"));
		site.setEncoding(ca.uhn.fhir.rest.api.EncodingEnum.XML);
		String analysis = "xml-" + RUN;
		Parameters join = new Parameters();
		join.addParameter("step", new StringType("join"));
		join.addParameter("protocol", new StringType(FederationProtocol.VERSION));
		join.addParameter("analysis", new StringType(analysis));
		String key = site.operation().onServer().named("$survival-aggregates").withParameters(join).execute()
				.getParameter("publicKey").getValue().primitiveValue();
		Parameters round = new Parameters();
		round.addParameter("step", new StringType("round"));
		round.addParameter("protocol", new StringType(FederationProtocol.VERSION));
		round.addParameter("analysis", new StringType(analysis));
		round.addParameter("round", new org.hl7.fhir.r4.model.IntegerType(0));
		Parameters.ParametersParameterComponent participant = round.addParameter().setName("participant");
		participant.addPart().setName("site").setValue(new StringType("a"));
		participant.addPart().setName("publicKey").setValue(new StringType(key));
		round.addParameter("question", new StringType("{\"scale\":2}"));

		Parameters answer = site.operation().onServer().named("$survival-aggregates").withParameters(round).execute();

		assertThat(answer.getParameter("protocol").getValue().primitiveValue()).isEqualTo(FederationProtocol.VERSION);
		assertThat(answer.getParameter("round").getValue().primitiveValue()).isEqualTo("0");
		List<org.mesofhir.federation.secure.RingLayout.PartShape> shapes = new ArrayList<>();
		List<byte[]> bytes = new ArrayList<>();
		for (Parameters.ParametersParameterComponent part : answer.getParameters("part")) {
			java.util.function.Function<String, org.hl7.fhir.r4.model.Type> field = name -> part.getPart().stream()
					.filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getValue();
			shapes.add(new org.mesofhir.federation.secure.RingLayout.PartShape(field.apply("name").primitiveValue(),
					field.apply("kind").primitiveValue().equals("counts"), ((org.hl7.fhir.r4.model.IntegerType) field.apply("length")).getValue()));
			bytes.add(((org.hl7.fhir.r4.model.Base64BinaryType) field.apply("masked")).getValue());
		}
		// one participant: nothing to mask against, the answer is the site's own encoding
		assertThat(org.mesofhir.federation.secure.SecureAggregation.unmaskSum(List.of(new org.mesofhir.federation.secure.MaskedAggregates(
				new org.mesofhir.federation.secure.RingLayout(shapes), bytes)))).isEqualTo(KnownRounds.of("a", 2));
	}

	@Test
	@Order(5)
	void aSiteAnswersOnlyTheProtocolAndNamesTheParameterAtFault() {
		IGenericClient site = fhir.newRestfulGenericClient(bases.get("a"));
		Parameters noAnalysis = new Parameters();
		noAnalysis.addParameter("step", new StringType("join"));
		noAnalysis.addParameter("protocol", new StringType(FederationProtocol.VERSION));

		assertThatThrownBy(() -> site.operation().onServer().named("$survival-aggregates").withParameters(noAnalysis).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(400);
					assertThat(((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("analysis");
				});

		Parameters roundOfNothing = new Parameters();
		roundOfNothing.addParameter("step", new StringType("round"));
		roundOfNothing.addParameter("protocol", new StringType(FederationProtocol.VERSION));
		roundOfNothing.addParameter("analysis", new StringType("never-joined"));
		roundOfNothing.addParameter("round", new org.hl7.fhir.r4.model.IntegerType(0));
		Parameters.ParametersParameterComponent participant = roundOfNothing.addParameter().setName("participant");
		participant.addPart().setName("site").setValue(new StringType("a"));
		participant.addPart().setName("publicKey").setValue(new StringType(org.mesofhir.federation.secure.MaskingKeys.generate().publicKey()));
		roundOfNothing.addParameter("question", new StringType("{}"));
		assertThatThrownBy(() -> site.operation().onServer().named("$survival-aggregates").withParameters(roundOfNothing).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> assertThat(e.getStatusCode()).isEqualTo(422));
	}

	@Test
	@Order(6)
	void aGroupLevelJoinAnalysesThatGroupByItsIdentifier() {
		IGenericClient site = fhir.newRestfulGenericClient(bases.get("a"));
		Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(true);
		cohort.addIdentifier().setSystem("https://example.org/cohort").setValue("crs-hipec");
		String id = site.create().resource(cohort).execute().getId().getIdPart();
		Parameters join = new Parameters();
		join.addParameter("step", new StringType("join"));
		join.addParameter("protocol", new StringType(FederationProtocol.VERSION));
		join.addParameter("analysis", new StringType("group-" + RUN));

		Parameters answer = site.operation().onInstance("Group/" + id).named("$survival-aggregates").withParameters(join).execute();

		assertThat(answer.getParameter("publicKey").getValue().primitiveValue()).satisfies(key ->
				assertThat(org.mesofhir.federation.secure.MaskingKeys.isPublicKey(key)).isTrue());
		assertThat(contexts.get("a").getBean(KnownRounds.class).cohortsAsked).contains("https://example.org/cohort|crs-hipec");
	}

	@Test
	@Order(7)
	void theOperationIsPublishedAndEveryRequestIsAuditedAtTheSite() throws InterruptedException {
		IGenericClient a = fhir.newRestfulGenericClient(bases.get("a"));
		Bundle definitions = a.search().forResource(OperationDefinition.class)
				.where(OperationDefinition.URL.matches().value(FederationProtocol.DEFINITION)).returnBundle(Bundle.class).execute();
		assertThat(definitions.getEntry()).hasSize(1);
		OperationDefinition definition = (OperationDefinition) definitions.getEntryFirstRep().getResource();
		assertThat(definition.getParameter()).extracting(OperationDefinition.OperationDefinitionParameterComponent::getName)
				.contains("step", "analysis", "participant", "question", "publicKey", "part");
		CapabilityStatement capabilities = a.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getOperation()).anySatisfy(op -> {
			assertThat(op.getName()).isEqualTo("survival-aggregates");
			assertThat(op.getDefinition()).isEqualTo(FederationProtocol.DEFINITION);
		});

		List<AuditEvent> atA = auditEvents("a", 4);
		assertThat(atA).anySatisfy(event -> {
			assertThat(event.getAgentFirstRep().getName()).isEqualTo("anonymous");
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
			assertThat(details(event)).containsEntry("step", "join").containsEntry("parameters", "endpoint=OS&stratify=treatment");
		});
		assertThat(atA).anySatisfy(event -> assertThat(details(event)).containsEntry("step", "round").containsKey("round"));
		assertThat(auditEvents("b", 1)).anySatisfy(event -> {
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
			assertThat(event.getOutcomeDesc()).contains("422", "fewer than 5 patients");
			assertThat(details(event)).containsEntry("cohort", KnownRounds.SMALL_AT_B);
		});
	}

	private List<AuditEvent> auditEvents(String site, int atLeast) throws InterruptedException {
		IGenericClient client = fhir.newRestfulGenericClient(bases.get(site));
		List<AuditEvent> events = List.of();
		for (int attempt = 0; attempt < 50 && events.size() < atLeast; attempt++) {
			Bundle found = client.search().forResource(AuditEvent.class)
					.where(AuditEvent.ENTITY_NAME.matchesExactly().value("$survival-aggregates")).count(200)
					.returnBundle(Bundle.class).execute();
			events = found.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
			if (events.size() < atLeast) {
				Thread.sleep(200); // stored off the request path
			}
		}
		return events;
	}

	private static Map<String, String> details(AuditEvent event) {
		Map<String, String> details = new LinkedHashMap<>();
		event.getEntityFirstRep().getDetail().forEach(d -> details.put(d.getType(), d.getValue().primitiveValue()));
		return details;
	}

	@Test
	@Order(99)
	void aHubOverTheRateLimitIsRefusedWith429() {
		HttpSiteFederation hub = hub("c");
		SiteStatus refused = null;
		for (int i = 0; i <= SITE_C_LIMIT && refused == null; i++) {
			SiteStatus status = status(hub.open(null, List.of("c"), null), "c");
			if (!status.ok()) {
				refused = status;
			}
		}

		assertThat(refused).isNotNull();
		assertThat(refused.status()).isEqualTo("refused");
		assertThat(refused.detail()).contains("HTTP 429", "at most " + SITE_C_LIMIT + " federated analyses per hub per hour");
		hub.stop();
	}

	/** What each site's context adds to the application (a plain class: no component scan finds it). */
	static class TestSite {
		@Bean
		@Primary
		KnownRounds knownRounds(Environment environment) {
			return new KnownRounds(environment);
		}
	}

	/**
	 * The sites' engine in this test: aggregates that depend on the site ({@code mesofhir.test.site}) and the
	 * question's {@code scale}; a cohort of 3 patients at site b for {@link #SMALL_AT_B}, 100 elsewhere; sleeps past
	 * the round timeout at the site named by {@code sleepAt}; refuses a question without {@code scale}.
	 */
	static class KnownRounds implements SiteRounds {

		static final String SMALL_AT_B = "https://example.org/cohort|small-at-b";
		final List<String> cohortsAsked = java.util.Collections.synchronizedList(new ArrayList<>());
		private final String site;

		KnownRounds(Environment environment) {
			this.site = environment.getRequiredProperty("mesofhir.test.site");
		}

		static Aggregates of(String site, int scale) {
			int k = site.charAt(0) - 'a' + 1;
			return new Aggregates(List.of(
					Aggregates.Part.counts("events", new long[] {k * scale, 2L * k * scale, 0, -k}),
					Aggregates.Part.sums("riskSet", new double[] {k * 1e6 / 3 * scale, -k * 0.1, k * 1e-9, 0})));
		}

		@Override
		public int cohortSize(String cohort) {
			cohortsAsked.add(String.valueOf(cohort));
			if ("https://example.org/cohort|none".equals(cohort)) {
				throw new UnknownCohortException("no Group has the identifier " + cohort);
			}
			return SMALL_AT_B.equals(cohort) && site.equals("b") ? 3 : 100;
		}

		@Override
		public Aggregates answer(String cohort, String round) {
			java.util.regex.Matcher scale = java.util.regex.Pattern.compile("\"scale\":(\\d+)").matcher(round);
			if (!scale.find()) {
				throw new IllegalArgumentException("the question has no scale");
			}
			if (round.contains("\"sleepAt\":\"" + site + "\"")) {
				try {
					Thread.sleep(ROUND_TIMEOUT.plusSeconds(3).toMillis());
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			return of(site, Integer.parseInt(scale.group(1)));
		}
	}
}
