'use strict';
// promocode-wasm for Node (CommonJS): the same exports as the Node package.
const wasm = require('./promocode_wasm.js');

const constants = wasm.__constants();

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
exports.validate = wasm.validate;
exports.normalize = wasm.normalize;
exports.canonicalKey = wasm.canonicalKey;
exports.validateCoupon = wasm.validateCoupon;
exports.validatePromotionCode = wasm.validatePromotionCode;
exports.checkRedemption = wasm.checkRedemption;
exports.attribute = wasm.attribute;
exports.REDEMPTION_REASONS = Object.freeze(constants.REDEMPTION_REASONS);
exports.ERROR_CODES = Object.freeze(constants.ERROR_CODES);
exports.DEFAULT_ALPHABET = constants.DEFAULT_ALPHABET;
exports.PLATFORMS = Object.freeze(constants.PLATFORMS);
