package org.mesofhir.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.dao.FulltextSearchSvcImpl;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.search.HSearchSortHelperImpl;
import ca.uhn.fhir.jpa.dao.search.IHSearchSortHelper;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * HAPI's JPA storage layer for FHIR R4, on the Spring Boot data source (H2 file by default,
 * PostgreSQL with the {@code postgres} profile). Only what HAPI leaves to the host is defined here.
 */
@Configuration
@EnableTransactionManagement
@EnableConfigurationProperties(JpaProperties.class)
@Import({
	JpaR4Config.class,
	ThreadPoolFactoryConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	// in-memory message channels, used by batch2 jobs ($export, $reindex)
	SubscriptionChannelConfig.class
})
class JpaStorageConfig {

	@Bean
	JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setAllowMultipleDelete(true);
		settings.setExpungeEnabled(true);
		settings.setDeleteExpungeEnabled(true);
		settings.setAllowExternalReferences(false);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		// Searches are re-run rather than served stale from the cache: analyses must see fresh data.
		settings.setReuseCachedSearchResultsForMillis(null);
		settings.setAdvancedHSearchIndexing(false);
		return settings;
	}

	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Primary
	@Bean
	LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			JpaProperties jpaProperties) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Properties properties = new Properties();
		properties.putAll(jpaProperties.getProperties());
		factory.setJpaProperties(properties);
		return factory;
	}

	@Primary
	@Bean
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Bean
	IFulltextSearchSvc fullTextSearchSvc() {
		return new FulltextSearchSvcImpl();
	}

	@Bean
	IHSearchSortHelper hSearchSortHelper(ISearchParamRegistry searchParamRegistry) {
		return new HSearchSortHelperImpl(searchParamRegistry);
	}

	@Bean
	IStaleSearchDeletingSvc staleSearchDeletingSvc() {
		return new StaleSearchDeletingSvcImpl();
	}

	@Bean
	DatabaseBackedPagingProvider databaseBackedPagingProvider(FhirProperties fhir) {
		DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
		paging.setDefaultPageSize(fhir.defaultPageSize());
		paging.setMaximumPageSize(fhir.maxPageSize());
		return paging;
	}

	@Bean
	IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
		return new DaoRegistryResourceSupportedSvc(daoRegistry);
	}

	@Bean(name = "myResourceCountsCache")
	ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
		return ResourceCountCacheUtil.newResourceCountCache(systemDao);
	}

	@Lazy
	@Bean
	IBinaryStorageSvc binaryStorageSvc() {
		return new DatabaseBinaryContentStorageSvcImpl();
	}
}
