// The loader and constants both browser entry points (index.mjs: the full module,
// preview.mjs: the preview module) export: scripts/build.sh writes this file in
// place of the `// @include esm.js` line of each.

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

/** Loads the module (fetches its `*_bg.wasm` next to this file unless told otherwise). */
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
