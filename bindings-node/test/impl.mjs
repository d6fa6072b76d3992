// The implementation every test file runs against — the ONE place that picks it.
//
//   PROMOCODE_IMPL unset, `napi` or `node` → ../index.js (this package, napi-rs)
//   PROMOCODE_IMPL=wasm                    → ../../bindings-wasm/pkg-node/index.js
//                                            (the WASM build's CommonJS Node package)
//
// Both expose the same surface (SPEC §9), so the test files never depend on
// which one they get; only types.test.mjs, which checks this package's
// index.d.ts, skips itself under wasm.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const PATHS = {
  napi: '../index.js',
  node: '../index.js',
  wasm: '../../bindings-wasm/pkg-node/index.js',
}

/** `napi` or `wasm`. */
export const IMPL = (() => {
  const name = (process.env.PROMOCODE_IMPL || 'napi').trim().toLowerCase()
  if (!(name in PATHS)) {
    throw new Error(`PROMOCODE_IMPL=${name}: use one of ${Object.keys(PATHS).join(', ')}`)
  }
  return name === 'node' ? 'napi' : name
})()

/** Absolute path of the module under test (README examples are rewritten to load it). */
export const IMPL_PATH = fileURLToPath(new URL(PATHS[IMPL], import.meta.url))

const impl = createRequire(import.meta.url)(IMPL_PATH)
export default impl

export const {
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
  DEFAULT_ALPHABET,
  PLATFORMS,
  Store,
} = impl
