package org.mesofhir.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stores AuditEvents off the request path: requests put them on a bounded queue and return; one thread
 * stores what has gathered as one transaction Bundle. So an audit costs the write a queue offer, and a
 * failing audit store never fails a write. The price, stated: events still queued when the process dies
 * are lost (an orderly shutdown stores them), and a full queue drops new events, counted in the log.
 */
@Component
@ConditionalOnProperty(name = "mesofhir.audit.enabled", havingValue = "true", matchIfMissing = true)
class AuditWriter {

	private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
	private static final int BATCH = 100;

	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final BlockingQueue<AuditEvent> queue;
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong failed = new AtomicLong();
	private final Thread thread;
	private volatile boolean running = true;

	AuditWriter(IFhirSystemDao<Bundle, ?> systemDao, AuditProperties properties) {
		this.systemDao = systemDao;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.thread = new Thread(this::run, "audit-writer");
		thread.setDaemon(true);
		thread.start();
	}

	/** Queues the event; never blocks, never throws. */
	void submit(AuditEvent event) {
		if (!queue.offer(event)) {
			long total = dropped.incrementAndGet();
			if (Long.bitCount(total) == 1) { // 1, 2, 4, 8...: say so without flooding the log
				log.warn("Audit queue full: {} AuditEvent(s) dropped so far (mesofhir.audit.queue-capacity)", total);
			}
		}
	}

	private void run() {
		while (running || !queue.isEmpty()) {
			try {
				AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first != null) {
					List<AuditEvent> batch = new ArrayList<>(BATCH);
					batch.add(first);
					queue.drainTo(batch, BATCH - 1);
					store(batch);
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void store(List<AuditEvent> events) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		events.forEach(event -> bundle.addEntry().setResource(event).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("AuditEvent"));
		try {
			systemDao.transaction(new SystemRequestDetails(), bundle);
		} catch (RuntimeException e) {
			long total = failed.addAndGet(events.size());
			log.warn("Could not store {} AuditEvent(s) ({} so far): {}", events.size(), total, e.getMessage());
		}
	}

	/** Stores what is queued (for at most 10 s) before the database goes away. */
	@PreDestroy
	void flush() throws InterruptedException {
		running = false;
		thread.join(10_000);
	}
}
