package org.mesofhir.demo;

/**
 * The treatment arms of the synthetic study, each with its share of the cohort, its case mix and its
 * overall survival from diagnosis, set to the reference outcomes of SPEC §1: CRS+HIPEC median 45 months
 * and 5-year survival 44 %, CRS alone 30, platinum + pemetrexed alone 12, best supportive care 6; the
 * frail (ECOG ≥ 2) and the old are rarely operated on.
 */
enum DemoArm {

	CRS_HIPEC(0.60, true, ArmSurvival.cureMixture(2.5, 0.35, 45), 0.85, new double[] {0.45, 0.45, 0.10, 0, 0}, 57),
	CRS(0.075, true, ArmSurvival.cureMixture(2.5, 0.15, 30), 0.85, new double[] {0.40, 0.45, 0.15, 0, 0}, 60),
	CHEMOTHERAPY(0.25, false, ArmSurvival.weibull(1.5, 1.4, 12), 0.72, new double[] {0.20, 0.50, 0.25, 0.05, 0}, 63),
	NONE(0.075, false, ArmSurvival.weibull(0.5, 1.2, 6), 0.65, new double[] {0, 0.20, 0.40, 0.30, 0.10}, 70);

	/** Share of the cohort. */
	final double share;
	/** Whether the arm's patients have a cytoreductive surgery (and so a PCI and a CC score). */
	final boolean operated;
	/** Median overall survival from diagnosis, months (the survival distribution's own). */
	final double medianMonths;
	final ArmSurvival survival;
	/** Share of epithelioid histology (the rest: biphasic, sarcomatoid, NOS). */
	final double epithelioid;
	/** Shares of ECOG 0 … 4 at diagnosis. */
	final double[] ecog;
	/** Mean age at diagnosis, years. */
	final double meanAge;

	DemoArm(double share, boolean operated, ArmSurvival survival, double epithelioid, double[] ecog, double meanAge) {
		this.share = share;
		this.operated = operated;
		this.medianMonths = survival.quantile(0.5);
		this.survival = survival;
		this.epithelioid = epithelioid;
		this.ecog = ecog;
		this.meanAge = meanAge;
	}

	static double[] shares() {
		DemoArm[] arms = values();
		double[] shares = new double[arms.length];
		for (int i = 0; i < arms.length; i++) {
			shares[i] = arms[i].share;
		}
		return shares;
	}
}
