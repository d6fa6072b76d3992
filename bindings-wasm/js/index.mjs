// promocode-wasm for the browser (ES module). Call the default export once
// (`await init()`) before using anything else; the constants are filled in then.
import wasmInit, {
  initSync as wasmInitSync,
  __constants,
  __formatError,
  Format,
  Generator as WasmGenerator,
  Store,
  validate,
  normalize,
  canonicalKey,
  validateCoupon,
  validatePromotionCode,
  checkRedemption,
  attribute,
} from './promocode_wasm.js';

/** Hands out codes unique (ignoring case and accents) against every code that exists. */
export class Generator extends WasmGenerator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof Format)) throw __formatError(format);
    super(format, options);
  }
}

export { Format, Store, validate, normalize, canonicalKey, validateCoupon, validatePromotionCode, checkRedemption, attribute };

/** Every reason `checkRedemption` can give, in report order. */
export let REDEMPTION_REASONS;
/** Every error code, with its message template. */
export let ERROR_CODES;
/** The alphabet of random parts: unambiguous, no vowels. */
export let DEFAULT_ALPHABET;
/** Every platform name. */
export let PLATFORMS;

function loadConstants() {
  const c = __constants();
  REDEMPTION_REASONS = Object.freeze(c.REDEMPTION_REASONS);
  ERROR_CODES = Object.freeze(c.ERROR_CODES);
  DEFAULT_ALPHABET = c.DEFAULT_ALPHABET;
  PLATFORMS = Object.freeze(c.PLATFORMS);
}

/** Loads the module (fetches `promocode_wasm_bg.wasm` next to this file unless told otherwise). */
export default async function init(moduleOrPath) {
  const out = await wasmInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  loadConstants();
  return out;
}

/** Loads the module synchronously from bytes or a compiled `WebAssembly.Module`. */
export function initSync(module) {
  const out = wasmInitSync({ module });
  loadConstants();
  return out;
}
