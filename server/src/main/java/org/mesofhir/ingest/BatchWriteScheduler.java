package org.mesofhir.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Hands batches of lines, in line order, to the storage threads, several at once, but never two at once whose
 * {@link WriteKeys} clash: a batch that touches what an earlier batch still being stored touches waits for it,
 * so every resource sees its lines' writes in line order. Conditional creates settle when their batch is stored;
 * later batches then only find what they would create and need not wait for one another.
 */
final class BatchWriteScheduler {

	private final ExecutorService storers;
	private final int maxInFlight;
	private final List<WriteKeys> inFlight = new ArrayList<>();
	private final Set<String> settledCreates = new HashSet<>();
	private RuntimeException failure;

	BatchWriteScheduler(ExecutorService storers, int maxInFlight) {
		this.storers = storers;
		this.maxInFlight = maxInFlight;
	}

	/** Waits until the batch may be stored beside those in flight, then stores it on a storage thread. */
	void submit(WriteKeys keys, Runnable store) throws InterruptedException {
		synchronized (this) {
			while (inFlight.size() >= maxInFlight || inFlight.stream().anyMatch(k -> k.clashesWith(keys, settledCreates))) {
				rethrowFailure();
				wait();
			}
			rethrowFailure();
			inFlight.add(keys);
		}
		try {
			storers.execute(() -> {
				try {
					store.run();
				} catch (RuntimeException e) {
					synchronized (this) {
						failure = e;
					}
				} finally {
					done(keys);
				}
			});
		} catch (RuntimeException e) {
			done(keys);
			throw e;
		}
	}

	/** Waits until every batch submitted is stored; rethrows what a storage thread could not handle. */
	synchronized void awaitAll() throws InterruptedException {
		while (!inFlight.isEmpty()) {
			wait();
		}
		rethrowFailure();
	}

	private synchronized void done(WriteKeys keys) {
		inFlight.remove(keys);
		settledCreates.addAll(keys.creates());
		notifyAll();
	}

	private void rethrowFailure() {
		if (failure != null) {
			throw new IllegalStateException("storing a batch failed unexpectedly: " + failure, failure);
		}
	}
}
