package org.mesofhir.fhir;

import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * Keeps a client's bad request out of the ERROR log. HAPI's interceptor service logs every exception a hook
 * throws at ERROR, with its stack trace, before passing it on; our checks refuse bad requests by throwing
 * 4xx exceptions from hooks, so a run of bad inputs filled the log with ERRORs an operator's alerting would
 * page on. Dropped here: exactly those events, from that one logger, whose exception is a 4xx. The request is
 * still logged once, at WARN and without a stack trace, by {@link ErrorMapping} ("Refused POST /: 400 …").
 * Everything else is kept: a hook's real failure (any other exception, a 5xx) logs at ERROR
 * with its stack trace as before, from that logger and from the REST exception handler.
 */
@Component
public class ClientErrorLogFilter extends TurboFilter {

	static final String HOOK_LOGGER = BaseInterceptorService.class.getName();

	ClientErrorLogFilter() {
		setName(ClientErrorLogFilter.class.getName());
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback
				&& logback.getTurboFilterList().stream().noneMatch(f -> getName().equals(f.getName()))) {
			start();
			logback.addTurboFilter(this);
		}
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
		if (level != Level.ERROR || logger == null || !HOOK_LOGGER.equals(logger.getName())) {
			return FilterReply.NEUTRAL;
		}
		Throwable cause = thrown != null ? thrown
				: params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
		return cause instanceof BaseServerResponseException response && response.getStatusCode() < 500
				? FilterReply.DENY : FilterReply.NEUTRAL;
	}
}
