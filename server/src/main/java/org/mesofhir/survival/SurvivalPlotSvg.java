package org.mesofhir.survival;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mesofhir.survival.SurvivalResult.Stratum;
import org.mesofhir.survival.stats.KaplanMeierRow;

/**
 * Draws a {@link SurvivalResult} as an SVG Kaplan–Meier plot the way MPeM papers show survival: step
 * curves with confidence bands, censor marks, dashed median lines, the log-rank p-value, and the numbers
 * at risk under the time axis. Colours are the Okabe–Ito palette, safe for colour-blind readers.
 */
final class SurvivalPlotSvg {

	private static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"};
	private static final int WIDTH = 900;
	private static final int LEFT = 90;
	private static final int RIGHT = 220;
	private static final int TOP = 60;
	private static final int PLOT_HEIGHT = 380;
	private static final int ROW = 20;

	private SurvivalPlotSvg() {}

	static String draw(SurvivalResult result, String title) {
		List<Stratum> strata = result.strata();
		double maxTime = strata.stream().flatMap(s -> s.fit().rows().stream()).mapToDouble(KaplanMeierRow::time).max().orElse(1);
		double step = niceStep(maxTime / 6);
		double xMax = Math.max(step, Math.ceil(maxTime / step) * step);
		int plotWidth = WIDTH - LEFT - RIGHT;
		int riskTop = TOP + PLOT_HEIGHT + 50;
		int height = riskTop + 30 + ROW * Math.max(1, strata.size()) + 20;
		Scale scale = new Scale(LEFT, TOP, plotWidth, PLOT_HEIGHT, xMax);

		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"t\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">%n",
				WIDTH, height, WIDTH, height));
		svg.append("<title id=\"t\">").append(escape(title)).append("</title>\n");
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		text(svg, LEFT, 28, escape(title), "font-size=\"17\" font-weight=\"bold\"");
		List<String> notes = new ArrayList<>();
		if (result.logRank() != null) {
			notes.add(String.format(Locale.ROOT, "Log-rank χ² = %.2f, df = %d, p %s", result.logRank().result().chiSquare(),
					result.logRank().result().df(), pValue(result.logRank().result().pValue())));
		}
		Integer unstratified = result.request().stratify() == null ? null
				: result.exclusions().get(CompleteCases.reason(result.request().stratify()));
		if (unstratified != null) {
			// exclusions are never silent: patients in no stratum are said to be missing from the figure
			notes.add(unstratified + (unstratified == 1 ? " patient" : " patients") + " without "
					+ result.request().stratify().code + " not shown");
		}
		if (!notes.isEmpty()) {
			text(svg, LEFT, 48, escape(String.join(" · ", notes)), "fill=\"#333\" class=\"notes\"");
		}
		axes(svg, scale, step, result.request().timeUnit());
		for (int s = 0; s < strata.size(); s++) {
			curve(svg, scale, strata.get(s), PALETTE[s % PALETTE.length]);
		}
		legend(svg, strata);
		atRisk(svg, scale, strata, step, riskTop);
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void axes(StringBuilder svg, Scale scale, double step, TimeUnit unit) {
		svg.append(String.format(Locale.ROOT, "<g stroke=\"#222\" fill=\"none\"><path d=\"M%d %d V%d H%d\"/></g>%n",
				scale.left, scale.top, scale.top + scale.height, scale.left + scale.width));
		for (int i = 0; i <= 4; i++) {
			double y = scale.y(i / 4.0);
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
					scale.left, scale.left + scale.width, y, y));
			text(svg, scale.left - 10, y + 4, String.format(Locale.ROOT, "%.2f", i / 4.0), "text-anchor=\"end\"");
		}
		for (double t = 0; t <= scale.xMax + 1e-9; t += step) {
			double x = scale.x(t);
			svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#222\"/>%n",
					x, x, scale.top + scale.height, scale.top + scale.height + 5));
			text(svg, x, scale.top + scale.height + 20, tick(t), "text-anchor=\"middle\"");
		}
		text(svg, scale.left + scale.width / 2.0, scale.top + scale.height + 40, "Time (" + unit.code + "s)", "text-anchor=\"middle\"");
		text(svg, 24, scale.top + scale.height / 2.0, "Survival probability",
				String.format(Locale.ROOT, "text-anchor=\"middle\" transform=\"rotate(-90 24 %.1f)\"", scale.top + scale.height / 2.0));
	}

	private static void curve(StringBuilder svg, Scale scale, Stratum stratum, String colour) {
		List<KaplanMeierRow> rows = stratum.fit().rows();
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "M%.1f %.1f", scale.x(0), scale.y(1)));
		StringBuilder upper = new StringBuilder(String.format(Locale.ROOT, "M%.1f %.1f", scale.x(0), scale.y(1)));
		StringBuilder lower = new StringBuilder();
		double previousLower = 1;
		for (KaplanMeierRow row : rows) {
			double x = scale.x(row.time());
			line.append(String.format(Locale.ROOT, " H%.1f V%.1f", x, scale.y(row.survival())));
			if (Double.isFinite(row.upper()) && Double.isFinite(row.lower())) {
				upper.append(String.format(Locale.ROOT, " H%.1f V%.1f", x, scale.y(row.upper())));
				lower.insert(0, String.format(Locale.ROOT, " H%.1f V%.1f", x, scale.y(previousLower)));
				previousLower = row.lower();
			}
		}
		double end = scale.x(rows.isEmpty() ? 0 : rows.get(rows.size() - 1).time());
		String band = upper + String.format(Locale.ROOT, " H%.1f V%.1f", end, scale.y(previousLower)) + lower + " Z";
		svg.append("<g aria-label=\"").append(escape(stratum.label())).append("\">\n");
		svg.append("<path d=\"").append(band).append("\" fill=\"").append(colour).append("\" fill-opacity=\"0.15\" stroke=\"none\"/>\n");
		svg.append("<path class=\"km\" d=\"").append(line).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>\n");
		for (KaplanMeierRow row : rows) {
			if (row.censored() > 0) {
				double x = scale.x(row.time());
				double y = scale.y(row.survival());
				svg.append(String.format(Locale.ROOT, "<path class=\"censor\" d=\"M%.1f %.1f v8\" stroke=\"%s\"/>%n", x, y - 4, colour));
			}
		}
		double median = stratum.fit().median().time();
		if (Double.isFinite(median)) {
			svg.append(String.format(Locale.ROOT,
					"<path class=\"median\" d=\"M%d %.1f H%.1f V%d\" fill=\"none\" stroke=\"%s\" stroke-dasharray=\"5 4\"/>%n",
					scale.left, scale.y(0.5), scale.x(median), scale.top + scale.height, colour));
		}
		svg.append("</g>\n");
	}

	private static void legend(StringBuilder svg, List<Stratum> strata) {
		int x = WIDTH - RIGHT + 20;
		for (int s = 0; s < strata.size(); s++) {
			Stratum stratum = strata.get(s);
			int y = TOP + 10 + s * 42;
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n",
					x, y - 11, PALETTE[s % PALETTE.length]));
			text(svg, x + 20, y, escape(stratum.label()), "font-weight=\"bold\"");
			double median = stratum.fit().median().time();
			text(svg, x + 20, y + 17, String.format(Locale.ROOT, "n=%d, events=%d, median %s", stratum.fit().n(),
					stratum.fit().events(), Double.isFinite(median) ? String.format(Locale.ROOT, "%.1f", median) : "not reached"),
					"fill=\"#333\" font-size=\"12\"");
		}
	}

	private static void atRisk(StringBuilder svg, Scale scale, List<Stratum> strata, double step, int top) {
		text(svg, scale.left - 80, top, "Number at risk", "font-weight=\"bold\"");
		for (int s = 0; s < strata.size(); s++) {
			int y = top + 22 + s * ROW;
			text(svg, scale.left - 80, y, escape(shorten(strata.get(s).label())), "fill=\"" + PALETTE[s % PALETTE.length] + "\"");
			for (double t = 0; t <= scale.xMax + 1e-9; t += step) {
				text(svg, scale.x(t), y, String.valueOf(atRisk(strata.get(s), t)), "text-anchor=\"middle\" class=\"at-risk\"");
			}
		}
	}

	/** Patients still under observation at time t: those whose time is t or later. */
	static int atRisk(Stratum stratum, double t) {
		for (KaplanMeierRow row : stratum.fit().rows()) {
			if (row.time() >= t) {
				return row.atRisk();
			}
		}
		return 0;
	}

	private static void text(StringBuilder svg, double x, double y, String content, String attributes) {
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, content));
	}

	static double niceStep(double raw) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
		for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
			if (raw <= factor * magnitude) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static String tick(double t) {
		return t == Math.rint(t) ? String.valueOf((long) t) : String.format(Locale.ROOT, "%.1f", t);
	}

	private static String pValue(double p) {
		return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "= %.3f", p);
	}

	private static String shorten(String label) {
		return label.length() > 12 ? label.substring(0, 11) + "…" : label;
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private record Scale(int left, int top, int width, int height, double xMax) {
		double x(double time) {
			return left + width * time / xMax;
		}

		double y(double survival) {
			return top + height * (1 - survival);
		}
	}
}
