// promocode-wasm for the browser (ES module). Call the default export once
// (`await init()`) before using anything else; the constants are filled in then.
import wasmInit, * as w from './promocode_wasm.js';

const { initSync: wasmInitSync, __constants, __formatError, __receiverError, __takePanic } = w;
const { Format: WasmFormat, Generator: WasmGenerator, Store: WasmStore } = w;

/**
 * A panic (a bug) traps the wasm instance (`unreachable`); its panic hook has
 * recorded the coded `internal_error`, which is thrown instead (src/error.rs).
 */
const untrap = (e) => (e instanceof WebAssembly.RuntimeError ? __takePanic(String(e.message)) : e);
/** `fn` with traps turned into `internal_error` (same name and length). */
function guarded(fn) {
  const g = function (...args) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      throw untrap(e);
    }
  };
  Object.defineProperty(g, 'name', { value: fn.name });
  Object.defineProperty(g, 'length', { value: fn.length });
  return g;
}

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
    const check = (fn) => guarded(function (...args) {
      if (!(this instanceof cls) || (live && !this.__wbg_ptr)) throw receiverError(this, name);
      return fn.apply(this, args);
    });
    if (typeof d.value === 'function') d.value = check(d.value);
    else if (d.get) d.get = check(d.get);
    Object.defineProperty(proto, key, d);
  }
}
guardReceiver(WasmFormat, 'Format', (...a) => __receiverError(...a));
guardReceiver(WasmGenerator, 'Generator', (...a) => __receiverError(...a));
guardReceiver(WasmStore, 'Store', (...a) => __receiverError(...a));

/** A compiled, checked format: `new Format({ prefix: 'PARTNER', name: true, random: 2 })`. */
class Format extends WasmFormat {
  constructor(options) {
    try {
      super(options);
    } catch (e) {
      throw untrap(e);
    }
  }
}

/** A program store (`memory:` only in this build). */
class Store extends WasmStore {
  constructor(uri, options) {
    try {
      super(uri, options);
    } catch (e) {
      throw untrap(e);
    }
  }
}

/** Hands out codes unique (ignoring case and accents) against every code that exists. */
class Generator extends WasmGenerator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof WasmFormat) || !format.__wbg_ptr) throw __formatError(format);
    try {
      super(format, options);
    } catch (e) {
      throw untrap(e);
    }
  }
}

/** A class called without `new` (`Format({...})`) throws the Node package's coded error. */
const newOnly = (cls) => new Proxy(cls, { apply: (_, self) => { throw __receiverError(self, 'new'); } });
const FormatClass = newOnly(Format);
const GeneratorClass = newOnly(Generator);
const StoreClass = newOnly(Store);
export { FormatClass as Format, GeneratorClass as Generator, StoreClass as Store };
export const validate = guarded(w.validate);
export const normalize = guarded(w.normalize);
export const canonicalKey = guarded(w.canonicalKey);
export const validateCoupon = guarded(w.validateCoupon);
export const validatePromotionCode = guarded(w.validatePromotionCode);
export const checkRedemption = guarded(w.checkRedemption);
export const attribute = guarded(w.attribute);
export const providerRequests = guarded(w.providerRequests);
export const existingCodes = guarded(w.existingCodes);
export const __panicForTests = guarded(w.__panicForTests);

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
