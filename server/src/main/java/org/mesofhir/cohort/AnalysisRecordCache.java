package org.mesofhir.cohort;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The analysis records as last read from the database, re-read only after a committed write changed
 * them: analyses of an unchanged cohort do not touch the database at all.
 */
@Component
public class AnalysisRecordCache {

	private final AnalysisStore store;
	private final AtomicLong generation = new AtomicLong();
	private volatile Snapshot snapshot = new Snapshot(-1, List.of());

	AnalysisRecordCache(AnalysisStore store) {
		this.store = store;
	}

	/** Every patient's record, as committed. */
	public List<AnalysisRecord> records() {
		Snapshot current = snapshot;
		long wanted = generation.get();
		if (current.generation() == wanted) {
			return current.records();
		}
		synchronized (this) {
			if (snapshot.generation() != generation.get()) {
				long reading = generation.get();
				snapshot = new Snapshot(reading, List.copyOf(store.allRecords()));
			}
			return snapshot.records();
		}
	}

	void invalidate() {
		generation.incrementAndGet();
	}

	private record Snapshot(long generation, List<AnalysisRecord> records) {}
}
