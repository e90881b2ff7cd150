package org.mesofhir.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/app/smart-app.test.mjs} (playwright-core driving the Debian chromium) against a running
 * test server and asserts that every check in it held. Its output is printed, screenshots are saved in
 * {@code target/app-screenshots}. Fails, never skips, when node, chromium or playwright-core is missing.
 */
final class BrowserScript {

	static final String SCRIPT = "src/test/app/smart-app.test.mjs";

	private BrowserScript() {}

	static void run(String appUrl, Map<String, String> environment) throws IOException, InterruptedException {
		String browser = System.getProperty("mesofhir.it.browser", "/usr/bin/chromium");
		String nodeModules = System.getProperty("mesofhir.it.node-modules", "target/npm/node_modules");
		assertThat(new File(browser)).as("chromium for the browser tests (.ci/run installs it: apt-get install chromium)")
				.canRead();
		assertThat(new File(nodeModules, "playwright-core")).as("playwright-core, installed by the build's npm ci")
				.isDirectory();

		ProcessBuilder builder = new ProcessBuilder("node", SCRIPT).redirectErrorStream(true);
		builder.environment().putAll(environment);
		builder.environment().put("APP_URL", appUrl);
		builder.environment().put("BROWSER", browser);
		builder.environment().put("NODE_MODULES", nodeModules);
		builder.environment().put("SCREENSHOTS", "target/app-screenshots");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		System.out.println(output);
		assertThat(finished).as("the browser test finished within 5 minutes\n" + output).isTrue();
		assertThat(process.exitValue()).as("browser checks (exit code of " + SCRIPT + ")\n" + output).isZero();
	}
}
