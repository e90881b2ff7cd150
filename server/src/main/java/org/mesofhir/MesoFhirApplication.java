package org.mesofhir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** MesoFHIR: a HAPI FHIR JPA server for malignant peritoneal mesothelioma research. */
// HAPI brings Elasticsearch, Thymeleaf and Flyway jars along; MesoFHIR's schema is HAPI's (hbm2ddl) plus its own.
@SpringBootApplication(
		exclude = {
			ElasticsearchRestClientAutoConfiguration.class,
			ElasticsearchClientAutoConfiguration.class,
			ThymeleafAutoConfiguration.class,
			FlywayAutoConfiguration.class
		})
@ConfigurationPropertiesScan
public class MesoFhirApplication {

	public static void main(String[] args) {
		SpringApplication.run(MesoFhirApplication.class, args);
	}
}
