// examples/woocommerce.mjs: its CSV reading, its requests (built by
// `providerRequests` of the implementation under test) and — for this package —
// the command itself.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as impl from './impl.mjs'
import { partnersFromCsv, couponRequests, existingFromText } from '../examples/woocommerce.mjs'

const EXAMPLE = fileURLToPath(new URL('../examples/woocommerce.mjs', import.meta.url))
const SAMPLE = fileURLToPath(new URL('../examples/partners.csv', import.meta.url))

test('partners come from the header columns (RFC 4180, any case, BOM)', () => {
  const text = '\uFEFFEmail,NAME,plan,id\r\nann@example.com,Ann,pro,7\r\n,,,\r\n"Bo, Jr.","say ""hi""",x,8\n"multi\nline",Cy,,9'
  assert.deepEqual(partnersFromCsv(text), [
    { email: 'ann@example.com', name: 'Ann', id: '7' },
    { email: 'Bo, Jr.', name: 'say "hi"', id: '8' },
    { email: 'multi\nline', name: 'Cy', id: '9' },
  ])
  assert.deepEqual(partnersFromCsv('name\n'), [])
  assert.throws(() => partnersFromCsv('first,last\nA,B\n'), /`name` column/)
  assert.throws(() => partnersFromCsv('name\n"open'), /quote/i)
})

test("existing codes: one a line, or WooCommerce's coupon list", () => {
  assert.deepEqual(existingFromText(impl, 'JOHN20\r\n\r\n zoe20 \n'), ['JOHN20', 'zoe20'])
  assert.deepEqual(existingFromText(impl, '[{"id": 1, "code": "john20"}, {"id": 2, "code": "zoe20"}]'), ['john20', 'zoe20'])
})

test('the sample becomes batched WooCommerce requests with lowercase, unique codes', () => {
  const partners = partnersFromCsv(readFileSync(SAMPLE, 'utf8'))
  assert.equal(partners.length, 12)
  const out = couponRequests(impl, partners, { discount: 20, existing: ['JOHN20'], usageLimit: 50, expires: '2027-01-01' })
  assert.equal(out.requests.length, 1)
  const [request] = out.requests
  assert.equal(request.method, 'POST')
  assert.equal(request.path, '/wp-json/wc/v3/coupons/batch')
  const items = request.body.create
  assert.equal(items.length, 11)
  const codes = items.map((c) => c.code)
  assert.deepEqual(codes, out.codes.filter((c) => c !== null))
  assert.deepEqual(codes.slice(0, 4), ['john20-2', 'jose20', 'soren20', 'ivan20'])
  assert.ok(codes.includes('john20-3'), 'JOHN Smith collides with John Doe and the existing JOHN20')
  assert.ok(codes.includes('maryjanemj20'), 'quotes, commas and apostrophes are dropped')
  assert.ok(codes.includes('annalena20'), 'a line break inside a quoted field')
  assert.equal(new Set(codes.map(impl.canonicalKey)).size, codes.length, 'unique ignoring case and accents')
  for (const c of items) {
    assert.equal(impl.normalize(c.code, 'woocommerce'), c.code, 'already in the form WooCommerce stores')
    assert.equal(c.discount_type, 'percent')
    assert.equal(c.amount, '20')
    assert.equal(c.usage_limit, 50)
    assert.equal(c.date_expires, '2027-01-01T23:59:59Z', 'a date is the end of that day, UTC')
    const meta = Object.fromEntries(c.meta_data.map((m) => [m.key, m.value]))
    assert.match(meta.partner_id, /^\d+$/)
    assert.ok(meta.partner_name.length > 0)
  }
  assert.deepEqual(out.unmapped, [])
  assert.deepEqual(out.failures.map((f) => [f.row, f.code]), [[11, 'empty_partner']])
})

test('more than 100 partners take several requests, none lost', () => {
  const partners = Array.from({ length: 250 }, (_, i) => ({ id: String(i), name: 'Ann' }))
  const out = couponRequests(impl, partners, { discount: 10 })
  assert.deepEqual(out.requests.map((r) => r.body.create.length), [100, 100, 50])
  const codes = out.requests.flatMap((r) => r.body.create.map((c) => c.code))
  assert.deepEqual(codes, out.codes)
  assert.equal(new Set(codes).size, 250)
})

test('with a store, a partner keeps its code across runs', () => {
  const store = new impl.Store('memory:')
  const partners = [{ id: 'p1', name: 'Ann' }, { id: 'p2', name: 'Ann' }]
  const first = couponRequests(impl, partners, { store })
  const again = couponRequests(impl, [partners[1], { id: 'p3', name: 'Ann' }, partners[0]], { store })
  assert.deepEqual(first.codes, ['ann20', 'ann20-2'])
  assert.deepEqual(again.codes, ['ann20-2', 'ann20-3', 'ann20'])
})

test('the command prints one request a line and reports failed rows on stderr', { skip: impl.IMPL !== 'napi' && 'runs the napi package' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'promocode-woo-'))
  try {
    const existing = join(dir, 'existing.txt')
    writeFileSync(existing, 'JOHN20\r\nzoe20\n')
    const run = spawnSync(process.execPath, [EXAMPLE, SAMPLE, '--existing', existing, '--discount', '15', '--expires', '2027-01-01'],
      { encoding: 'utf8' })
    assert.equal(run.status, 2, run.stderr)
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l))
    assert.equal(lines.length, 1)
    const items = lines[0].body.create
    assert.equal(items.length, 11)
    assert.equal(items[0].code, 'john15')
    assert.ok(items.some((c) => c.code === 'zoe15'))
    assert.ok(items.every((c) => c.amount === '15' && c.date_expires === '2027-01-01T23:59:59Z'))
    assert.match(run.stderr, /^row 11 \(partner 11\): empty_partner: /m)

    const db = `sqlite:${join(dir, 'codes.db')}`
    const once = spawnSync(process.execPath, [EXAMPLE, SAMPLE, '--store', db], { encoding: 'utf8' })
    const twice = spawnSync(process.execPath, [EXAMPLE, SAMPLE, '--store', db], { encoding: 'utf8' })
    assert.equal(once.status, 2, once.stderr)
    assert.equal(twice.stdout, once.stdout, 'a re-run with the store gives every partner the same code')

    const bad = spawnSync(process.execPath, [EXAMPLE, join(dir, 'missing.csv')], { encoding: 'utf8' })
    assert.equal(bad.status, 1)
    assert.match(bad.stderr, /cannot read the input/)
    const ok = spawnSync(process.execPath, [EXAMPLE, '--discount', '5'], { encoding: 'utf8', input: '' })
    assert.equal(JSON.parse(ok.stdout.split('\n')[0]).body.create[0].code, 'john5', 'the sample is the default input')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
