// The module's surface (SPEC §9): the same names and kinds in every implementation,
// and — for this package — the same exports from `require` and `import`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import impl, { IMPL, IMPL_PATH, LOADER_EXPORTS } from './impl.mjs'

const FUNCTIONS = ['validate', 'normalize', 'canonicalKey', 'validateCoupon', 'validatePromotionCode',
  'checkRedemption', 'attribute', 'providerRequests', 'existingCodes']
const CLASSES = ['Format', 'Generator', 'Store']
const CONSTANTS = ['REDEMPTION_REASONS', 'ERROR_CODES', 'DEFAULT_ALPHABET', 'PLATFORMS', 'PLATFORM_RULES']
const SURFACE = [...CLASSES, ...FUNCTIONS, ...CONSTANTS]

test('exactly the SPEC §9 surface (plus __-prefixed loader internals)', () => {
  for (const name of [...CLASSES, ...FUNCTIONS]) assert.equal(typeof impl[name], 'function', name)
  const extra = Object.keys(impl).filter((k) => !SURFACE.includes(k) && !k.startsWith('__') && !LOADER_EXPORTS.includes(k))
  assert.deepEqual(extra, [], 'unexpected exports')
  assert.equal(impl.DEFAULT_ALPHABET, '23456789BCDFGHJKMNPQRSTVWXZ')
  assert.deepEqual([...impl.PLATFORMS], ['generic', 'stripe', 'stripe-legacy', 'paddle', 'shopify', 'woocommerce',
    'partnero', 'partnero-coupon'])
  assert.deepEqual(Object.keys(impl.PLATFORM_RULES), [...impl.PLATFORMS])
  assert.deepEqual(impl.PLATFORM_RULES.woocommerce, { length: 255, case: 'lower', lowercased: true, separator: true,
    characters: impl.PLATFORM_RULES.woocommerce.characters })
  assert.equal(impl.PLATFORM_RULES.paddle.separator, false)
  assert.ok(Object.isFrozen(impl.PLATFORM_RULES) && Object.isFrozen(impl.PLATFORM_RULES.stripe))
  assert.equal(impl.REDEMPTION_REASONS.length, 10)
  assert.ok(impl.REDEMPTION_REASONS.includes('below_minimum_order'))
})

// The hand-written export lists (this file's, index.mjs's, the wasm wrappers' js/index.*)
// are checked against index.d.ts, which napi generates from the binding's Rust source,
// and against what the wasm glue itself exports: a call added to the bindings and
// left out of a list fails here.
const DTS = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
const declared = (kind) =>
  [...DTS.matchAll(new RegExp(`^export declare ${kind} (\\w+)`, 'gm'))].map((m) => m[1]).filter((n) => !n.startsWith('__'))

test('the surface is what index.d.ts declares, and every wasm export reaches it', async () => {
  assert.deepEqual(declared('class').sort(), [...CLASSES].sort())
  assert.deepEqual(declared('function').sort(), [...FUNCTIONS].sort())
  assert.deepEqual(declared('const').sort(), [...CONSTANTS].sort())
  if (!IMPL.startsWith('wasm')) return
  const glueFile = new URL('promocode_wasm.js', `file://${IMPL_PATH}`)
  const glue = IMPL === 'wasm-web' ? await import(glueFile.href) : createRequire(import.meta.url)(glueFile.pathname)
  // (`start` is the `#[wasm_bindgen(start)]` function, run at instantiation.)
  const exported = Object.keys(glue).filter((k) => !k.startsWith('__') && k !== 'start' && !LOADER_EXPORTS.includes(k))
  assert.deepEqual(exported.sort(), [...CLASSES, ...FUNCTIONS].sort(), 'the wasm glue exports the surface, no more')
  for (const name of exported) assert.equal(typeof impl[name], 'function', `${name} is re-exported by js/index.*`)
})

test('ERROR_CODES: every code with its message template', () => {
  const codes = Object.keys(impl.ERROR_CODES)
  assert.equal(codes.length, 35)
  for (const code of ['unknown_option', 'invalid_type', 'invalid_character', 'code_space_exhausted', 'empty_partner',
    'invalid_alphabet', 'batch_failed', 'validation_failed', 'input_too_deep', 'invalid_seed']) {
    assert.ok(codes.includes(code), code)
  }
  for (const [code, template] of Object.entries(impl.ERROR_CODES)) {
    assert.match(code, /^[a-z]+(_[a-z]+)*$/)
    assert.equal(typeof template, 'string')
    assert.ok(template.length > 0 && !/^\p{Lu}/u.test(template), `${code}: ${template}`)
  }
})

test('classes are constructed with new and expose the documented members', () => {
  const fmt = new impl.Format({ random: 4 })
  assert.ok(fmt instanceof impl.Format)
  assert.equal(typeof fmt.entropyBits, 'number')
  assert.equal(typeof fmt.render, 'function')
  const gen = new impl.Generator(fmt, { seed: 1 })
  assert.ok(gen instanceof impl.Generator)
  for (const m of ['generate', 'generateAll', 'generateCodes', 'addExisting', 'contains']) {
    assert.equal(typeof gen[m], 'function', m)
  }
  assert.equal(gen.size, 0)
  assert.equal(typeof gen.remaining, 'number')
  assert.equal(gen.addExisting(['A', 'a', 'B']), 2, 'addExisting returns how many were new')
  assert.equal(gen.size, 2)
})

test('require("promocode") and import "promocode" give the same module', { skip: IMPL !== 'napi' && 'napi package only' }, async () => {
  const require = createRequire(import.meta.url)
  const cjs = require('../index.js')
  const esm = await import('../index.mjs')
  const names = Object.keys(cjs).filter((k) => !k.startsWith('__')).sort()
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), names)
  for (const name of names) assert.equal(esm[name], cjs[name], name)
  assert.equal(esm.default, cjs)
  // The package name resolves through package.json "exports" (self-reference).
  const byName = await import('promocode')
  assert.equal(byName.Format, cjs.Format)
  assert.equal(require('promocode'), cjs)
})
