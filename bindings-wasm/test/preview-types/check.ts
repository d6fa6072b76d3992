// Type-checked (never run) by test/preview.test.mjs: the preview module's
// declarations accept the preview page's usage and reject what it leaves out.
import init, { Format, Generator, PLATFORM_RULES, canonicalKey, validate, type Explanation, type Partner } from 'promocode-wasm/preview'
import { validateCoupon } from 'promocode-wasm/preview'
import type { Store } from 'promocode-wasm/preview'

await init()
const fmt = new Format({ name: true, random: 2, platform: 'woocommerce' })
const partner: Partner = { name: 'José', locale: 'es' }
const gen = new Generator(fmt, { seed: 1, lookupIndex: true })
const codes: string[] = gen.generateAll([partner])
const why: Explanation = fmt.explain(partner)
const max: number = PLATFORM_RULES.woocommerce.length
const key: string = canonicalKey(codes[0] ?? '')
validate(key, 'stripe').issues.map((i) => i.code)
void why
void max
// @ts-expect-error: coupon checks are in the full module only (a type here, no value)
void validateCoupon
// @ts-expect-error: the Store class is a type only here (no value)
new Store('memory:')
const s: Store | null = null
void s
