'use strict';
// promocode-wasm for Node (CommonJS): the same exports as the Node package.
const wasm = require('./promocode_wasm.js');

/**
 * A panic (a bug) traps the wasm instance (`unreachable`); its panic hook has
 * recorded the coded `internal_error`, which is thrown instead (src/error.rs).
 */
const untrap = (e) => (e instanceof WebAssembly.RuntimeError ? wasm.__takePanic(String(e.message)) : e);
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

/** A class called without `new` (`Format({...})`) throws the Node package's coded error. */
const newOnly = (cls) => new Proxy(cls, { apply: (_, self) => { throw wasm.__receiverError(self, 'new'); } });

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
guardReceiver(wasm.Format, 'Format', wasm.__receiverError);
guardReceiver(wasm.Generator, 'Generator', wasm.__receiverError);
guardReceiver(wasm.Store, 'Store', wasm.__receiverError);

/** A compiled, checked format: `new Format({ prefix: 'PARTNER', name: true, random: 2 })`. */
class Format extends wasm.Format {
  constructor(options) {
    try {
      super(options);
    } catch (e) {
      throw untrap(e);
    }
  }
}
exports.Format = newOnly(Format);
/** Hands out codes unique (ignoring case and accents) against every code that exists. */
class Generator extends wasm.Generator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof wasm.Format) || !format.__wbg_ptr) throw wasm.__formatError(format);
    try {
      super(format, options);
    } catch (e) {
      throw untrap(e);
    }
  }
}
exports.Generator = newOnly(Generator);
/** A program store (`memory:` only in this build). */
class Store extends wasm.Store {
  constructor(uri, options) {
    try {
      super(uri, options);
    } catch (e) {
      throw untrap(e);
    }
  }
}
// Explicit assignments, so that `import { validate } from 'promocode-wasm'` finds
// the names (Node reads a CommonJS module's named exports statically).
exports.Store = newOnly(Store);
exports.validate = guarded(wasm.validate);
exports.normalize = guarded(wasm.normalize);
exports.canonicalKey = guarded(wasm.canonicalKey);
exports.validateCoupon = guarded(wasm.validateCoupon);
exports.validatePromotionCode = guarded(wasm.validatePromotionCode);
exports.checkRedemption = guarded(wasm.checkRedemption);
exports.attribute = guarded(wasm.attribute);
exports.providerRequests = guarded(wasm.providerRequests);
exports.existingCodes = guarded(wasm.existingCodes);
exports.__panicForTests = guarded(wasm.__panicForTests);
// The core's constants (`api::constants`), frozen.
const constants = wasm.__constants();
const freeze = (v) => (v !== null && typeof v === 'object' ? Object.freeze(v) : v);
exports.REDEMPTION_REASONS = freeze(constants.REDEMPTION_REASONS);
exports.ERROR_CODES = freeze(constants.ERROR_CODES);
exports.DEFAULT_ALPHABET = freeze(constants.DEFAULT_ALPHABET);
exports.PLATFORMS = freeze(constants.PLATFORMS);
exports.PLATFORM_RULES = Object.freeze(Object.fromEntries(Object.entries(constants.PLATFORM_RULES).map(([k, v]) => [k, Object.freeze(v)])));
