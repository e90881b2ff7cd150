// The $survival answer (a FHIR Parameters resource, SPEC §4) as plain objects, and what is derived from it
// for people: numbers at risk, the Kaplan–Meier table as CSV, numbers formatted for a paper.
// No DOM here: plot.js and app.js build on it.

/** A parameter's value (whatever its value[x]) or, when it has parts, an object of its parts. */
function partsOf(parameters) {
  const out = {};
  for (const p of parameters || []) {
    const valueKey = Object.keys(p).find((k) => k.startsWith('value'));
    const value = p.part ? partsOf(p.part) : valueKey ? p[valueKey] : undefined;
    const many = out[p.name];
    if (many === undefined) out[p.name] = value;
    else if (Array.isArray(many) && many.multiple) many.push(value);
    else { const list = [many, value]; list.multiple = true; out[p.name] = list; }
  }
  return out;
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) && v.multiple ? v : [v]);

/**
 * Parameters → { endpoint, origin, timeUnit, patients, events, excluded[], strata[], logRank?, cox?, warnings[] };
 * cox carries its own n, events and excluded[] (the patients left out of the model for a missing covariate).
 */
export function parseSurvival(parameters) {
  if (!parameters || parameters.resourceType !== 'Parameters') {
    throw new Error('The server did not answer with a Parameters resource');
  }
  const top = partsOf(parameters.parameter);
  const strata = list(top.stratum).map((s) => ({
    label: s.label, n: s.n, events: s.events,
    median: s.median, medianLower: s.medianLower, medianUpper: s.medianUpper,
    rmst: s.rmst, rmstStdErr: s.rmstStdErr,
    landmarks: list(s.landmark),
    rows: list(s.row),
  }));
  const logRank = top.logRank && { ...top.logRank, groups: list(top.logRank.group) };
  const cox = top.cox && { ...top.cox, terms: list(top.cox.term), excluded: list(top.cox.excluded) };
  return {
    endpoint: top.endpoint, origin: top.origin, timeUnit: top.timeUnit,
    patients: top.patients, events: top.events,
    excluded: list(top.excluded), strata, logRank, cox,
    warnings: list(top.warning),
  };
}

/**
 * The header's exclusions split by what they leave a patient out of (SPEC §3): `analysis` the whole
 * analysis (not counted in `patients`), `strata` the strata and the log-rank test only (`missing-<stratify>`).
 */
export function exclusionsByScope(result) {
  const strata = result.excluded.filter((e) => e.reason.startsWith('missing-'));
  return { analysis: result.excluded.filter((e) => !strata.includes(e)), strata };
}

const total = (exclusions) => exclusions.reduce((sum, e) => sum + e.count, 0);
const reasons = (exclusions, name) => exclusions.map((e) => `${name(e.reason)} ${e.count}`).join(', ');

/** One sentence on the patients the Cox model used and why the others were left out; `name` turns a covariate code into words. */
export function coxPatientsText(result, name = (code) => code) {
  const { cox } = result;
  const left = total(cox.excluded);
  const used = `The Cox model used ${cox.n} of the ${result.patients} patients (${cox.events} events)`;
  if (left === 0) return `${used}: every patient has every covariate.`;
  const missing = (reason) => name(reason.replace(/^missing-/, ''));
  return `${used}; ${left} ${left === 1 ? 'was' : 'were'} left out for a missing covariate: ${reasons(cox.excluded, missing)} `
    + '(complete cases, as R\'s coxph).';
}

/** One sentence on who the analysis counts: patients, events, exclusions from the whole analysis and from the strata. */
export function patientsText(result, stratify, name = (code) => code) {
  const { analysis, strata } = exclusionsByScope(result);
  let text = `${result.patients} patients analysed, ${result.events} events`;
  text += analysis.length ? `; ${total(analysis)} excluded (${reasons(analysis, (r) => `${r}:`)}).` : '; none excluded.';
  if (strata.length) {
    const n = total(strata);
    text += ` ${n} ${n === 1 ? 'patient has' : 'patients have'} no ${name(stratify)}: in no stratum and not in the log-rank test.`;
  }
  return text;
}

/** Patients still at risk at time t (as R's summary(fit, times=t)$n.risk; 0 beyond the last time). */
export function atRisk(stratum, t) {
  const row = stratum.rows.find((r) => r.time >= t);
  return row ? row.atRisk : 0;
}

export const CSV_HEADER = ['stratum', 'time', 'atRisk', 'events', 'censored', 'survival', 'stdErr', 'lower', 'upper'];

/** A number at full precision (the shortest text that reads back as the same double); NA as empty. */
export const fullPrecision = (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/** The Kaplan–Meier table, one line per stratum and distinct time; the columns of the server's $survival-table. */
export function kaplanMeierRows(result) {
  return result.strata.flatMap((s) => s.rows.map((r) => [
    s.label, fullPrecision(r.time), String(r.atRisk), String(r.events), String(r.censored),
    fullPrecision(r.survival), fullPrecision(r.stdErr), fullPrecision(r.lower), fullPrecision(r.upper),
  ]));
}

function csvField(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function kaplanMeierCsv(result) {
  return [CSV_HEADER, ...kaplanMeierRows(result)].map((line) => line.map(csvField).join(',')).join('\n') + '\n';
}

// Formatting as papers print it: fixed decimals for estimates, p-values with a floor.
export function fixed(v, digits = 2) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : 'NR';
}

export function pValue(p) {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}

export const UNIT_ABBREVIATION = { day: 'd', week: 'wk', month: 'mo', year: 'y' };
export const UNIT_PLURAL = { day: 'days', week: 'weeks', month: 'months', year: 'years' };
