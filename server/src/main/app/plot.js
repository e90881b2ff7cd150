// The Kaplan–Meier figure as a standalone SVG document (presentation attributes, no CSS), so the figure on
// screen, the SVG download and the PNG download are the same picture.
import { atRisk, fixed, pValue, UNIT_ABBREVIATION, UNIT_PLURAL } from './survival-result.js';

// Okabe–Ito: distinguishable with the common colour-vision deficiencies (yellow last: weak on white)
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const FONT = 'Helvetica, Arial, sans-serif';
const TICK_STEPS = {
  day: [30, 60, 90, 180, 365, 730, 1095, 1825],
  week: [4, 8, 13, 26, 52, 104, 156, 260],
  month: [3, 6, 12, 24, 36, 60, 120],
  year: [0.5, 1, 2, 3, 5, 10],
};
const ORIGIN_TEXT = { diagnosis: 'diagnosis', surgery: 'surgery', treatment: 'start of treatment' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r2 = (v) => Math.round(v * 100) / 100;

/** Time-axis ticks: the smallest customary step giving at most 8 intervals. */
export function timeTicks(maxTime, unit) {
  const steps = TICK_STEPS[unit] || TICK_STEPS.month;
  const step = steps.find((s) => maxTime / s <= 8) || steps[steps.length - 1] * Math.ceil(maxTime / (8 * steps[steps.length - 1]));
  const ticks = [];
  for (let t = 0; t <= maxTime + 1e-9; t += step) ticks.push(r2(t));
  if (ticks[ticks.length - 1] < maxTime) ticks.push(r2(ticks[ticks.length - 1] + step));
  return ticks;
}

export function endpointTitle(result) {
  return result.endpoint === 'PFS' ? 'Progression-free survival' : 'Overall survival';
}

/**
 * @param result parsed $survival answer (survival-result.js)
 * @param options { stratify: covariate name or '' }
 * @returns the SVG document as text
 */
export function kaplanMeierSvg(result, options = {}) {
  const strata = result.strata.filter((s) => s.rows.length > 0);
  const unit = result.timeUnit || 'month';
  const maxTime = Math.max(1, ...strata.map((s) => s.rows[s.rows.length - 1].time));
  const ticks = timeTicks(maxTime, unit);
  const xMax = ticks[ticks.length - 1];

  const labelWidth = Math.max(70, 7.2 * Math.max(0, ...strata.map((s) => String(s.label).length)) + 24);
  const m = { left: Math.max(78, labelWidth), right: 28, top: 46 };
  const width = 860;
  const plotW = width - m.left - m.right;
  const plotH = 360;
  const axisBottom = m.top + plotH;
  const riskTop = axisBottom + 62;
  const rowH = 19;
  const height = riskTop + 22 + rowH * strata.length + 14;
  const x = (t) => m.left + (t / xMax) * plotW;
  const y = (s) => m.top + (1 - s) * plotH;
  const title = endpointTitle(result) + (options.stratify ? ` by ${options.stratify}` : '');

  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
    + `font-family="${FONT}" font-size="12" role="img" aria-labelledby="km-title km-desc">`);
  out.push(`<title id="km-title">${esc(title)}</title>`);
  out.push(`<desc id="km-desc">Kaplan–Meier estimates with ${esc(confText(options))} confidence bands, `
    + `censored observations as ticks, medians as dashed lines, numbers at risk below the time axis.</desc>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="24" font-size="15" font-weight="bold" fill="#000">${esc(title)}</text>`);

  // grid and axes
  out.push('<g class="km-axes" stroke="#000" stroke-width="1" fill="none">');
  for (const s of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    out.push(`<line x1="${m.left - 5}" y1="${r2(y(s))}" x2="${m.left}" y2="${r2(y(s))}"/>`);
    if (s > 0) out.push(`<line x1="${m.left}" y1="${r2(y(s))}" x2="${m.left + plotW}" y2="${r2(y(s))}" stroke="#e3e3e3"/>`);
  }
  for (const t of ticks) out.push(`<line x1="${r2(x(t))}" y1="${axisBottom}" x2="${r2(x(t))}" y2="${axisBottom + 5}"/>`);
  out.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${axisBottom}"/>`);
  out.push(`<line x1="${m.left}" y1="${axisBottom}" x2="${m.left + plotW}" y2="${axisBottom}"/>`);
  out.push('</g>');
  out.push('<g class="km-axis-labels" fill="#000">');
  for (const s of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    out.push(`<text x="${m.left - 8}" y="${r2(y(s) + 4)}" text-anchor="end">${s.toFixed(1)}</text>`);
  }
  for (const t of ticks) out.push(`<text x="${r2(x(t))}" y="${axisBottom + 19}" text-anchor="middle">${t}</text>`);
  out.push(`<text x="${m.left + plotW / 2}" y="${axisBottom + 40}" text-anchor="middle">`
    + `Time since ${esc(ORIGIN_TEXT[result.origin] || result.origin)} (${UNIT_PLURAL[unit] || unit})</text>`);
  out.push(`<text transform="translate(${m.left - 46} ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">`
    + `${esc(endpointTitle(result))} probability</text>`);
  out.push('</g>');

  // per stratum: confidence band, median lines, curve, censor ticks
  strata.forEach((stratum, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const label = esc(stratum.label);
    const band = confidenceBand(stratum, x, y);
    if (band) out.push(`<path class="km-ci" data-stratum="${label}" d="${band}" fill="${colour}" fill-opacity="0.13" stroke="none"/>`);
    if (typeof stratum.median === 'number') {
      out.push(`<path class="km-median" data-stratum="${label}" d="M${m.left},${r2(y(0.5))}H${r2(x(stratum.median))}V${axisBottom}" `
        + `fill="none" stroke="${colour}" stroke-width="1" stroke-dasharray="4 3"/>`);
    }
    out.push(`<path class="km-curve" data-stratum="${label}" d="${stepPath(stratum, x, y)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const censored = stratum.rows.filter((r) => r.censored > 0)
      .map((r) => `M${r2(x(r.time))},${r2(y(r.survival) - 4)}v8`).join('');
    if (censored) out.push(`<path class="km-censor" data-stratum="${label}" d="${censored}" stroke="${colour}" stroke-width="1.5"/>`);
  });

  // legend (top right, inside the plot) and the log-rank result under it
  const legendX = m.left + plotW - 250;
  let legendY = m.top + 14;
  out.push('<g class="km-legend">');
  strata.forEach((stratum, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const median = typeof stratum.median === 'number'
      ? `median ${fixed(stratum.median, 1)} ${UNIT_ABBREVIATION[unit] || unit}` : 'median not reached';
    out.push(`<line x1="${legendX}" y1="${legendY - 4}" x2="${legendX + 22}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2.5"/>`);
    out.push(`<text x="${legendX + 28}" y="${legendY}" fill="#000">${esc(stratum.label)} (n = ${stratum.n}; ${median})</text>`);
    legendY += 17;
  });
  if (result.logRank) {
    out.push(`<text class="km-logrank" x="${legendX}" y="${legendY + 6}" fill="#000">Log-rank p ${
      pValue(result.logRank.pValue).startsWith('<') ? '' : '= '}${esc(pValue(result.logRank.pValue))}</text>`);
  }
  out.push('</g>');

  // numbers at risk
  out.push('<g class="km-at-risk">');
  out.push(`<text x="${m.left - labelWidth + 4}" y="${riskTop}" font-weight="bold" fill="#000">Number at risk</text>`);
  strata.forEach((stratum, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const rowY = riskTop + 20 + i * rowH;
    out.push(`<text x="${m.left - 12}" y="${rowY}" text-anchor="end" fill="${colour}" font-weight="bold">${esc(stratum.label)}</text>`);
    for (const t of ticks) {
      out.push(`<text class="at-risk" data-stratum="${esc(stratum.label)}" data-time="${t}" x="${r2(x(t))}" y="${rowY}" `
        + `text-anchor="middle" fill="#000">${atRisk(stratum, t)}</text>`);
    }
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}

function confText(options) {
  return `${Math.round((options.confLevel || 0.95) * 100)} %`;
}

/** The Kaplan–Meier step function: S = 1 until the first event, then a drop at each event time. */
function stepPath(stratum, x, y) {
  let d = `M${r2(x(0))},${r2(y(1))}`;
  let previous = 1;
  for (const row of stratum.rows) {
    d += `H${r2(x(row.time))}`;
    if (row.survival !== previous) d += `V${r2(y(row.survival))}`;
    previous = row.survival;
  }
  return d;
}

/** The pointwise confidence band as a closed step polygon, up to the first time where R reports no limits. */
function confidenceBand(stratum, x, y) {
  const upper = [[0, 1]];
  const lower = [[0, 1]];
  let u = 1;
  let l = 1;
  for (const row of stratum.rows) {
    upper.push([row.time, u]);
    lower.push([row.time, l]);
    if (typeof row.upper !== 'number' || typeof row.lower !== 'number') break;
    u = row.upper;
    l = row.lower;
    upper.push([row.time, u]);
    lower.push([row.time, l]);
  }
  if (upper.length < 3) return null;
  const points = [...upper, ...lower.reverse()].map(([t, s]) => `${r2(x(t))},${r2(y(s))}`);
  return `M${points.join('L')}Z`;
}
