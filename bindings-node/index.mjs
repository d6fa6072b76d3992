// ESM entry: the same module as `require('promocode')`, with named exports.
// test/exports.test.mjs checks that this list matches the CommonJS exports.
import { createRequire } from 'node:module'

const binding = createRequire(import.meta.url)('./index.js')

export const {
  Format,
  Generator,
  validate,
  normalize,
  canonicalKey,
  validateCoupon,
  validatePromotionCode,
  checkRedemption,
  attribute,
  REDEMPTION_REASONS,
  ERROR_CODES,
  DEFAULT_ALPHABET,
  PLATFORMS,
  PLATFORM_RULES,
  providerRequests,
  existingCodes,
  Store,
} = binding

export default binding
