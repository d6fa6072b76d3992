'use strict';
// promocode-wasm for Node (CommonJS): the same exports as the Node package.
const w = require('./promocode_wasm.js');

// @include wrap.js

// Explicit assignments, so that `import { validate } from 'promocode-wasm'` finds
// the names (Node reads a CommonJS module's named exports statically).
exports.Format = newOnly(Format);
exports.Generator = newOnly(Generator);
exports.Store = newOnly(Store);
exports.validate = guarded(w.validate);
exports.normalize = guarded(w.normalize);
exports.canonicalKey = guarded(w.canonicalKey);
exports.validateCoupon = guarded(w.validateCoupon);
exports.validatePromotionCode = guarded(w.validatePromotionCode);
exports.checkRedemption = guarded(w.checkRedemption);
exports.attribute = guarded(w.attribute);
exports.providerRequests = guarded(w.providerRequests);
exports.existingCodes = guarded(w.existingCodes);
exports.__panicForTests = guarded(w.__panicForTests);
const constants = frozenConstants();
exports.REDEMPTION_REASONS = constants.REDEMPTION_REASONS;
exports.ERROR_CODES = constants.ERROR_CODES;
exports.DEFAULT_ALPHABET = constants.DEFAULT_ALPHABET;
exports.PLATFORMS = constants.PLATFORMS;
exports.PLATFORM_RULES = constants.PLATFORM_RULES;
