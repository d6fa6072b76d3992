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
exports.Store = wasm.Store;
for (const name of ['validate', 'normalize', 'canonicalKey', 'validateCoupon', 'validatePromotionCode', 'checkRedemption', 'attribute', '__panicForTests']) {
  exports[name] = wasm[name];
}
// The core's constants (`api::constants`), frozen, under their exported names.
for (const [name, value] of Object.entries(wasm.__constants())) {
  exports[name] = value !== null && typeof value === 'object' ? Object.freeze(value) : value;
}
