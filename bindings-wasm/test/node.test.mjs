// The Node-side tests of promocode-wasm: every shared vector against
// pkg-node/index.js, the surface tests (api.mjs) and the size budget.
// Prints `N passed, N failed`.
import './api.mjs';
import { run, test } from './harness.mjs';
import { runVectors } from './vectors.mjs';
import { BUDGET, measure } from '../scripts/size.mjs';

test('size: wasm + JS glue within the SPEC §10 budget (200 KB gzipped)', () => {
  const s = measure();
  console.log(`     wasm ${s.wasm.raw} B (${s.wasm.gzip} B gz), JS glue ${s.js.raw} B (${s.js.gzip} B gz), total ${s.total.gzip} B gz`);
  if (s.total.gzip > BUDGET) throw new Error(`${s.total.gzip} B gzipped is over the ${BUDGET} B budget`);
});

const api = await run({ prefix: 'node: ' });
const vectors = runVectors((line) => console.log(`     ${line}`));
console.log(`${vectors.failed ? 'FAIL' : 'ok  '} node: shared vectors: ${vectors.passed} of ${vectors.passed + vectors.failed} passed`);
const passed = api.passed + vectors.passed;
const failed = api.failed + vectors.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
