package org.mesofhir.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/** {@code mesofhir.survival.timeout}: an analysis past its time is answered 503 saying how to ask for less. */
class SurvivalDeadlineTest {

	@Test
	void anAnalysisWithinTheLimitAnswers() {
		assertThat(SurvivalDeadline.run(() -> 42, Duration.ofSeconds(5))).isEqualTo(42);
	}

	@Test
	void anAnalysisPastTheLimitIs503WithAnOutcomeAndIsInterrupted() throws Exception {
		AtomicBoolean interrupted = new AtomicBoolean();
		long started = System.nanoTime();
		assertThatThrownBy(() -> SurvivalDeadline.run(() -> {
			try {
				Thread.sleep(10_000);
			} catch (InterruptedException e) {
				interrupted.set(true);
			}
			return 0;
		}, Duration.ofMillis(200)))
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(503);
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TIMEOUT);
					assertThat(outcome.getIssueFirstRep().getDiagnostics())
							.contains("mesofhir.survival.timeout", "Group/[id]/$survival", "fewer covariates");
				});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		Thread.sleep(200);
		assertThat(interrupted).isTrue();
	}

	@Test
	void aBadParameterStaysA400() {
		assertThatThrownBy(() -> SurvivalDeadline.run(() -> {
			throw BadParameter.of("endpoint", "allowed: OS, PFS");
		}, Duration.ofSeconds(5))).isInstanceOf(InvalidRequestException.class);
	}
}
