#!/usr/bin/env node
// Turns a CSV of partners into the WooCommerce REST API v3 requests that create
// their coupons (POST /wp-json/wc/v3/coupons/batch, at most 100 a request): one
// lowercase code per partner, unique — ignoring case and accents — against the
// shop's existing coupons. The requests come from promocode's `providerRequests`,
// so units, dates and batch sizes are the library's, not this script's.
// Offline: it prints the requests as JSON Lines; sending them is up to you.
//
//   node examples/woocommerce.mjs [partners.csv] [--discount 20] [--existing codes.txt]
//                                 [--usage-limit N] [--expires YYYY-MM-DD]
//                                 [--store sqlite:codes.db] [--coupon NAME]
//
// The CSV (RFC 4180, read with csv-parse) has a header row with `name`, `surname`,
// `email` and `id` columns (any order and case, other columns ignored). `--existing`
// is a file with one existing coupon code per line, or the JSON of WooCommerce's
// `GET /wp-json/wc/v3/coupons` (read with `existingCodes`). With `--store`, a
// partner with an `id` keeps the code it got in an earlier run. Rows that get no code
// are reported on stderr with their error code, as are fields WooCommerce cannot
// express; the exit status is then 2 (1 for bad arguments or files).
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'csv-parse/sync'

const FIELDS = ['name', 'surname', 'email', 'id']

/** Partner objects from CSV text, by the header row's column names (trimmed, any case). */
export function partnersFromCsv(text) {
  const rows = parse(text, {
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'], // spreadsheets mix them
    columns: (header) => {
      const names = header.map((h) => h.trim().toLowerCase())
      if (!names.includes('name')) throw new Error('the CSV header has no `name` column')
      return names
    },
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
  })
  return rows.map((row) => Object.fromEntries(FIELDS.filter((f) => row[f]).map((f) => [f, row[f]])))
}

/** Existing codes from a file: WooCommerce's coupon list (JSON), or one code a line. */
export function existingFromText(promocode, text) {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) return promocode.existingCodes('woocommerce', JSON.parse(trimmed))
  return text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean)
}

const fullName = (p) => [p.name, p.surname].filter(Boolean).join(' ').replace(/\s+/g, ' ')

/**
 * The requests that create a coupon for each of `partners`, using the promocode
 * module `promocode` (passed in, so tests can run this against any build).
 * Returns `{ codes, requests, unmapped, failures }`: `codes` aligned with
 * `partners` (null where none), each failure `{ row, partner, code, message }`
 * (`row`: 1-based, after the header).
 */
export function couponRequests(promocode, partners, options = {}) {
  const { discount = 20, existing = [], usageLimit = null, expires = null, store = null, coupon = 'partners' } = options
  const format = new promocode.Format({ name: true, discount, platform: 'woocommerce' })
  const generator = new promocode.Generator(format, store ? { existing, store, coupon } : { existing })
  let codes
  let errors = {}
  try {
    codes = generator.generateAll(partners)
  } catch (e) {
    if (e.code !== 'batch_failed') throw e
    codes = e.codes
    errors = e.errors
  }
  const failures = []
  const promotionCodes = []
  codes.forEach((code, i) => {
    const partner = partners[i]
    if (code === null) {
      failures.push({ row: i + 1, partner, code: errors[i].code, message: errors[i].message })
      return
    }
    const metadata = { partner_name: fullName(partner) || partner.email || `row ${i + 1}` }
    if (partner.id !== undefined) metadata.partner_id = partner.id
    promotionCodes.push({
      code,
      metadata,
      ...(usageLimit !== null && { redemption_times_status: true, redemption_times_value: usageLimit }),
      ...(expires !== null && { expiration_date_status: true, expiration_date_value: expires }),
    })
  })
  const partnero = {
    uuid_code: coupon,
    name: `Partner promotion code, ${discount} % off`,
    coupon_discount_type: 'percent',
    coupon_discount_amount: discount,
    coupon_duration_type: 'once',
  }
  const { requests, unmapped } = promotionCodes.length
    ? promocode.providerRequests(partnero, promotionCodes, 'woocommerce', {})
    : { requests: [], unmapped: [] }
  // `uuid_code` is this script's name for the batch: WooCommerce has no coupon object.
  return { codes, requests, unmapped: unmapped.filter((u) => u.field !== 'uuid_code'), failures }
}

function usage(message) {
  process.stderr.write(`${message}\nusage: node examples/woocommerce.mjs [partners.csv] [--discount N] [--existing FILE] [--usage-limit N] [--expires YYYY-MM-DD] [--store URI] [--coupon NAME]\n`)
  process.exit(1)
}

async function main(argv) {
  const options = {}
  let csvPath = fileURLToPath(new URL('./partners.csv', import.meta.url))
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`))
    if (arg === '--discount') options.discount = Number(value())
    else if (arg === '--existing') options.existingFile = value()
    else if (arg === '--usage-limit') options.usageLimit = Number.parseInt(value(), 10)
    else if (arg === '--expires') options.expires = value()
    else if (arg === '--store') options.storeUri = value()
    else if (arg === '--coupon') options.coupon = value()
    else if (arg === '--help' || arg === '-h') usage('Turns a CSV of partners into WooCommerce coupon requests.')
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`)
    else csvPath = arg
  }
  if (!Number.isFinite(options.discount ?? 20) || (options.discount ?? 20) < 0) usage('--discount must be a number ≥ 0')
  if (options.usageLimit !== undefined && !(options.usageLimit >= 1)) usage('--usage-limit must be a whole number ≥ 1')
  const promocode = await import('promocode')
  let partners, existing
  try {
    partners = partnersFromCsv(readFileSync(csvPath, 'utf8'))
    existing = options.existingFile ? existingFromText(promocode, readFileSync(options.existingFile, 'utf8')) : []
  } catch (e) {
    usage(`cannot read the input: ${e.message}`)
  }
  const { existingFile, storeUri, ...rest } = options
  const store = storeUri ? new promocode.Store(storeUri) : null
  let out
  try {
    out = couponRequests(promocode, partners, { ...rest, existing, store })
  } catch (e) {
    usage(`${e.code ?? 'error'}: ${e.message}`)
  }
  for (const request of out.requests) process.stdout.write(`${JSON.stringify(request)}\n`)
  for (const u of out.unmapped) process.stderr.write(`not sent: ${u.field}: ${u.reason}\n`)
  for (const f of out.failures) {
    process.stderr.write(`row ${f.row}${f.partner.id !== undefined ? ` (partner ${f.partner.id})` : ''}: ${f.code}: ${f.message}\n`)
  }
  process.exitCode = out.failures.length > 0 ? 2 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2))
}
