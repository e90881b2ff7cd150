// The researchers' app: a form for $survival, the Kaplan–Meier figure, the tables a paper reports, downloads.
import { connect, loadConfig } from './session.js';
import {
  parseSurvival, kaplanMeierCsv, kaplanMeierRows, CSV_HEADER, fixed, pValue, UNIT_ABBREVIATION, coxPatientsText, patientsText,
} from './survival-result.js';
import { kaplanMeierSvg, endpointTitle, PALETTE } from './plot.js';
import { tableOnePath, tableFromHtml } from './table-one.js';

const $ = (id) => document.getElementById(id);
const form = $('analysis');
let session;
let shown; // { result, svg, name }

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

try {
  const config = await loadConfig();
  session = await connect(config);
  if (session && config.federation) offerFederation(config.federation.sites);
  if (session) {
    $('session').textContent = session.user
      ? `Signed in as ${session.user} (SMART on FHIR) · ${session.base}`
      : `Security off: connected directly to ${session.base}`;
    form.hidden = false;
    $('table-one-section').hidden = false;
    document.body.dataset.ready = 'true';
  }
} catch (e) {
  $('session').textContent = 'Not connected';
  showError(e.message || String(e));
}

/** The form as a $survival Parameters resource (empty fields left out: the server's defaults apply). */
function requestParameters() {
  const data = new FormData(form);
  const parameter = [];
  const code = (name) => { const v = data.get(name); if (v) parameter.push({ name, valueCode: v }); };
  ['endpoint', 'origin', 'stratify', 'timeUnit', 'confType', 'ties'].forEach(code);
  for (const c of data.getAll('covariate')) parameter.push({ name: 'covariate', valueCode: c });
  for (const t of String(data.get('at') || '').split(/[,;\s]+/).filter(Boolean)) {
    const value = Number(t);
    if (!Number.isFinite(value) || value < 0) throw new Error(`Landmark times: "${t}" is not a non-negative number`);
    parameter.push({ name: 'at', valueDecimal: value });
  }
  if (data.get('tau')) parameter.push({ name: 'tau', valueDecimal: Number(data.get('tau')) });
  if (data.get('confLevel')) parameter.push({ name: 'confLevel', valueDecimal: Number(data.get('confLevel')) });
  if (data.get('cutoff')) parameter.push({ name: 'cutoff', valueDate: data.get('cutoff') });
  if (data.get('pciCutoffs')) parameter.push({ name: 'pciCutoffs', valueString: data.get('pciCutoffs') });
  if (data.get('federated') && data.get('cohort')) parameter.push({ name: 'cohort', valueString: data.get('cohort') });
  // FHIR JSON allows no empty arrays (the server refuses them): no fields, no parameter element
  return parameter.length ? { resourceType: 'Parameters', parameter } : { resourceType: 'Parameters' };
}

async function operationOutcomeText(response) {
  const text = await response.text();
  try {
    const outcome = JSON.parse(text);
    const issues = (outcome.issue || []).map((i) => i.diagnostics || i.details?.text).filter(Boolean);
    if (issues.length) return issues.join('; ');
  } catch { /* not JSON */ }
  return text.slice(0, 300);
}

let latestRun = 0; // a result that arrives after a later request's is not drawn

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const run = ++latestRun;
  $('error').hidden = true;
  $('run').disabled = true;
  $('status').textContent = 'Running…';
  try {
    const body = requestParameters();
    const group = new FormData(form).get('group');
    const federated = Boolean(new FormData(form).get('federated'));
    const path = federated ? '$federated-survival' : group ? `Group/${encodeURIComponent(group)}/$survival` : '$survival';
    const response = await session.call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`The server refused the analysis (HTTP ${response.status}): ${await operationOutcomeText(response)}`);
    }
    const answer = await response.json();
    const result = parseSurvival(answer);
    if (run !== latestRun) return;
    render(result, Object.fromEntries(new FormData(form)));
    showSiteStatuses(federated ? siteStatuses(answer) : []);
    $('status').textContent = `Done: ${result.patients} patients, ${result.strata.length} strata.`;
  } catch (e) {
    if (run !== latestRun) return;
    $('status').textContent = '';
    showError(e.message || String(e));
  } finally {
    if (run === latestRun) $('run').disabled = false;
  }
});

// A first-time user sees the curves at once: the form's defaults (overall survival by treatment, in months)
// are run on opening, without a click.
if (session) form.requestSubmit();

function render(result, options) {
  const unit = UNIT_ABBREVIATION[result.timeUnit] || result.timeUnit;
  const svg = kaplanMeierSvg(result, { stratify: options.stratify, confLevel: Number(options.confLevel) || 0.95 });
  $('plot').innerHTML = svg;
  shown = { result, svg, name: `km-${result.endpoint}${options.stratify ? `-by-${options.stratify}` : ''}` };

  $('summary').textContent = `${endpointTitle(result)} from ${result.origin}: `
    + patientsText(result, options.stratify, covariateName);

  $('warning-list').replaceChildren(...result.warnings.map((w) => el('li', {}, w)));
  $('warnings').hidden = result.warnings.length === 0;

  const lr = result.logRank;
  $('caption').textContent = `Figure. Kaplan–Meier estimates of ${endpointTitle(result).toLowerCase()}`
    + `${options.stratify ? ` by ${options.stratify}` : ''}, with ${Math.round((Number(options.confLevel) || 0.95) * 100)} % `
    + `pointwise confidence bands (${options.confType || 'log'}); ticks mark censored patients, dashed lines the medians.`
    + (lr ? ` Log-rank χ² = ${fixed(lr.chiSquare)} on ${lr.df} df, p ${pText(lr.pValue)}.` : '');

  const tables = [strataTable(result, unit)];
  if (lr) tables.push(logRankTable(lr));
  if (result.cox) tables.push(coxTable(result.cox), el('p', { id: 'cox-patients', class: 'note' }, coxPatientsText(result, covariateName)));
  tables.push(kaplanMeierTable(result));
  $('tables').replaceChildren(...tables);
  $('results').hidden = false;
}

/**
 * On a federation hub: the switch that pools every configured hospital. A Group id is local to this server
 * and a hospital is not a stratum across a federation, so both are unavailable while it is on.
 */
function offerFederation(sites) {
  $('federation').hidden = false;
  $('federation-help').textContent += ` Hospitals: ${sites.join(', ')}.`;
  const federated = form.elements.federated;
  const localOnly = [form.elements.group, form.querySelector('select[name=stratify] option[value=site]'),
    form.querySelector('input[name=covariate][value=site]')].filter(Boolean);
  const update = () => {
    for (const control of localOnly) control.disabled = federated.checked;
    form.elements.cohort.disabled = !federated.checked;
  };
  federated.addEventListener('change', update);
  update();
}

/** The hub's word on each hospital: [{ name, status }] from the answer's site parts. */
function siteStatuses(answer) {
  return (answer.parameter || []).filter((p) => p.name === 'site').map((site) => ({
    name: site.part.find((p) => p.name === 'name')?.valueString,
    status: site.part.find((p) => p.name === 'status')?.valueCode,
  }));
}

function showSiteStatuses(statuses) {
  $('site-statuses').replaceChildren(...statuses.map((s) => el('li', { 'data-site': s.name, 'data-status': s.status },
    `${s.name}: ${s.status === 'ok' ? 'pooled' : s.status}`)));
  $('site-statuses').hidden = statuses.length === 0;
}

/** A covariate's name as the form labels it ("PCI band" for pci-band). */
function covariateName(code) {
  const input = form.querySelector(`input[name=covariate][value="${CSS.escape(code)}"]`);
  return input?.labels?.[0]?.textContent.trim() || code;
}

const pText = (p) => (pValue(p).startsWith('<') ? pValue(p) : `= ${pValue(p)}`);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

function table(id, caption, header, rows, footer) {
  return el('table', { id, class: 'data' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...header.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows),
    footer ? el('tfoot', {}, el('tr', {}, el('td', { colspan: header.length }, footer))) : null);
}

const swatch = (i) => el('span', { class: 'swatch', style: `background:${PALETTE[i % PALETTE.length]}`, 'aria-hidden': 'true' });

function interval(lower, upper, digits = 1) {
  return `${fixed(lower, digits)}–${fixed(upper, digits)}`;
}

function strataTable(result, unit) {
  const times = [...new Set(result.strata.flatMap((s) => s.landmarks.map((l) => l.time)))].sort((a, b) => a - b);
  const hasRmst = result.strata.some((s) => typeof s.rmst === 'number');
  const header = ['Stratum', 'n', 'Events', `Median, ${unit} (95 % CI)`,
    ...times.map((t) => `${t}-${unit} survival (95 % CI)`), ...(hasRmst ? [`RMST, ${unit} (SE)`] : [])];
  const rows = result.strata.map((s, i) => {
    const landmark = (t) => {
      const l = s.landmarks.find((x) => x.time === t);
      return l ? `${fixed(l.survival * 100, 1)} % (${fixed(l.lower * 100, 1)}–${fixed(l.upper * 100, 1)})` : '–';
    };
    return el('tr', { 'data-stratum': s.label },
      el('th', { scope: 'row' }, swatch(i), s.label), el('td', {}, s.n), el('td', {}, s.events),
      el('td', {}, typeof s.median === 'number' ? `${fixed(s.median, 1)} (${interval(s.medianLower, s.medianUpper)})` : 'not reached'),
      ...times.map((t) => el('td', {}, landmark(t))),
      ...(hasRmst ? [el('td', {}, `${fixed(s.rmst, 1)} (${fixed(s.rmstStdErr, 2)})`)] : []));
  });
  return table('strata-table', 'Survival by stratum (Kaplan–Meier). NR: not reached.', header, rows);
}

function logRankTable(lr) {
  const rows = lr.groups.map((g) => el('tr', {},
    el('th', { scope: 'row' }, g.label), el('td', {}, g.observed), el('td', {}, fixed(g.expected, 1))));
  return table('logrank-table', 'Log-rank test', ['Group', 'Observed events', 'Expected events'], rows,
    `χ² = ${fixed(lr.chiSquare)} on ${lr.df} df, p ${pText(lr.pValue)}`);
}

function coxTable(cox) {
  const rows = cox.terms.map((t) => el('tr', {},
    el('th', { scope: 'row' }, t.name), el('td', {}, fixed(t.hazardRatio)),
    el('td', {}, interval(t.lower, t.upper, 2)), el('td', {}, pValue(t.pValue))));
  const test = (name, x) => (x ? `${name} χ² = ${fixed(x.chiSquare)} on ${x.df} df, p ${pText(x.pValue)}` : null);
  const footer = [`n = ${cox.n}, ${cox.events} events, ${cox.ties} ties`,
    test('Likelihood ratio', cox.likelihoodRatio), test('Wald', cox.wald), test('Score (log-rank)', cox.score),
    typeof cox.concordance === 'number' ? `concordance ${fixed(cox.concordance, 3)}` : null].filter(Boolean).join('; ');
  return table('cox-table', 'Cox proportional hazards model', ['Term', 'Hazard ratio', '95 % CI', 'p'], rows, footer);
}

/** Every Kaplan–Meier row: shown rounded, each cell holding its full-precision value (the CSV's). */
function kaplanMeierTable(result) {
  const rows = kaplanMeierRows(result).map((cells) => el('tr', {}, ...cells.map((c, i) => {
    const number = i >= 5 && c !== '' ? Number(c).toFixed(4) : i === 1 && c !== '' ? Number(c).toFixed(2) : c;
    return el(i === 0 ? 'th' : 'td', { 'data-value': c, ...(i === 0 ? { scope: 'row' } : {}) }, number);
  })));
  const details = el('details', { class: 'km-details' }, el('summary', {}, 'Kaplan–Meier table (every event and censoring time)'),
    table('km-table', 'Kaplan–Meier table; the CSV download holds the same values at full precision.', CSV_HEADER, rows));
  return details;
}

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

$('download-svg').addEventListener('click', () => {
  download(`${shown.name}.svg`, new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${shown.svg}`], { type: 'image/svg+xml' }));
});

$('download-csv').addEventListener('click', () => {
  download(`${shown.name}.csv`, new Blob([kaplanMeierCsv(shown.result)], { type: 'text/csv' }));
});

$('download-png').addEventListener('click', async () => {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([shown.svg], { type: 'image/svg+xml' }));
  try {
    await new Promise((resolve, reject) => { image.onload = resolve; image.onerror = () => reject(new Error('SVG could not be drawn')); image.src = url; });
    const scale = 3; // print resolution: 860 px wide → 2580 px
    const canvas = el('canvas', { width: image.width * scale, height: image.height * scale });
    const context = canvas.getContext('2d');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    download(`${shown.name}.png`, blob);
  } catch (e) {
    showError(e.message);
  } finally {
    URL.revokeObjectURL(url);
  }
});

// Table 1: fetched from the server as the HTML a manuscript gets, so the page shows exactly what is downloaded
let tableOne; // { html, by, group }

// Table 1 groups by the same variables the curves are stratified by (default: treatment)
for (const option of form.querySelectorAll('select[name=stratify] option')) {
  if (option.value) $('table-one-by').append(new Option(option.textContent, option.value, false, option.value === 'treatment'));
}

async function fetchTableOne(format, by, group) {
  const response = await session.call(tableOnePath(by, group, format), { headers: { Accept: format === 'html' ? 'text/html' : 'text/csv' } });
  if (!response.ok) {
    throw new Error(`The server refused Table 1 (HTTP ${response.status}): ${await operationOutcomeText(response)}`);
  }
  return { text: await response.text(), by, group };
}

$('table-one-run').addEventListener('click', async () => {
  $('error').hidden = true;
  $('table-one-run').disabled = true;
  $('table-one-status').textContent = 'Computing…';
  try {
    const { text, by, group } = await fetchTableOne('html', $('table-one-by').value, new FormData(form).get('group'));
    $('table-one').replaceChildren(tableFromHtml(text));
    tableOne = { html: text, by, group };
    $('table-one-downloads').hidden = false;
    $('table-one-status').textContent = 'Done.';
  } catch (e) {
    $('table-one-status').textContent = '';
    showError(e.message || String(e));
  } finally {
    $('table-one-run').disabled = false;
  }
});

const tableOneName = () => `table-1${tableOne.by ? `-by-${tableOne.by}` : ''}`;

$('download-table-one-html').addEventListener('click', () => {
  download(`${tableOneName()}.html`, new Blob([tableOne.html], { type: 'text/html' }));
});

$('download-table-one-csv').addEventListener('click', async () => {
  try {
    const { text } = await fetchTableOne('csv', tableOne.by, tableOne.group);
    download(`${tableOneName()}.csv`, new Blob([text], { type: 'text/csv' }));
  } catch (e) {
    showError(e.message || String(e));
  }
});
