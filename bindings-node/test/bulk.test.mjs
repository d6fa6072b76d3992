// Batches read in bulk (generateAll reads partners a chunk at a time, codes come
// back in batches): the answer is the one partners read one at a time give, every
// property is read once and in order, and the first problem in input order wins.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Format, Generator } from './impl.mjs'
import { IMPL } from './impl.mjs'
import { throwsCode } from './helpers.mjs'

// The napi package reads ahead by no more than it must; the WASM package reads
// the whole batch before it checks any partner.
const napiOnly = IMPL !== 'napi' && 'the WASM package reads a whole batch first'
const FIELDS = ['name', 'surname', 'email', 'id', 'locale', 'name_reading', 'surname_reading']
const fmt = () => new Format({ name: true, surname: true, discount: 10 })

class Member {
  constructor(first, last) {
    this.first = first
    this.last = last
  }

  get name() { return this.first }
  get surname() { return this.last }
}

/** Partner `i` of a mixed batch: every shape and type a partner field may have. */
function partner(i) {
  switch (i % 12) {
    case 0: return { name: 'Ann', surname: 'Lee', email: `ann${i}@example.com`, id: String(i) }
    case 1: return { name: 'Zoë', surname: null, id: i } // number id, null field
    case 2: return { name: 'Ганна', surname: 'Шевченко', locale: 'uk', id: 2 ** 40 + i }
    case 3: return { name: '翔太', name_reading: 'しょうた', surname: undefined }
    case 4: return new Member('Kim', 'Park') // getters on the prototype
    case 5: return Object.create({ name: 'Lou', surname: 'Reed' })
    case 6: return new Proxy({ name: 'Eve', surname: 'Moss' }, {})
    case 7: return { name: 'A\uD800B', surname: '\uDC00x\uD83D\uDE00' } // lone surrogates and a pair
    case 8: return { name: 'José', surname: 'Núñez', plan: { deep: [[[]]] }, id: 7n } // BigInt id: the exact path
    case 9: return { name: 'Mo', email: `someone.${i}+tag@example.com`, extra: () => {} }
    case 10: return { name: 'x'.repeat(300), surname: 'Ó'.repeat(200) }
    default: return { name: 'Ann', surname: 'Lee' }
  }
}

test('generateAll gives the codes of generate, partner by partner, for every shape of partner', () => {
  const list = Array.from({ length: 5000 }, (_, i) => partner(i))
  const one = new Generator(fmt(), { seed: 9 })
  const expected = list.map((p) => one.generate(p))
  assert.deepEqual(new Generator(fmt(), { seed: 9 }).generateAll(list), expected)
  // Bulk codes (one call) are the codes of the same seed drawn by generateCodes in parts.
  const bulk = new Generator(new Format({ random: 8 }), { seed: 3 }).generateCodes(5000)
  const parts = new Generator(new Format({ random: 8 }), { seed: 3 })
  assert.deepEqual(bulk, [...parts.generateCodes(1), ...parts.generateCodes(2999), ...parts.generateCodes(2000)])
})

test('every property of every partner is read once, in order', { skip: napiOnly }, () => {
  const log = []
  const watched = (i, target) => new Proxy(target, {
    get(t, k, r) {
      log.push(`${i}.${String(k)}`)
      return Reflect.get(t, k, r)
    },
  })
  const list = Array.from({ length: 2600 }, (_, i) => {
    if (i === 1500) return watched(i, { name: 'Ann', surname: watched('x', { nested: 1 }) }) // an object field: exact path
    return watched(i, { name: 'Ann', id: i % 2 ? i : String(i) })
  })
  const codes = throwsCode(() => new Generator(fmt()).generateAll(list), 'invalid_type')
  assert.equal(codes.field, 'partners[1500].surname')
  const expected = []
  for (let i = 0; i <= 1500; i++) {
    for (const k of FIELDS) {
      expected.push(`${i}.${k}`)
      // The object in `surname` is converted (its keys read) before `email` is read.
      if (i === 1500 && k === 'surname') expected.push('x.nested')
    }
  }
  assert.deepEqual(log, expected)
})

test('the first problem in input order wins: a bad field before a throwing getter', { skip: napiOnly }, () => {
  const boom = new Error('boom')
  const list = Array.from({ length: 3000 }, () => ({ name: 'Ann' }))
  list[1200] = { name: 42 }
  list[1300] = { get name() { throw boom } }
  assert.equal(throwsCode(() => new Generator(fmt()).generateAll(list), 'invalid_type').field, 'partners[1200].name')
  list[1250] = { name: 'Ann', locale: 'xx-nowhere' }
  list[1200] = { name: 'Ann' }
  throwsCode(() => new Generator(fmt()).generateAll(list), 'unknown_locale')
  list[1100] = { name: 42 }
  list[1024] = 'Ann'
  assert.equal(throwsCode(() => new Generator(fmt()).generateAll(list), 'invalid_type').field, 'partners[1024]')
})

test('a throwing getter or a hole anywhere in a long batch', () => {
  const boom = new Error('boom')
  const gen = new Generator(fmt())
  const list = Array.from({ length: 3000 }, () => ({ name: 'Ann' }))
  list[2100] = { get surname() { throw boom } }
  assert.throws(() => gen.generateAll(list), (e) => e === boom)
  const holey = Array.from({ length: 3000 }, () => ({ name: 'Ann' }))
  delete holey[2048]
  assert.equal(throwsCode(() => gen.generateAll(holey), 'invalid_type').field, 'partners[2048]')
  assert.equal(gen.size, 0, 'a batch that fails up front issues nothing')
})

test('a getter that starts another batch while one is read', { skip: napiOnly }, () => {
  const inner = new Generator(fmt())
  let innerCodes
  const list = Array.from({ length: 2500 }, (_, i) => ({ name: i % 2 ? 'Bea' : 'Ann', surname: 'Lee' }))
  list[700] = {
    get name() {
      innerCodes = inner.generateAll(Array.from({ length: 1500 }, () => ({ name: 'Cy', surname: 'Fox' })))
      return 'Bea'
    },
    surname: 'Lee',
  }
  const codes = new Generator(fmt()).generateAll(list)
  const one = new Generator(fmt())
  assert.deepEqual(codes, list.map((_, i) => one.generate({ name: i % 2 || i === 700 ? 'Bea' : 'Ann', surname: 'Lee' })))
  assert.equal(innerCodes.length, 1500)
  assert.equal(innerCodes[1], 'CYFOX10-2')
})

test('batch_failed keeps the codes aligned, null where a partner failed', () => {
  const list = Array.from({ length: 5000 }, (_, i) => (i % 1000 === 999 ? {} : { name: 'Ann', id: i }))
  const e = throwsCode(() => new Generator(fmt()).generateAll(list), 'batch_failed')
  assert.equal(e.codes.length, 5000)
  assert.deepEqual(Object.keys(e.errors).map(Number), [999, 1999, 2999, 3999, 4999])
  assert.equal(e.codes[999], null)
  assert.equal(e.codes[0], 'ANN10')
  assert.equal(e.codes[1000], 'ANN10-1000')
})
