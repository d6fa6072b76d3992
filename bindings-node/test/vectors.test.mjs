// Every case of every core/tests/vectors/*.json (format: core/tests/vectors/README.md
// and COUPONS.md), one test per case, named by the case. No skips, except under
// PROMOCODE_IMPL=wasm-preview: the browser's preview module leaves out coupon
// checks, provider requests, stores and `assign` (bindings-wasm/src/full.rs), and
// the cases that call one of those are skipped there, each saying which.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import {
  Format,
  Generator,
  Store,
  validate,
  normalize,
  canonicalKey,
  validateCoupon,
  validatePromotionCode,
  checkRedemption,
  attribute,
  providerRequests,
  existingCodes,
  PLATFORM_RULES,
  IMPL,
} from './impl.mjs'
import { assertPromocodeError } from './helpers.mjs'

const DIR = fileURLToPath(new URL('../../core/tests/vectors/', import.meta.url))

// ---- encoding rules -------------------------------------------------------

const FLOATS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity }

/**
 * Decodes the tags anywhere in an input: `{"$float": "NaN" | "Infinity" |
 * "-Infinity"}`, `{"$bigint": "decimal"}` (a BigInt) and `{"$repeat": [text, n]}`.
 */
function decode(v) {
  if (Array.isArray(v)) return v.map(decode)
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === '$float') return FLOATS[v.$float]
    if (keys.length === 1 && keys[0] === '$bigint') return BigInt(v.$bigint)
    if (keys.length === 1 && keys[0] === '$repeat') return v.$repeat[0].repeat(v.$repeat[1])
    return Object.fromEntries(keys.map((k) => [k, decode(v[k])]))
  }
  return v
}

/**
 * Option keys in JavaScript spelling: the vectors' snake_case `max_length` becomes
 * `maxLength`. A camelCase key in a vector is the *other* style on purpose (a
 * case checking that Python rejects `maxLength`), so it mirrors to snake_case
 * here (`max_length`, which JavaScript must reject just the same).
 */
const jsKey = (key) =>
  /[A-Z]/.test(key)
    ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
    : key.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/** Format options: keys in JavaScript spelling (values are not renamed). */
function formatOptions(format) {
  if (format === null || typeof format !== 'object' || Array.isArray(format)) return decode(format)
  return Object.fromEntries(Object.entries(format).map(([k, v]) => [jsKey(k), decode(v)]))
}

/** Seeds: a decimal string is a u64 above 2^53 → BigInt; anything else as it is. */
const seed = (s) => (typeof s === 'string' ? BigInt(s) : decode(s))

// ---- outcomes -------------------------------------------------------------

function checkError(expected, e, name) {
  assertPromocodeError(e)
  assert.equal(e.code, expected.code, `${name}: expected error ${expected.code}, got ${e.code}: ${e.message}`)
  if ('position' in expected) assert.equal(e.position ?? null, expected.position, `${name}: position (${e.message})`)
  // An option named in `field` is spelled the JavaScript way (`max_length` → `maxLength`).
  if ('field' in expected) {
    const field = 'field_js' in expected ? expected.field_js : expected.field === null ? null : jsKey(expected.field)
    assert.equal(e.field ?? null, field, `${name}: field (${e.message})`)
  }
  if ('body' in expected) assert.deepEqual(e.body, expected.body, `${name}: 422 body`)
  if ('paths' in expected) assert.deepEqual(Object.keys(e.body.errors), expected.paths, `${name}: 422 paths`)
}

/** Equality with floats compared to 1e-6 (entropy bits). */
function same(expected, actual) {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Number.isInteger(expected) && Number.isInteger(actual)
      ? expected === actual
      : Math.abs(expected - actual) < 1e-6
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((x, i) => same(x, actual[i]))
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false
    const keys = Object.keys(expected)
    return keys.length === Object.keys(actual).length && keys.every((k) => k in actual && same(expected[k], actual[k]))
  }
  return expected === actual
}

/** Runs `fn` against a holder's `expect` / `expect_error`. */
function outcome(holder, fn, name, map = (x) => x) {
  let actual
  try {
    actual = map(fn())
  } catch (e) {
    if (!('expect_error' in holder)) {
      throw new assert.AssertionError({ message: `${name}: expected ${JSON.stringify(holder.expect)}, got error ${e?.code}: ${e?.message}` })
    }
    checkError(holder.expect_error, e, name)
    return
  }
  assert.ok(!('expect_error' in holder), `${name}: expected error ${JSON.stringify(holder.expect_error)}, got ${JSON.stringify(actual)}`)
  assert.ok('expect' in holder, `${name}: case has neither expect nor expect_error`)
  assert.ok(same(holder.expect, actual), `${name}: expected ${JSON.stringify(holder.expect)}, got ${JSON.stringify(actual)}`)
}

// ---- operations -----------------------------------------------------------

const report = (r) => {
  assert.equal(typeof r.valid, 'boolean')
  for (const issue of r.issues) {
    assert.equal(typeof issue.message, 'string')
    assert.ok(issue.message.length > 0)
  }
  return { valid: r.valid, issues: r.issues.map((i) => ({ code: i.code, position: i.position })) }
}

/** Runs `generateAll`, mapping a `batch_failed` error back to per-partner entries. */
function generateAll(gen, partners) {
  let codes
  try {
    codes = gen.generateAll(partners)
  } catch (e) {
    if (e?.code !== 'batch_failed') throw e
    assertPromocodeError(e, 'batch_failed')
    assert.equal(e.codes.length, partners.length, 'batch codes are aligned with the partners')
    return e.codes.map((code, i) => {
      if (code !== null) {
        assert.ok(!(i in e.errors), `partner ${i} has a code and an error`)
        return code
      }
      const err = assertPromocodeError(e.errors[i])
      const out = { code: err.code }
      if (err.position !== undefined && err.position !== null) out.position = err.position
      return { error: out }
    })
  }
  assert.ok(Array.isArray(codes))
  return codes
}

/** An `assign` answer in the vector form: warnings by their codes. */
function assigned(r) {
  assert.deepEqual(Object.keys(r).sort(), ['code', 'replaced', 'reused', 'warnings'])
  for (const w of r.warnings) assert.ok(typeof w.message === 'string' && w.message.length > 0)
  return { ...r, warnings: r.warnings.map((w) => w.code) }
}

function runGenerator(c) {
  const options = {}
  if ('existing' in c) options.existing = decode(c.existing)
  if ('seed' in c) options.seed = seed(c.seed)
  if ('store' in c) options.store = c.store
  if ('coupon' in c) options.coupon = c.coupon
  let gen
  try {
    gen = new Generator(new Format(formatOptions(c.format)), options)
  } catch (e) {
    if (!('expect_error' in c)) throw e
    checkError(c.expect_error, e, c.name)
    return
  }
  assert.ok(!('expect_error' in c), `${c.name}: building the generator should fail with ${JSON.stringify(c.expect_error)}`)
  c.steps.forEach((step, i) => {
    const name = `${c.name} step ${i} (${step.op})`
    switch (step.op) {
      case 'generate':
        return outcome(step, () => gen.generate(decode(step.partner)), name)
      case 'generate_all':
        return outcome(step, () => generateAll(gen, decode(step.partners)), name)
      case 'generate_codes':
        return outcome(step, () => gen.generateCodes(decode(step.count)), name)
      case 'add_existing':
        if ('expect_error' in step) return outcome(step, () => gen.addExisting(decode(step.codes)), name)
        return gen.addExisting(decode(step.codes))
      case 'contains':
        return outcome(step, () => gen.contains(decode(step.code)), name)
      case 'len':
        return outcome(step, () => gen.size, name)
      case 'remaining': {
        // Above 2^53 − 1 the vector holds a decimal string; `remaining` is the nearest number.
        const holder = typeof step.expect === 'string' ? { expect: Number(step.expect) } : step
        return outcome(holder, () => gen.remaining, name)
      }
      case 'assign': {
        const options = 'replace' in step ? { replace: decode(step.replace) } : undefined
        return outcome(step, () => assigned(gen.assign(decode(step.partner), decode(step.code), options)), name)
      }
      default:
        throw new Error(`${name}: unknown step op`)
    }
  })
}

function runCase(c) {
  switch (c.op) {
    case 'format':
      return outcome(c, () => new Format(formatOptions(c.format)), c.name, (f) => ({ entropy_bits: f.entropyBits }))
    case 'render':
      return outcome(c, () => {
        const fmt = new Format(formatOptions(c.format))
        return 'seed' in c ? fmt.render(decode(c.partner), { seed: seed(c.seed) }) : fmt.render(decode(c.partner))
      }, c.name)
    case 'validate':
      return outcome(c, () => validate(decode(c.code), c.platform ?? 'generic'), c.name, report)
    case 'normalize':
      return outcome(c, () => normalize(decode(c.code), c.platform ?? 'generic'), c.name)
    case 'canonical_key':
      return outcome(c, () => canonicalKey(decode(c.code)), c.name)
    case 'platform_rules':
      return outcome(c, () => PLATFORM_RULES, c.name)
    case 'generator':
      return runGenerator(c)
    // coupons (COUPONS.md)
    case 'validate_coupon': {
      const options = { connected: c.connected ?? [] }
      if ('seed' in c) options.seed = c.seed
      return outcome(c, () => validateCoupon(decode(c.request), options), c.name, json)
    }
    case 'validate_promotion_code':
      return outcome(c, () => ('seed' in c
        ? validatePromotionCode(decode(c.request), { seed: c.seed })
        : validatePromotionCode(decode(c.request))), c.name, json)
    case 'check_redemption':
      return outcome(c, () => checkRedemption(decode(c.promotion_code), decode(c.coupon), decode(c.order)), c.name, json)
    case 'attribute':
      return outcome(c, () => attribute(c.promotion_code_partner, c.referral_cookie_partner), c.name, json)
    case 'provider_requests':
    case 'existing_codes':
      return runProvider(c)
    default:
      throw new Error(`${c.name}: unknown op ${c.op}`)
  }
}

// Provider options are camelCase in JavaScript; fields of the coupon and its
// codes named in errors keep the Partnero API's snake_case.
const PROVIDER_OPTIONS = ['currency', 'amount_unit', 'api_version', 'starts_at']

function runProvider(c) {
  let holder = c
  if (c.expect_error && 'field' in c.expect_error) {
    const f = c.expect_error.field
    holder = { expect_error: { ...c.expect_error, field_js: PROVIDER_OPTIONS.includes(f) ? jsKey(f) : f } }
  }
  if (c.op === 'existing_codes') return outcome(holder, () => existingCodes(c.provider, decode(c.response ?? null)), c.name, json)
  const options = c.options === null || typeof c.options !== 'object' || Array.isArray(c.options) ? decode(c.options) : Object.fromEntries(Object.entries(c.options).map(([k, v]) => [jsKey(k), decode(v)]))
  return outcome(holder, () => providerRequests(decode(c.coupon ?? null), decode(c.promotion_codes ?? null), c.provider, options), c.name, json)
}

/** Outputs compare as JSON values (COUPONS.md). */
const json = (v) => JSON.parse(JSON.stringify(v))

// ---- the preview module ---------------------------------------------------

/** The surfaces each op and step calls (a name of the module or a Generator method). */
const CALLS = {
  validate_coupon: 'validateCoupon',
  validate_promotion_code: 'validatePromotionCode',
  check_redemption: 'checkRedemption',
  attribute: 'attribute',
  provider_requests: 'providerRequests',
  existing_codes: 'existingCodes',
  assign: 'Generator.prototype.assign',
  store_lookup: 'Store',
  store_suggest: 'Store',
}
const SURFACES = { validateCoupon, validatePromotionCode, checkRedemption, attribute, providerRequests, existingCodes, Store }

/**
 * Under wasm-preview, why case `c` is skipped (a surface it calls is not in the
 * preview module), else false; `storeObject`: the case builds a `Store` (a
 * lookup case with `store`; a store address in generator options needs none).
 * Every other build must have them all: a missing one fails the case.
 */
function previewSkip(c, storeObject = false) {
  if (IMPL !== 'wasm-preview') return false
  const calls = [c.op, ...(c.steps ?? []).map((s) => s.op)].map((op) => CALLS[op]).filter(Boolean)
  if (storeObject) calls.push('Store')
  const missing = calls.find((name) => (name === 'Generator.prototype.assign' ? typeof Generator.prototype.assign !== 'function' : SURFACES[name] === undefined))
  return missing ? `\`${missing}\` is not in the preview module` : false
}

// ---- one test per case ----------------------------------------------------

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
const names = new Set()
let count = 0
for (const file of files) {
  const { cases } = JSON.parse(readFileSync(join(DIR, file), 'utf8'))
  for (const c of cases) {
    assert.ok(!names.has(c.name), `duplicate case name ${c.name}`)
    names.add(c.name)
    count += 1
    test(`${file}: ${c.name}`, { skip: previewSkip(c) }, () => runCase(c))
  }
}

test('the vectors are all there', () => {
  assert.ok(files.includes('coupons.json'), 'coupon vectors found')
  assert.ok(count >= 500, `only ${count} vectors`)
})

// ---- lookup (core/tests/vectors/lookup/*.json) ----------------------------
// The cases of core/tests/lookup.rs. Steps `near` and `validate` (a format's own
// check with its check symbol) and the format's `random_space` are Rust-only
// surfaces; every other step runs here.

const RUST_ONLY_STEPS = new Set(['near', 'validate'])

function runLookupCase(c) {
  if (c.op === 'format') {
    const holder = 'expect' in c ? { expect: { entropy_bits: c.expect.entropy_bits } } : c
    return outcome(holder, () => new Format(formatOptions(c.format)), c.name, (f) => ({ entropy_bits: f.entropyBits }))
  }
  if (c.op === 'generator_options') {
    // The options as the binding reads them: the guard in force and the existing
    // codes registered (`lookup_index` only changes speed).
    const { typo_guard: typoGuard, lookup_index: lookupIndex, ...rest } = c.options
    const options = { ...rest, ...(typoGuard !== undefined && { typoGuard }), ...(lookupIndex !== undefined && { lookupIndex }) }
    const holder = 'expect' in c ? { expect: { typo_guard: c.expect.typo_guard, existing: c.expect.existing } } : c
    return outcome(holder, () => {
      const gen = new Generator(new Format({ random: 8 }), options)
      const existing = c.options.existing ?? []
      assert.ok(gen.size === existing.length && existing.every((x) => gen.contains(x)), `${c.name}: existing codes`)
      return { typo_guard: gen.typoGuard, existing }
    }, c.name, json)
  }
  assert.equal(c.op, 'generator')
  const options = { existing: c.existing ?? [] }
  if ('seed' in c) options.seed = seed(c.seed)
  if ('typo_guard' in c) options.typoGuard = c.typo_guard
  if ('lookup_index' in c) options.lookupIndex = c.lookup_index
  const store = 'store' in c ? new Store(c.store) : null
  if (store) options.store = store
  let gen
  try {
    gen = new Generator(new Format(formatOptions(c.format)), options)
  } catch (e) {
    if (!('expect_error' in c)) throw e
    checkError(c.expect_error, e, c.name)
    return
  }
  assert.ok(!('expect_error' in c), `${c.name}: building the generator should fail`)
  c.steps.forEach((step, i) => {
    if (RUST_ONLY_STEPS.has(step.op)) return
    const name = `${c.name} step ${i} (${step.op})`
    switch (step.op) {
      case 'lookup':
        return outcome(step, () => gen.lookup(decode(step.entered)), name, json)
      case 'suggest':
        return outcome(step, () => gen.suggest(decode(step.entered), step.limit), name, json)
      case 'generate':
        return outcome(step, () => gen.generate(decode(step.partner)), name)
      case 'generate_codes':
        return outcome(step, () => gen.generateCodes(step.count), name)
      case 'remaining':
        return outcome(step, () => (gen.remaining === null ? null : String(gen.remaining)), name)
      case 'store_lookup':
        return outcome(step, () => store.lookup(decode(step.entered)), name, json)
      case 'store_suggest':
        return outcome(step, () => store.suggest(decode(step.entered), step.limit), name, json)
      default:
        throw new Error(`${name}: unknown step op`)
    }
  })
}

const LOOKUP_DIR = join(DIR, 'lookup')
for (const file of readdirSync(LOOKUP_DIR).filter((f) => f.endsWith('.json')).sort()) {
  for (const c of JSON.parse(readFileSync(join(LOOKUP_DIR, file), 'utf8')).cases) {
    test(`lookup/${file}: ${c.name}`, { skip: previewSkip(c, 'store' in c) }, () => runLookupCase(c))
  }
}
