// Runs every shared vector (core/tests/vectors/*.json, format in its README.md
// and COUPONS.md) against the Node build of promocode-wasm (pkg-node/index.js).
// A thin stand-in until the Node binding's suite (bindings-node/test, run with
// PROMOCODE_IMPL=wasm) takes over. Prints `N passed, N failed`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const vectorsDir = join(here, '..', '..', 'core', 'tests', 'vectors');
/** The implementation under test: pkg-node by default; `runVectors(log, impl)` takes another. */
let pc = createRequire(import.meta.url)(join(here, '..', 'pkg-node', 'index.js'));

const FLOATS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
/** Decodes `{"$float": ...}` anywhere. */
export function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$float') return FLOATS[v.$float];
    return Object.fromEntries(keys.map((k) => [k, decode(v[k])]));
  }
  return v;
}
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/**
 * Format options: keys are written in the Rust (snake_case) style; JS takes the
 * other style, so `max_length` becomes `maxLength` -- and a key already in
 * camelCase (a case about the wrong style, `options/unknown-key-camel-in-snake`)
 * becomes snake_case, still the wrong style for JS. Floats are decoded.
 */
const formatOptions = (f) =>
  f && typeof f === 'object' && !Array.isArray(f)
    ? Object.fromEntries(Object.entries(decode(f)).map(([k, v]) => [/[A-Z]/.test(k) ? snake(k) : camel(k), v]))
    : decode(f);
/** Seeds: decimal strings are BigInts; anything else is passed as it is. */
const seed = (s) => (typeof s === 'string' ? BigInt(s) : s);
const json = (v) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));

function checkError(want, e) {
  assert.ok(e instanceof Error, `expected an Error object, got ${e}`);
  assert.equal(e.code, want.code, `expected error ${want.code}, got ${e.code}: ${e.message}`);
  if ('position' in want) assert.equal(e.position ?? null, want.position, `position (${e.message})`);
  // Fields name options in the caller's style: `max_length` is `maxLength` in JS.
  if ('field' in want) assert.equal(e.field ?? null, 'field_js' in want ? want.field_js : typeof want.field === 'string' ? camel(want.field) : want.field, `field (${e.message})`);
  if ('paths' in want) assert.deepEqual(Object.keys(e.body.errors), want.paths);
  assert.ok(e.message.length > 0, 'empty message');
  if (e.code !== 'validation_failed') assert.ok(!/^[A-Z]/u.test(e.message), `message not lowercase: ${e.message}`);
  if ('body' in want) assert.deepEqual(json(e.body), want.body);
}

/** Float-tolerant comparison (entropy bits). */
function same(want, got) {
  if (typeof want === 'number' && typeof got === 'number' && !Number.isInteger(want)) {
    assert.ok(Math.abs(want - got) < 1e-6, `expected ${want}, got ${got}`);
  } else if (want && typeof want === 'object' && !Array.isArray(want)) {
    assert.deepEqual(Object.keys(got ?? {}).sort(), Object.keys(want).sort());
    for (const k of Object.keys(want)) same(want[k], got[k]);
  } else {
    assert.deepEqual(json(got), want);
  }
}

/** Runs `f` and checks it against `holder.expect` / `holder.expect_error`. */
function outcome(holder, f) {
  let got;
  try {
    got = f();
  } catch (e) {
    if (!holder.expect_error) throw new Error(`expected ${JSON.stringify(holder.expect)}, got error ${e.code}: ${e.message}`);
    return checkError(holder.expect_error, e);
  }
  if (holder.expect_error) throw new Error(`expected error ${holder.expect_error.code}, got ${JSON.stringify(json(got))}`);
  same(holder.expect, got);
}

const issues = (r) => ({ valid: r.valid, issues: r.issues.map((i) => ({ code: i.code, position: i.position })) });

function runGenerator(c) {
  let gen;
  try {
    gen = new pc.Generator(new pc.Format(formatOptions(c.format)), { existing: c.existing, seed: seed(c.seed) });
  } catch (e) {
    if (!c.expect_error) throw e;
    return checkError(c.expect_error, e);
  }
  if (c.expect_error) throw new Error(`expected error ${c.expect_error.code} building the generator`);
  c.steps.forEach((step, i) => {
    try {
      switch (step.op) {
        case 'generate':
          return outcome(step, () => gen.generate(decode(step.partner)));
        case 'generate_all':
          return outcome(step, () => {
            try {
              return gen.generateAll(decode(step.partners));
            } catch (e) {
              if (e.code !== 'batch_failed') throw e;
              assert.equal(e.codes.length, step.partners.length);
              return e.codes.map((code, j) => (code === null ? { error: { code: e.errors[j].code, ...(e.errors[j].position !== undefined && { position: e.errors[j].position }) } } : code));
            }
          });
        case 'generate_codes':
          return outcome(step, () => gen.generateCodes(step.count));
        case 'add_existing':
          return gen.addExisting(step.codes);
        case 'contains':
          return outcome(step, () => gen.contains(step.code));
        case 'len':
          return outcome(step, () => gen.size);
        case 'remaining':
          // Above 2^53 − 1 the vectors give a decimal string; JS numbers are approximate there.
          return outcome(step, () => {
            const r = gen.remaining;
            return typeof step.expect === 'string' && Number(step.expect) === r ? step.expect : r;
          });
        default:
          throw new Error(`unknown step ${step.op}`);
      }
    } catch (e) {
      e.message = `step ${i} (${step.op}): ${e.message}`;
      throw e;
    }
  });
}

function run(c) {
  switch (c.op) {
    case 'format':
      return outcome(c, () => ({ entropy_bits: new pc.Format(formatOptions(c.format)).entropyBits }));
    case 'render':
      return outcome(c, () => new pc.Format(formatOptions(c.format)).render(decode(c.partner), { seed: seed(c.seed) }));
    case 'validate':
      return outcome(c, () => issues(pc.validate(c.code, c.platform)));
    case 'normalize':
      return outcome(c, () => pc.normalize(c.code, c.platform));
    case 'canonical_key':
      return outcome(c, () => pc.canonicalKey(c.code));
    case 'generator':
      return runGenerator(c);
    case 'validate_coupon':
      return outcome(c, () => pc.validateCoupon(decode(c.request), { connected: c.connected ?? [], seed: c.seed }));
    case 'validate_promotion_code':
      return outcome(c, () => pc.validatePromotionCode(decode(c.request), { seed: c.seed }));
    case 'check_redemption':
      return outcome(c, () => pc.checkRedemption(decode(c.promotion_code), decode(c.coupon), decode(c.order)));
    case 'attribute':
      return outcome(c, () => pc.attribute(c.promotion_code_partner, c.referral_cookie_partner));
    case 'provider_requests':
    case 'existing_codes':
      return runProvider(c);
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

// Provider options are camelCase in JavaScript; fields of the coupon and its
// codes named in errors keep the Partnero API's snake_case.
const PROVIDER_OPTIONS = ['currency', 'amount_unit', 'api_version', 'starts_at'];

function runProvider(c) {
  let holder = c;
  if (c.expect_error && 'field' in c.expect_error) {
    const f = c.expect_error.field;
    holder = { expect_error: { ...c.expect_error, field_js: PROVIDER_OPTIONS.includes(f) ? camel(f) : f } };
  }
  if (c.op === 'existing_codes') return outcome(holder, () => pc.existingCodes(c.provider, decode(c.response ?? null)));
  const options = c.options === null || typeof c.options !== 'object' || Array.isArray(c.options) ? decode(c.options) : Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camel(k), decode(v)]));
  return outcome(holder, () => pc.providerRequests(decode(c.coupon ?? null), decode(c.promotion_codes ?? null), c.provider, options));
}

export function runVectors(log = console.log, impl = pc) {
  pc = impl;
  let passed = 0;
  let failed = 0;
  for (const file of readdirSync(vectorsDir).filter((f) => f.endsWith('.json')).sort()) {
    for (const c of JSON.parse(readFileSync(join(vectorsDir, file), 'utf8')).cases) {
      try {
        run(c);
        passed++;
      } catch (e) {
        failed++;
        log(`FAIL ${file}: ${c.name}: ${e.message}`);
      }
    }
  }
  const lookupDir = join(vectorsDir, 'lookup');
  for (const file of readdirSync(lookupDir).filter((f) => f.endsWith('.json')).sort()) {
    for (const c of JSON.parse(readFileSync(join(lookupDir, file), 'utf8')).cases) {
      try {
        runLookup(c);
        passed++;
      } catch (e) {
        failed++;
        log(`FAIL lookup/${file}: ${c.name}: ${e.message}`);
      }
    }
  }
  return { passed, failed };
}

// Lookup cases (core/tests/lookup.rs). Steps `near` and `validate` (a format's own
// check with its check symbol) and the format's `random_space` are Rust-only.
const RUST_ONLY_STEPS = new Set(['near', 'validate']);

function runLookup(c) {
  if (c.op === 'format') {
    const holder = c.expect ? { expect: { entropy_bits: c.expect.entropy_bits } } : c;
    return outcome(holder, () => ({ entropy_bits: new pc.Format(formatOptions(c.format)).entropyBits }));
  }
  const options = { existing: c.existing ?? [], seed: seed(c.seed), typoGuard: c.typo_guard, lookupIndex: c.lookup_index };
  let gen;
  try {
    gen = new pc.Generator(new pc.Format(formatOptions(c.format)), options);
  } catch (e) {
    if (!c.expect_error) throw e;
    return checkError(c.expect_error, e);
  }
  if (c.expect_error) throw new Error(`expected error ${c.expect_error.code} building the generator`);
  c.steps.forEach((step, i) => {
    if (RUST_ONLY_STEPS.has(step.op)) return;
    try {
      switch (step.op) {
        case 'lookup':
          return outcome(step, () => gen.lookup(step.entered));
        case 'suggest':
          return outcome(step, () => gen.suggest(step.entered, step.limit));
        case 'generate':
          return outcome(step, () => gen.generate(decode(step.partner)));
        case 'generate_codes':
          return outcome(step, () => gen.generateCodes(step.count));
        case 'remaining':
          return outcome(step, () => (gen.remaining === null ? null : String(gen.remaining)));
        default:
          throw new Error(`unknown step ${step.op}`);
      }
    } catch (e) {
      e.message = `step ${i} (${step.op}): ${e.message}`;
      throw e;
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed } = runVectors();
  console.log(`vectors: ${passed + failed} run`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
