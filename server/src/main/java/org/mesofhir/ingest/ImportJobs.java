package org.mesofhir.ingest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Runs {@code $import} jobs in the background: one job at a time (a few more may queue; beyond that a
 * submission is refused). Inputs are taken in the order given, one after the other (a file of Patients before
 * a file of their Observations), and the lines of an input in line order. Lines are parsed, checked and
 * validated ahead by a pool of {@code mesofhir.ingest.import-threads} workers, and stored by
 * {@code mesofhir.ingest.store-threads} others, {@code mesofhir.ingest.lines-per-transaction} lines per database
 * transaction, never two batches at once that touch one resource; each line is still all or nothing. A line
 * that failed because a resource it references is stored by a later line is tried again, alone, at the end of
 * its input. Jobs live in memory: a restart forgets them (what they stored stays stored).
 */
@Component
class ImportJobs {

	private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

	private final IngestProperties properties;
	private final ImportSources sources;
	private final NdjsonLineStore lines;
	private final ThreadPoolExecutor jobRunner;
	private final ExecutorService lineWorkers;
	private final ExecutorService storers;
	private final Map<String, ImportJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>());

	ImportJobs(IngestProperties properties, ImportSources sources, NdjsonLineStore lines) {
		this.properties = properties;
		this.sources = sources;
		this.lines = lines;
		BlockingQueue<Runnable> queue = properties.queuedJobs() == 0
				? new SynchronousQueue<>() : new ArrayBlockingQueue<>(properties.queuedJobs());
		this.jobRunner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue, named("mesofhir-import-job"));
		this.lineWorkers = Executors.newFixedThreadPool(properties.importThreads(), named("mesofhir-import-worker"));
		this.storers = Executors.newFixedThreadPool(properties.storeThreads(), named("mesofhir-import-store"));
	}

	/** Queues a job over the inputs (request bodies already staged, URLs checked); 503 when the queue is full. */
	ImportJob submit(List<ImportInput> inputs, String site) {
		ImportJob job = new ImportJob(UUID.randomUUID().toString(), inputs, site);
		forgetOldJobs();
		jobs.put(job.id, job);
		try {
			jobRunner.execute(() -> run(job));
		} catch (RejectedExecutionException e) {
			jobs.remove(job.id);
			inputs.forEach(ImportJobs::deleteTemporary);
			throw new UnclassifiedServerFailureException(503, "Too many import jobs: one is running and "
					+ properties.queuedJobs() + " are queued (mesofhir.ingest.queued-jobs); try again later");
		}
		log.info("Import job {} queued: {} input(s)", job.id, inputs.size());
		return job;
	}

	Optional<ImportJob> find(String id) {
		return Optional.ofNullable(jobs.get(id));
	}

	private void run(ImportJob job) {
		job.staging();
		List<ImportInput> inputs = job.inputs();
		try {
			for (int i = 0; i < inputs.size(); i++) {
				ImportInput input = inputs.get(i);
				job.replaceInput(i, input.staged() ? input : sources.stage(input.name()));
			}
			job.running();
			log.info("Import job {} started: {} lines in {} input(s)", job.id, job.totalLines(), inputs.size());
			ProgressLog progress = new ProgressLog(job);
			for (ImportInput input : job.inputs()) {
				importInput(job, input, progress);
			}
			job.completed();
			log.info("Import job {} finished: {} lines in {} s", job.id, job.progress(), Math.round(job.elapsedSeconds()));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			job.failed("interrupted (server shutting down)");
		} catch (IOException | RuntimeException e) {
			log.warn("Import job {} failed: {}", job.id, e.toString());
			job.failed(e.getMessage() == null ? e.toString() : e.getMessage());
		} finally {
			job.inputs().forEach(ImportJobs::deleteTemporary);
		}
	}

	/**
	 * Stores one input, line order kept: up to a window of lines ahead are prepared (parsed, checked, validated) by
	 * the worker pool while the lines already prepared are stored, {@code lines-per-transaction} of them in one
	 * database transaction, by {@code store-threads} threads; two batches that touch the same resource are never
	 * stored at once ({@link BatchWriteScheduler}). A batch that fails is stored again line by line, so a bad line
	 * costs only itself.
	 */
	private void importInput(ImportJob job, ImportInput input, ProgressLog progress) throws IOException, InterruptedException {
		int perTransaction = properties.linesPerTransaction();
		int window = (1 + properties.storeThreads()) * perTransaction + 2 * properties.importThreads();
		Deque<Future<Prepared>> ahead = new ArrayDeque<>();
		Batch batch = new Batch(job, input, new BatchWriteScheduler(storers, properties.storeThreads()));
		try (NdjsonLines reader = new NdjsonLines(input.file(), input.charset())) {
			boolean more = true;
			while (more || !ahead.isEmpty()) {
				while (more && ahead.size() < window) {
					NdjsonLines.Line line = reader.next();
					if (line == null) {
						more = false;
					} else if (line.text() == null) {
						ahead.add(CompletableFuture.completedFuture(new Prepared(line.number(), null, line.error())));
					} else if (line.text().isBlank()) {
						job.skippedBlankLine();
					} else {
						ahead.add(lineWorkers.submit(() -> prepare(line.number(), line.text(), job.site)));
					}
				}
				if (!ahead.isEmpty()) {
					Prepared next = awaitPrepared(ahead.poll());
					if (next.line() == null) {
						job.failed(input.name(), next.number(), next.error());
					} else {
						batch.add(next.line());
						if (batch.size() >= perTransaction) {
							batch.store();
						}
					}
					progress.maybeLog();
				}
			}
			batch.store();
		} finally {
			ahead.forEach(pending -> pending.cancel(true));
			batch.scheduler.awaitAll();
		}
		// lines that referenced what later lines store: retried alone, in line order, pass after pass while
		// each pass stores something (a chain of references resolves); the last pass reports what is left
		List<PendingLine> pending = new ArrayList<>(batch.retry);
		pending.sort(java.util.Comparator.comparingLong(PendingLine::number));
		while (!pending.isEmpty()) {
			List<PendingLine> left = new ArrayList<>();
			for (PendingLine line : pending) {
				if (!storeAlone(job, input, line.number(), line.text(), true)) {
					left.add(line);
				}
			}
			if (left.size() == pending.size()) {
				left.forEach(line -> storeAlone(job, input, line.number(), line.text(), false));
				break;
			}
			pending = left;
		}
		progress.maybeLog();
	}

	private Prepared prepare(long number, String text, String site) {
		try {
			return new Prepared(number, lines.prepare(number, text, properties.storeThreads() > 1, site), null);
		} catch (RuntimeException e) {
			return new Prepared(number, null, LineErrors.describe(e));
		} catch (StackOverflowError e) {
			return new Prepared(number, null, "the line is nested too deeply to be read; flatten it");
		}
	}

	private static Prepared awaitPrepared(Future<Prepared> future) throws InterruptedException {
		try {
			return future.get();
		} catch (ExecutionException e) {
			throw new IllegalStateException("preparing a line failed unexpectedly", e.getCause());
		}
	}

	/** Stores one line alone and records the outcome; false when it should be tried again (a reference not yet stored). */
	private boolean storeAlone(ImportJob job, ImportInput input, long number, String line, boolean mayRetry) {
		try {
			job.stored(lines.storeAlone(line, job.site));
			return true;
		} catch (RuntimeException e) {
			if (mayRetry && mayDependOnALaterLine(e)) {
				return false;
			}
			job.failed(input.name(), number, LineErrors.describe(e));
			return true;
		}
	}

	/** A reference to a resource not stored (yet), or a conflict with a write made at the same time over REST. */
	private static boolean mayDependOnALaterLine(RuntimeException e) {
		if (e instanceof ResourceVersionConflictException || e instanceof ResourceNotFoundException
				|| e instanceof DataIntegrityViolationException) {
			return true;
		}
		return e instanceof BaseServerResponseException server && server.getStatusCode() == 400
				&& String.valueOf(server.getMessage()).contains("not found");
	}

	/** A line parsed, checked and validated ({@code line}), or why it cannot be stored ({@code error}). */
	private record Prepared(long number, NdjsonLineStore.PreparedLine line, String error) {}

	/**
	 * Prepared lines waiting to be stored together. A line is kept out of a batch it would change the meaning of: one
	 * whose fullUrls another line in the batch already uses is stored after it, and a line that deletes is stored
	 * alone. Other clashes (the same resource written by two lines) make HAPI refuse the batch, which is then stored
	 * line by line, in order, with the same result as one line at a time.
	 */
	private final class Batch {
		private final ImportJob job;
		private final ImportInput input;
		private final BatchWriteScheduler scheduler;
		private final List<NdjsonLineStore.PreparedLine> waiting = new ArrayList<>();
		private final Set<String> fullUrls = new HashSet<>();
		private final List<PendingLine> retry = Collections.synchronizedList(new ArrayList<>());

		Batch(ImportJob job, ImportInput input, BatchWriteScheduler scheduler) {
			this.job = job;
			this.input = input;
			this.scheduler = scheduler;
		}

		int size() {
			return waiting.size();
		}

		void add(NdjsonLineStore.PreparedLine line) throws InterruptedException {
			List<String> urls = line.bundle().getEntry().stream()
					.filter(Bundle.BundleEntryComponent::hasFullUrl).map(Bundle.BundleEntryComponent::getFullUrl).toList();
			if (line.deletes() || urls.stream().anyMatch(fullUrls::contains)) {
				store();
			}
			waiting.add(line);
			fullUrls.addAll(urls);
			if (line.deletes()) {
				store();
			}
		}

		/** Hands the waiting lines to a storage thread as one batch. */
		void store() throws InterruptedException {
			if (waiting.isEmpty()) {
				return;
			}
			List<NdjsonLineStore.PreparedLine> lines = List.copyOf(waiting);
			waiting.clear();
			fullUrls.clear();
			scheduler.submit(WriteKeys.union(lines.stream().map(NdjsonLineStore.PreparedLine::keys).toList()), () -> write(lines));
		}

		private void write(List<NdjsonLineStore.PreparedLine> lines) {
			try {
				ImportJobs.this.lines.storeTogether(lines);
				lines.forEach(line -> job.stored(line.resources()));
			} catch (RuntimeException e) {
				if (lines.size() > 1) {
					log.debug("Import job {}: {} lines refused together ({}); storing them one by one", job.id, lines.size(), e.toString());
				}
				for (NdjsonLineStore.PreparedLine line : lines) {
					if (!storeAlone(job, input, line.number(), line.text(), true)) {
						retry.add(new PendingLine(line.number(), line.text()));
					}
				}
			}
		}
	}

	private void forgetOldJobs() {
		synchronized (jobs) {
			int finished = (int) jobs.values().stream().filter(ImportJob::isFinished).count();
			Iterator<ImportJob> oldestFirst = jobs.values().iterator();
			while (finished >= properties.keptJobs() && oldestFirst.hasNext()) {
				if (oldestFirst.next().isFinished()) {
					oldestFirst.remove();
					finished--;
				}
			}
		}
	}

	private static void deleteTemporary(ImportInput input) {
		if (input.temporary() && input.file() != null) {
			try {
				Files.deleteIfExists(input.file());
			} catch (IOException e) {
				log.warn("Could not delete {}: {}", input.file(), e.toString());
			}
		}
	}

	@PreDestroy
	void shutdown() {
		jobRunner.shutdownNow();
		lineWorkers.shutdownNow();
		storers.shutdownNow();
	}

	private static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private record PendingLine(long number, String text) {}

	/** Logs a running job's progress at most every {@code mesofhir.ingest.progress-log-seconds}. */
	private final class ProgressLog {
		private final ImportJob job;
		private long last = System.nanoTime();

		ProgressLog(ImportJob job) {
			this.job = job;
		}

		void maybeLog() {
			long now = System.nanoTime();
			if (now - last >= TimeUnit.SECONDS.toNanos(properties.progressLogSeconds())) {
				last = now;
				log.info("Import job {} {}", job.id, job.progress());
			}
		}
	}
}
