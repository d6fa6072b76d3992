// Cross-language comparison, WASM part: promocode-wasm (bindings-wasm/pkg-node)
// running in Node, side by side with npm `referral-codes` 3.0.0 in the same run.
//   node benches/js/bench-wasm.mjs [--quick]
// Measures: generateCodes(1e6) with 8 random characters vs referral-codes'
// generate({ count: 1e6, length: 8 }) (same alphabet), generateAll over the 1M
// synthetic partners of benches/data/README.md, and one preview refresh (a new
// Format + Generator + generateAll over 20 partners, as the preview page does).
// Prints M/s, ratios and writes bench-results/wasm.json.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = join(root, 'bindings-wasm');
const require = createRequire(join(wasmDir, 'package.json'));
const pc = require('./pkg-node/index.js');
const referralCodes = await import(pathToFileURL(require.resolve('referral-codes')).href);

const quick = process.argv.includes('--quick');
const N = quick ? 100_000 : 1_000_000;
const RUNS = quick ? 2 : 5;

/** The synthetic partner list (benches/data/README.md): xorshift32 over the name pools. */
function partners(n) {
  const { first, last } = JSON.parse(readFileSync(join(root, 'benches', 'data', 'names.json'), 'utf8'));
  let state = 2463534242;
  const next = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state;
  };
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const name = first[next() % first.length];
    const surname = last[next() % last.length];
    out[i] = { name, surname, email: `partner${i}@example.com`, id: String(i) };
  }
  return out;
}

/** Best wall time of `runs` calls of `f` (fresh state each run via `setup`, freed after). */
function best(runs, setup, f) {
  let min = Infinity;
  let result;
  for (let r = 0; r < runs; r++) {
    const state = setup();
    result = undefined;
    const t = process.hrtime.bigint();
    result = f(state);
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e9);
    state?.free?.();
  }
  return { seconds: min, result };
}

const list = partners(N);
const first5 = JSON.parse(readFileSync(join(root, 'benches', 'data', 'expected-first5.json'), 'utf8'));
assert.deepEqual(list.slice(0, 5), first5, 'synthetic partners: first five differ from expected-first5.json');

const results = { n: N, runs: RUNS, node: process.version };
const mps = (n, s) => n / s / 1e6;

// 1. Bulk codes: 8 random characters, unique.
const bulk = new pc.Format({ random: 8 });
const ours = best(RUNS, () => new pc.Generator(bulk, { seed: 1 }), (gen) => gen.generateCodes(N));
assert.equal(new Set(ours.result).size, N);
const theirs = best(RUNS, () => null, () => referralCodes.generate({ count: N, length: 8, charset: pc.DEFAULT_ALPHABET }));
assert.equal(theirs.result.length, N);
results.generateCodes = { mps: mps(N, ours.seconds), seconds: ours.seconds };
results.referralCodes = { mps: mps(N, theirs.seconds), seconds: theirs.seconds };
results.ratio = theirs.seconds / ours.seconds;

// 2. Name-based codes for the multilingual partner list (JOHNDOE20, JOHNDOE20-2, ...).
const named = new pc.Format({ name: true, surname: true, discount: 20 });
const all = best(Math.min(RUNS, 3), () => new pc.Generator(named), (gen) => gen.generateAll(list));
assert.equal(all.result.length, N);
results.generateAll = { mps: mps(N, all.seconds), seconds: all.seconds, sample: all.result.slice(0, 5) };

// 3. One preview refresh: 20 partners, a new Format and Generator each time.
const twenty = list.slice(0, 20);
const options = { prefix: 'PARTNER', name: true, surname: true, discount: 20, random: 2, platform: 'stripe' };
const times = [];
for (let i = 0; i < (quick ? 200 : 2000); i++) {
  const t = process.hrtime.bigint();
  const fmt = new pc.Format(options);
  const gen = new pc.Generator(fmt, { seed: 42 });
  gen.generateAll(twenty);
  gen.free();
  fmt.free();
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
results.previewRefresh = { medianMs: times[times.length >> 1], p95Ms: times[Math.floor(times.length * 0.95)] };

const f = (x) => x.toFixed(2);
console.log(`promocode-wasm in Node ${process.version}, ${N.toLocaleString('en')} codes, best of ${RUNS}`);
console.log(`  wasm generateCodes(${N}, 8 random)     ${f(results.generateCodes.mps)} M codes/s`);
console.log(`  referral-codes generate(${N}, 8)       ${f(results.referralCodes.mps)} M codes/s`);
console.log(`  ratio wasm / referral-codes            ${f(results.ratio)}x (target >= 2x)`);
console.log(`  wasm generateAll(${N} partners)       ${f(results.generateAll.mps)} M codes/s   e.g. ${results.generateAll.sample.slice(0, 3).join(' ')}`);
console.log(`  preview refresh (20 partners)          median ${results.previewRefresh.medianMs.toFixed(3)} ms, p95 ${results.previewRefresh.p95Ms.toFixed(3)} ms (target < 1 ms)`);
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'wasm.json'), JSON.stringify(results, null, 2) + '\n');
