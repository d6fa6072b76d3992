// Real-browser test of the preview page: Debian's Chromium driven by
// playwright-core loads www/ (served in-process), edits the format, and checks
// that the codes shown equal what the core gives for the same inputs and seed
// (computed here with the Node build), that invalid settings are explained next
// to their field, and that the CSV download is right. Saves screenshots in
// bindings-wasm/test-output/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { run, test } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const base = join(here, '..');
const require = createRequire(import.meta.url);
const pc = require(join(base, 'pkg-node', 'index.js'));
const { chromium } = require(join(base, 'node_modules', 'playwright-core'));

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUT = join(base, 'test-output');

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** What the core gives: one Generator over the partners, like the page. */
function expected(options, seed, partners) {
  const gen = new pc.Generator(new pc.Format(options), { seed });
  try {
    return gen.generateAll(partners).map((code) => ({ code }));
  } catch (e) {
    if (e.code !== 'batch_failed') throw e;
    return e.codes.map((code, i) => (code === null ? { error: e.errors[i].message } : { code }));
  }
}

/** The table as shown: partner fields and the code or error of each row. */
const readTable = (page) => page.$$eval('#codes tbody tr', (trs) => trs.map((tr) => {
  const td = tr.querySelectorAll('td');
  const last = td[4];
  return {
    partner: { name: td[1].textContent, surname: td[2].textContent, email: td[3].textContent },
    result: last.classList.contains('code') ? { code: last.textContent } : last.classList.contains('error') ? { error: last.textContent } : { none: last.textContent },
  };
}));

const FORM_DEFAULTS = { prefix: 'PARTNER', name: true, surname: false, email: false, discount: 20, random: 0, template: null, separator: null, platform: 'generic', case: null, alphabet: null, maxLength: null, germanUmlauts: false };

let browser;
let page;
let server;
let url;
const pageErrors = [];
const cleanup = [];

async function checkCodes(options, seed) {
  const rows = await readTable(page);
  assert.ok(rows.length > 0, 'no rows');
  const want = expected(options, seed, rows.map((r) => r.partner));
  rows.forEach((r, i) => assert.deepEqual(r.result, want[i], `row ${i + 1} (${r.partner.name} ${r.partner.surname})`));
  const bits = new pc.Format(options).entropyBits.toFixed(1);
  assert.equal(await page.textContent('#entropy'), `${bits} bits`);
  return rows;
}

test('the page loads offline and shows a code for every sample partner', async () => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'promocode-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: ARGS, headless: true, acceptDownloads: true, viewport: { width: 1280, height: 1000 },
  });
  cleanup.push(() => rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));
  page = browser.pages()[0] ?? await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) external.push(r.url()); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const rows = await readTable(page);
  assert.equal(rows.length, 20);
  const names = rows.map((r) => r.partner.name);
  for (const n of ['José', 'Søren', 'Иван', '张伟', 'さくら', '김민준', 'محمد', 'राहुल', 'Γιώργος', '🦄']) assert.ok(names.includes(n), n);
  assert.deepEqual(rows[0], { partner: { name: 'John', surname: 'Doe', email: 'john.doe@example.com' }, result: { code: 'PARTNER-JOHN20' } });
  assert.deepEqual(rows[11].result, { code: 'PARTNER-JOHN20-2' }, 'the duplicate John Doe');
  assert.equal(rows[4].result.code, 'PARTNER-ZHANGWEI20');
  assert.equal(rows[10].result.error.startsWith('partner has no usable `name`'), true, 'the emoji name has no usable letters');
  const seed = BigInt(await page.inputValue('#seed'));
  await checkCodes(FORM_DEFAULTS, seed);
  assert.deepEqual(await page.$$eval('#platform option', (os) => os.map((o) => o.value)), pc.PLATFORMS);
  assert.deepEqual(external, [], 'no external requests');
});

test('edits recompute live and match the core for the same seed', async () => {
  await page.fill('#prefix', 'VIP');
  await page.check('#surname');
  await page.fill('#random', '3');
  await page.fill('#seed', '42');
  await page.selectOption('#platform', 'paddle');
  const options = { ...FORM_DEFAULTS, prefix: 'VIP', surname: true, random: 3, platform: 'paddle' };
  const rows = await checkCodes(options, 42);
  assert.match(rows[0].result.code, /^VIPJOHNDOE20[2-9B-DF-HJ-NP-TV-XZ]{3}$/);
  assert.match(await page.textContent('#platform-help'), /at most 32/);
  // Every keystroke counts: type into the discount field character by character.
  await page.fill('#discount', '');
  await page.type('#discount', '15');
  await checkCodes({ ...options, discount: 15 }, 42);
  // A new seed changes the random parts; the core agrees again.
  await page.click('#newSeed');
  const seed = BigInt(await page.inputValue('#seed'));
  assert.notEqual(seed, 42n);
  await checkCodes({ ...options, discount: 15 }, seed);
  await page.fill('#seed', '42');
  await page.fill('#discount', '20');
  await checkCodes(options, 42);
});

test('more settings: case, alphabet, max length, German umlauts, separator, template', async () => {
  await page.click('details.more summary');
  await page.selectOption('#platform', 'generic');
  await page.selectOption('#case', 'lower');
  await page.fill('#alphabet', 'ABCDEF');
  await page.check('#germanUmlauts');
  await page.fill('#separator', '_');
  let options = { ...FORM_DEFAULTS, prefix: 'VIP', surname: true, random: 3, case: 'lower', alphabet: 'ABCDEF', germanUmlauts: true, separator: '_' };
  const rows = await checkCodes(options, 42);
  assert.ok(rows.some((r) => /^vip_zoemueller20_[a-f]{3}$/.test(r.result.code)), 'German umlauts, lower case, separator, alphabet');
  await page.fill('#maxLength', '14');
  options = { ...options, maxLength: 14 };
  assert.ok((await checkCodes(options, 42)).every((r) => !r.result.code || r.result.code.length <= 14), 'max length');
  await page.check('#noSeparator');
  options = { ...options, separator: '' };
  await checkCodes(options, 42);
  await page.uncheck('#noSeparator');
  await page.fill('#separator', '');
  await page.fill('#template', '{prefix}{name:4}{surname:1}-{random:2}{discount}');
  options = { ...options, separator: null, template: '{prefix}{name:4}{surname:1}-{random:2}{discount}', random: 0 };
  // `random` is set but the template says {random:2}: the core says which setting is unused.
  await page.waitForSelector('#random-error:not([hidden])');
  assert.match(await page.textContent('#random-error'), /`random` is set but the template has no `\{random\}`/);
  await page.fill('#random', '0');
  await checkCodes(options, 42);
  // Back to the defaults of this test for the next ones.
  await page.fill('#template', '');
  await page.fill('#random', '3');
  await page.selectOption('#case', '');
  await page.fill('#alphabet', '');
  await page.fill('#maxLength', '');
  await page.uncheck('#germanUmlauts');
  await page.selectOption('#platform', 'paddle');
  await checkCodes({ ...FORM_DEFAULTS, prefix: 'VIP', surname: true, random: 3, platform: 'paddle' }, 42);
});

test('invalid settings are explained next to their field, with the position marked', async () => {
  await page.fill('#template', '{prefix}{nme}{random}');
  await page.waitForSelector('#template-error:not([hidden])');
  const message = await page.textContent('#template-error');
  assert.match(message, /unknown placeholder `\{nme\}` at position 8/);
  assert.equal(await page.getAttribute('#template', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#template-error mark'), '{');
  assert.equal(await page.textContent('#template-error code.marked'), '{prefix}{nme}{random}');
  assert.equal(await page.isHidden('#format-error'), true);
  const cells = await page.$$eval('#codes tbody td:last-child', (tds) => tds.map((t) => t.textContent));
  assert.ok(cells.every((c) => c === '—'), 'no codes while the format is invalid');
  assert.equal(await page.isDisabled('#download'), true);
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'preview-error.png'), fullPage: true });

  await page.fill('#template', '{prefix}{name}{random');
  assert.match(await page.textContent('#template-error'), /unbalanced `\{` at position 14/);
  await page.fill('#template', '');
  assert.equal(await page.isHidden('#template-error'), true);

  await page.fill('#prefix', 'VIP-');
  assert.match(await page.textContent('#prefix-error'), /prefix has `-` at position 3, which paddle does not allow/);
  assert.equal(await page.textContent('#prefix-error mark'), '-');
  await page.fill('#prefix', 'VIP');
  await page.fill('#seed', '-1');
  assert.match(await page.textContent('#seed-error'), /seed/);
  await page.fill('#seed', '42');
  await page.fill('#maxLength', '5');
  await page.waitForSelector('#format-error:not([hidden])');
  assert.match(await page.textContent('#format-error'), /characters but the limit is 5/);
  await page.fill('#maxLength', '');
  assert.equal(await page.isHidden('#format-error'), true);
  await checkCodes({ ...FORM_DEFAULTS, prefix: 'VIP', surname: true, random: 3, platform: 'paddle' }, 42);
});

test('the partner list is editable; CSV lines and quotes work', async () => {
  const list = 'John Doe <john@example.com>\n# a comment\n\nJo"hn "Q", Public\nAnn,Lee,ann@example.com\nann\tlee\tann2@example.com\nBob smith bob@example.com\n\n';
  await page.fill('#partners', list);
  const rows = await checkCodes({ ...FORM_DEFAULTS, prefix: 'VIP', surname: true, random: 3, platform: 'paddle' }, 42);
  assert.deepEqual(rows.map((r) => r.partner), [
    { name: 'John', surname: 'Doe', email: 'john@example.com' },
    { name: 'Jo"hn "Q"', surname: 'Public', email: '' },
    { name: 'Ann', surname: 'Lee', email: 'ann@example.com' },
    { name: 'ann', surname: 'lee', email: 'ann2@example.com' },
    { name: 'Bob', surname: 'smith', email: 'bob@example.com' },
  ]);
});

test('Download CSV gives the codes shown, escaped', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'promotion-codes.csv');
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'BOM for spreadsheets');
  assert.ok(text.includes('"Jo""hn ""Q"""'), 'quotes doubled inside a quoted field');
  const csv = parseCsv(text.slice(1));
  assert.deepEqual(csv[0], ['name', 'surname', 'email', 'code', 'error']);
  const rows = await readTable(page);
  assert.equal(csv.length, rows.length + 1);
  rows.forEach((r, i) => assert.deepEqual(csv[i + 1], [r.partner.name, r.partner.surname, r.partner.email, r.result.code ?? '', r.result.error ?? '']));
});

test('screenshot of the default list with a typical format', async () => {
  await page.fill('#partners', '');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#seed', '42');
  await page.check('#surname');
  await page.fill('#random', '2');
  await page.selectOption('#platform', 'stripe');
  await checkCodes({ ...FORM_DEFAULTS, surname: true, random: 2, platform: 'stripe' }, 42);
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'preview.png'), fullPage: true });
  // Refresh latency as the page measures it (informational; benchmarks are in scripts/bench.sh).
  const ms = await page.evaluate(() => {
    const el = document.getElementById('prefix');
    const core = [];
    const total = [];
    for (let i = 0; i < 200; i++) {
      el.value = i % 2 ? 'PARTNER' : 'PARTNR';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      core.push(Number(document.body.dataset.coreMs));
      total.push(Number(document.body.dataset.totalMs));
    }
    const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
    return { core: median(core), total: median(total) };
  });
  console.log(`     refresh of 20 partners in Chromium: median ${ms.core.toFixed(3)} ms core, ${ms.total.toFixed(3)} ms with the table`);
  assert.deepEqual(pageErrors, [], 'no errors in the page');
});

const started = await startServer();
server = started.server;
url = started.url;
let result;
try {
  result = await run({ prefix: 'browser: ' });
} finally {
  await browser?.close().catch(() => {});
  server.close();
  for (const f of cleanup) try { f(); } catch { /* a temporary directory left behind is harmless */ }
}
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed ? 1 : 0);
