// The program store: one code per partner per coupon across generators (and,
// with SQLite, across processes); coded errors for bad stores. WASM: memory only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IMPL, IMPL_PATH, Format, Generator, Store, ERROR_CODES } from './impl.mjs'

const fmt = new Format({ name: true, discount: 20 })
const napiOnly = IMPL !== 'napi' && 'the WASM build has the memory store only'

function codeOf(fn) {
  try {
    fn()
  } catch (e) {
    assert.ok(e.code in ERROR_CODES, e.code)
    return e.code
  }
  assert.fail('expected an error')
}

test('a store reused by two generators gives a partner one code', () => {
  const store = new Store('memory:', { program: 'acme' })
  const a = new Generator(fmt, { store, coupon: 'summer' })
  const b = new Generator(fmt, { store, coupon: 'summer' })
  assert.equal(a.generate({ id: 'p1', name: 'John' }), 'JOHN20')
  assert.equal(b.generate({ id: 'p1', name: 'John' }), 'JOHN20')
  assert.deepEqual(b.generateAll([{ id: 'p2', name: 'John' }, { id: 'p1', name: 'John' }]), ['JOHN20-2', 'JOHN20'])
  assert.equal(store.codeOf('p1', 'summer'), 'JOHN20')
  assert.equal(store.codeOf('p1'), null)
  assert.equal(store.size, 2)
  assert.ok(store.contains('jöhn20-2'))
  assert.equal(store.program, 'acme')
})

test('codes are unique across the coupons of a program', () => {
  const store = new Store('memory:')
  assert.equal(new Generator(fmt, { store }).generate({ id: 'p1', name: 'Ann' }), 'ANN20')
  assert.equal(new Generator(fmt, { store, coupon: 'winter' }).generate({ id: 'p1', name: 'Ann' }), 'ANN20-2')
  assert.equal(store.codeOf('p1', 'winter'), 'ANN20-2')
})

test('addExisting and release count and steer generation', () => {
  const store = new Store('memory:')
  assert.equal(store.addExisting(['JOHN20', 'john20', 'ANN20']), 2)
  const gen = new Generator(fmt, { store, existing: ['BOB20'] })
  assert.ok(store.contains('BOB20'))
  assert.equal(gen.generate({ id: 'p1', name: 'John' }), 'JOHN20-2')
  assert.equal(store.release(['ann20', 'NOBODY']), 1)
  assert.ok(!store.contains('ANN20'))
  assert.equal(store.size, 3)
})

test('a SQLite store given by address, reopened in another process', { skip: napiOnly }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'promocode-store-'))
  try {
    const uri = `sqlite:${join(dir, 'codes.db')}`
    assert.equal(new Generator(fmt, { store: uri }).generate({ id: '42', name: 'Marie' }), 'MARIE20')
    const script = `const p = require(${JSON.stringify(IMPL_PATH)});
const gen = new p.Generator(new p.Format({ name: true, discount: 20 }), { store: new p.Store(process.argv[1]) });
console.log(gen.generate({ id: '42', name: 'Marie' }), gen.generate({ id: '43', name: 'Marie' }))`
    const out = execFileSync(process.execPath, ['-e', script, uri], { encoding: 'utf8' })
    assert.deepEqual(out.trim().split(' '), ['MARIE20', 'MARIE20-2'])
    assert.equal(new Store(uri).codeOf('43'), 'MARIE20-2')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('bad stores and arguments throw coded errors', () => {
  assert.equal(codeOf(() => new Store('redis://localhost')), 'invalid_store')
  assert.equal(codeOf(() => new Generator(fmt, { coupon: 'summer' })), 'invalid_value')
  assert.equal(codeOf(() => new Generator(fmt, { store: 42 })), 'invalid_type')
  assert.equal(codeOf(() => new Store('memory:', { programme: 'x' })), 'unknown_option')
  assert.equal(codeOf(() => new Store('memory:').codeOf(7)), 'invalid_type')
  assert.equal(codeOf(() => new Store('memory:').addExisting([1])), 'invalid_type')
  if (IMPL === 'wasm') {
    // Persistent backends are not in the WASM build: a coded error says so.
    assert.equal(codeOf(() => new Store('sqlite:codes.db')), 'invalid_store')
    assert.equal(codeOf(() => new Store('postgresql://u@localhost/db')), 'invalid_store')
  }
})

test('a file that is not a store; a PostgreSQL that is down', { skip: napiOnly }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'promocode-store-'))
  try {
    const path = join(dir, 'notes.db')
    writeFileSync(path, 'just some notes, not a database'.repeat(100))
    assert.equal(codeOf(() => new Store(`sqlite:${path}`)), 'not_a_store')
    assert.equal(codeOf(() => new Store('postgresql://nobody@127.0.0.1:1/none?connect_timeout=2')), 'store_unavailable')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('assign claims a chosen code in a SQLite store; replace releases the old one', { skip: napiOnly }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'promocode-store-'))
  try {
    const uri = `sqlite:${join(dir, 'codes.db')}`
    const gen = new Generator(new Format({ name: true, discount: 20, platform: 'woocommerce' }), { store: uri, coupon: 'summer' })
    assert.deepEqual(gen.assign({ id: 'p1' }, 'JOHN20'), { code: 'john20', reused: false, replaced: null, warnings: [] })
    const other = new Generator(fmt, { store: new Store(uri), coupon: 'summer' })
    assert.equal(codeOf(() => other.assign({ id: 'p2' }, 'john20')), 'code_taken')
    assert.equal(codeOf(() => gen.assign({ id: 'p1' }, 'ANN20')), 'partner_has_code')
    assert.equal(gen.assign({ id: 'p1' }, 'ANN20', { replace: true }).replaced, 'john20')
    assert.equal(other.generate({ id: 'p3', name: 'John' }), 'JOHN20') // released: free again
    assert.equal(codeOf(() => gen.assign({ id: 'p1' }, 'ANN20', { replce: true })), 'unknown_option')
    assert.equal(codeOf(() => gen.assign({ name: 'Ann' }, 'ANNA20')), 'partner_id_required')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('store.lookup finds codes another generator issued, in the stored form', () => {
  const store = new Store('memory:')
  assert.equal(new Generator(fmt, { store }).generate({ id: 'p1', name: 'John' }), 'JOHN20')
  assert.deepEqual(store.lookup('john20'), { kind: 'exact', code: 'JOHN20', rule: null, suggestions: [] })
  assert.deepEqual(store.lookup('John twenty'), { kind: 'normalized', code: 'JOHN20', rule: 'number_words', suggestions: [] })
  assert.deepEqual(store.lookup('JON20').suggestions.map((s) => s.code), ['JOHN20'])
  assert.deepEqual(store.suggest('JHON20', 1).map((s) => s.code), ['JOHN20'])
  assert.equal(new Generator(fmt, { store }).lookup('jon20').suggestions[0].code, 'JOHN20')
  assert.equal(codeOf(() => store.lookup(20)), 'invalid_type')
})

test('store.lookup in another process finds codes of a SQLite store', { skip: napiOnly }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'promocode-'))
  try {
    const uri = `sqlite:${join(dir, 'codes.db')}`
    const script = `const { Format, Generator } = require(${JSON.stringify(IMPL_PATH)})
      const gen = new Generator(new Format({ name: true, discount: 20 }), { store: process.argv[1] })
      process.stdout.write(gen.generate({ id: '1', name: 'Mary' }))`
    assert.equal(execFileSync(process.execPath, ['-e', script, uri]).toString(), 'MARY20')
    const store = new Store(uri)
    store.addExisting(['spring-sale'])
    assert.equal(store.lookup('mary20').code, 'MARY20')
    assert.equal(store.lookup('SPRING-SALE').code, 'spring-sale')
    assert.deepEqual(store.lookup('MARI20').suggestions.map((s) => s.code), ['MARY20'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
