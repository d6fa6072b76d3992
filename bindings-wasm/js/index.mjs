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
  __receiverError,
  providerRequests,
  existingCodes,
} from './promocode_wasm.js';

/**
 * Methods and getters check `this` first: called on another object (or after
 * `free()`), the wasm glue would read that object's memory as its own.
 */
function guardReceiver(cls, name, receiverError) {
  const proto = cls.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor' || key.startsWith('__')) continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    const live = key !== 'free';
    const check = (fn) => function (...args) {
      if (!(this instanceof cls) || (live && !this.__wbg_ptr)) throw receiverError(this, name);
      return fn.apply(this, args);
    };
    if (typeof d.value === 'function') d.value = check(d.value);
    else if (d.get) d.get = check(d.get);
    Object.defineProperty(proto, key, d);
  }
}
guardReceiver(Format, 'Format', (...a) => __receiverError(...a));
guardReceiver(WasmGenerator, 'Generator', (...a) => __receiverError(...a));
guardReceiver(Store, 'Store', (...a) => __receiverError(...a));

/** Hands out codes unique (ignoring case and accents) against every code that exists. */
export class Generator extends WasmGenerator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof Format) || !format.__wbg_ptr) throw __formatError(format);
    super(format, options);
  }
}

export { Format, Store, validate, normalize, canonicalKey, validateCoupon, validatePromotionCode, checkRedemption, attribute };
export { providerRequests, existingCodes };

/** Every reason `checkRedemption` can give, in report order. */
export let REDEMPTION_REASONS;
/** Every error code, with its message template. */
export let ERROR_CODES;
/** The alphabet of random parts: unambiguous, no vowels. */
export let DEFAULT_ALPHABET;
/** Every platform name. */
export let PLATFORMS;
/** Each platform's facts: `{ length, case, lowercased, separator, characters }`. */
export let PLATFORM_RULES;

function loadConstants() {
  const c = __constants();
  REDEMPTION_REASONS = Object.freeze(c.REDEMPTION_REASONS);
  ERROR_CODES = Object.freeze(c.ERROR_CODES);
  DEFAULT_ALPHABET = c.DEFAULT_ALPHABET;
  PLATFORMS = Object.freeze(c.PLATFORMS);
  PLATFORM_RULES = Object.freeze(Object.fromEntries(Object.entries(c.PLATFORM_RULES).map(([k, v]) => [k, Object.freeze(v)])));
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
