'use strict';
// promocode-wasm for Node (CommonJS): the same exports as the Node package.
const wasm = require('./promocode_wasm.js');

exports.Format = wasm.Format;
/** Hands out codes unique (ignoring case and accents) against every code that exists. */
class Generator extends wasm.Generator {
  constructor(format, options) {
    // A typed `invalid_type` error (field `format`) instead of wasm-bindgen's plain one.
    if (!(format instanceof wasm.Format)) throw wasm.__formatError(format);
    super(format, options);
  }
}
exports.Generator = Generator;
// Explicit assignments, so that `import { validate } from 'promocode-wasm'` finds
// the names (Node reads a CommonJS module's named exports statically).
exports.validate = wasm.validate;
exports.normalize = wasm.normalize;
exports.canonicalKey = wasm.canonicalKey;
exports.validateCoupon = wasm.validateCoupon;
exports.validatePromotionCode = wasm.validatePromotionCode;
exports.checkRedemption = wasm.checkRedemption;
exports.attribute = wasm.attribute;
exports.__panicForTests = wasm.__panicForTests;
// The core's constants (`api::constants`), frozen.
const constants = wasm.__constants();
const freeze = (v) => (v !== null && typeof v === 'object' ? Object.freeze(v) : v);
exports.REDEMPTION_REASONS = freeze(constants.REDEMPTION_REASONS);
exports.ERROR_CODES = freeze(constants.ERROR_CODES);
exports.DEFAULT_ALPHABET = freeze(constants.DEFAULT_ALPHABET);
exports.PLATFORMS = freeze(constants.PLATFORMS);
