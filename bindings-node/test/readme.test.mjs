// Runs every ```js block of bindings-node/README.md — and of the main README.md's
// blocks that use the Node package, when there is one — against the implementation
// under test. The blocks assert their own results.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { IMPL, IMPL_PATH } from './impl.mjs'

const IMPL_MJS = new URL('./impl.mjs', import.meta.url).href
const READMES = [
  { path: fileURLToPath(new URL('../README.md', import.meta.url)), name: 'bindings-node/README.md', all: true },
  { path: fileURLToPath(new URL('../../README.md', import.meta.url)), name: 'README.md', all: false },
]

/** Every ```js block (also one indented in a list item, dedented) with the line it starts on. */
function blocks(markdown) {
  const out = []
  const re = /^([ \t]*)```js[ \t]*\n([\s\S]*?)^\1```[ \t]*$/gm
  let m
  while ((m = re.exec(markdown)) !== null) {
    const indent = m[1]
    const code = m[2].split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n')
    out.push({ code, line: markdown.slice(0, m.index).split('\n').length })
  }
  return out
}

const usesPackage = (code) => /(from\s+|require\()\s*['"]promocode['"]/.test(code)

/** Points `'promocode'` at the implementation under test. */
function rewrite(code) {
  return code
    .replace(/(from\s+)(['"])promocode\2/g, (_, from) => `${from}${JSON.stringify(IMPL_MJS)}`)
    .replace(/require\(\s*(['"])promocode\1\s*\)/g, () => `require(${JSON.stringify(IMPL_PATH)})`)
}

const dir = mkdtempSync(join(tmpdir(), 'promocode-readme-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))

// The blocks check themselves with `console.assert`, which only logs: here a false
// one fails the block.
console.assert = (ok, ...message) => {
  if (!ok) throw new assert.AssertionError({ message: `console.assert: ${message.join(' ') || 'false'}` })
}

let total = 0
for (const readme of READMES) {
  if (!existsSync(readme.path)) continue
  for (const [i, block] of blocks(readFileSync(readme.path, 'utf8')).entries()) {
    if (!readme.all && !usesPackage(block.code)) continue
    total += 1
    const commonjs = /\brequire\(/.test(block.code) && !/^\s*import\s/m.test(block.code)
    const skip = commonjs && IMPL === 'wasm-web' && 'the browser build is an ES module'
    test(`${readme.name} block ${i + 1} (line ${block.line})`, { skip }, async () => {
      const file = join(dir, `${readme.name.replace(/\W+/g, '_')}-${i + 1}.${commonjs ? 'cjs' : 'mjs'}`)
      writeFileSync(file, rewrite(block.code))
      if (commonjs) createRequire(import.meta.url)(file)
      else await import(pathToFileURL(file).href)
    })
  }
}

test('the README has examples', () => {
  assert.ok(total >= 8, `only ${total} js blocks`)
})
