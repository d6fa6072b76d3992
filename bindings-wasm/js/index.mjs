// promocode-wasm for the browser (ES module). Call the default export once
// (`await init()`) before using anything else; the constants are filled in then.
// The preview module (preview.mjs) is the same less src/full.rs's exports.
import wasmInit, * as w from './promocode_wasm.js';

const { initSync: wasmInitSync } = w;

// @include wrap.js

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

// @include esm.js
