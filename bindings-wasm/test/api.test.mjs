// Tests of the promocode-wasm packages beyond the shared suite (which runs every
// vector and the Node binding's tests against both builds: bindings-node/test with
// PROMOCODE_IMPL=wasm and wasm-web): error objects, value conversion (BigInt
// seeds, NaN, lone surrogates, depth, `__proto__`), batch errors, constants,
// types, the browser (web) build loaded in Node, that no input traps the module,
// and the size budget.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { MODULES, SPEC_BUDGET, TOOLCHAIN, measure } from '../scripts/size.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const nodePkg = join(here, '..', 'pkg-node');
const webPkg = join(here, '..', 'pkg');
const pc = createRequire(import.meta.url)(join(nodePkg, 'index.js'));
const { Format, Generator } = pc;

/** Runs `f`, expects it to throw a promocode Error with `code` (and `props`). */
function throwsCode(f, code, props = {}) {
  let err;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${code} to be thrown`);
  assert.ok(err instanceof Error, `not an Error: ${err}`);
  assert.equal(err.code, code, `got ${err.code}: ${err.message}`);
  for (const [k, v] of Object.entries(props)) assert.deepEqual(err[k], v, `${k} of ${err.message}`);
  return err;
}

const EXPORTS = ['Format', 'Generator', 'Store', 'validate', 'normalize', 'canonicalKey', 'validateCoupon', 'validatePromotionCode',
  'checkRedemption', 'attribute', 'REDEMPTION_REASONS', 'ERROR_CODES', 'DEFAULT_ALPHABET', 'PLATFORMS', 'PLATFORM_RULES',
  'providerRequests', 'existingCodes'];

test('exports exactly the Node surface (CommonJS and ESM named imports)', async () => {
  assert.deepEqual(Object.keys(pc).filter((k) => !k.startsWith('__')).sort(), [...EXPORTS].sort());
  const esm = await import(pathToFileURL(join(nodePkg, 'index.js')).href);
  for (const name of EXPORTS) assert.equal(esm[name], pc[name], name);
});

test('constants', () => {
  assert.equal(pc.DEFAULT_ALPHABET, '23456789BCDFGHJKMNPQRSTVWXZ');
  assert.deepEqual(pc.PLATFORMS, ['generic', 'stripe', 'stripe-legacy', 'paddle', 'shopify', 'woocommerce', 'partnero', 'partnero-coupon']);
  assert.equal(pc.REDEMPTION_REASONS.length, 10);
  assert.ok(pc.REDEMPTION_REASONS.includes('below_minimum_order'));
  assert.equal(Object.keys(pc.ERROR_CODES).length, 35);
  assert.match(pc.ERROR_CODES.code_space_exhausted, /unused codes/);
  assert.ok(Object.isFrozen(pc.ERROR_CODES) && Object.isFrozen(pc.PLATFORMS) && Object.isFrozen(pc.PLATFORM_RULES.paddle));
  assert.deepEqual(Object.keys(pc.PLATFORM_RULES), pc.PLATFORMS);
});

test('the SPEC examples', () => {
  const john = { name: 'John', surname: 'Doe' };
  assert.equal(new Format({ name: true, discount: 20 }).render(john), 'JOHN20');
  assert.match(new Format({ prefix: 'PARTNER', name: true, random: 2 }).render(john), /^PARTNER-JOHN-[2-9B-DF-HJ-NP-TV-XZ]{2}$/);
  assert.equal(new Format({ name: true, surname: true, discount: 15 }).render(john), 'JOHNDOE15');
  const gen = new Generator(new Format({ name: true, discount: 20 }), { existing: ['john20'] });
  assert.equal(gen.generate(john), 'JOHN20-2');
  assert.deepEqual(gen.generateAll([john, { name: 'José' }, { name: '张伟' }]), ['JOHN20-3', 'JOSE20', 'ZHANGWEI20']);
  assert.equal(gen.size, 5);
  assert.equal(gen.contains('jöhn20-3'), true);
  assert.equal(gen.remaining, null);
});

test('errors are Error objects with code, field, position and a lowercase message', () => {
  const e = throwsCode(() => new Format({ prefix: 'A B', platform: 'paddle' }), 'invalid_character', { field: 'prefix', position: 1 });
  assert.match(e.message, /^prefix has ` ` at position 1/);
  assert.ok(e.stack.includes('Error'));
  throwsCode(() => new Format({ template: '{prefix}{nme}', prefix: 'X' }), 'unknown_placeholder', { field: 'template', position: 8 });
  throwsCode(() => new Format({ name: true, maxLenght: 5 }), 'unknown_option', { field: 'maxLenght' });
  assert.match(throwsCode(() => new Format({ name: true, max_length: 5 }), 'unknown_option').message, /did you mean `maxLength`/);
  throwsCode(() => new Format({ name: true, platform: 'myspace' }), 'unknown_platform', { field: 'platform' });
  throwsCode(() => new Format({ random: 2, alphabet: 'AA' }), 'invalid_alphabet', { field: 'alphabet' });
  throwsCode(() => new Format({}), 'empty_format');
  throwsCode(() => new Format(), 'empty_format');
  throwsCode(() => new Format('name'), 'invalid_type', { field: 'options' });
  const g = new Generator(new Format({ random: 2, alphabet: 'AB' }), { seed: 1 });
  throwsCode(() => g.generateCodes(5), 'code_space_exhausted', { requested: 5, available: 4 });
  throwsCode(() => new Generator(new Format({ name: true })).generateCodes(1), 'needs_partner', { fields: ['name'] });
  throwsCode(() => new Format({ name: true }).render({}), 'empty_partner', { fields: ['name'] });
});

test('numbers: NaN and infinities reach the core; fractions and negatives are rejected there', () => {
  throwsCode(() => new Format({ name: true, discount: NaN }), 'invalid_discount', { field: 'discount' });
  throwsCode(() => new Format({ name: true, discount: Infinity }), 'invalid_discount');
  throwsCode(() => new Format({ name: true, discount: -1 }), 'invalid_discount');
  assert.equal(new Format({ name: true, discount: 12.5 }).render({ name: 'Ann' }), 'ANN12');
  throwsCode(() => new Format({ random: 1.5 }), 'invalid_value', { field: 'random' });
  throwsCode(() => new Format({ random: '2' }), 'invalid_type', { field: 'random' });
  assert.equal(new Format({ name: true, maxLength: 3 }).render({ name: 'Johnny' }), 'JOH');
});

test('seeds: safe numbers and BigInts agree; u64 max works; the rest is invalid_seed', () => {
  const fmt = new Format({ random: 8 });
  const gen = (seed) => new Generator(fmt, { seed }).generateCodes(3);
  assert.deepEqual(gen(42), gen(42n));
  assert.equal(fmt.render({}, { seed: 7 }), fmt.render({}, { seed: 7n }));
  assert.notDeepEqual(gen(42), gen(43));
  assert.equal(gen(2n ** 64n - 1n).length, 3);
  assert.equal(gen(Number.MAX_SAFE_INTEGER).length, 3);
  throwsCode(() => gen(2n ** 64n), 'invalid_seed', { field: 'seed' });
  throwsCode(() => gen(-1n), 'invalid_seed');
  throwsCode(() => gen(-(2n ** 70n)), 'invalid_seed');
  throwsCode(() => gen(-1), 'invalid_seed');
  throwsCode(() => gen(1.5), 'invalid_seed');
  throwsCode(() => gen(2 ** 53), 'invalid_seed');
  throwsCode(() => gen(NaN), 'invalid_seed');
  throwsCode(() => gen('42'), 'invalid_type', { field: 'seed' });
  throwsCode(() => fmt.render({}, { sed: 1 }), 'unknown_option', { field: 'sed' });
  // No seed: OS randomness (crypto.getRandomValues), different streams.
  assert.notDeepEqual(new Generator(fmt).generateCodes(3), new Generator(fmt).generateCodes(3));
  assert.notDeepEqual(new Generator(fmt, { seed: null }).generateCodes(3), new Generator(fmt, {}).generateCodes(3));
});

test('lone surrogates become U+FFFD', () => {
  const fmt = new Format({ name: true, random: 2 });
  assert.equal(fmt.render({ name: 'Jo\uD800hn' }, { seed: 1 }), fmt.render({ name: 'Jo\uFFFDhn' }, { seed: 1 }));
  assert.equal(pc.normalize('AB\uDC00', 'woocommerce'), 'ab\uFFFD');
  assert.equal(pc.canonicalKey('x\uD83D'), pc.canonicalKey('x\uFFFD'));
  const report = pc.validate('A\uD800', 'stripe');
  assert.deepEqual(report.issues.map((i) => [i.code, i.position]), [['invalid_character', 1]]);
  assert.match(report.issues[0].message, /U\+FFFD/);
});

test('strings outside the BMP count as one character', () => {
  const report = pc.validate('AB😀C', 'generic');
  assert.deepEqual(report.issues.map((i) => i.position), [2]);
  throwsCode(() => new Format({ prefix: '😀-X', platform: 'stripe' }), 'invalid_character', { position: 0 });
  throwsCode(() => new Format({ prefix: 'A😀B', platform: 'stripe' }), 'invalid_character', { position: 1 });
});

test('nesting is depth-limited (64 levels), cycles included', () => {
  const nest = (n) => { let v = {}; for (let i = 0; i < n; i++) v = { a: v }; return v; };
  const base = { coupon_discount_type: 'percent', coupon_discount_amount: 20, coupon_duration_type: 'once' };
  pc.validateCoupon({ ...base, metadata: nest(62) }, {}); // 64 levels with the request and metadata
  throwsCode(() => pc.validateCoupon({ ...base, metadata: nest(63) }), 'input_too_deep');
  const cyclic = { ...base };
  cyclic.metadata = cyclic;
  throwsCode(() => pc.validateCoupon(cyclic), 'input_too_deep');
  const arr = [];
  arr.push(arr);
  throwsCode(() => new Generator(new Format({ random: 4 }), { existing: arr }), 'input_too_deep');
  throwsCode(() => new Format({ name: true }).render({ name: nest(100) }), 'input_too_deep');
});

test('values JS has but the core does not: functions, symbols, BigInts beyond 64 bits', () => {
  throwsCode(() => new Format({ name: () => true }), 'invalid_type', { field: 'name' });
  throwsCode(() => new Format({ prefix: Symbol('x') }), 'invalid_type', { field: 'prefix' });
  throwsCode(() => new Format({ random: 2n ** 80n }), 'invalid_value', { field: 'random' });
  assert.equal(new Format({ random: 2n }).render({}, { seed: 1 }).length, 2);
});

test('outputs are plain objects; __proto__ keys stay data', () => {
  const report = pc.validate('JOHN 20');
  assert.equal(Object.getPrototypeOf(report), Object.prototype);
  assert.equal(Object.getPrototypeOf(report.issues[0]), Object.prototype);
  assert.deepEqual(report, { valid: false, issues: [{ code: 'invalid_character', message: report.issues[0].message, position: 4 }] });
  assert.deepEqual(pc.validate(' '.repeat(2)).issues[0], { code: 'empty', message: pc.validate('  ').issues[0].message, position: null });
  const request = JSON.parse('{"coupon_discount_type":"percent","coupon_discount_amount":20,"coupon_duration_type":"once","metadata":{"__proto__":{"polluted":1},"plan":"pro"}}');
  const coupon = pc.validateCoupon(request, { seed: 7 });
  assert.equal(coupon.uuid_code, 'XVFVRGNJGKHS');
  assert.equal({}.polluted, undefined);
  assert.equal(coupon.metadata.polluted, undefined);
  assert.ok(Object.hasOwn(coupon.metadata, '__proto__'));
  assert.equal(JSON.stringify(coupon.metadata), '{"__proto__":{"polluted":1},"plan":"pro"}');
});

test('generateAll: batch_failed keeps the others, aligned; a wrong type throws at once', () => {
  const gen = new Generator(new Format({ name: true, discount: 20 }));
  let err;
  try {
    gen.generateAll([{ name: 'Ann' }, { name: '😀' }, { name: 'ann' }, {}]);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'batch_failed');
  assert.match(err.message, /^2 of 4 partners failed/);
  assert.deepEqual(err.codes, ['ANN20', null, 'ANN20-2', null]);
  assert.deepEqual(Object.keys(err.errors), ['1', '3']);
  assert.ok(err.errors[1] instanceof Error);
  assert.equal(err.errors[1].code, 'empty_partner');
  assert.deepEqual(err.errors[3].fields, ['name']);
  assert.equal(gen.size, 2);
  throwsCode(() => gen.generateAll([{ name: 'Bob' }, { name: 3 }]), 'invalid_type', { field: 'partners[1].name' });
  throwsCode(() => gen.generateAll('Bob'), 'invalid_type', { field: 'partners' });
  throwsCode(() => gen.generateAll([42]), 'invalid_type', { field: 'partners[0]' });
  assert.equal(gen.size, 2);
  assert.deepEqual(gen.generateAll([]), []);
});

test('partners: extra keys ignored, ids of either type, getters read', () => {
  const fmt = new Format({ name: true, surname: true });
  assert.equal(fmt.render({ name: 'Ann', surname: 'Lee', id: 7, plan: 'pro', nested: { deep: [1, 2] } }), 'ANNLEE');
  assert.equal(fmt.render({ name: 'Ann', id: 7n }), 'ANN');
  throwsCode(() => fmt.render({ name: 'Ann', id: 1.5 }), 'invalid_type', { field: 'id' });
  class Person { get name() { return 'Zoë'; } get surname() { return 'Müller'; } }
  assert.equal(fmt.render(new Person()), 'ZOEMULLER');
  assert.equal(new Format({ name: true, surname: true, germanUmlauts: true }).render(new Person()), 'ZOEMUELLER');
  throwsCode(() => fmt.render('John'), 'invalid_type', { field: 'partner' });
  throwsCode(() => fmt.render(['John']), 'invalid_type', { field: 'partner' });
  throwsCode(() => fmt.render(null), 'invalid_type', { field: 'partner' });
  throwsCode(() => fmt.render({ get name() { throw new RangeError('boom'); } }), undefined);
});

test('generator: existing, addExisting, contains, size, remaining (number or null)', () => {
  const gen = new Generator(new Format({ prefix: 'X', random: 2, alphabet: 'AB' }), { existing: ['x-ab', 'X-AB', 'y'], seed: 3 });
  assert.equal(gen.size, 2);
  assert.equal(gen.remaining, 3);
  assert.equal(gen.addExisting(['X-BA', 'x-ba']), 1);
  assert.equal(gen.remaining, 2);
  assert.deepEqual(gen.generateCodes(2).sort(), ['X-AA', 'X-BB']);
  assert.equal(gen.remaining, 0);
  assert.equal(gen.contains('x-aa'), true);
  assert.equal(gen.contains('X-AC'), false);
  throwsCode(() => gen.addExisting('X-AA'), 'invalid_type');
  throwsCode(() => gen.addExisting([1]), 'invalid_type', { field: 'codes[0]' });
  throwsCode(() => gen.contains(1), 'invalid_type', { field: 'code' });
  throwsCode(() => new Generator(new Format({ random: 2 }), { exisitng: [] }), 'unknown_option');
  throwsCode(() => new Generator({ random: 2 }), 'invalid_type', { field: 'format' });
  throwsCode(() => new Generator(), 'invalid_type', { field: 'format' });
  throwsCode(() => new Generator(new Generator(new Format({ random: 2 }))), 'invalid_type', { field: 'format' });
  const sparse = new Array(2 ** 32 - 1);
  throwsCode(() => gen.generateAll(sparse), 'invalid_value', { field: 'partners' });
  throwsCode(() => gen.addExisting(sparse), 'invalid_value', { field: 'codes' });
  throwsCode(() => new Generator(new Format({ random: 2 }), { existing: sparse }), 'invalid_value', { field: 'existing' });
  const big = new Generator(new Format({ random: 20 }));
  assert.equal(typeof big.remaining, 'number'); // approximate above 2^53, as in the Node package
  assert.ok(big.remaining > 2 ** 90);
  const r4 = new Generator(new Format({ random: 4 })).remaining;
  assert.ok(typeof r4 === 'number' && r4 < 27 ** 4 && r4 > 0.9 * 27 ** 4, `remaining ${r4}`);
  assert.equal(new Generator(new Format({ random: 4 })).generateCodes(0).length, 0);
  throwsCode(() => new Generator(new Format({ random: 4 })).generateCodes(-1), 'invalid_value', { field: 'count' });
});

test('validate / normalize / canonicalKey', () => {
  assert.deepEqual(pc.validate('PARTNER-JOHN-XY', 'paddle').issues.map((i) => i.position), [7, 12]);
  assert.equal(pc.validate('JOHN_20').valid, true);
  assert.equal(pc.validate('JOHN_20', undefined).valid, true);
  assert.equal(pc.validate('JOHN_20', null).valid, true);
  assert.equal(pc.validate('JOHN_20', 'stripe').valid, false);
  throwsCode(() => pc.validate('X', 'myspace'), 'unknown_platform');
  throwsCode(() => pc.validate(42), 'invalid_type', { field: 'code' });
  throwsCode(() => pc.validate('X', 3), 'invalid_type', { field: 'platform' });
  assert.equal(pc.normalize('JOHN20', 'woocommerce'), 'john20');
  const hostile = '  JOHN<b>20</b>\\ ';
  // normalize refuses with validate's first issue (the `<` at 6; edge spaces are a whole-code issue, listed last).
  throwsCode(() => pc.normalize(hostile, 'woocommerce'), 'invalid_code', { position: pc.validate(hostile, 'woocommerce').issues[0].position });
  assert.equal(pc.normalize('John20', 'stripe'), 'John20');
  for (const c of ['john20', 'JOHN20', 'ＪＯＨＮ２０', 'jöhn20']) assert.equal(pc.canonicalKey(c), 'john20');
});

test('coupons: validation_failed carries the 422 body; redemption; attribution', () => {
  const e = throwsCode(() => pc.validateCoupon({ coupon_discount_type: 'percent', coupon_discount_amount: 20, coupon_duration_type: 'once', sync: { provider: 'stripe' } }, { connected: [] }), 'validation_failed');
  assert.equal(e.message, 'stripe is not connected for this program.');
  assert.deepEqual(e.body, { message: 'stripe is not connected for this program.', errors: { 'sync.provider': ['stripe is not connected for this program.'] } });
  const ok = pc.validateCoupon({ coupon_discount_type: 'percent', coupon_discount_amount: 20, coupon_duration_type: 'once', sync: { provider: 'stripe' } }, { connected: ['stripe'], seed: 7 });
  assert.equal(ok.uuid_code, 'XVFVRGNJGKHS');
  throwsCode(() => pc.validateCoupon({}, { conected: [] }), 'unknown_option');
  throwsCode(() => pc.validateCoupon({}, { connected: ['myspace'] }), 'invalid_value', { field: 'connected' });
  const code = pc.validatePromotionCode({ coupon_uuid: 'SPRING', code: ' JOHN20 ' });
  assert.equal(code.code, 'JOHN20');
  assert.equal(pc.validatePromotionCode({ coupon_uuid: 'SPRING' }, { seed: 7 }).code.length, 10);
  const reasons = pc.checkRedemption(
    { first_time_order: true, minimum_order_status: true, minimum_order_value: 50 },
    { active: true },
    { amount: 20, date: '2026-01-01', first_order: false },
  );
  assert.deepEqual(reasons, ['not_first_order', 'below_minimum_order']);
  assert.deepEqual(pc.attribute('p-code', 'p-cookie'), { partner: 'p-code', source: 'promotion_code' });
  assert.deepEqual(pc.attribute(null, 'p-cookie'), { partner: 'p-cookie', source: 'referral_cookie' });
  assert.equal(pc.attribute(' ', undefined), null);
  throwsCode(() => pc.attribute(1, null), 'invalid_type');
});

test('no input traps the module (a small fuzz over odd values)', () => {
  const pool = [undefined, null, true, false, 0, -1, 1.5, 2 ** 60, NaN, -Infinity, 3n, -3n, 2n ** 65n, '', 'x', '{', '}', '{random:0}',
    '{name:99999999999999999999}', '\uD800', '😀', 'ẞ', 'ǅ', '-', '_', 'A'.repeat(600), [], [1, 'a'], {}, { a: 1 }, () => 1, Symbol('s')];
  const keys = ['prefix', 'name', 'surname', 'email', 'discount', 'random', 'template', 'separator', 'platform', 'case', 'alphabet', 'maxLength', 'germanUmlauts'];
  const platforms = [...pc.PLATFORMS, 'x'];
  let state = 12345;
  const next = (n) => { state = (state * 1103515245 + 12345) % 2 ** 31; return state % n; };
  const pick = () => pool[next(pool.length)];
  for (let i = 0; i < 3000; i++) {
    const opts = {};
    for (let k = next(4); k >= 0; k--) opts[keys[next(keys.length)]] = pick();
    if (next(2)) opts.platform = platforms[next(platforms.length)];
    if (next(3) === 0) opts.template = ['{prefix}{name:3}-{random:2}', '{{x}}{random}', '{email:0}{discount}', '{random:600}', '{surname}}'][next(5)];
    try {
      const fmt = new Format(opts);
      const gen = new Generator(fmt, { seed: next(1000) });
      try { gen.generateAll([{ name: pick() }, { name: 'Ann', surname: pick(), email: pick() }]); } catch (e) { assert.ok(typeof e.code === 'string', String(e)); }
      try { gen.generateCodes(next(5)); } catch (e) { assert.ok(typeof e.code === 'string', String(e)); }
      try { fmt.render({ name: pick() }, { seed: pick() }); } catch (e) { assert.ok(typeof e.code === 'string', String(e)); }
    } catch (e) {
      assert.ok(e instanceof Error && typeof e.code === 'string', `${JSON.stringify(opts, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}: ${e}`);
    }
    try { pc.validate(pick(), platforms[next(platforms.length)]); } catch (e) { assert.ok(typeof e.code === 'string', String(e)); }
  }
  // The module still works afterwards.
  assert.equal(new Format({ name: true, discount: 20 }).render({ name: 'John' }), 'JOHN20');
});

test('TypeScript declarations: the Node package\'s, one source for both builds', () => {
  const shared = readFileSync(join(here, '..', '..', 'bindings-node', 'index.d.ts'), 'utf8');
  assert.equal(readFileSync(join(nodePkg, 'index.d.ts'), 'utf8'), shared, 'pkg-node/index.d.ts');
  assert.equal(readFileSync(join(webPkg, 'promocode.d.ts'), 'utf8'), shared, 'pkg/promocode.d.ts');
  const web = readFileSync(join(webPkg, 'index.d.ts'), 'utf8');
  assert.match(web, /export \* from '\.\/promocode\.js'/);
  assert.match(web, /export default function init/);
});

test('the browser build (pkg/) works too, loaded with initSync', async () => {
  const web = await import(pathToFileURL(join(webPkg, 'index.js')).href);
  assert.equal(web.PLATFORMS, undefined);
  web.initSync(readFileSync(join(webPkg, 'promocode_wasm_bg.wasm')));
  assert.deepEqual(web.PLATFORMS, pc.PLATFORMS);
  assert.deepEqual(Object.keys(web).filter((k) => k !== 'default' && k !== 'initSync' && !k.startsWith('__')).sort(), [...EXPORTS].sort());
  const opts = { prefix: 'VIP', name: true, surname: true, random: 3, platform: 'paddle' };
  const partners = [{ name: 'Иван', surname: 'Петров' }, { name: 'さくら' }, { name: 'John' }, { name: 'John' }];
  assert.deepEqual(new web.Generator(new web.Format(opts), { seed: 42 }).generateAll(partners),
    new Generator(new Format(opts), { seed: 42 }).generateAll(partners));
  const pkg = JSON.parse(readFileSync(join(webPkg, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'promocode-wasm');
  assert.equal(pkg.type, 'module');
  assert.equal(JSON.parse(readFileSync(join(nodePkg, 'package.json'), 'utf8')).type, undefined);
});

test('bulk partner lists (pkg-node) read exactly like one by one (pkg)', async () => {
  const web = await import(pathToFileURL(join(webPkg, 'index.js')).href);
  web.initSync(readFileSync(join(webPkg, 'promocode_wasm_bg.wasm')));
  class Person { constructor(n) { this.n = n; } get name() { return this.n; } }
  const partners = [
    { name: 'Jo\uD83D', surname: '\uDE00e', email: '\uD83D@x', id: '\uDE00' }, // lone surrogates at every field edge
    { name: '\uD83D\uDE00Ann', surname: 'Lee\uD800' },
    { name: 'A\u0000B', surname: '\u0000', email: 'c\u0000@d' },
    { name: '', surname: '', email: 'zoë@example.com' },
    { name: null, surname: undefined, email: 'ann+tag@example.com', id: 7 },
    new Person('Søren'),
    { name: '张伟', surname: 'Иван', email: 'राहुल@example.in', id: 'x' },
    { name: 'x'.repeat(300), surname: 'ẞ' },
  ];
  for (const opts of [{ name: true, surname: true, email: true, random: 1 }, { name: true, surname: true, email: true, discount: 5 }]) {
    const a = new Generator(new Format(opts), { seed: 9 }).generateAll(partners);
    const b = new web.Generator(new web.Format(opts), { seed: 9 }).generateAll(partners);
    assert.deepEqual(a, b);
  }
  const existing = ['a\uD800', 'B', 'c', 'D\u0000E', 'ＪＯＨＮ２０'];
  const a = new Generator(new Format({ name: true, discount: 20 }), { existing });
  assert.equal(a.size, 5);
  assert.equal(a.contains('john20'), true);
  assert.equal(a.contains('a\uFFFD'), true);
  throwsCode(() => new Generator(new Format({ random: 2 }), { existing: ['a', 'b', 'c', 'd', 5] }), 'invalid_type', { field: 'existing[4]' });
  throwsCode(() => new Generator(new Format({ name: true })).generateAll([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }, { surname: 1 }]), 'invalid_type', { field: 'partners[4].surname' });
});

test("README: the Node example runs and prints what its comments say", async () => {
  const { format } = await import('node:util');
  const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 1);
  for (const code of blocks) {
    const lines = [];
    const fakeConsole = { log: (...args) => lines.push(format(...args)) };
    const fakeRequire = (name) => (name === 'promocode-wasm' ? pc : createRequire(import.meta.url)(name));
    new Function('require', 'console', code)(fakeRequire, fakeConsole);
    const expected = code.split('\n').filter((l) => /console\.log\(/.test(l)).map((l) => l.match(/\/\/ (.*)$/)?.[1]);
    assert.equal(lines.length, expected.length);
    expected.forEach((want, i) => { if (want !== undefined) assert.equal(lines[i], want.trim()); });
  }
});

test('size: the preview module within SPEC §10\'s 200 KB gzipped; the full module within its growth guard', () => {
  for (const name of Object.keys(MODULES)) {
    const s = measure(name);
    console.log(`     ${name}: wasm ${s.wasm.raw} B (${s.wasm.gzip} B gz), JS ${s.js.raw} B (${s.js.gzip} B gz), total ${s.total.gzip} B gz (budget ${s.budget})`);
    assert.ok(s.total.gzip <= s.budget, `${name}: ${s.total.gzip} B gzipped is over the ${s.budget} B budget`);
  }
  if (TOOLCHAIN === 'nightly') assert.equal(MODULES.preview.budget, SPEC_BUDGET);
});
