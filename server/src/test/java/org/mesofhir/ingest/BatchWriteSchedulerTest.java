package org.mesofhir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchWriteSchedulerTest {

	private final ExecutorService storers = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() {
		storers.shutdownNow();
	}

	@Test
	void batchesThatTouchTheSameResourceAreStoredOneAfterTheOtherInOrder() throws Exception {
		BatchWriteScheduler scheduler = new BatchWriteScheduler(storers, 2);
		List<String> events = new CopyOnWriteArrayList<>();
		WriteKeys patientX = new WriteKeys(Set.of("Patient/x"), Set.of(), Set.of());

		scheduler.submit(patientX, () -> {
			events.add("first started");
			sleep(300);
			events.add("first done");
		});
		scheduler.submit(patientX, () -> events.add("second started"));
		scheduler.awaitAll();

		assertThat(events).containsExactly("first started", "first done", "second started");
	}

	@Test
	void batchesThatTouchNothingInCommonAreStoredAtTheSameTime() throws Exception {
		BatchWriteScheduler scheduler = new BatchWriteScheduler(storers, 2);
		CountDownLatch bothRunning = new CountDownLatch(2);
		List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
		Runnable store = () -> {
			bothRunning.countDown();
			sawTheOther.add(await(bothRunning));
		};

		scheduler.submit(new WriteKeys(Set.of("Patient/a"), Set.of(), Set.of()), store);
		scheduler.submit(new WriteKeys(Set.of("Patient/b"), Set.of(), Set.of()), store);
		scheduler.awaitAll();

		assertThat(sawTheOther).containsExactly(true, true);
	}

	@Test
	void aConditionalCreateSettlesWhenItsBatchIsStored() throws Exception {
		BatchWriteScheduler scheduler = new BatchWriteScheduler(storers, 2);
		List<String> events = new CopyOnWriteArrayList<>();
		WriteKeys site = new WriteKeys(Set.of(), Set.of("Organization?identifier=s|1"), Set.of());

		scheduler.submit(site, () -> {
			events.add("creator started");
			sleep(300);
			events.add("creator done");
		});
		scheduler.submit(site, () -> events.add("finder started"));
		scheduler.awaitAll();
		CountDownLatch bothRunning = new CountDownLatch(2);
		List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
		Runnable find = () -> {
			bothRunning.countDown();
			sawTheOther.add(await(bothRunning));
		};
		scheduler.submit(site, find);
		scheduler.submit(site, find);
		scheduler.awaitAll();

		assertThat(events).containsExactly("creator started", "creator done", "finder started");
		assertThat(sawTheOther).as("once the site exists, batches that would create it only find it").containsExactly(true, true);
	}

	private static boolean await(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
