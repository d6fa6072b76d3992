// promocode-wasm for the browser: `await init()` once, then use the same API as the
// Node package. The declarations are the Node package's (promocode.d.ts is a copy of
// bindings-node/index.d.ts): one source for both JS packages.
export * from './promocode.js';

/** What `init` / `initSync` load the module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the module (fetches `promocode_wasm_bg.wasm` next to this file unless given a URL, bytes or a module). */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<unknown>;
/** Loads the module synchronously from bytes or a compiled `WebAssembly.Module`. */
export declare function initSync(module: BufferSource | WebAssembly.Module): unknown;
