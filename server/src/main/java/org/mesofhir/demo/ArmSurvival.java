package org.mesofhir.demo;

/**
 * The overall survival distribution of one treatment arm, in months from diagnosis, given by its quantile
 * function so survival times can be drawn at stratified quantiles. {@code shift} months at the start
 * are free of deaths (no one dies before the treatment that defines the arm).
 */
interface ArmSurvival {

	/** The time by which a share {@code q} (0 ≤ q &lt; 1) of the arm has died; infinite for the cured. */
	double quantile(double q);

	/**
	 * A cured fraction and, for the others, an exponential tail: the shape of the published CRS+HIPEC
	 * curves (most deaths in the first years, then a plateau of long-term survivors).
	 */
	static ArmSurvival cureMixture(double shift, double cured, double median) {
		double rate = -StrictMath.log((0.5 - cured) / (1 - cured)) / (median - shift);
		return q -> q >= 1 - cured ? Double.POSITIVE_INFINITY : shift - StrictMath.log(1 - q / (1 - cured)) / rate;
	}

	/** A Weibull with the given shape (above 1: a hazard that rises, as in advanced disease). */
	static ArmSurvival weibull(double shift, double shape, double median) {
		double scale = (median - shift) / StrictMath.pow(StrictMath.log(2), 1 / shape);
		return q -> shift + scale * StrictMath.pow(-StrictMath.log(1 - q), 1 / shape);
	}
}
