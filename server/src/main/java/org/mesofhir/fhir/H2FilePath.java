package org.mesofhir.fhir;

import java.nio.file.Path;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * Makes the path of an embedded H2 file database absolute before the pool opens it: H2 refuses paths
 * that are only implicitly relative ({@code --mesofhir.data-dir=data} rather than {@code ./data}).
 */
@Component
class H2FilePath implements BeanPostProcessor {

	private static final String PREFIX = "jdbc:h2:file:";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		// after: the properties are bound during initialization
		if (bean instanceof DataSourceProperties properties && properties.getUrl() != null) {
			properties.setUrl(absolute(properties.getUrl()));
		}
		return bean;
	}

	static String absolute(String url) {
		if (!url.startsWith(PREFIX)) {
			return url;
		}
		String rest = url.substring(PREFIX.length());
		int options = rest.indexOf(';');
		String path = options < 0 ? rest : rest.substring(0, options);
		if (path.startsWith("~")) {
			return url;
		}
		return PREFIX + Path.of(path).toAbsolutePath().normalize() + (options < 0 ? "" : rest.substring(options));
	}
}
