// The Node-side tests of promocode-wasm: every shared vector against
// pkg-node/index.js, the surface tests (api.mjs) and the size budget.
// Prints `N passed, N failed`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import './api.mjs';
import { run, test } from './harness.mjs';
import { runVectors } from './vectors.mjs';
import { BUDGET, measure } from '../scripts/size.mjs';

test('size: wasm + JS glue within the growth guard (SPEC §10 target 200 KB gzipped, missed: see size.mjs)', () => {
  const s = measure();
  console.log(`     wasm ${s.wasm.raw} B (${s.wasm.gzip} B gz), JS glue ${s.js.raw} B (${s.js.gzip} B gz), total ${s.total.gzip} B gz`);
  if (s.total.gzip > BUDGET) throw new Error(`${s.total.gzip} B gzipped is over the ${BUDGET} B budget`);
});

const api = await run({ prefix: 'node: ' });
let passed = api.passed;
let failed = api.failed;
// Every vector against both builds: pkg-node (opt-level 3, bulk lists) and the
// browser package pkg/ (opt-level z, per-value conversion), loaded with initSync.
const here = dirname(fileURLToPath(import.meta.url));
const web = await import(pathToFileURL(join(here, '..', 'pkg', 'index.js')).href);
web.initSync(readFileSync(join(here, '..', 'pkg', 'promocode_wasm_bg.wasm')));
const builds = { 'pkg-node': createRequire(import.meta.url)(join(here, '..', 'pkg-node', 'index.js')), pkg: web };
for (const [name, impl] of Object.entries(builds)) {
  const v = runVectors((line) => console.log(`     ${line}`), impl);
  console.log(`${v.failed ? 'FAIL' : 'ok  '} node: shared vectors (${name}): ${v.passed} of ${v.passed + v.failed} passed`);
  passed += v.passed;
  failed += v.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
