package org.mesofhir.survival.stats;

/**
 * Restricted mean survival time: the area under S(t) from 0 to {@code tau}, as R's
 * {@code print(survfit, rmean = tau)} ({@code rmean}, {@code se(rmean)}).
 *
 * @param tau the horizon
 * @param estimate the restricted mean
 * @param stdErr its standard error
 */
public record RestrictedMean(double tau, double estimate, double stdErr) {}
