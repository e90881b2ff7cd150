package org.mesofhir.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads the demo cohort on the first start of an empty database ({@code mesofhir.demo.enabled}, on by
 * default), so {@code $survival?stratify=treatment} shows the survival gap at once. A database that holds
 * any Patient is left alone.
 */
@Component
@Order(10)
class DemoCohortLoader implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCohortLoader.class);

	private final DemoProperties properties;
	private final DaoRegistry daos;
	private final IFhirSystemDao<Bundle, ?> systemDao;

	DemoCohortLoader(DemoProperties properties, DaoRegistry daos, IFhirSystemDao<Bundle, ?> systemDao) {
		this.properties = properties;
		this.daos = daos;
		this.systemDao = systemDao;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!properties.enabled()) {
			return;
		}
		SearchParameterMap any = SearchParameterMap.newSynchronous();
		any.setCount(1);
		if (!daos.getResourceDao("Patient").search(any, new SystemRequestDetails()).isEmpty()) {
			log.info("Demo cohort not loaded: the database already holds patients");
			return;
		}
		log.info("Loading the demo cohort: {} patients at {} sites (mesofhir.demo.enabled=false turns this off)",
				properties.patients(), properties.sites());
		DemoCohortGenerator generator = new DemoCohortGenerator(properties.seed(), properties.sites(), properties.patients());
		long started = System.nanoTime();
		for (int i = 0; i < properties.patients(); i++) {
			systemDao.transaction(new SystemRequestDetails(), generator.patients(i + 1, 1).get(0));
			if ((i + 1) % 25 == 0 || i + 1 == properties.patients()) {
				log.info("Demo cohort: {}/{} patients loaded", i + 1, properties.patients());
			}
		}
		log.info("Demo cohort loaded in {} s", (System.nanoTime() - started) / 1_000_000_000);
	}
}
