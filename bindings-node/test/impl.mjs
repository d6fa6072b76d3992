// The implementation every test file runs against — the ONE place that picks it.
//
//   PROMOCODE_IMPL unset, `napi` or `node` → ../index.js (this package, napi-rs)
//   PROMOCODE_IMPL=wasm                    → ../../bindings-wasm/pkg-node/index.js
//                                            (the WASM build's CommonJS Node package)
//   PROMOCODE_IMPL=wasm-web                → ../../bindings-wasm/pkg/index.js (the
//                                            browser ES module, loaded with initSync)
//   PROMOCODE_IMPL=wasm-preview            → ../../bindings-wasm/pkg/preview.js (the
//                                            browser's preview module: no coupon
//                                            checks, provider requests, stores or
//                                            `assign`; vectors.test.mjs only)
//
// Both expose the same surface (SPEC §9), so the test files never depend on
// which one they get; only types.test.mjs, which checks this package's
// index.d.ts, skips itself under wasm.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const PATHS = {
  napi: '../index.js',
  node: '../index.js',
  wasm: '../../bindings-wasm/pkg-node/index.js',
  'wasm-web': '../../bindings-wasm/pkg/index.js',
  'wasm-preview': '../../bindings-wasm/pkg/preview.js',
}
/** The wasm the ES module builds load. */
const WASM = {
  'wasm-web': '../../bindings-wasm/pkg/promocode_wasm_bg.wasm',
  'wasm-preview': '../../bindings-wasm/pkg/promocode_preview_bg.wasm',
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

/** The module under test (for the ES module builds: its namespace, initialised). */
const impl = await (async () => {
  if (!(IMPL in WASM)) return createRequire(import.meta.url)(IMPL_PATH)
  const ns = await import(pathToFileURL(IMPL_PATH).href)
  ns.initSync(readFileSync(new URL(WASM[IMPL], import.meta.url)))
  return ns
})()
export default impl

/** Names an ES module build exports besides the surface (its loader). */
export const LOADER_EXPORTS = IMPL in WASM ? ['default', 'initSync'] : []

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
  PLATFORM_RULES,
  providerRequests,
  existingCodes,
  Store,
} = impl
