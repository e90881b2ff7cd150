package org.mesofhir.ingest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Runs {@code $import} jobs in the background: one job at a time (a few more may queue; beyond that a
 * submission is refused), its lines stored by a fixed pool of {@code mesofhir.ingest.import-threads}
 * workers, each line in its own database transaction. Inputs are taken in the order given, one after the
 * other (a file of Patients before a file of their Observations); a line that failed only because a
 * resource it references was being stored by another worker at the same time is tried again, alone,
 * at the end of its input. Jobs live in memory: a restart forgets them (what they stored stays stored).
 */
@Component
class ImportJobs {

	private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

	private final IngestProperties properties;
	private final ImportSources sources;
	private final NdjsonLineStore lines;
	private final ThreadPoolExecutor jobRunner;
	private final ExecutorService lineWorkers;
	private final Map<String, ImportJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>());

	ImportJobs(IngestProperties properties, ImportSources sources, NdjsonLineStore lines) {
		this.properties = properties;
		this.sources = sources;
		this.lines = lines;
		BlockingQueue<Runnable> queue = properties.queuedJobs() == 0
				? new SynchronousQueue<>() : new ArrayBlockingQueue<>(properties.queuedJobs());
		this.jobRunner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue, named("mesofhir-import-job"));
		this.lineWorkers = Executors.newFixedThreadPool(properties.importThreads(), named("mesofhir-import-worker"));
	}

	/** Queues a job over the inputs (request bodies already staged, URLs checked); 503 when the queue is full. */
	ImportJob submit(List<ImportInput> inputs) {
		ImportJob job = new ImportJob(UUID.randomUUID().toString(), inputs);
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

	private void importInput(ImportJob job, ImportInput input, ProgressLog progress) throws IOException, InterruptedException {
		int inFlight = properties.importThreads() * 4;
		Semaphore permits = new Semaphore(inFlight);
		List<PendingLine> retry = Collections.synchronizedList(new ArrayList<>());
		try (BufferedReader reader = Files.newBufferedReader(input.file(), StandardCharsets.UTF_8)) {
			long number = 0;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				number++;
				if (line.isBlank()) {
					job.skippedBlankLine();
					continue;
				}
				permits.acquire();
				long lineNumber = number;
				String text = line;
				lineWorkers.execute(() -> {
					try {
						if (!storeLine(job, input, lineNumber, text, true)) {
							retry.add(new PendingLine(lineNumber, text));
						}
					} finally {
						permits.release();
					}
				});
				progress.maybeLog();
			}
			permits.acquire(inFlight);
			permits.release(inFlight);
		}
		// lines that referenced what other lines store: retried alone, in line order, pass after pass while
		// each pass stores something (a chain of references resolves); the last pass reports what is left
		List<PendingLine> pending = new ArrayList<>(retry);
		pending.sort(java.util.Comparator.comparingLong(PendingLine::number));
		while (!pending.isEmpty()) {
			List<PendingLine> left = new ArrayList<>();
			for (PendingLine line : pending) {
				if (!storeLine(job, input, line.number(), line.text(), true)) {
					left.add(line);
				}
			}
			if (left.size() == pending.size()) {
				left.forEach(line -> storeLine(job, input, line.number(), line.text(), false));
				break;
			}
			pending = left;
		}
		progress.maybeLog();
	}

	/** Stores one line and records the outcome; false when it should be tried again (a reference not yet stored). */
	private boolean storeLine(ImportJob job, ImportInput input, long number, String line, boolean mayRetry) {
		try {
			job.stored(lines.store(line));
			return true;
		} catch (RuntimeException e) {
			if (mayRetry && mayHaveRacedAnotherLine(e)) {
				return false;
			}
			job.failed(input.name(), number, LineErrors.describe(e));
			return true;
		}
	}

	/** A reference to a resource another worker is still storing, or two workers creating the same resource. */
	private static boolean mayHaveRacedAnotherLine(RuntimeException e) {
		if (e instanceof ResourceVersionConflictException || e instanceof ResourceNotFoundException
				|| e instanceof DataIntegrityViolationException) {
			return true;
		}
		return e instanceof BaseServerResponseException server && server.getStatusCode() == 400
				&& String.valueOf(server.getMessage()).contains("not found");
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
