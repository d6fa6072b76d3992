// promocode-wasm for Node: the same API as the Node package (`promocode`).
export * from './promocode_wasm.js';
export * from './constants.js';
