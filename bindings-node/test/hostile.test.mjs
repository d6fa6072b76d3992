// Hostile input: whatever a caller passes, the answer is a result or an Error with
// a catalogue `.code` — never a crash, a hang or a silently ignored mistake.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  Format,
  Generator,
  validate,
  normalize,
  canonicalKey,
  validateCoupon,
  validatePromotionCode,
  checkRedemption,
  attribute,
  REDEMPTION_REASONS,
  ERROR_CODES,
  PLATFORMS,
} from './impl.mjs'
import impl, { IMPL } from './impl.mjs'
import { throwsCode } from './helpers.mjs'

const MB = 1 << 20
const nameFmt = () => new Format({ name: true, discount: 20 })
const coupon = { coupon_discount_type: 'percent', coupon_discount_amount: 20, coupon_duration_type: 'once' }

/** An array nested `depth` levels deep (the outer array counts as one). */
function nested(depth) {
  const root = []
  let cur = root
  for (let i = 1; i < depth; i++) {
    const next = []
    cur.push(next)
    cur = next
  }
  return root
}

// ---- lone surrogates -------------------------------------------------------

test('a lone surrogate arrives as one U+FFFD (so positions agree with Python)', () => {
  assert.equal(canonicalKey('\uD800'), canonicalKey('\uFFFD'))
  assert.equal(normalize('A\uD800B', 'woocommerce'), 'a\uFFFDb')
  assert.equal(normalize('A\uDC00\uD800B', 'woocommerce'), 'a\uFFFD\uFFFDb', 'two lone surrogates, two U+FFFD')
  assert.equal(normalize('A\uD83D\uDE00B', 'woocommerce'), 'a\uD83D\uDE00b', 'a valid pair stays one character')
})

test('positions count code points: a lone surrogate is one, an emoji is one', () => {
  const r = validate('AB\uD800C', 'generic')
  assert.equal(r.valid, false)
  assert.deepEqual(r.issues.map((i) => [i.code, i.position]), [['invalid_character', 2]])
  const r2 = validate('\uD83D\uDE00\uDC00-X!', 'generic')
  assert.deepEqual(r2.issues.map((i) => i.position), [0, 1, 4])
  const e = throwsCode(() => new Format({ prefix: 'A\uD800B' }), 'invalid_character')
  assert.equal(e.position, 1)
  assert.equal(e.field, 'prefix')
})

test('lone surrogates in partner data are dropped from codes', () => {
  assert.equal(nameFmt().render({ name: 'Jo\uD800hn' }), 'JOHN20')
  throwsCode(() => nameFmt().render({ name: '\uDFFF\uD800' }), 'empty_partner')
  const gen = new Generator(nameFmt(), { existing: ['JOHN20\uD800'] })
  assert.equal(gen.size, 1)
  assert.equal(gen.contains('john20\uDBFF'), true, 'the same U+FFFD on both sides')
})

// ---- huge strings ----------------------------------------------------------

test('1 MB codes validate with a short report', () => {
  const long = validate('A'.repeat(MB), 'stripe')
  assert.equal(long.valid, false)
  assert.deepEqual(long.issues.map((i) => i.code), ['too_long'])
  const junk = validate('!'.repeat(MB), 'generic')
  assert.equal(junk.valid, false)
  assert.ok(junk.issues.length <= 102, `${junk.issues.length} issues`)
  assert.ok(junk.issues.some((i) => i.code === 'more_issues'))
  assert.equal(canonicalKey('Ä'.repeat(MB)).length, MB)
  throwsCode(() => normalize(' X'.repeat(MB / 2), 'woocommerce'), 'invalid_code')
  assert.equal(normalize('X'.repeat(255), 'woocommerce').length, 255)
})

test('1 MB option and partner strings give errors with short messages, or cut codes', () => {
  for (const options of [{ prefix: 'A'.repeat(MB) }, { prefix: '!'.repeat(MB) }, { template: '{'.repeat(MB) },
    { alphabet: 'A'.repeat(MB), random: 4 }, { separator: '-'.repeat(MB), name: true, random: 2 },
    { platform: 'x'.repeat(MB) }, { case: 'x'.repeat(MB) }, { ['k'.repeat(MB)]: true }]) {
    let e
    try {
      new Format(options)
    } catch (err) {
      e = err
    }
    assert.ok(e, `${Object.keys(options)[0].slice(0, 10)}: should fail`)
    throwsCode(() => { throw e })
    assert.ok(e.message.length < 1000, `message of ${e.message.length} characters`)
  }
  const code = new Format({ name: true, surname: true, platform: 'paddle' })
    .render({ name: 'J'.repeat(MB), surname: 'D'.repeat(MB), email: 'x'.repeat(MB) })
  assert.ok(code.length <= 32, code)
  assert.match(code, /^J+D+$/)
})

// ---- NUL and control characters ------------------------------------------

test('NUL and control characters are data, not terminators', () => {
  const r = validate('A\0B', 'generic')
  assert.deepEqual(r.issues.map((i) => [i.code, i.position]), [['invalid_character', 1]])
  assert.equal(canonicalKey('a\0b'), 'ab', 'the database collation ignores NUL, so the key does too')
  assert.equal(nameFmt().render({ name: 'Jo\0hn\u0007' }), 'JOHN20')
  assert.equal(throwsCode(() => new Format({ prefix: 'A\0' }), 'invalid_character').position, 1)
  assert.equal(throwsCode(() => new Format({ platform: 'stripe\0' }), 'unknown_platform').field, 'platform')
  throwsCode(() => new Format({ 'name\0': true }), 'unknown_option')
})

// ---- wrong types everywhere -----------------------------------------------

test('format options of the wrong type', () => {
  for (const bad of [42, 'name', true, [], [{ name: true }], () => 1, Symbol('x'), 1n]) {
    throwsCode(() => new Format(bad), 'invalid_type')
  }
  const cases = [
    [{ name: 'yes' }, 'name'], [{ surname: 1 }, 'surname'], [{ email: {} }, 'email'],
    [{ prefix: 3 }, 'prefix'], [{ prefix: ['A'] }, 'prefix'], [{ template: false }, 'template'],
    [{ separator: 0 }, 'separator'], [{ alphabet: [] }, 'alphabet'], [{ platform: 1 }, 'platform'],
    [{ case: true }, 'case'], [{ random: '3' }, 'random'], [{ maxLength: '12' }, 'maxLength'],
    [{ discount: '20' }, 'discount'], [{ germanUmlauts: 'ja' }, 'germanUmlauts'],
    [{ prefix: () => 'A' }, 'prefix'], [{ prefix: Symbol('A') }, 'prefix'],
  ]
  for (const [options, field] of cases) {
    const e = throwsCode(() => new Format(options), 'invalid_type')
    assert.equal(e.field, field, e.message)
  }
})

test('partners of the wrong type', () => {
  const fmt = nameFmt()
  for (const bad of [undefined, null, 'John', 42, true, ['John'], () => 'John']) {
    throwsCode(() => fmt.render(bad), 'invalid_type')
  }
  assert.equal(throwsCode(() => fmt.render({ name: 3 }), 'invalid_type').field, 'name')
  assert.equal(throwsCode(() => fmt.render({ name: 'x', surname: ['Doe'] }), 'invalid_type').field, 'surname')
  assert.equal(throwsCode(() => fmt.render({ name: 'x', email: true }), 'invalid_type').field, 'email')
  assert.equal(throwsCode(() => fmt.render({ name: 'x', id: {} }), 'invalid_type').field, 'id')
  assert.equal(throwsCode(() => fmt.render({ name: Symbol('x') }), 'invalid_type').field, 'name')
  assert.equal(fmt.render({ name: 'Ann', id: 7, plan: 'pro', tags: ['a'], extra: { deep: [1, 2] } }), 'ANN20')
  assert.equal(fmt.render({ name: 'Ann', [Symbol('s')]: () => 1 }), 'ANN20', 'symbol keys are not data')
  throwsCode(() => fmt.render(new Date()), 'empty_partner')
  throwsCode(() => fmt.render(new Map([['name', 'Ann']])), 'empty_partner')
})

test('render options of the wrong type', () => {
  const fmt = new Format({ random: 4 })
  for (const bad of [42, 'seed', [], true]) throwsCode(() => fmt.render({}, bad), 'invalid_type')
  for (const bad of ['1', [1], {}, true]) throwsCode(() => fmt.render({}, { seed: bad }), 'invalid_type')
  for (const bad of [-1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 1e300, -1n, 2n ** 64n, -(2n ** 64n), 2n ** 200n]) {
    throwsCode(() => fmt.render({}, { seed: bad }), 'invalid_seed')
  }
  for (const ok of [0, -0, 2 ** 53 - 1, 0n, 2n ** 64n - 1n, null, undefined]) {
    assert.equal(fmt.render({}, { seed: ok }).length, 4)
  }
  assert.equal(fmt.render({}, { seed: 42 }), fmt.render({}, { seed: 42n }), 'number and BigInt seeds agree')
})

test('generator arguments of the wrong type', () => {
  const fmt = nameFmt()
  for (const bad of [undefined, null, {}, { name: true }, 'fmt', 42, () => fmt]) {
    assert.equal(throwsCode(() => new Generator(bad), 'invalid_type').field, 'format')
  }
  throwsCode(() => new Generator(new Generator(fmt)), 'invalid_type')
  for (const bad of [42, 'x', [], true]) throwsCode(() => new Generator(fmt, bad), 'invalid_type')
  throwsCode(() => new Generator(fmt, { existing: 'JOHN20' }), 'invalid_type')
  throwsCode(() => new Generator(fmt, { existing: [1] }), 'invalid_type')
  throwsCode(() => new Generator(fmt, { existing: [, 'A'] }), 'invalid_type') // eslint-disable-line no-sparse-arrays
  throwsCode(() => new Generator(fmt, { seed: '7' }), 'invalid_type')
  throwsCode(() => new Generator(fmt, { seed: -7 }), 'invalid_seed')

  const gen = new Generator(fmt)
  for (const bad of [undefined, null, 'John', 7]) throwsCode(() => gen.generate(bad), 'invalid_type')
  for (const bad of [undefined, null, 'John', 7, { 0: { name: 'x' }, length: 1 }, new Set([{ name: 'x' }])]) {
    throwsCode(() => gen.generateAll(bad), 'invalid_type')
  }
  throwsCode(() => gen.generateAll([{ name: 'Ann' }, 'Bob']), 'invalid_type')
  throwsCode(() => gen.generateAll([{ name: 'Ann' }, { name: 42 }]), 'invalid_type')
  assert.equal(gen.size, 0, 'a batch that fails up front issues nothing')
  for (const bad of ['x', 7, {}, [null], [undefined], [7], [[]], [{}]]) throwsCode(() => gen.addExisting(bad), 'invalid_type')
  assert.equal(gen.addExisting(null), 0, 'null: nothing to add')
  for (const bad of [undefined, null, 42, ['JOHN20'], {}]) throwsCode(() => gen.contains(bad), 'invalid_type')

  const bulk = new Generator(new Format({ random: 6 }))
  for (const bad of ['3', [3], {}, true]) throwsCode(() => bulk.generateCodes(bad), 'invalid_type')
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) throwsCode(() => bulk.generateCodes(bad))
  throwsCode(() => gen.generateCodes(1), 'needs_partner')
  assert.deepEqual(bulk.generateCodes(0), [])
  assert.deepEqual(bulk.generateCodes(undefined), [], 'no count: none')
})

test('validate, normalize and canonicalKey with the wrong types', () => {
  for (const bad of [undefined, null, 42, ['A'], { code: 'A' }, Symbol('A'), 1n]) {
    assert.equal(throwsCode(() => validate(bad), 'invalid_type').field, 'code')
    throwsCode(() => normalize(bad), 'invalid_type')
    throwsCode(() => canonicalKey(bad), 'invalid_type')
  }
  for (const bad of [42, ['stripe'], {}, true]) {
    throwsCode(() => validate('A', bad), 'invalid_type')
    throwsCode(() => normalize('A', bad), 'invalid_type')
  }
  throwsCode(() => validate('A', 'myspace'), 'unknown_platform')
  throwsCode(() => normalize('A', ''), 'unknown_platform')
  assert.equal(validate('A', null).valid, true, 'null platform is the default')
  assert.equal(validate('A', undefined).valid, true)
  assert.equal(validate('A', 'STRIPE_LEGACY').valid, true, 'platform names are forgiving')
})

test('coupon functions with the wrong types', () => {
  for (const bad of [undefined, null, 42, 'x', [], true]) {
    throwsCode(() => validateCoupon(bad), 'invalid_type')
    throwsCode(() => validatePromotionCode(bad), 'invalid_type')
  }
  for (const bad of [42, 'x', [], true]) {
    throwsCode(() => validateCoupon(coupon, bad), 'invalid_type')
    throwsCode(() => validatePromotionCode({ coupon_uuid: 'X' }, bad), 'invalid_type')
  }
  throwsCode(() => validateCoupon(coupon, { connected: 'stripe' }), 'invalid_type')
  throwsCode(() => validateCoupon(coupon, { connected: [1] }), 'invalid_type')
  throwsCode(() => validateCoupon(coupon, { connected: ['myspace'] }), 'invalid_value')
  throwsCode(() => validateCoupon(coupon, { seed: -1 }), 'invalid_seed')
  for (const args of [[1, 2, 3], [{}, {}, null], [{}, {}, { amount: 'x', date: '2025-01-01', first_order: true }],
    [{}, {}, { amount: 1, date: 'yesterday', first_order: true }], [{}, {}, {}]]) {
    throwsCode(() => checkRedemption(...args))
  }
  for (const bad of [1, {}, ['p'], true]) {
    throwsCode(() => attribute(bad, null), 'invalid_type')
    throwsCode(() => attribute(null, bad), 'invalid_type')
  }
  assert.equal(attribute(), null)
  assert.equal(attribute(undefined, undefined), null)
})

test('wrong field types inside a coupon request are 422 bodies', () => {
  const e = throwsCode(() => validateCoupon({ ...coupon, coupon_discount_amount: 'lots', promotion_codes: [{ code: 7 }] }),
    'validation_failed')
  assert.equal(typeof e.body.message, 'string')
  assert.deepEqual(Object.keys(e.body.errors).sort(), ['coupon_discount_amount', 'promotion_codes.0.code'])
  const nan = throwsCode(() => validateCoupon({ ...coupon, coupon_discount_amount: NaN }), 'validation_failed')
  assert.ok(nan.body.errors.coupon_discount_amount)
})

// ---- null / undefined fields ----------------------------------------------

test('null and undefined options and fields are defaults, not errors', () => {
  throwsCode(() => new Format(), 'empty_format')
  throwsCode(() => new Format(null), 'empty_format')
  throwsCode(() => new Format(undefined), 'empty_format')
  throwsCode(() => new Format({ prefix: null, name: undefined, random: null }), 'empty_format')
  const all = { prefix: null, name: true, surname: null, email: undefined, discount: null, random: null, template: null,
    separator: null, platform: null, case: null, alphabet: null, maxLength: null, germanUmlauts: undefined }
  assert.equal(new Format(all).render({ name: 'Ann' }), 'ANN')
  const fmt = nameFmt()
  assert.equal(fmt.render({ name: 'Ann', surname: null, email: undefined, id: null }), 'ANN20')
  assert.equal(throwsCode(() => fmt.render({ name: null }), 'empty_partner').fields[0], 'name')
  throwsCode(() => fmt.render({ name: undefined }), 'empty_partner')
  assert.equal(fmt.render({ name: 'Ann' }, null), 'ANN20')
  assert.equal(fmt.render({ name: 'Ann' }, { seed: undefined }), 'ANN20')
  const gen = new Generator(fmt, { existing: null, seed: null })
  assert.equal(gen.size, 0)
  assert.equal(new Generator(fmt, undefined).size, 0)
  assert.equal(validateCoupon(coupon, null).coupon_discount_type, 'percent')
  assert.equal(validateCoupon(coupon, { connected: null, seed: undefined }).active, true)
  assert.equal(validatePromotionCode({ coupon_uuid: 'SPRING', code: null }, { seed: 1 }).code.length, 10)
})

// ---- unknown option keys ---------------------------------------------------

test('unknown option keys are errors with a suggestion, never ignored', () => {
  let e = throwsCode(() => new Format({ nmae: true }), 'unknown_option')
  assert.equal(e.field, 'nmae')
  assert.match(e.message, /`name`/)
  e = throwsCode(() => new Format({ name: true, max_length: 10 }), 'unknown_option')
  assert.match(e.message, /maxLength/, 'snake_case gets the camelCase spelling suggested')
  throwsCode(() => new Format({ name: true, MaxLength: 10 }), 'unknown_option')
})

test('unknown keys in every options object', () => {
  const fmt = nameFmt()
  throwsCode(() => new Format({ name: true, maxLenght: 10 }), 'unknown_option')
  assert.match(throwsCode(() => new Generator(fmt, { exisiting: [] }), 'unknown_option').message, /existing/)
  throwsCode(() => new Generator(fmt, { seed: 1, format: fmt }), 'unknown_option')
  assert.match(throwsCode(() => fmt.render({ name: 'A' }, { sed: 1 }), 'unknown_option').message, /seed/)
  assert.match(throwsCode(() => validateCoupon(coupon, { conected: [] }), 'unknown_option').message, /connected/)
  throwsCode(() => validatePromotionCode({ coupon_uuid: 'X' }, { connected: [] }), 'unknown_option')
  // Inherited (prototype) keys are not own data: they are neither read nor rejected.
  const inherited = Object.create({ random: 3, bogus: true })
  inherited.name = true
  assert.equal(new Format(inherited).render({ name: 'Ann' }), 'ANN')
})

// ---- NaN / Infinity --------------------------------------------------------

test('NaN and infinities reach the core and are rejected there', () => {
  for (const x of [NaN, Infinity, -Infinity, -1, 2 ** 60]) {
    assert.equal(throwsCode(() => new Format({ name: true, discount: x }), 'invalid_discount').field, 'discount')
  }
  for (const x of [NaN, Infinity, -1, 1.5, 501]) throwsCode(() => new Format({ random: x }), 'invalid_value')
  for (const x of [NaN, -Infinity, 0]) throwsCode(() => new Format({ name: true, maxLength: x }), 'invalid_value')
  assert.equal(new Format({ name: true, discount: 12.5 }).render({ name: 'A' }), 'A12')
  assert.equal(new Format({ name: true, discount: 20n }).render({ name: 'A' }), 'A20', 'BigInt amounts')
  assert.equal(new Format({ random: 3n }).render({}, { seed: 1 }).length, 3, 'BigInt counts')
})

// ---- deep nesting and cycles -----------------------------------------------

test('nesting deeper than 64 levels is input_too_deep; cycles too', () => {
  throwsCode(() => validateCoupon({ ...coupon, metadata: { a: nested(64) } }), 'input_too_deep')
  const ok = validateCoupon({ ...coupon, metadata: { a: nested(62) } }, { seed: 1 })
  assert.ok(Array.isArray(ok.metadata.a), '64 levels in all are accepted')
  throwsCode(() => new Format(nested(100)), 'input_too_deep')
  const cycle = { random: 2 }
  cycle.self = cycle
  throwsCode(() => new Format(cycle), 'input_too_deep')
  const arrayCycle = []
  arrayCycle.push(arrayCycle)
  throwsCode(() => validateCoupon({ ...coupon, metadata: { arrayCycle } }), 'input_too_deep')
  throwsCode(() => nameFmt().render({ name: nested(200) }))
})

test('a partner is read by its name, surname, email and id only: the rest is never touched', () => {
  const record = { name: 'Ann', history: nested(500), plan: { toJSON() { throw new Error('never called') } } }
  record.self = record
  assert.equal(nameFmt().render(record), 'ANN20', 'deep and cyclic CRM fields are ignored')
  assert.deepEqual(new Generator(nameFmt()).generateAll([record, { ...record, name: 'Bob' }]), ['ANN20', 'BOB20'])
  let touched = 0
  const watched = new Proxy({ name: 'Eve', secret: 'x' }, { get(t, k) { touched += k === 'secret'; return t[k] } })
  assert.equal(nameFmt().render(watched), 'EVE20')
  assert.equal(touched, 0)
  class Member {
    constructor(first) { this.first = first }
    get name() { return this.first }
  }
  assert.equal(nameFmt().render(new Member('Kim')), 'KIM20', 'getters, also inherited ones, are read')
  assert.equal(nameFmt().render(Object.create({ name: 'Lou' })), 'LOU20')
})

// ---- huge arrays -----------------------------------------------------------

test('huge and sparse arrays fail fast, never exhaust memory', () => {
  const gen = new Generator(nameFmt())
  const sparse = new Array(2 ** 32 - 1)
  for (const fn of [() => gen.generateAll(sparse), () => gen.addExisting(sparse),
    () => new Generator(nameFmt(), { existing: sparse }), () => validateCoupon({ ...coupon, promotion_codes: sparse }),
    () => validateCoupon(coupon, { connected: sparse })]) {
    const e = throwsCode(fn)
    assert.ok(['invalid_value', 'invalid_type'].includes(e.code), e.code)
  }
  throwsCode(() => gen.generateAll(new Array(1e5).fill(42)), 'invalid_type')
  throwsCode(() => gen.addExisting(new Array(1e5).fill(null)), 'invalid_type')
  const e = throwsCode(() => validateCoupon({ ...coupon, promotion_codes: new Array(5000).fill({}) }), 'validation_failed')
  assert.ok(e.body.errors.promotion_codes)
  assert.equal(gen.addExisting(Array.from({ length: 200_000 }, (_, i) => `CODE${i}`)), 200_000)
  assert.equal(gen.size, 200_000)
})

test('infeasible bulk requests fail up front instead of hanging', () => {
  const gen = new Generator(new Format({ random: 2 }))
  const e = throwsCode(() => gen.generateCodes(1e6), 'code_space_exhausted')
  assert.equal(e.requested, 1e6)
  assert.equal(typeof e.available, 'number')
  assert.equal(gen.size, 0)
  throwsCode(() => new Generator(new Format({ random: 20 })).generateCodes(2 ** 53 - 1))
  assert.equal(gen.generateCodes(e.available).length, e.available, 'a feasible request fills the space')
  assert.equal(gen.remaining, 0)
})

// ---- throwing getters and proxies -------------------------------------------

test('an exception thrown by a getter or a Proxy trap propagates unchanged', () => {
  const boom = new Error('boom from a getter')
  assert.throws(() => nameFmt().render({ get name() { throw boom } }), (e) => e === boom)
  const trap = new Proxy({}, { ownKeys() { throw boom } })
  assert.throws(() => new Format(trap), (e) => e === boom)
  const proxied = new Proxy({ name: true, discount: 5 }, {})
  assert.equal(new Format(proxied).render({ name: 'Ann' }), 'ANN5', 'a plain Proxy is read like its target')
})

// ---- still alive -------------------------------------------------------------

test('after all of that, the module still works and its tables are frozen', () => {
  assert.equal(nameFmt().render({ name: 'Zoë' }), 'ZOE20')
  assert.ok(Object.isFrozen(ERROR_CODES) && Object.isFrozen(REDEMPTION_REASONS) && Object.isFrozen(PLATFORMS))
  assert.throws(() => { 'use strict'; ERROR_CODES.invalid_type = 'x' }, TypeError)
})

test('a panic (a bug) is a coded internal_error, and the module keeps working', () => {
  // (Each panic prints its message to stderr, as every Rust panic does: a few suffice.)
  // The browser build does not format panic messages (SPEC §10 size): its reason is `a panic`.
  const reason = IMPL === 'wasm-web' ? 'a panic' : 'a panic for the tests of the panic guard'
  const gen = new Generator(new Format({ random: 6 }), { seed: 3 })
  const before = gen.generate({})
  for (let i = 0; i < 20; i++) {
    const e = throwsCode(() => impl.__panicForTests(), 'internal_error')
    assert.ok(e.message.startsWith(`internal error in promocode (${reason}); please report it`), e.message)
  }
  // Objects made before the panics keep their state.
  assert.ok(gen.contains(before))
  assert.equal(gen.size, 1)
  assert.equal(new Format({ name: true, random: 4 }).render({ name: 'Ann' }, { seed: 7 }),
    new Format({ name: true, random: 4 }).render({ name: 'Ann' }, { seed: 7 }))
  assert.equal(nameFmt().render({ name: 'Ann' }), 'ANN20')
})

test('throwing getters and Proxy traps propagate, 100,000 times per entry point, and the module keeps working', () => {
  const reference = new Format({ random: 8 }).render({}, { seed: 42 })
  const revocable = Proxy.revocable({}, {})
  revocable.revoke()
  const revoked = revocable.proxy
  const boom = () => { throw new Error('boom') }
  const ownKeys = new Proxy({}, { ownKeys: boom })
  const getter = new Proxy({}, { get: boom })
  const badLength = new Proxy([], { get: (t, k) => (k === 'length' ? boom() : t[k]) })
  const badItem = new Proxy(['A', 'B', 'C', 'D', 'E'], { get: (t, k) => (k === 'length' ? 5 : boom()) })
  const fmt = new Format({ name: true, random: 4 })
  const gen = new Generator(fmt, { seed: 1 })
  const entries = {
    'new Format(revoked proxy)': () => new Format(revoked),
    'new Format(ownKeys throws)': () => new Format(ownKeys),
    'render(revoked proxy)': () => fmt.render(revoked),
    'render(getter throws)': () => fmt.render(getter),
    'render(options: ownKeys throws)': () => fmt.render({ name: 'A' }, ownKeys),
    'new Generator(options: ownKeys throws)': () => new Generator(fmt, ownKeys),
    'generate(getter throws)': () => gen.generate(getter),
    'generateAll(length throws)': () => gen.generateAll(badLength),
    'generateAll(item getter throws)': () => gen.generateAll(badItem),
    'addExisting(item getter throws)': () => gen.addExisting(badItem),
    'generateCodes(revoked proxy)': () => gen.generateCodes(revoked),
    'validateCoupon(metadata: ownKeys throws)': () => validateCoupon({ ...coupon, metadata: ownKeys }),
    'checkRedemption(revoked proxies)': () => checkRedemption(revoked, revoked, revoked),
  }
  for (const [name, call] of Object.entries(entries)) {
    for (let i = 0; i < 100000; i++) {
      let threw = false
      try {
        call()
      } catch {
        threw = true
      }
      if (!threw) assert.fail(`${name}: nothing was thrown`)
    }
  }
  assert.equal(new Format({ random: 8 }).render({}, { seed: 42 }), reference, 'seeded reference code')
  assert.equal(gen.generate({ name: 'Ann' }).slice(0, 4), 'ANN-')
  assert.equal(gen.size, 1, 'no code was registered by a failed call')
})

test('sparse lists are refused at their first hole', () => {
  const gen = new Generator(new Format({ random: 4 }), { seed: 1 })
  const sparse = []
  sparse.length = 5e6
  assert.equal(throwsCode(() => gen.addExisting(sparse), 'invalid_type').field, 'codes[0]')
  assert.equal(throwsCode(() => gen.generateAll(sparse), 'invalid_type').field, 'partners[0]')
  const holey = ['A', 'B']
  holey[5] = 'C'
  assert.equal(throwsCode(() => gen.addExisting(holey), 'invalid_type').field, 'codes[2]')
  assert.equal(throwsCode(() => new Generator(new Format({ random: 4 }), { existing: holey }), 'invalid_type').field, 'existing[2]')
  assert.equal(gen.size, 0)
})

test('returned objects keep `__proto__` as an own key and integers past 2^53 exact', () => {
  const metadata = JSON.parse('{"__proto__": {"isAdmin": true}, "a": 1}')
  metadata.big = 2n ** 60n
  const out = validateCoupon({ ...coupon, metadata }).metadata
  assert.equal(out.isAdmin, undefined, 'no prototype pollution')
  assert.ok(Object.hasOwn(out, '__proto__'))
  assert.deepEqual(out['__proto__'], { isAdmin: true })
  assert.equal(Object.getPrototypeOf(out), Object.prototype)
  assert.equal(out.big, 2n ** 60n, 'BigInt past 2^53 stays exact')
})

test('counts past 2^53 get one answer: the per-call range', () => {
  const gen = new Generator(new Format({ random: 20 }), { seed: 1 })
  for (const count of [2 ** 53, 2n ** 53n, 2n ** 53n + 1n]) {
    const e = throwsCode(() => gen.generateCodes(count), 'invalid_value')
    assert.equal(e.field, 'count')
    assert.match(e.message, /^`count` must be a whole number from 0 to \d+, got 900719925474099[23]$/)
  }
})

test('wasm: a method called on the wrong object or after free() throws invalid_type', { skip: !IMPL.startsWith('wasm') && 'the wasm glue' }, () => {
  const fmt = new Format({ name: true })
  const gen = new Generator(fmt, { seed: 1 })
  assert.equal(throwsCode(() => Format.prototype.render.call(gen, { name: 'A' }), 'invalid_type').field, 'this')
  assert.equal(throwsCode(() => Generator.prototype.generate.call(fmt, { name: 'A' }), 'invalid_type').field, 'this')
  const freed = new Format({ name: true })
  freed.free()
  assert.equal(throwsCode(() => freed.render({ name: 'A' }), 'invalid_type').field, 'this')
  assert.equal(throwsCode(() => new Generator(freed), 'invalid_type').field, 'format')
  assert.equal(fmt.render({ name: 'Ann' }), 'ANN')
})

// ---- issue 19: one answer per hostile JS input, napi and wasm alike ----------

test('a class called without `new` throws invalid_type and leaves the module alone', () => {
  const store = impl.Store
  for (const [name, args] of [['Format', [{ name: true }]], ['Generator', [new Format({ random: 4 })]], ['Store', ['memory:']]]) {
    // Called on the module (`this` is the exports object or namespace) and unbound (`this` is undefined).
    const onModule = throwsCode(() => impl[name](...args), 'invalid_type')
    assert.equal(onModule.field, 'this')
    assert.equal(onModule.message, '`this` must be a new instance (call the class with `new`), got object')
    const cls = impl[name]
    // (Unbound, a native function sees `globalThis` where JS sees `undefined`.)
    const unbound = throwsCode(() => cls(...args), 'invalid_type')
    assert.equal(unbound.field, 'this')
    assert.match(unbound.message, /^`this` must be a new instance \(call the class with `new`\), got (object|null)$/)
  }
  assert.equal(impl.Store, store)
  assert.equal(typeof impl.validate, 'function', 'the exports object is still the module')
  assert.ok(!(impl instanceof Format))
  assert.equal(new Format({ name: true }).render({ name: 'Ann' }), 'ANN')
  class Sub extends Format {}
  assert.equal(new Sub({ name: true }).render({ name: 'Ann' }), 'ANN', 'subclasses construct')
})

test('edge values get one rule in napi and wasm: BigInts past 64 bits, Proxy arrays, counts past 2^53', () => {
  const meta = (v) => validateCoupon({ ...coupon, metadata: { v } }).metadata.v
  // A BigInt past 64 bits is data like any number: its nearest float; up to 64 bits it stays exact.
  assert.equal(meta(2n ** 70n), 2 ** 70)
  assert.equal(meta(-(2n ** 70n)), -(2 ** 70))
  assert.equal(meta(2n ** 60n), 2n ** 60n)
  assert.equal(meta(2 ** 60), 2 ** 60, 'a float stays a float')
  // Where a whole number is required it is refused with the option's own error.
  for (const seed of [2n ** 64n, 2n ** 70n]) {
    assert.equal(throwsCode(() => new Format({ random: 6 }).render({}, { seed }), 'invalid_seed').field, 'seed')
  }
  // A Proxy of an array is an array.
  const gen = new Generator(new Format({ name: true, random: 4 }), { seed: 1, existing: new Proxy(['X1'], {}) })
  assert.equal(gen.size, 1)
  assert.equal(gen.addExisting(new Proxy(['AAA', 'BBB'], {})), 2)
  assert.equal(gen.generateAll(new Proxy([{ name: 'Ann' }], {})).length, 1)
  assert.deepEqual(meta(new Proxy([1, 2], {})), [1, 2])
  // Counts: the per-call range, whatever the number type (see also 'counts past 2^53').
  assert.equal(throwsCode(() => gen.generateCodes(2 ** 53), 'invalid_value').field, 'count')
})
