package org.mesofhir.survival;

import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Runs an analysis with a time limit ({@code mesofhir.survival.timeout}). Past it the request is answered
 * 503 with an OperationOutcome that says how to ask for less, and the analysis thread is interrupted.
 */
final class SurvivalDeadline {

	private static final AtomicInteger THREADS = new AtomicInteger();
	private static final ExecutorService ANALYSES = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "survival-" + THREADS.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private SurvivalDeadline() {}

	static <T> T run(Supplier<T> analysis, Duration timeout) {
		Future<T> future = ANALYSES.submit(analysis::get);
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		} catch (TimeoutException e) {
			future.cancel(true);
			throw timedOut(timeout);
		} catch (InterruptedException e) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw timedOut(timeout);
		} catch (CancellationException e) {
			throw timedOut(timeout);
		} catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (e.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(e.getCause());
		}
	}

	static UnclassifiedServerFailureException timedOut(Duration timeout) {
		String text = "The analysis took longer than " + timeout.toMillis() + " ms (mesofhir.survival.timeout) and was"
				+ " stopped. Ask for less: a Group's members (Group/[id]/$survival), fewer covariates, no stratification,"
				+ " or an earlier cutoff; or try again when the server is less busy.";
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.TIMEOUT).setDiagnostics(text);
		return new UnclassifiedServerFailureException(503, text, outcome);
	}
}
