package org.mesofhir.app;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The app's files are static resources ({@code classpath:/static/app/}); {@code /app/} is its page. */
@Configuration
class AppPages implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/app", "/app/");
		registry.addViewController("/app/").setViewName("forward:/app/index.html");
	}
}
