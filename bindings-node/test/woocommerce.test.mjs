// examples/woocommerce.mjs: its CSV parser, its coupon bodies (against the
// implementation under test) and — for this package — the command itself.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as impl from './impl.mjs'
import { parseCsv, partnersFromCsv, couponBodies } from '../examples/woocommerce.mjs'

const EXAMPLE = fileURLToPath(new URL('../examples/woocommerce.mjs', import.meta.url))
const SAMPLE = fileURLToPath(new URL('../examples/partners.csv', import.meta.url))

test('parseCsv follows RFC 4180', () => {
  assert.deepEqual(parseCsv('a,b\r\n1,2\r\n'), [['a', 'b'], ['1', '2']])
  assert.deepEqual(parseCsv('a,b\n1,2'), [['a', 'b'], ['1', '2']], 'LF, no final line break')
  assert.deepEqual(parseCsv('"x, y","say ""hi""",\n'), [['x, y', 'say "hi"', '']])
  assert.deepEqual(parseCsv('"multi\r\nline",z\n'), [['multi\r\nline', 'z']])
  assert.deepEqual(parseCsv('\uFEFFname\nAnn\n'), [['name'], ['Ann']], 'byte-order mark')
  assert.deepEqual(parseCsv(',\n'), [['', '']])
  assert.deepEqual(parseCsv(''), [])
  assert.throws(() => parseCsv('"open'), /unterminated/)
})

test('partners come from the header columns', () => {
  const partners = partnersFromCsv('Email,NAME,plan,id\nann@example.com,Ann,pro,7\n,,,\n')
  assert.deepEqual(partners, [{ email: 'ann@example.com', name: 'Ann', id: '7' }])
  assert.throws(() => partnersFromCsv('first,last\nA,B\n'), /`name` column/)
})

test('the sample becomes lowercase, unique WooCommerce coupons', () => {
  const partners = partnersFromCsv(readFileSync(SAMPLE, 'utf8'))
  assert.equal(partners.length, 12)
  const { coupons, failures } = couponBodies(impl, partners, { discount: 20, existing: ['JOHN20'], usageLimit: 50 })
  assert.equal(coupons.length, 11)
  const codes = coupons.map((c) => c.code)
  assert.deepEqual(codes.slice(0, 4), ['john20-2', 'jose20', 'soren20', 'ivan20'])
  assert.ok(codes.includes('john20-3'), 'JOHN Smith collides with John Doe and the existing JOHN20')
  assert.ok(codes.includes('maryjanemj20'), 'quotes, commas and apostrophes are dropped')
  assert.ok(codes.includes('annalena20'), 'a line break inside a quoted field')
  assert.equal(new Set(codes.map(impl.canonicalKey)).size, codes.length, 'unique ignoring case and accents')
  for (const c of coupons) {
    assert.equal(c.code, c.code.toLowerCase())
    assert.equal(impl.normalize(c.code, 'woocommerce'), c.code, 'already in the form WooCommerce stores')
    assert.ok(impl.validate(c.code, 'woocommerce').valid)
    assert.equal(c.discount_type, 'percent')
    assert.equal(c.amount, '20')
    assert.equal(c.individual_use, true)
    assert.equal(c.usage_limit, 50)
    assert.match(c.description, /^Partner promotion code of .+ \(partner \d+\)$/)
  }
  assert.deepEqual(failures.map((f) => [f.row, f.code]), [[11, 'empty_partner']])
})

test('the command prints the JSON bodies and reports failed rows on stderr', { skip: impl.IMPL !== 'napi' && 'runs the napi package' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'promocode-woo-'))
  const existing = join(dir, 'existing.txt')
  writeFileSync(existing, 'JOHN20\r\nzoe20\n')
  const run = spawnSync(process.execPath, [EXAMPLE, SAMPLE, '--existing', existing, '--discount', '15', '--expires', '2027-01-01'],
    { encoding: 'utf8' })
  assert.equal(run.status, 2, run.stderr)
  const coupons = JSON.parse(run.stdout)
  assert.equal(coupons.length, 11)
  assert.equal(coupons[0].code, 'john15')
  assert.ok(coupons.some((c) => c.code === 'zoe15'))
  assert.ok(coupons.every((c) => c.amount === '15' && c.date_expires === '2027-01-01'))
  assert.match(run.stderr, /^row 11 \(partner 11\): empty_partner: /m)

  const bad = spawnSync(process.execPath, [EXAMPLE, join(dir, 'missing.csv')], { encoding: 'utf8' })
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /cannot read the input/)
  const ok = spawnSync(process.execPath, [EXAMPLE, '--discount', '5'], { encoding: 'utf8', input: '' })
  assert.equal(JSON.parse(ok.stdout)[0].code, 'john5', 'the sample is the default input')
})
