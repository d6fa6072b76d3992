// The preview page's load in a real browser (issue 17, SPEC §10: the first refresh
// after load ≤ 5 ms for the 20 sample partners): each load in a fresh browser
// context (nothing compiled or cached from an earlier one), timed by the page
// itself (www/app.js `main`): `initMs` around fetching, compiling and
// instantiating the module (`init()`, streaming), `firstRefreshMs` around the
// first refresh (Format, Generator, the 20 codes and their notes, the table),
// then the refresh of later keystrokes in the prefix.
//   node scripts/first-refresh.mjs [--runs N]     (markdown table for `make bench`)
// or `import { measureLoads } from './first-refresh.mjs'` (the browser test does).
// Wall-clock figures: on a shared machine, read the best and the median together.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Loads `url` in `runs` fresh contexts of `browser`: per load `{ initMs, firstRefreshMs, laterMs }`. */
export async function measureLoads(browser, url, runs, keystrokes = 10) {
  const loads = [];
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
      loads.push(await page.evaluate(async (n) => {
        const { initMs, firstRefreshMs } = document.body.dataset;
        const el = document.getElementById('prefix');
        const later = [];
        for (let i = 0; i < n; i++) {
          el.value = i % 2 ? 'PARTNER' : 'PARTNR';
          el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
          await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
          later.push(Number(document.body.dataset.totalMs));
        }
        later.sort((a, b) => a - b);
        return { initMs: Number(initMs), firstRefreshMs: Number(firstRefreshMs), laterMs: later[later.length >> 1] };
      }, keystrokes));
    } finally {
      await context.close();
    }
  }
  return loads;
}

/** `{ best, median }` of one field over the loads. */
export function summary(loads, key) {
  const v = loads.map((l) => l[key]).sort((a, b) => a - b);
  return { best: v[0], median: v[v.length >> 1] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 7;
  const require = createRequire(join(base, 'package.json'));
  const { chromium } = require('playwright-core');
  const { startServer } = await import('./serve.mjs');
  const { server, url } = await startServer();
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const loads = await measureLoads(browser, url, runs);
    const f = (s) => `${s.median.toFixed(1)} ms (best ${s.best.toFixed(1)})`;
    console.log(`Preview page (bindings-wasm/www, 20 sample partners) in headless ${browser.version()}, ${runs} loads, each in a fresh context; median (best):`);
    console.log('');
    console.log('| what | measured | target |');
    console.log('|---|---:|---:|');
    console.log(`| first refresh after load | ${f(summary(loads, 'firstRefreshMs'))} | ≤ 5 ms |`);
    console.log(`| module fetch + compile + instantiate (\`init()\`, before it) | ${f(summary(loads, 'initMs'))} | |`);
    console.log(`| later refreshes (keystroke in the prefix, median of 10 per load) | ${f(summary(loads, 'laterMs'))} | |`);
  } finally {
    await browser.close();
    server.close();
  }
}
