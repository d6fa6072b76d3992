// promocode-wasm/preview: the module the preview page loads (SPEC §10: ≤ 200 KB
// gzipped). The full module (index.mjs) less what src/full.rs exports: formats,
// generators (`lookup`, `suggest`, `explain` included), `validate`, `normalize`,
// `canonicalKey` and the constants; no coupon checks, provider requests, stores
// or `assign`. Call the default export once (`await init()`) first.
import wasmInit, * as w from './promocode_preview.js';

const { initSync: wasmInitSync } = w;

// @include wrap.js

const FormatClass = newOnly(Format);
const GeneratorClass = newOnly(Generator);
export { FormatClass as Format, GeneratorClass as Generator };
export const validate = guarded(w.validate);
export const normalize = guarded(w.normalize);
export const canonicalKey = guarded(w.canonicalKey);
export const __panicForTests = guarded(w.__panicForTests);

// @include esm.js
