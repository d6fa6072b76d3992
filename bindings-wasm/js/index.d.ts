// promocode-wasm for the browser: `await init()` once, then use the same API as the Node package.
export * from './promocode_wasm.js';
export * from './constants.js';
import type { InitInput, InitOutput, SyncInitInput } from './promocode_wasm.js';

/** Loads the module (fetches `promocode_wasm_bg.wasm` next to this file unless given a URL, bytes or a module). */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<InitOutput>;
/** Loads the module synchronously from bytes or a compiled `WebAssembly.Module`. */
export declare function initSync(module: SyncInitInput): InitOutput;
