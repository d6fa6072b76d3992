// Shared by the test files: error assertions that hold for every implementation.
import assert from 'node:assert/strict'
import { ERROR_CODES } from './impl.mjs'

/** Asserts `e` is an `Error` with a catalogue `.code` and a message in house style. */
export function assertPromocodeError(e, code) {
  assert.ok(e instanceof Error, `expected an Error, got ${typeof e}: ${e}`)
  assert.equal(typeof e.code, 'string', `error without .code: ${e && e.message}`)
  assert.ok(Object.hasOwn(ERROR_CODES, e.code), `unknown error code ${e.code}`)
  if (code !== undefined) assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`)
  assert.equal(typeof e.message, 'string')
  assert.ok(e.message.length > 0, 'empty message')
  if (e.code !== 'validation_failed') {
    assert.ok(!/^\p{Lu}/u.test(e.message), `message should start lowercase: ${e.message}`)
  }
  return e
}

/** Runs `fn`, expects it to throw a promocode error (optionally with `code`), returns the error. */
export function throwsCode(fn, code) {
  let thrown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown !== undefined, `expected an error${code ? ` with code ${code}` : ''}, nothing was thrown`)
  return assertPromocodeError(thrown, code)
}
