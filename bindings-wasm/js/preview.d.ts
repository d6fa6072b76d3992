// promocode-wasm/preview: the module the preview page loads (SPEC §10: ≤ 200 KB
// gzipped): the full module (`promocode-wasm`) less coupon checks, provider
// requests, stores and `Generator.assign`. Every type stays importable; the
// values below are the ones this module has.
export type * from './promocode.js';
export {
  Format,
  Generator,
  validate,
  normalize,
  canonicalKey,
  REDEMPTION_REASONS,
  ERROR_CODES,
  DEFAULT_ALPHABET,
  PLATFORMS,
  PLATFORM_RULES,
} from './promocode.js';
export { default, initSync, type InitInput } from './index.js';
