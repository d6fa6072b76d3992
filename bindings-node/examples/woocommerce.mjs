#!/usr/bin/env node
// Turns a CSV of partners into WooCommerce REST API v3 coupon bodies
// (POST /wp-json/wc/v3/coupons): one coupon per partner, with a lowercase code
// that is unique — ignoring case and accents — against the shop's existing coupons.
// Offline: it prints the JSON bodies; sending them is up to you.
//
//   node examples/woocommerce.mjs [partners.csv] [--discount 20] [--existing codes.txt]
//                                 [--usage-limit N] [--expires YYYY-MM-DD]
//
// The CSV (RFC 4180) has a header row with `name`, `surname`, `email` and `id`
// columns (any order, other columns ignored). `--existing` is a file with one
// existing coupon code per line. Rows that get no code are reported on stderr with
// their error code; the exit status is then 2 (1 for bad arguments or files).
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * A tiny RFC 4180 parser: fields separated by commas, records by CRLF or LF;
 * quoted fields may hold commas, line breaks and doubled quotes (`""`).
 * Returns an array of records (arrays of strings); a final line break ends the
 * last record rather than starting an empty one.
 */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1) // byte-order mark
  const records = []
  let record = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
        continue
      }
      if (c === '"') quoted = false
      else field += c
      i += 1
      continue
    }
    if (c === '"' && field === '') {
      quoted = true
    } else if (c === ',') {
      record.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      if (c === '\r' && text[i + 1] === '\n') i += 1
    } else {
      field += c
    }
    i += 1
  }
  if (quoted) throw new Error('unterminated quoted field at the end of the CSV')
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records
}

/** Records → partner objects, by the header row's column names. */
export function partnersFromCsv(text) {
  const [header = [], ...rows] = parseCsv(text)
  const columns = header.map((h) => h.trim().toLowerCase())
  for (const need of ['name']) {
    if (!columns.includes(need)) throw new Error(`the CSV header has no \`${need}\` column`)
  }
  return rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => {
      const partner = {}
      columns.forEach((column, i) => {
        if (['name', 'surname', 'email', 'id'].includes(column) && row[i] !== undefined && row[i] !== '') {
          partner[column] = row[i]
        }
      })
      return partner
    })
}

const fullName = (p) => [p.name, p.surname].filter(Boolean).join(' ').replace(/\s+/g, ' ')

/**
 * Coupon bodies for `partners`, using the promocode module `promocode` (passed in,
 * so tests can run this against any implementation). Returns `{ coupons, failures }`;
 * each failure is `{ row, partner, code, message }` (`row`: 1-based, after the header).
 */
export function couponBodies(promocode, partners, { discount = 20, existing = [], usageLimit = null, expires = null } = {}) {
  const format = new promocode.Format({ name: true, discount, platform: 'woocommerce' })
  const generator = new promocode.Generator(format, { existing })
  let codes
  const errors = {}
  try {
    codes = generator.generateAll(partners)
  } catch (e) {
    if (e.code !== 'batch_failed') throw e
    codes = e.codes
    Object.assign(errors, e.errors)
  }
  const coupons = []
  const failures = []
  codes.forEach((code, i) => {
    const partner = partners[i]
    if (code === null) {
      failures.push({ row: i + 1, partner, code: errors[i].code, message: errors[i].message })
      return
    }
    const who = fullName(partner) || partner.email || `row ${i + 1}`
    const body = {
      code,
      discount_type: 'percent',
      amount: String(discount),
      individual_use: true,
      usage_limit: usageLimit,
      usage_limit_per_user: 1,
      description: `Partner promotion code of ${who}${partner.id !== undefined ? ` (partner ${partner.id})` : ''}`,
      meta_data: [{ key: 'partner_id', value: partner.id ?? null }],
    }
    if (expires) body.date_expires = expires
    coupons.push(body)
  })
  return { coupons, failures }
}

function usage(message) {
  process.stderr.write(`${message}\nusage: node examples/woocommerce.mjs [partners.csv] [--discount N] [--existing codes.txt] [--usage-limit N] [--expires YYYY-MM-DD]\n`)
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
    else if (arg === '--help' || arg === '-h') usage('Turns a CSV of partners into WooCommerce coupon bodies.')
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`)
    else csvPath = arg
  }
  if (!Number.isFinite(options.discount ?? 20) || (options.discount ?? 20) < 0) usage('--discount must be a number ≥ 0')
  if (options.usageLimit !== undefined && !(options.usageLimit >= 1)) usage('--usage-limit must be a whole number ≥ 1')
  let partners, existing
  try {
    partners = partnersFromCsv(readFileSync(csvPath, 'utf8'))
    existing = options.existingFile
      ? readFileSync(options.existingFile, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean)
      : []
  } catch (e) {
    usage(`cannot read the input: ${e.message}`)
  }
  const promocode = await import('promocode')
  const { coupons, failures } = couponBodies(promocode, partners, { ...options, existing })
  process.stdout.write(`${JSON.stringify(coupons, null, 2)}\n`)
  for (const f of failures) {
    process.stderr.write(`row ${f.row}${f.partner.id !== undefined ? ` (partner ${f.partner.id})` : ''}: ${f.code}: ${f.message}\n`)
  }
  process.exitCode = failures.length > 0 ? 2 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2))
}
