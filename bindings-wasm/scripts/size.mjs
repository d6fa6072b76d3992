// Prints the size of the browser package (wasm after wasm-opt + JS glue), raw
// and gzipped (level 9), and checks the SPEC §10 budget (≤ 200 KB gzipped).
// `--json` prints the numbers as JSON; exit code 1 when over budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUDGET = 200 * 1024;
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', 'pkg');

export function measure() {
  const files = { wasm: ['promocode_wasm_bg.wasm'], js: ['promocode_wasm.js', 'index.js'] };
  const out = {};
  for (const [kind, names] of Object.entries(files)) {
    const bytes = Buffer.concat(names.map((n) => readFileSync(join(pkg, n))));
    out[kind] = { raw: bytes.length, gzip: names.reduce((sum, n) => sum + gzipSync(readFileSync(join(pkg, n)), { level: 9 }).length, 0) };
  }
  out.total = { raw: out.wasm.raw + out.js.raw, gzip: out.wasm.gzip + out.js.gzip };
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(s));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`[build-wasm] size: wasm ${kb(s.wasm.raw)} (${kb(s.wasm.gzip)} gz) + JS glue ${kb(s.js.raw)} (${kb(s.js.gzip)} gz) = ${kb(s.total.gzip)} gzipped (budget ${kb(BUDGET)})`);
  }
  if (s.total.gzip > BUDGET) {
    console.error(`[build-wasm] over budget: ${s.total.gzip} > ${BUDGET} bytes gzipped`);
    process.exit(1);
  }
}
