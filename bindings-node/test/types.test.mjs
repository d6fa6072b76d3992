// index.d.ts: committed, identical to what the build generates, consistent with the
// runtime tables, and type-checking the documented usage. napi package only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { IMPL, Format, ERROR_CODES, PLATFORMS, REDEMPTION_REASONS } from './impl.mjs'

const skip = IMPL !== 'napi' && 'index.d.ts belongs to the napi package'
const PKG = fileURLToPath(new URL('..', import.meta.url))
const read = (file) => readFileSync(join(PKG, file), 'utf8')

/** The committed version of a file of this package, or null outside a git checkout. */
function committed(file) {
  try {
    return execFileSync('git', ['show', `HEAD:./${file}`], { cwd: PKG, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch {
    return null
  }
}

const inGit = (() => {
  try {
    execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: PKG, stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

// scripts/test.sh builds first, so index.d.ts and index.js on disk are fresh build
// output; they must be what is committed.
for (const file of ['index.d.ts', 'index.js']) {
  test(`${file} is committed and matches the build output`, { skip: skip || (!inGit && 'not a git checkout') }, () => {
    const head = committed(file)
    assert.ok(head !== null, `${file} is not committed`)
    assert.equal(read(file), head,
      `${file} differs from the committed one: run \`npm run build\` in bindings-node and commit ${file}`)
  })
}

/** The members of `export type Name = | 'a' | 'b'` in index.d.ts. */
function union(dts, name) {
  const m = dts.match(new RegExp(`export type ${name} =([^]*?)\\n\\n`))
  assert.ok(m, `type ${name} not found`)
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1])
}

test('the string unions match the runtime tables', { skip }, () => {
  const dts = read('index.d.ts')
  assert.deepEqual(union(dts, 'ErrorCode'), Object.keys(ERROR_CODES))
  assert.deepEqual(union(dts, 'Platform'), [...PLATFORMS])
  assert.deepEqual(union(dts, 'RedemptionReason'), [...REDEMPTION_REASONS])
})

test('FormatOptions lists every format option, and only real ones', { skip }, () => {
  const dts = read('index.d.ts')
  const body = dts.match(/export interface FormatOptions \{([^]*?)\n\}/)[1]
  const keys = [...body.matchAll(/^\s+(\w+)\?:/gm)].map((m) => m[1])
  // Every key is an option the core knows (null = its default; none is unknown).
  for (const key of keys) {
    try {
      new Format({ name: true, [key]: null })
    } catch (e) {
      assert.notEqual(e.code, 'unknown_option', `${key}: ${e.message}`)
    }
  }
  // Every option a vector uses is in the interface (snake_case → camelCase).
  const dir = fileURLToPath(new URL('../../core/tests/vectors/', import.meta.url))
  const used = new Set()
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    for (const c of JSON.parse(readFileSync(join(dir, f), 'utf8')).cases) {
      if (c.format && typeof c.format === 'object' && !Array.isArray(c.format)) {
        for (const k of Object.keys(c.format)) if (!/[A-Z]/.test(k)) used.add(k.replace(/_([a-z])/g, (_, x) => x.toUpperCase()))
      }
    }
  }
  for (const key of used) if (key !== 'nmae') assert.ok(keys.includes(key), `FormatOptions lacks ${key}`)
})

// The same declarations ship in both JS packages (bindings-wasm copies index.d.ts):
// the documented usage type-checks against the build under test.
const TSCONFIG = { napi: 'tsconfig.json', wasm: 'tsconfig.wasm.json', 'wasm-web': 'tsconfig.wasm-web.json' }

test('the types accept the documented usage and reject mistakes (tsc --strict)', () => {
  const tsc = join(PKG, 'node_modules', 'typescript', 'bin', 'tsc')
  assert.ok(existsSync(tsc), 'typescript is a devDependency: run npm install')
  try {
    execFileSync(process.execPath, [tsc, '-p', join(PKG, 'test', TSCONFIG[IMPL])], { cwd: PKG, encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`)
  }
})
