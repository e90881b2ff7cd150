package org.mesofhir.federation;

import static org.mesofhir.federation.FederationProtocol.*;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.gclient.IOperationUntypedWithInput;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import jakarta.annotation.PreDestroy;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.mesofhir.federation.secure.MaskedAggregates;
import org.mesofhir.federation.secure.MaskingKeys;
import org.mesofhir.federation.secure.Participant;
import org.mesofhir.federation.secure.RingLayout;
import org.mesofhir.federation.secure.SecureAggregation;
import org.mesofhir.survival.SiteFederation;
import org.mesofhir.survival.stats.Aggregates;
import org.springframework.stereotype.Component;

/**
 * The hub's side of the federation transport: {@code $survival-aggregates} at each configured site, through
 * HAPI's generic client, with the hub's OAuth2 token at that site's issuer (none for a security-off site),
 * connect and read timeouts, every site of a step asked in parallel. {@link #open} joins the sites (each
 * answers a fresh public key); {@link FederatedAttempt#sum} relays one round's question and the participants'
 * keys to every site that joined, adds their masked answers in the ring and reads only the sum.
 */
@Component
class HttpSiteFederation implements SiteFederation {

	private final FederationProperties properties;
	private final Map<String, SiteClient> sites = new LinkedHashMap<>();
	private final ExecutorService calls;
	/**
	 * Longest a step may take at one site: connect plus read. Enforced here, on the call's future, because the
	 * client's socket timeout was seen not to end a wait for an answer that never starts (HAPI 8.8, Apache
	 * HttpClient 4): the hub stops waiting at the deadline whatever the socket does.
	 */
	private final Duration deadline;
	private final RoundTransport rounds;

	HttpSiteFederation(FhirContext fhir, FederationProperties properties) {
		this.properties = properties;
		this.deadline = properties.connectTimeout().plus(properties.roundTimeout());
		ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhir);
		factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
		factory.setConnectTimeout((int) properties.connectTimeout().toMillis());
		factory.setConnectionRequestTimeout((int) properties.connectTimeout().toMillis());
		factory.setSocketTimeout((int) properties.roundTimeout().toMillis());
		this.rounds = new RoundTransport(fhir, properties.connectTimeout(), properties.roundTimeout());
		HttpClient tokenHttp = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
		for (FederationProperties.Site site : properties.sites()) {
			ClientCredentialsToken token = site.secured()
					? new ClientCredentialsToken(site.tokenUri(), site.clientId(), site.clientSecret(), tokenHttp, properties.roundTimeout(), Clock.systemUTC())
					: null;
			sites.put(site.name(), new SiteClient(site.name(), site.baseUrl(), factory.newGenericClient(site.baseUrl()), token, rounds));
		}
		AtomicInteger threads = new AtomicInteger();
		this.calls = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "federation-call-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@PreDestroy
	void stop() {
		calls.shutdownNow();
	}

	@Override
	public List<String> siteNames() {
		return List.copyOf(sites.keySet());
	}

	@Override
	public FederatedAttempt open(String cohort, List<String> names, String parameters) {
		String analysis = UUID.randomUUID().toString();
		Map<String, CompletableFuture<Parameters>> joins = new LinkedHashMap<>();
		for (String name : names) {
			SiteClient site = sites.get(name);
			joins.put(name, site == null ? CompletableFuture.failedFuture(new SiteFailures.ProtocolViolation("not a configured site"))
					: call(site, joinRequest(analysis, cohort, parameters)));
		}
		List<SiteStatus> statuses = new ArrayList<>();
		List<Participant> participants = new ArrayList<>();
		joins.forEach((name, join) -> {
			try {
				Parameters answer = await(join);
				expect(answer, analysis);
				String key = value(answer, PUBLIC_KEY);
				if (key == null || !MaskingKeys.isPublicKey(key)) {
					throw new SiteFailures.ProtocolViolation("the site's join answer has no X25519 public key");
				}
				Integer patients = answer.getParameter(PATIENTS) != null && answer.getParameter(PATIENTS).getValue() instanceof IntegerType n
						? n.getValue() : null;
				participants.add(new Participant(name, key));
				statuses.add(new SiteStatus(name, "ok", null, patients));
			} catch (RuntimeException failed) {
				SiteFailures.Failure failure = SiteFailures.classify(failed, properties.roundTimeout());
				statuses.add(new SiteStatus(name, failure.status(), failure.detail(), null));
			}
		});
		return new HttpAttempt(analysis, participants, statuses);
	}

	private static Parameters joinRequest(String analysis, String cohort, String parameters) {
		Parameters join = new Parameters();
		join.addParameter(STEP, new StringType(JOIN));
		join.addParameter(PROTOCOL, new StringType(VERSION));
		join.addParameter(ANALYSIS, new StringType(analysis));
		if (cohort != null) {
			join.addParameter(COHORT, new StringType(cohort));
		}
		if (parameters != null) {
			join.addParameter(PARAMETERS, new StringType(parameters));
		}
		return join;
	}

	/** One attempt: the sites that joined, their keys, and the next round's index. */
	private final class HttpAttempt implements FederatedAttempt {
		private final String analysis;
		private final List<Participant> participants;
		private final List<SiteStatus> statuses;
		private final AtomicInteger nextRound = new AtomicInteger();
		private final long opened = System.nanoTime();
		private final Map<String, Long> bytesFrom = new LinkedHashMap<>();
		private final Map<String, RoundCost> costByName = new LinkedHashMap<>();

		HttpAttempt(String analysis, List<Participant> participants, List<SiteStatus> statuses) {
			this.analysis = analysis;
			this.participants = List.copyOf(participants);
			this.statuses = new ArrayList<>(statuses);
		}

		@Override
		public synchronized List<SiteStatus> statuses() {
			return List.copyOf(statuses);
		}

		@Override
		public Aggregates sum(String question) {
			if (participants.isEmpty()) {
				throw new IllegalStateException("no site joined this analysis");
			}
			int round = nextRound.getAndIncrement();
			long started = System.nanoTime();
			Parameters request = roundRequest(round, question);
			Map<String, CompletableFuture<RoundAnswerJson.WireParameters>> answers = new LinkedHashMap<>();
			participants.forEach(p -> answers.put(p.site(), ask(sites.get(p.site()), request)));
			List<MaskedAggregates> masked = new ArrayList<>();
			for (Map.Entry<String, CompletableFuture<RoundAnswerJson.WireParameters>> answer : answers.entrySet()) {
				try {
					RoundAnswerJson.WireParameters parameters = await(answer.getValue());
					expect(parameters.text(PROTOCOL), parameters.text(ANALYSIS), analysis);
					MaskedAggregates one = RoundAnswerJson.masked(parameters, round);
					masked.add(one);
					synchronized (this) {
						bytesFrom.merge(answer.getKey(), one.byteCount(), Long::sum);
					}
				} catch (RuntimeException failed) {
					// the others' masks cannot cancel without this site: nothing of the round is read
					answers.values().forEach(f -> f.cancel(true));
					throw dropout(answer.getKey(), round, SiteFailures.classify(failed, properties.roundTimeout()));
				}
			}
			RingLayout layout = masked.get(0).layout();
			for (int i = 1; i < masked.size(); i++) {
				if (!masked.get(i).layout().equals(layout)) {
					throw dropout(participants.get(i).site(), round, new SiteFailures.Failure("error",
							"its answer's parts do not line up with " + participants.get(0).site() + "'s"));
				}
			}
			Aggregates sum = SecureAggregation.unmaskSum(masked);
			long nanos = System.nanoTime() - started;
			synchronized (this) {
				costByName.computeIfAbsent(roundName(question), name -> new RoundCost()).add(nanos, masked.get(0).byteCount());
			}
			return sum;
		}

		@Override
		public synchronized String summary() {
			StringBuilder rounds = new StringBuilder();
			costByName.forEach((name, cost) -> rounds.append(rounds.isEmpty() ? "" : ", ").append(name).append(' ').append(cost));
			long roundNanos = costByName.values().stream().mapToLong(cost -> cost.nanos).sum();
			return String.format(java.util.Locale.ROOT, "%d rounds in %d ms (%d ms since the join) [%s], masked bytes per site %s",
					nextRound.get(), roundNanos / 1_000_000, (System.nanoTime() - opened) / 1_000_000, rounds, bytesFrom);
		}

		private synchronized SiteDropoutException dropout(String site, int round, SiteFailures.Failure failure) {
			String detail = "dropped out in round " + round + ": " + failure.detail();
			statuses.replaceAll(s -> s.name().equals(site) ? new SiteStatus(site, failure.status(), detail, s.patientCount()) : s);
			return new SiteDropoutException(site, "Site '" + site + "' " + failure.status() + ", " + detail
					+ "; the analysis restarts without it (nothing of this round was unmasked)");
		}

		private Parameters roundRequest(int round, String question) {
			Parameters request = new Parameters();
			request.addParameter(STEP, new StringType(ROUND));
			request.addParameter(PROTOCOL, new StringType(VERSION));
			request.addParameter(ANALYSIS, new StringType(analysis));
			request.addParameter(ROUND, new IntegerType(round));
			for (Participant participant : participants) {
				Parameters.ParametersParameterComponent entry = request.addParameter().setName(PARTICIPANT);
				entry.addPart().setName(SITE).setValue(new StringType(participant.site()));
				entry.addPart().setName(PUBLIC_KEY).setValue(new StringType(participant.publicKey()));
			}
			request.addParameter(QUESTION, new StringType(question));
			return request;
		}
	}

	private static final java.util.regex.Pattern ROUND_NAME = java.util.regex.Pattern.compile("\"round\"\\s*:\\s*\"([a-z-]+)\"");

	/** The round's name ({@code counts}, {@code cox-sums}, ...) from its question, for the log. */
	static String roundName(String question) {
		java.util.regex.Matcher name = ROUND_NAME.matcher(question);
		return name.find() ? name.group(1) : "?";
	}

	/** Checks the answer's protocol version and analysis id. */
	private static void expect(Parameters answer, String analysis) {
		expect(value(answer, PROTOCOL), value(answer, ANALYSIS), analysis);
	}

	private static void expect(String protocol, String answered, String analysis) {
		if (!VERSION.equals(protocol)) {
			throw new SiteFailures.ProtocolViolation("the site speaks " + (protocol == null ? "no known protocol" : protocol)
					+ ", this hub " + VERSION + " (a different MesoFHIR version?)");
		}
		if (!analysis.equals(answered)) {
			throw new SiteFailures.ProtocolViolation("the site answered for another analysis");
		}
	}

	private static String value(Parameters parameters, String name) {
		Parameters.ParametersParameterComponent parameter = parameters.getParameter(name);
		return parameter == null || parameter.getValue() == null ? null : parameter.getValue().primitiveValue();
	}

	private CompletableFuture<Parameters> call(SiteClient site, Parameters request) {
		// the deadline counts from the call's start, not from when the hub gets round to waiting for it
		return CompletableFuture.supplyAsync(() -> site.call(request), calls).orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	private CompletableFuture<RoundAnswerJson.WireParameters> ask(SiteClient site, Parameters request) {
		return CompletableFuture.supplyAsync(() -> site.round(request), calls).orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static <T> T await(CompletableFuture<T> call) {
		try {
			return call.get();
		} catch (ExecutionException e) {
			throw new CompletionException(e.getCause());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CompletionException(e);
		}
	}

	/** Calls and masked bytes of the rounds of one name, for the log. */
	private static final class RoundCost {
		private int calls;
		private long nanos;
		private long bytes;

		void add(long roundNanos, long roundBytes) {
			calls++;
			nanos += roundNanos;
			bytes += roundBytes;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "%dx %d ms %d B/site", calls, nanos / 1_000_000, bytes);
		}
	}

	/**
	 * One site: its client and, when secured, the hub's token there. A join goes through HAPI's client; a round,
	 * whose answer holds megabytes of masked words, through {@link RoundTransport}.
	 */
	private record SiteClient(String name, String baseUrl, IGenericClient client, ClientCredentialsToken token, RoundTransport rounds) {
		RoundAnswerJson.WireParameters round(Parameters request) {
			return withToken(() -> rounds.post(baseUrl, request, token == null ? null : token.token()));
		}

		Parameters call(Parameters request) {
			return withToken(() -> {
				IOperationUntypedWithInput<Parameters> operation = client.operation().onServer().named(OPERATION).withParameters(request);
				if (token != null) {
					operation.withAdditionalHeader("Authorization", "Bearer " + token.token());
				}
				return operation.execute();
			});
		}

		/** The call's answer; a 401 drops the token (perhaps revoked or expired early: the next call fetches a new one). */
		private <T> T withToken(java.util.function.Supplier<T> call) {
			try {
				return call.get();
			} catch (AuthenticationException refused) {
				if (token != null) {
					token.invalidate();
				}
				throw refused;
			}
		}
	}
}
