// Type-checked (never run) by test/types.test.mjs with `tsc --noEmit --strict`:
// the published types must accept the documented usage and reject mistakes.
import {
  Format,
  Generator,
  validate,
  normalize,
  canonicalKey,
  validateCoupon,
  validatePromotionCode,
  checkRedemption,
  attribute,
  REDEMPTION_REASONS,
  ERROR_CODES,
  DEFAULT_ALPHABET,
  PLATFORMS,
  type FormatOptions,
  type Partner,
  type Report,
  type BatchError,
  type ValidationError,
  type PromocodeError,
  type ErrorCode,
  type Coupon,
  type RedemptionReason,
} from 'promocode'

const options: FormatOptions = { prefix: 'PARTNER', name: true, random: 2, platform: 'stripe', maxLength: 20 }
const fmt = new Format(options)
const bits: number = fmt.entropyBits
const john: Partner = { name: 'John', surname: 'Doe', id: 7, crmField: { anything: true } }
const code: string = fmt.render(john, { seed: 42n })
const gen = new Generator(fmt, { existing: ['JOHN20'], seed: 1 })
const codes: string[] = gen.generateAll([john, { name: 'Ann' }])
const bulk: string[] = new Generator(new Format({ random: 8 })).generateCodes(10)
const added: number = gen.addExisting(codes)
const known: boolean = gen.contains(code)
const size: number = gen.size
const remaining: number | null = gen.remaining
const report: Report = validate(code, 'paddle')
const position: number | null = report.issues[0]?.position ?? null
const stored: string = normalize(code, 'woocommerce') + canonicalKey(code)
const coupon: Coupon = validateCoupon({ coupon_discount_type: 'percent', coupon_discount_amount: 20,
  coupon_duration_type: 'once' }, { connected: ['stripe'], seed: 7 })
const uuid: string = coupon.uuid_code
const promo = validatePromotionCode({ coupon_uuid: uuid }, { seed: 7 })
const reasons: RedemptionReason[] = checkRedemption(promo, coupon, { amount: 1, date: '2026-01-01', first_order: true })
const who = attribute('p1', null)
const source: 'promotion_code' | 'referral_cookie' | undefined = who?.source
const first: RedemptionReason | undefined = REDEMPTION_REASONS[0]
const template: string = ERROR_CODES.empty_partner + DEFAULT_ALPHABET + PLATFORMS.join()

try {
  gen.generateAll([john])
} catch (e) {
  const err = e as PromocodeError
  const c: ErrorCode = err.code
  if (err.code === 'batch_failed') {
    const batch = err as BatchError
    const aligned: (string | null)[] = batch.codes
    const why: ErrorCode | undefined = batch.errors[0]?.code
    void aligned, why
  }
  if (err.code === 'validation_failed') {
    const messages: string[] | undefined = (err as ValidationError).body.errors['uuid_code']
    void messages
  }
  void c
}

// Mistakes the types catch:
// @ts-expect-error a typo in an option
new Format({ nmae: true })
// @ts-expect-error options are camelCase
new Format({ max_length: 10 })
// @ts-expect-error `name` is a boolean
new Format({ name: 'yes' })
// @ts-expect-error `case` is 'upper' or 'lower'
new Format({ case: 'title' })
// @ts-expect-error a partner's name is a string
fmt.render({ name: 3 })
// @ts-expect-error seeds are numbers or BigInts
fmt.render(john, { seed: '42' })
// @ts-expect-error unknown render option
fmt.render(john, { sed: 1 })
// @ts-expect-error a Generator needs a Format
new Generator({ name: true })
// @ts-expect-error existing codes are strings
new Generator(fmt, { existing: [1] })
// @ts-expect-error validatePromotionCode takes no `connected`
validatePromotionCode({ coupon_uuid: 'X' }, { connected: [] })
// @ts-expect-error ERROR_CODES is read-only
ERROR_CODES.empty_partner = 'x'

void [bits, bulk, added, known, size, remaining, position, stored, reasons, source, first, template]
