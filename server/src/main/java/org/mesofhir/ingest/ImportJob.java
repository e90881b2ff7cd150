package org.mesofhir.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One {@code $import} run: its inputs, its progress and its per-line errors, shared by the worker threads. */
final class ImportJob {

	/** Errors kept in the report; more are counted but not listed, so a wholly bad file cannot exhaust memory. */
	static final int LISTED_ERRORS = 1000;

	enum Status { QUEUED, STAGING, RUNNING, COMPLETED, FAILED }

	/** A line that was not stored, and why. */
	record LineError(String input, long line, String message) {}

	final String id;
	final Instant submitted = Instant.now();
	private final List<ImportInput> inputs = new ArrayList<>();
	private volatile Status status = Status.QUEUED;
	private volatile Instant started;
	private volatile Instant finished;
	private volatile String failure;
	private final AtomicLong totalLines = new AtomicLong();
	private final AtomicLong linesDone = new AtomicLong();
	private final AtomicLong linesStored = new AtomicLong();
	private final AtomicLong resourcesStored = new AtomicLong();
	private final AtomicInteger errorCount = new AtomicInteger();
	private final ConcurrentLinkedQueue<LineError> errors = new ConcurrentLinkedQueue<>();
	private final CountDownLatch done = new CountDownLatch(1);

	/** The site of the request that started the job (SiteAssignment), applied to its lines; null when none. */
	final String site;

	ImportJob(String id, List<ImportInput> inputs, String site) {
		this.id = id;
		this.site = site;
		this.inputs.addAll(inputs);
	}

	synchronized List<ImportInput> inputs() {
		return List.copyOf(inputs);
	}

	synchronized void replaceInput(int index, ImportInput staged) {
		inputs.set(index, staged);
		totalLines.addAndGet(staged.lines());
	}

	void staging() {
		started = Instant.now();
		status = Status.STAGING;
	}

	void running() {
		status = Status.RUNNING;
	}

	void stored(int resources) {
		resourcesStored.addAndGet(resources);
		linesStored.incrementAndGet();
		linesDone.incrementAndGet();
	}

	void skippedBlankLine() {
		linesDone.incrementAndGet();
	}

	void failed(String input, long line, String message) {
		if (errorCount.incrementAndGet() <= LISTED_ERRORS) {
			errors.add(new LineError(input, line, message));
		}
		linesDone.incrementAndGet();
	}

	void completed() {
		finish(Status.COMPLETED);
	}

	void failed(String reason) {
		failure = reason;
		finish(Status.FAILED);
	}

	private void finish(Status end) {
		finished = Instant.now();
		status = end;
		done.countDown();
	}

	boolean awaitCompletion(Duration timeout) throws InterruptedException {
		return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	boolean isFinished() {
		return status == Status.COMPLETED || status == Status.FAILED;
	}

	Status status() { return status; }
	String failure() { return failure; }
	long totalLines() { return totalLines.get(); }
	long linesDone() { return linesDone.get(); }
	long linesStored() { return linesStored.get(); }
	long resourcesStored() { return resourcesStored.get(); }
	int errorCount() { return errorCount.get(); }

	List<LineError> errors() {
		List<LineError> sorted = new ArrayList<>(errors);
		sorted.sort(java.util.Comparator.comparing(LineError::input).thenComparingLong(LineError::line));
		return sorted;
	}

	/** Seconds from the start of staging to the end (or to now while running). */
	double elapsedSeconds() {
		if (started == null) {
			return 0;
		}
		Instant end = finished == null ? Instant.now() : finished;
		return Duration.between(started, end).toNanos() / 1e9;
	}

	/** One line for the log and the X-Progress header. */
	String progress() {
		double seconds = elapsedSeconds();
		return String.format(java.util.Locale.ROOT, "%s: %d/%d lines, %d resources stored, %d errors, %.0f resources/s",
				status.name().toLowerCase(java.util.Locale.ROOT), linesDone(), totalLines(), resourcesStored(), errorCount(),
				seconds > 0 ? resourcesStored() / seconds : 0.0);
	}
}
