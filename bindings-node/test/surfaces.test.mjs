// The calls of issues 15, 16 and 21 as a user meets them (their shared vectors
// run in vectors.test.mjs): explain, lookup answers as plain objects, the typo
// guard option, and the partner fields locale / name_reading / surname_reading
// through every partner reader (single and batch).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Format, Generator } from './impl.mjs'
import { assertPromocodeError } from './helpers.mjs'

test('explain: the code and a warning where it is unlikely to be recognised', () => {
  const fmt = new Format({ name: true, discount: 20 })
  const out = fmt.explain({ name: 'محمد' })
  assert.equal(out.code, 'MHMD20')
  assert.deepEqual(out.warnings.map((w) => [w.code, w.field]), [['abjad_without_vowels', 'name']])
  assert.equal(typeof out.warnings[0].message, 'string')
  assert.equal(typeof out.transliteration_version, 'number')
  assert.deepEqual(fmt.explain({ name: 'John' }).warnings, [])
  assert.equal(fmt.explain({ name: 'John' }).code, fmt.render({ name: 'John' }))
})

test('partner locale and readings are read by render and by generateAll', () => {
  const fmt = new Format({ name: true, discount: 20 })
  assert.equal(fmt.render({ name: 'Ганна', locale: 'uk' }), 'HANNA20')
  assert.equal(fmt.render({ name: '翔太', name_reading: 'しょうた' }), 'SHOTA20')
  const gen = new Generator(fmt)
  assert.deepEqual(gen.generateAll([{ name: 'Ганна', locale: 'uk' }, { name: '翔太', name_reading: 'しょうた' }, { name: 'Ганна' }]),
    ['HANNA20', 'SHOTA20', 'GANNA20'])
  const e = assertPromocodeError((() => { try { gen.generateAll([{ name: 'A' }, { name: 'B', locale: 'xx' }]) } catch (err) { return err } })())
  // Every partner is read before any code is issued: an unknown locale fails the call.
  assert.equal(e.code, 'unknown_locale')
  assert.equal(new Format({ name: true, locale: 'uk' }).render({ name: 'Ганна' }), 'HANNA')
})

test('lookup and suggest answer with plain objects; typoGuard is an option', () => {
  const gen = new Generator(new Format({ name: true, discount: 20 }), { existing: ['JOHN20', 'MARY20'], typoGuard: 'warn' })
  assert.deepEqual(gen.lookup('john20'), { kind: 'exact', code: 'JOHN20', rule: null, suggestions: [] })
  assert.equal(gen.lookup('JON20').kind, 'suggest')
  assert.equal(gen.suggest('JON20')[0].code, 'JOHN20')
  assert.equal(gen.suggest('JON20', 0).length, 0)
  for (const bad of [{ typoGuard: 'maybe' }, { typo_guard: 'avoid' }]) {
    const err = (() => { try { new Generator(new Format({ random: 4 }), bad) } catch (x) { return x } })()
    assertPromocodeError(err)
    assert.ok(['invalid_value', 'unknown_option'].includes(err.code), err.code)
  }
  assert.equal((() => { try { gen.lookup(5) } catch (x) { return x.code } })(), 'invalid_type')
})
