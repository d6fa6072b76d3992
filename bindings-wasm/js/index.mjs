// promocode-wasm for the browser (ES module). Call the default export once
// (`await init()`) before using anything else; the constants are filled in then.
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
  ({ REDEMPTION_REASONS, ERROR_CODES, DEFAULT_ALPHABET, PLATFORMS, PLATFORM_RULES } = frozenConstants());
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
