package org.mesofhir.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ClientErrorLogFilterTest {

	private final LoggerContext context = new LoggerContext();
	private final ClientErrorLogFilter filter = new ClientErrorLogFilter();
	private final Logger hooks = context.getLogger(ClientErrorLogFilter.HOOK_LOGGER);

	private FilterReply decide(Logger logger, Level level, Throwable thrown) {
		// as HAPI logs it: error("Exception thrown by interceptor for pointcut {}: {}", pointcut, text, exception)
		return filter.decide(null, logger, level, "Exception thrown by interceptor for pointcut {}: {}",
				new Object[] {"STORAGE_TRANSACTION_PROCESSING", String.valueOf(thrown), thrown}, null);
	}

	@Test
	void dropsOnlyTheHookServicesErrorForAClientError() {
		assertThat(decide(hooks, Level.ERROR, new InvalidRequestException("bad"))).isEqualTo(FilterReply.DENY);
		assertThat(decide(hooks, Level.ERROR, new UnprocessableEntityException("bad"))).isEqualTo(FilterReply.DENY);
	}

	@Test
	void keepsServerFaultsOtherLevelsAndOtherLoggers() {
		assertThat(decide(hooks, Level.ERROR, new NullPointerException("bug"))).isEqualTo(FilterReply.NEUTRAL);
		assertThat(decide(hooks, Level.ERROR, new InternalErrorException("bug"))).isEqualTo(FilterReply.NEUTRAL);
		assertThat(decide(hooks, Level.ERROR, null)).isEqualTo(FilterReply.NEUTRAL);
		assertThat(decide(hooks, Level.WARN, new InvalidRequestException("bad"))).isEqualTo(FilterReply.NEUTRAL);
		assertThat(decide(context.getLogger("org.mesofhir.Other"), Level.ERROR, new InvalidRequestException("bad")))
				.isEqualTo(FilterReply.NEUTRAL);
	}
}
