// The SMART app in a real browser (Debian chromium driven by playwright-core), against a running server with
// the demo cohort. Run by SmartAppBrowserIT (security off) and SmartAppKeycloakBrowserIT (a real Keycloak
// login); by hand:
//   APP_URL=http://127.0.0.1:8080/app/ NODE_MODULES=server/target/npm/node_modules node server/src/test/app/smart-app.test.mjs
// Environment: APP_URL, FHIR_BASE (default: APP_URL/../fhir), MODE (open | keycloak), KEYCLOAK_ISSUER,
// KEYCLOAK_USER, KEYCLOAK_PASSWORD (keycloak mode), FEDERATION_SITES (on a hub), BROWSER (default /usr/bin/chromium), NODE_MODULES
// (where playwright-core is installed), SCREENSHOTS (folder, default server/target/app-screenshots).
// Exits 0 when every check holds; prints one line per check.
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const env = process.env;
const appUrl = env.APP_URL || 'http://127.0.0.1:8080/app/';
const fhirBase = (env.FHIR_BASE || new URL('../fhir', appUrl).href).replace(/\/$/, '');
const mode = env.MODE || 'open';
// on a federation hub (FEDERATION_SITES: its sites, comma-separated) the app also pools the hospitals
const federationSites = (env.FEDERATION_SITES || '').split(',').filter(Boolean);
const prefix = federationSites.length ? `${mode}-hub` : mode;
const screenshots = resolve(env.SCREENSHOTS || 'target/app-screenshots');
const nodeModules = resolve(env.NODE_MODULES || 'target/npm/node_modules');
const { chromium } = createRequire(join(nodeModules, 'noop.js'))('playwright-core');

let failures = 0;
function check(condition, what, detail = '') {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${mode}: ${what}${!condition && detail ? `\n     ${detail}` : ''}`);
  if (!condition) failures++;
  return condition;
}

/** Headers for calling the server directly (not through the app): in keycloak mode a researcher's token. */
async function directHeaders() {
  const headers = { Accept: 'application/fhir+json' };
  if (mode === 'keycloak') {
    const token = await fetch(`${env.KEYCLOAK_ISSUER}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'mesofhir-app', username: env.KEYCLOAK_USER,
        password: env.KEYCLOAK_PASSWORD, scope: 'openid mesofhir/survival.read' }),
    }).then((r) => r.json());
    if (!token.access_token) throw new Error(`no token from Keycloak: ${JSON.stringify(token)}`);
    headers.Authorization = `Bearer ${token.access_token}`;
  }
  return headers;
}

/** What the analysis the test asks for gives when $survival is called directly (not through the app). */
async function survivalDirectly(query, operation = '$survival') {
  const response = await fetch(`${fhirBase}/${operation}?${query}`, { headers: await directHeaders() });
  if (!response.ok) throw new Error(`${operation}?${query}: HTTP ${response.status} ${await response.text()}`);
  const parameters = await response.json();
  // plain reading of SPEC §4, independent of the app's own parser
  const strata = parameters.parameter.filter((p) => p.name === 'stratum').map((s) => {
    const part = (name) => s.part.find((p) => p.name === name);
    return {
      label: part('label').valueString,
      n: part('n').valueInteger,
      median: part('median')?.valueDecimal,
      rows: s.part.filter((p) => p.name === 'row').map((r) => Object.fromEntries(r.part.map((p) => [p.name, p.valueDecimal ?? p.valueInteger]))),
    };
  });
  const cox = parameters.parameter.find((p) => p.name === 'cox');
  const terms = cox ? cox.part.filter((p) => p.name === 'term')
    .map((t) => Object.fromEntries(t.part.map((p) => [p.name, p.valueDecimal ?? p.valueString]))) : [];
  const integer = (parts, name) => parts.find((p) => p.name === name)?.valueInteger;
  const coxModel = cox && {
    n: integer(cox.part, 'n'), events: integer(cox.part, 'events'),
    excluded: cox.part.filter((p) => p.name === 'excluded')
      .map((e) => ({ reason: e.part.find((p) => p.name === 'reason').valueCode, count: integer(e.part, 'count') })),
  };
  const sites = parameters.parameter.filter((p) => p.name === 'site')
    .map((s) => [s.part.find((p) => p.name === 'name').valueString, s.part.find((p) => p.name === 'status').valueCode]);
  return { strata, terms, cox: coxModel, patients: integer(parameters.parameter, 'patients'),
    logRank: parameters.parameter.find((p) => p.name === 'logRank'), sites };
}

/** The strata table's medians as [label, median] and the same from an answer read directly. */
const mediansShown = (page) => page.$$eval('#strata-table tbody tr', (rs) => rs.map((r) => [r.dataset.stratum, r.children[3].textContent.split(' ')[0]]));
const mediansOf = (answer) => answer.strata.map((s) => [s.label, s.median === undefined ? 'not' : s.median.toFixed(1)]);

const expectedAtRisk = (stratum, t) => (stratum.rows.find((r) => r.time >= t) || { atRisk: 0 }).atRisk;
const sameNumber = (text, value) => (value === undefined ? text === '' : Number(text) === value);

mkdirSync(screenshots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'mesofhir-chromium-'));
const started = Date.now();
const context = await chromium.launchPersistentContext(profile, {
  executablePath: env.BROWSER || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  acceptDownloads: true,
  viewport: { width: 1100, height: 900 },
});
try {
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const network = []; // for the failure report
  page.on('requestfailed', (r) => network.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) network.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`); });
  context.diagnostics = () => [...network, ...consoleErrors.map((e) => `console: ${e}`)];

  await page.goto(appUrl);
  if (mode === 'keycloak') {
    // the app sends the browser to Keycloak's own login page (SMART standalone launch, PKCE)
    await page.waitForURL(/\/realms\/mesofhir\/protocol\/openid-connect\/auth/, { timeout: 30_000 });
    const authorize = new URL(page.url());
    check(authorize.searchParams.get('client_id') === 'mesofhir-app', 'authorize request names client mesofhir-app');
    check(authorize.searchParams.get('code_challenge_method') === 'S256', 'authorize request uses PKCE S256');
    check((authorize.searchParams.get('scope') || '').split(' ').includes('mesofhir/survival.read'),
      'authorize request asks for mesofhir/survival.read', authorize.searchParams.get('scope'));
    await page.waitForSelector('#username');
    await page.screenshot({ path: join(screenshots, 'keycloak-login.png') });
    await page.fill('#username', env.KEYCLOAK_USER);
    await page.fill('#password', env.KEYCLOAK_PASSWORD);
    const loginStarted = Date.now();
    await page.click('#kc-login');
    await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
    check(page.url().startsWith(new URL('index.html', appUrl).href) || page.url().startsWith(appUrl), 'back in the app after the login', page.url());
    check(/Signed in as/.test(await page.textContent('#session')), `signed in (${((Date.now() - loginStarted) / 1000).toFixed(1)} s from submit)`,
      await page.textContent('#session'));
  } else {
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    check(/Security off/.test(await page.textContent('#session')), 'security off: the app calls the server directly');
  }

  // every form control has a label
  const unlabelled = await page.$$eval('form input, form select', (els) => els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.name));
  check(unlabelled.length === 0, 'every form control is labelled', unlabelled.join(', '));

  // the default analysis (overall survival by treatment, in months) is drawn on opening, without a click
  await page.waitForSelector('#plot svg .km-curve', { timeout: 60_000 });
  const opening = await survivalDirectly('stratify=treatment&timeUnit=month&at=12&at=36&at=60');
  const openingStrata = opening.strata.filter((s) => s.rows.length > 0);
  const openingCurves = await page.$$eval('#plot svg path.km-curve', (ps) => ps.map((p) => p.getAttribute('data-stratum')));
  check(openingStrata.length >= 2 && JSON.stringify(openingCurves) === JSON.stringify(openingStrata.map((s) => s.label)),
    `curves by treatment drawn on opening, without a click: ${openingCurves.join(', ')}`,
    `expected ${openingStrata.map((s) => s.label).join(', ')}`);
  const openingMedians = await page.$$eval('#strata-table tbody tr', (rs) => rs.map((r) => [r.dataset.stratum, r.children[3].textContent]));
  const expectedMedians = opening.strata.map((s) => [s.label, s.median === undefined ? 'not reached' : s.median.toFixed(1)]);
  check(openingMedians.length === expectedMedians.length
      && openingMedians.every(([label, text], i) => label === expectedMedians[i][0] && text.split(' ')[0] === expectedMedians[i][1].split(' ')[0]),
    `medians on opening equal $survival's: ${openingMedians.map(([l, t]) => `${l} ${t.split(' ')[0]}`).join(', ')}`,
    JSON.stringify(expectedMedians));
  check(!(await page.$('#cox-table')), 'the opening analysis has no Cox model (no covariate checked)');
  await page.screenshot({ path: join(screenshots, `${prefix}-opening.png`), fullPage: true });

  // stratify by treatment with a Cox model on age and PCI band (the unoperated have no PCI: they stay in
  // the curves, the Cox model leaves them out); submitted from the keyboard (Enter in a field)
  await page.selectOption('select[name=stratify]', 'treatment');
  await page.check('input[name=covariate][value=age]');
  await page.check('input[name=covariate][value=pci-band]');
  await page.focus('input[name=at]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#cox-table', { timeout: 60_000 });
  await page.waitForSelector('#plot svg .km-curve', { timeout: 60_000 });

  const expected = await survivalDirectly('stratify=treatment&covariate=age&covariate=pci-band&at=12&at=36&at=60');
  const shownStrata = expected.strata.filter((s) => s.rows.length > 0);
  const curves = await page.$$eval('#plot svg path.km-curve', (ps) => ps.map((p) => p.getAttribute('data-stratum')));
  check(shownStrata.length >= 2, `$survival gives ${shownStrata.length} strata by treatment`);
  check(shownStrata.some((s) => s.label === 'chemotherapy'), 'the chemotherapy stratum stays although its patients have no PCI band',
    shownStrata.map((s) => s.label).join(', '));
  check(JSON.stringify(curves) === JSON.stringify(shownStrata.map((s) => s.label)),
    `one curve per stratum: ${curves.join(', ')}`, `expected ${shownStrata.map((s) => s.label).join(', ')}`);
  const bands = await page.$$eval('#plot svg path.km-ci', (ps) => ps.length);
  check(bands === shownStrata.length, `a confidence band per stratum (${bands})`);
  const censors = await page.$$eval('#plot svg path.km-censor', (ps) => ps.map((p) => (p.getAttribute('d').match(/M/g) || []).length));
  const censoredTimes = shownStrata.map((s) => s.rows.filter((r) => r.censored > 0).length).filter((n) => n > 0);
  check(JSON.stringify(censors) === JSON.stringify(censoredTimes), `censor ticks at every censoring time (${censors.join(', ')})`,
    `expected ${censoredTimes.join(', ')}`);

  // numbers at risk under the time axis = $survival's
  const cells = await page.$$eval('#plot svg text.at-risk', (ts) => ts.map((t) => ({
    stratum: t.getAttribute('data-stratum'), time: Number(t.getAttribute('data-time')), value: Number(t.textContent) })));
  const byLabel = Object.fromEntries(shownStrata.map((s) => [s.label, s]));
  const wrong = cells.filter((c) => !byLabel[c.stratum] || expectedAtRisk(byLabel[c.stratum], c.time) !== c.value);
  const times = [...new Set(cells.map((c) => c.time))];
  check(cells.length === times.length * shownStrata.length && times.length >= 4 && wrong.length === 0,
    `numbers at risk equal $survival's (${cells.length} cells at times ${times.join(', ')})`, JSON.stringify(wrong.slice(0, 5)));
  check(shownStrata.every((s) => cells.find((c) => c.stratum === s.label && c.time === 0)?.value === s.n),
    'at time 0 every stratum has its n at risk');

  // log-rank and Cox as the server computed them
  const logRankText = await page.textContent('#logrank-table tfoot');
  const chi = expected.logRank.part.find((p) => p.name === 'chiSquare').valueDecimal;
  check(logRankText.includes(chi.toFixed(2)), `log-rank shown: ${logRankText.trim()}`);
  const coxRows = await page.$$eval('#cox-table tbody tr', (rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  check(coxRows.length === expected.terms.length && coxRows.every((r, i) => r[0] === expected.terms[i].name
      && r[1] === expected.terms[i].hazardRatio.toFixed(2)),
    `Cox table: ${coxRows.map((r) => `${r[0]} HR ${r[1]} (${r[2]}) p ${r[3]}`).join('; ')}`);
  // next to the Cox table: how many patients the model used, and why the others were left out
  const coxNote = (await page.textContent('#cox-patients')) || '';
  const left = expected.cox.excluded.reduce((sum, e) => sum + e.count, 0);
  check(left > 0 && expected.cox.n + left === expected.patients
      && coxNote.includes(`used ${expected.cox.n} of the ${expected.patients} patients (${expected.cox.events} events)`)
      && coxNote.includes(`${left} were left out for a missing covariate`)
      && expected.cox.excluded.every((e) => e.reason === 'missing-pci-band' && coxNote.includes(`PCI band ${e.count}`)),
    `Cox patients shown: ${coxNote.trim()}`, JSON.stringify(expected.cox));

  // CSV download = the Kaplan–Meier table shown = $survival's rows at full precision
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const csv = readFileSync(await csvDownload.path(), 'utf8').trimEnd().split('\n').map((line) => line.split(','));
  const tableCells = await page.$$eval('#km-table tr', (rs) => rs.map((r) => [...r.children].map((c) => c.getAttribute('data-value') ?? c.textContent)));
  check(JSON.stringify(csv) === JSON.stringify(tableCells), `CSV download (${csvDownload.suggestedFilename()}, ${csv.length - 1} rows) equals the table shown`);
  const header = ['stratum', 'time', 'atRisk', 'events', 'censored', 'survival', 'stdErr', 'lower', 'upper'];
  const expectedRows = shownStrata.flatMap((s) => s.rows.map((r) => ({ label: s.label, ...r })));
  const mismatches = csv.slice(1).filter((line, i) => {
    const r = expectedRows[i];
    return !r || line[0] !== r.label || header.slice(1).some((name, j) => !sameNumber(line[j + 1], r[name]));
  });
  check(JSON.stringify(csv[0]) === JSON.stringify(header) && csv.length - 1 === expectedRows.length && mismatches.length === 0,
    'CSV values equal $survival\'s rows exactly', JSON.stringify(mismatches.slice(0, 3)));

  // SVG and PNG downloads
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-svg')]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  check(svg.startsWith('<?xml') && (svg.match(/class="km-curve"/g) || []).length === shownStrata.length, `SVG download (${svg.length} bytes)`);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
  const png = readFileSync(await pngDownload.path());
  check(png.subarray(1, 4).toString() === 'PNG' && png.length > 20_000, `PNG download (${png.length} bytes)`);

  // Table 1 by treatment: the server's table drawn in the page, headed by each group's n as
  // $cohort-characteristics gives it, and the CSV download with the same columns
  await page.click('#table-one-run');
  await page.waitForSelector('#table-one-table tbody tr', { timeout: 60_000 });
  const t1 = await fetch(`${fhirBase}/$cohort-characteristics?by=treatment`, { headers: await directHeaders() }).then((r) => r.json());
  const groupHeadings = t1.parameter.filter((p) => p.name === 'group').map((g) => {
    const part = (name) => g.part.find((p) => p.name === name);
    return `${part('label').valueString} (n = ${part('n')?.valueInteger ?? part('display').valueString})`;
  });
  const headings = await page.$$eval('#table-one-table thead th', (ths) => ths.map((th) => th.textContent));
  check(JSON.stringify(headings.slice(2, -2)) === JSON.stringify(groupHeadings),
    `Table 1 columns: ${headings.slice(2, -2).join(', ')}`, `expected ${groupHeadings.join(', ')}`);
  const variables = t1.parameter.filter((p) => p.name === 'variable').map((v) => v.part.find((p) => p.name === 'name').valueCode);
  const firstCells = await page.$$eval('#table-one-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent).filter(Boolean));
  check(JSON.stringify(firstCells) === JSON.stringify(variables), `Table 1 rows: ${firstCells.join(', ')}`, `expected ${variables.join(', ')}`);
  const ageTest = t1.parameter.filter((p) => p.name === 'variable').find((v) => v.part[0].valueCode === 'age')
    .part.find((p) => p.name === 'test');
  const ageRow = await page.$$eval('#table-one-table tbody tr', (rs) => [...rs.find((r) => r.children[0].textContent === 'age').children].map((c) => c.textContent));
  // the test R's rule picks, or none where a small group withholds it (the server's warning says so)
  check(ageRow.at(-2) === (ageTest ? ageTest.part.find((p) => p.name === 'method').valueCode : ''),
    `Table 1 age: ${ageRow.join(' | ')}`);
  const [t1Csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-table-one-csv')]);
  const t1Header = readFileSync(await t1Csv.path(), 'utf8').split('\n')[0].split(',');
  check(JSON.stringify(t1Header) === JSON.stringify(headings), `Table 1 CSV download (${t1Csv.suggestedFilename()}) has the table's columns`,
    t1Header.join(' | '));
  await (await page.$('#table-one-section')).screenshot({ path: join(screenshots, `${prefix}-table-one.png`) });

  if (federationSites.length) {
    // the hub's switch: the same analysis pooled over every hospital, each hospital's status named
    check(await page.isVisible('#federation'), 'the app on a hub offers to pool the hospitals');
    check((await page.textContent('#federation-help')).includes(federationSites.join(', ')), 'it names the hospitals of the federation');
    check(await page.isDisabled('input[name=cohort]'), 'the study cohort field waits for the switch');
    await page.check('input[name=federated]');
    check(await page.isDisabled('input[name=group]'), 'a local Group id is not offered for a pooled analysis');
    const localSummary = await page.textContent('#summary');
    await page.click('#run');
    await page.waitForSelector('#site-statuses li', { timeout: 120_000 });
    const pooled = await survivalDirectly('stratify=treatment&covariate=age&covariate=pci-band&at=12&at=36&at=60', '$federated-survival');
    const statuses = await page.$$eval('#site-statuses li', (ls) => ls.map((l) => [l.dataset.site, l.dataset.status]));
    check(JSON.stringify(statuses) === JSON.stringify(federationSites.map((s) => [s, 'ok'])),
      `every hospital pooled: ${statuses.map((s) => s.join(' ')).join(', ')}`, JSON.stringify(pooled.sites));
    const pooledMedians = await mediansShown(page);
    check(JSON.stringify(pooledMedians) === JSON.stringify(mediansOf(pooled)),
      `pooled medians equal $federated-survival's: ${pooledMedians.map((m) => m.join(' ')).join(', ')}`, JSON.stringify(mediansOf(pooled)));
    const summary = await page.textContent('#summary');
    check(summary !== localSummary && summary.includes(String(pooled.patients)), `pooled summary: ${summary.trim()}`, localSummary);
    const pooledCurves = await page.$$eval('#plot svg path.km-curve', (ps) => ps.length);
    check(pooledCurves === pooled.strata.filter((s) => s.rows.length > 0).length, `pooled curves drawn (${pooledCurves})`);
    await page.screenshot({ path: join(screenshots, `${prefix}-federated.png`), fullPage: true });
  } else {
    check(!(await page.isVisible('#federation')), 'a server that is no hub offers no federation switch');
  }

  check(consoleErrors.length === 0, 'no errors in the browser console', consoleErrors.join(' | '));
  await page.screenshot({ path: join(screenshots, `${prefix}-app.png`), fullPage: true });
  await (await page.$('#figure')).screenshot({ path: join(screenshots, `${prefix}-figure.png`) });
  console.log(`screenshots in ${screenshots}; ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
} catch (e) {
  check(false, 'browser session', e.stack || String(e));
  const page = context.pages()[0];
  if (page) {
    console.log(`     at ${page.url()}\n     page text: ${(await page.textContent('body').catch(() => '')).replace(/\s+/g, ' ').slice(0, 600)}`);
    for (const line of context.diagnostics ? context.diagnostics() : []) console.log(`     ${line}`);
    await page.screenshot({ path: join(screenshots, `${prefix}-failure.png`), fullPage: true }).catch(() => {});
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
