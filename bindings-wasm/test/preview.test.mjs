// The preview module (pkg/preview.js, `promocode-wasm/preview`): the full browser
// module less what src/full.rs exports, and nothing else missing. The shared
// vectors run against it too (scripts/test.sh: PROMOCODE_IMPL=wasm-preview), each
// case that calls a left-out surface skipped by name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..', 'pkg');
const load = async (entry, wasm) => {
  const ns = await import(pathToFileURL(join(pkg, entry)).href);
  ns.initSync(readFileSync(join(pkg, wasm)));
  return ns;
};
const full = await load('index.js', 'promocode_wasm_bg.wasm');
const preview = await load('preview.js', 'promocode_preview_bg.wasm');
const glue = {
  full: await import(pathToFileURL(join(pkg, 'promocode_wasm.js')).href),
  preview: await import(pathToFileURL(join(pkg, 'promocode_preview.js')).href),
};

/**
 * What src/full.rs exports (JS names): its functions and classes, and its methods
 * of the classes both modules have. The test below checks the list against the file.
 */
const FULL_ONLY = ['Store', 'attribute', 'checkRedemption', 'existingCodes', 'providerRequests', 'validateCoupon', 'validatePromotionCode'];
const FULL_ONLY_METHODS = { Generator: ['assign'] };

const publicNames = (ns) => Object.keys(ns).filter((k) => !k.startsWith('__') && k !== 'start' && k !== 'default' && k !== 'initSync').sort();

test('the preview module exports the full module less src/full.rs: functions and classes', () => {
  const src = readFileSync(join(here, '..', 'src', 'full.rs'), 'utf8');
  const snake = (n) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const n of [...FULL_ONLY, ...Object.values(FULL_ONLY_METHODS).flat()]) {
    assert.ok(src.includes(`js_name = ${n})`) || src.includes(`js_name = ${n},`) || src.includes(`pub fn ${snake(n)}(`), `src/full.rs exports ${n}`);
  }
  const names = new Set(FULL_ONLY);
  assert.deepEqual(publicNames(glue.preview), publicNames(glue.full).filter((n) => !names.has(n)), 'the wasm glue');
  assert.deepEqual(publicNames(preview), publicNames(full).filter((n) => !names.has(n)), 'the JS entry points');
  for (const name of publicNames(preview)) assert.equal(typeof preview[name], typeof full[name], name);
});

test('the preview module exports the full module less src/full.rs: methods', () => {
  for (const cls of ['Format', 'Generator']) {
    const own = (c) => Object.getOwnPropertyNames(c.prototype).filter((k) => k !== 'constructor' && !k.startsWith('__')).sort();
    const left = new Set(FULL_ONLY_METHODS[cls] ?? []);
    assert.deepEqual(own(glue.preview[cls]), own(glue.full[cls]).filter((m) => !left.has(m)), cls);
  }
  assert.equal(typeof new full.Generator(new full.Format({ name: true })).assign, 'function');
  assert.equal(new preview.Generator(new preview.Format({ name: true })).assign, undefined);
});

test('preview.d.ts declares exactly the values the preview module exports', () => {
  const dts = readFileSync(join(pkg, 'preview.d.ts'), 'utf8');
  const values = dts.match(/export \{([^}]*)\} from '\.\/promocode\.js'/)[1].split(',').map((s) => s.trim()).filter(Boolean).sort();
  assert.deepEqual(values, publicNames(preview));
  assert.match(dts, /export \{ default, initSync, type InitInput \} from '\.\/index\.js'/);
});

test('preview.d.ts accepts the preview usage and rejects what the module leaves out (tsc --strict)', () => {
  const tsc = join(here, '..', '..', 'bindings-node', 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), 'typescript is a devDependency of bindings-node: run npm install there');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(here, 'preview-types', 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test('the preview module gives the full module\'s codes, explanations and errors', () => {
  const partners = [{ name: 'José', surname: 'Núñez' }, { name: '中村', locale: 'ja' }, { name: 'محمد' }, { name: 'José' }];
  for (const opts of [{ name: true, surname: true, random: 2, platform: 'stripe' }, { name: true, discount: 20 }]) {
    const a = new full.Generator(new full.Format(opts), { seed: 7 });
    const b = new preview.Generator(new preview.Format(opts), { seed: 7 });
    // The kanji name without a reading fails with a `ja` hint: the same batch error.
    const all = (gen) => {
      try {
        return { codes: gen.generateAll(partners) };
      } catch (e) {
        return { codes: e.codes, errors: Object.values(e.errors).map((x) => x.code) };
      }
    };
    const batch = all(a);
    assert.deepEqual(all(b), batch);
    const near = batch.codes[0].slice(0, -1);
    assert.deepEqual(b.suggest(near, 3), a.suggest(near, 3));
    assert.ok(a.suggest(near, 3).length > 0, near);
    for (const p of partners) {
      const why = (m) => { try { return m.Format.prototype.explain.call(new m.Format(opts), p, { seed: 1 }); } catch (e) { return [e.code, e.message]; } };
      assert.deepEqual(why(preview), why(full));
    }
  }
  assert.deepEqual(preview.PLATFORM_RULES, full.PLATFORM_RULES);
  assert.deepEqual(preview.ERROR_CODES, full.ERROR_CODES);
  const codeOf = (f) => { try { f(); } catch (e) { return [e.code, e.field, e.message]; } return null; };
  assert.deepEqual(codeOf(() => new preview.Format({ nmae: true })), codeOf(() => new full.Format({ nmae: true })));
  assert.equal(codeOf(() => preview.__panicForTests())[0], 'internal_error');
  // A store address works (the core opens it); a Store object needs the full module.
  const gen = new preview.Generator(new preview.Format({ name: true }), { store: 'memory:', coupon: 'spring' });
  assert.equal(gen.generate({ id: 'p1', name: 'Ann' }), gen.generate({ id: 'p1', name: 'Ann' }));
});
