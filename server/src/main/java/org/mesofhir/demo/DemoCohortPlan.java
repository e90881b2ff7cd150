package org.mesofhir.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The design of the demo cohort, which makes any cohort of ~100 patients or more show the study's result
 * by construction rather than by a lucky seed:
 * <ul>
 * <li>arms, histology, ECOG and, among the operated, PCI band × completeness of cytoreduction are quota
 * samples: exact proportions, handed out in random order;</li>
 * <li>each arm's survival times are its distribution's quantiles at stratified probabilities (one in each
 * of [k/n, (k+1)/n)), so the arm's empirical distribution, and its median, sit on the target;</li>
 * <li>who gets which of the arm's times follows a latent proportional-hazards model on PCI band, CC,
 * age, histology and ECOG whose noise is itself stratified within each PCI band × CC cell: the Cox
 * model recovers hazard ratios close to the design's, seed after seed (Cox depends on the ranks only).</li>
 * </ul>
 * Follow-up ({@link DemoCohortGenerator}) censors no one before their arm's median, so each Kaplan–Meier
 * median is the empirical one.
 */
final class DemoCohortPlan {

	/** PCI bands 0-10, 11-20, 21-39 (the server's default {@code pciCutoffs}) among the operated. */
	static final double[] PCI_BAND_SHARES = {0.22, 0.33, 0.45};
	static final int[][] PCI_BAND_RANGES = {{2, 10}, {11, 20}, {21, 39}};
	/** Share of complete cytoreduction (CC-0/1) by PCI band: 59 % overall (SPEC §1: 46–67 %). */
	static final double[] COMPLETE_BY_BAND = {0.90, 0.70, 0.35};
	/** Hazard ratios of the latent model (within an arm); reference: PCI 0-10, CC-0/1, epithelioid, ECOG 0–1, age 60. */
	static final double[] PCI_BAND_HAZARD = {1, 1.8, 3.6};
	static final double INCOMPLETE_CYTOREDUCTION_HAZARD = 2.5;
	static final double NON_EPITHELIOID_HAZARD = 1.9;
	static final double ECOG_2_OR_MORE_HAZARD = 1.4;
	static final double HAZARD_PER_DECADE_OF_AGE = 1.15;
	/** Non-epithelioid histologies: biphasic, sarcomatoid (fibrous), NOS. */
	private static final double[] NON_EPITHELIOID_SHARES = {0.4, 0.2, 0.4};

	private DemoCohortPlan() {}

	/** The cohort of {@code patients}, in patient-number order; the same seed gives the same plan. */
	static List<PlannedPatient> of(long seed, int patients) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] armCounts = Quotas.counts(DemoArm.shares(), patients);
		List<PlannedPatient> planned = new ArrayList<>(patients);
		for (DemoArm arm : DemoArm.values()) {
			planned.addAll(arm(arm, armCounts[arm.ordinal()], random));
		}
		int[] order = new int[patients];
		Arrays.setAll(order, i -> i);
		Quotas.shuffle(order, random);
		List<PlannedPatient> numbered = new ArrayList<>(patients);
		for (int i = 0; i < patients; i++) {
			PlannedPatient p = planned.get(order[i]);
			numbered.add(new PlannedPatient(i + 1, p.arm(), p.histology(), p.ecog(), p.age(), p.pci(),
					p.completeCytoreduction(), p.survivalMonths(), random.nextLong()));
		}
		return numbered;
	}

	private static List<PlannedPatient> arm(DemoArm arm, int n, SplittableRandom random) {
		// cells 2·band + (incomplete ? 1 : 0) among the operated; one cell for the other arms
		double[] cellShares = new double[6];
		for (int band = 0; band < 3; band++) {
			cellShares[2 * band] = PCI_BAND_SHARES[band] * COMPLETE_BY_BAND[band];
			cellShares[2 * band + 1] = PCI_BAND_SHARES[band] * (1 - COMPLETE_BY_BAND[band]);
		}
		int[] cell = arm.operated ? Quotas.shuffled(cellShares, n, random) : new int[n];
		int[][] members = new int[cellShares.length][];
		for (int c = 0; c < members.length; c++) {
			int current = c;
			members[c] = IntStream.range(0, n).filter(i -> cell[i] == current).toArray();
		}
		// histology and ECOG in the arm's exact proportions, spread evenly over the cells (in random order),
		// so no cell's prognosis hangs on chance
		double nonEpithelioid = 1 - arm.epithelioid;
		int[] histologySequence = Quotas.spread(new double[] {arm.epithelioid, nonEpithelioid * NON_EPITHELIOID_SHARES[0],
				nonEpithelioid * NON_EPITHELIOID_SHARES[1], nonEpithelioid * NON_EPITHELIOID_SHARES[2]}, n);
		int[] ecogSequence = Quotas.spread(arm.ecog, n);
		int[] histology = overCells(histologySequence, members, random);
		int[] ecog = overCells(ecogSequence, members, random);

		double[] age = new double[n];
		Integer[] pci = new Integer[n];
		double[] risk = new double[n];
		for (int i = 0; i < n; i++) {
			age[i] = Math.max(28, Math.min(86, arm.meanAge + 10 * gaussian(random)));
			risk[i] = StrictMath.log(HAZARD_PER_DECADE_OF_AGE) * (age[i] - 60) / 10
					+ (histology[i] != 0 ? StrictMath.log(NON_EPITHELIOID_HAZARD) : 0)
					+ (ecog[i] >= 2 ? StrictMath.log(ECOG_2_OR_MORE_HAZARD) : 0);
			if (arm.operated) {
				int band = cell[i] / 2;
				int[] range = PCI_BAND_RANGES[band];
				pci[i] = range[0] + random.nextInt(range[1] - range[0] + 1);
				risk[i] += StrictMath.log(PCI_BAND_HAZARD[band])
						+ (cell[i] % 2 == 1 ? StrictMath.log(INCOMPLETE_CYTOREDUCTION_HAZARD) : 0);
			}
		}

		// Latent log survival time = log(Exp(1)) − risk, the Exp(1) quantiles stratified within each cell.
		double[] latent = new double[n];
		for (int[] cellMembers : members) {
			double[] u = Quotas.stratifiedMidpoints(cellMembers.length, random);
			for (int k = 0; k < cellMembers.length; k++) {
				latent[cellMembers[k]] = StrictMath.log(-StrictMath.log(1 - u[k])) - risk[cellMembers[k]];
			}
		}
		double[] times = Quotas.stratifiedUniforms(n, random);
		for (int k = 0; k < n; k++) {
			times[k] = arm.survival.quantile(times[k]);
		}
		Arrays.sort(times);
		Integer[] byLatent = new Integer[n];
		Arrays.setAll(byLatent, i -> i);
		Arrays.sort(byLatent, Comparator.comparingDouble(i -> latent[i]));

		PlannedPatient[] patients = new PlannedPatient[n];
		for (int rank = 0; rank < n; rank++) {
			int i = byLatent[rank];
			patients[i] = new PlannedPatient(0, arm, histology[i], ecog[i], age[i], pci[i], cell[i] % 2 == 0, times[rank], 0);
		}
		return Arrays.asList(patients);
	}

	/** Hands out {@code sequence} to the cells' members, the cells and their members each in random order. */
	private static int[] overCells(int[] sequence, int[][] members, SplittableRandom random) {
		int[] cellOrder = IntStream.range(0, members.length).toArray();
		Quotas.shuffle(cellOrder, random);
		int[] values = new int[sequence.length];
		int position = 0;
		for (int c : cellOrder) {
			int[] cellMembers = members[c].clone();
			Quotas.shuffle(cellMembers, random);
			for (int i : cellMembers) {
				values[i] = sequence[position++];
			}
		}
		return values;
	}

	private static double gaussian(SplittableRandom random) {
		// Box–Muller: SplittableRandom has no nextGaussian on Java 17
		return StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble())) * StrictMath.cos(2 * Math.PI * random.nextDouble());
	}
}
