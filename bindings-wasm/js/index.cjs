'use strict';
// promocode-wasm for Node (CommonJS): the same exports as the Node package.
const wasm = require('./promocode_wasm.js');

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
guardReceiver(wasm.Format, 'Format', wasm.__receiverError);
guardReceiver(wasm.Generator, 'Generator', wasm.__receiverError);
guardReceiver(wasm.Store, 'Store', wasm.__receiverError);

exports.Format = wasm.Format;
/** Hands out codes unique (ignoring case and accents) against every code that exists. */
class Generator extends wasm.Generator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof wasm.Format) || !format.__wbg_ptr) throw wasm.__formatError(format);
    super(format, options);
  }
}
exports.Generator = Generator;
// Explicit assignments, so that `import { validate } from 'promocode-wasm'` finds
// the names (Node reads a CommonJS module's named exports statically).
exports.Store = wasm.Store;
exports.validate = wasm.validate;
exports.normalize = wasm.normalize;
exports.canonicalKey = wasm.canonicalKey;
exports.validateCoupon = wasm.validateCoupon;
exports.validatePromotionCode = wasm.validatePromotionCode;
exports.checkRedemption = wasm.checkRedemption;
exports.attribute = wasm.attribute;
exports.providerRequests = wasm.providerRequests;
exports.existingCodes = wasm.existingCodes;
exports.__panicForTests = wasm.__panicForTests;
// The core's constants (`api::constants`), frozen.
const constants = wasm.__constants();
const freeze = (v) => (v !== null && typeof v === 'object' ? Object.freeze(v) : v);
exports.REDEMPTION_REASONS = freeze(constants.REDEMPTION_REASONS);
exports.ERROR_CODES = freeze(constants.ERROR_CODES);
exports.DEFAULT_ALPHABET = freeze(constants.DEFAULT_ALPHABET);
exports.PLATFORMS = freeze(constants.PLATFORMS);
exports.PLATFORM_RULES = Object.freeze(Object.fromEntries(Object.entries(constants.PLATFORM_RULES).map(([k, v]) => [k, Object.freeze(v)])));
