//! `promocode-wasm`: the promocode core for the browser and Node, with the same
//! JavaScript surface as the Node package (SPEC §9). Every rule lives in the
//! core; this crate only converts values ([`convert`]) and errors ([`error`]).
//!
//! A thin JS wrapper (`js/`) adds the constants and, for the browser build,
//! the `init` function; `js/pack.js` moves lists across in bulk ([`pack`]).

mod convert;
mod error;
#[cfg(feature = "bulk")]
mod pack;

use convert::{opt_string, string, string_array, to_js, to_value, type_error};
use error::{batch_error, JsResult, OrThrow};
use js_sys::{Array, Object};
use promocode::{
    parse_count, parse_render_options, CouponOptions, ErrorCode, FormatOptions, GeneratorOptions, KeyStyle, Platform,
    Value,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A payment platform whose rules codes follow (names are matched ignoring case; `_` may replace `-`). */
export type Platform = 'generic' | 'stripe' | 'stripe-legacy' | 'paddle' | 'shopify' | 'woocommerce' | 'partnero' | 'partnero-coupon';
/** A seed: a safe-integer number, or a BigInt up to 2^64 − 1. */
export type Seed = number | bigint;
/** Format settings (SPEC §3). Unknown keys are errors. */
export interface FormatOptions {
  prefix?: string | null;
  name?: boolean | null;
  surname?: boolean | null;
  email?: boolean | null;
  discount?: number | null;
  random?: number | null;
  template?: string | null;
  separator?: string | null;
  platform?: Platform | null;
  case?: 'upper' | 'lower' | null;
  alphabet?: string | null;
  maxLength?: number | null;
  germanUmlauts?: boolean | null;
  checkSymbol?: boolean | null;
}
/** A partner; other keys are ignored, so a whole CRM record can be passed. */
export interface Partner {
  name?: string | null;
  surname?: string | null;
  email?: string | null;
  id?: string | number | bigint | null;
  [key: string]: unknown;
}
export interface RenderOptions { seed?: Seed | null }
export interface GeneratorOptions { existing?: readonly string[] | null; seed?: Seed | null; typoGuard?: 'off' | 'warn' | 'avoid' | null; lookupIndex?: boolean | null }
export interface CouponOptions { connected?: readonly string[] | null; seed?: Seed | null }
export interface PromotionCodeOptions { seed?: Seed | null }
export interface Issue {
  code: 'empty' | 'invalid_character' | 'too_long' | 'surrounding_whitespace' | 'more_issues';
  message: string;
  /** 0-based character index, or null for whole-code issues. */
  position: number | null;
}
export interface Report { valid: boolean; issues: Issue[] }
export interface Attribution { partner: string; source: 'promotion_code' | 'referral_cookie' }
export type RedemptionReason = 'coupon_inactive' | 'coupon_expired' | 'coupon_redemption_limit_reached' | 'promotion_code_inactive' | 'promotion_code_expired' | 'promotion_code_redemption_limit_reached' | 'not_first_order' | 'below_minimum_order' | 'customer_not_allowed' | 'subscriber_not_allowed';
export type ErrorCode = 'unknown_option' | 'invalid_type' | 'invalid_value' | 'unknown_platform' | 'invalid_case' | 'invalid_discount' | 'invalid_alphabet' | 'invalid_character' | 'unknown_placeholder' | 'unbalanced_brace' | 'invalid_placeholder' | 'unused_setting' | 'empty_format' | 'too_long' | 'empty_partner' | 'code_space_exhausted' | 'needs_partner' | 'invalid_seed' | 'input_too_deep' | 'batch_failed' | 'validation_failed' | 'random_unavailable';
/** The API's 422 body. */
export interface ValidationBody { message: string; errors: Record<string, string[]> }
/** Every error thrown is an `Error` with a stable `code` and the details that apply. */
export interface PromocodeError extends Error {
  code: ErrorCode;
  /** The option or field the error is about. */
  field?: string;
  /** 0-based character position in that setting (e.g. in the template). */
  position?: number;
  fields?: string[];
  requested?: number;
  available?: number;
  length?: number;
  max?: number;
  /** For `validation_failed`: the 422 body. */
  body?: ValidationBody;
}
/** Thrown by `generateAll` when a partner failed: the codes of the others are kept. */
export interface BatchError extends PromocodeError {
  code: 'batch_failed';
  /** One entry per partner, null where it failed. */
  codes: (string | null)[];
  /** The error of each failed partner, by index. */
  errors: Record<number, PromocodeError>;
}
"#;

/// A compiled, checked format: `new Format({ prefix: 'PARTNER', name: true, random: 2 })`.
#[wasm_bindgen(js_name = Format)]
pub struct JsFormat {
    inner: promocode::Format,
}

#[wasm_bindgen(js_class = Format)]
impl JsFormat {
    /// Checks the options (camelCase keys) and compiles the format.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "FormatOptions")] options: JsValue) -> JsResult<JsFormat> {
        let options = to_value(&options, "options")?;
        let inner = FormatOptions::from_value(&options, KeyStyle::Camel).and_then(FormatOptions::build).or_throw()?;
        Ok(JsFormat { inner })
    }

    /// How many bits an attacker must guess (log2 of the number of random parts).
    #[wasm_bindgen(getter = entropyBits)]
    pub fn entropy_bits(&self) -> f64 {
        self.inner.entropy_bits()
    }

    /// One code for `partner`, without a registry (for previews).
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partner")] partner: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RenderOptions")] options: JsValue,
    ) -> JsResult<String> {
        let p = convert::partner(&partner)?;
        let seed = parse_render_options(&to_value(&options, "options")?, KeyStyle::Camel).or_throw()?;
        self.inner.render(&p, seed).or_throw()
    }
}

/// Hands out codes unique (ignoring case and accents) against every code that exists.
#[wasm_bindgen(js_name = Generator)]
pub struct JsGenerator {
    inner: promocode::Generator,
}

#[wasm_bindgen(js_class = Generator)]
impl JsGenerator {
    /// `new Generator(format, { existing, seed })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        format: &JsFormat,
        #[wasm_bindgen(unchecked_param_type = "GeneratorOptions")] options: JsValue,
    ) -> JsResult<JsGenerator> {
        let options = GeneratorOptions::from_value(&to_value(&options, "options")?, KeyStyle::Camel).or_throw()?;
        let inner = promocode::Generator::from_options(format.inner.clone(), &options);
        Ok(JsGenerator { inner })
    }

    /// A new unique code for `partner`, registered at once.
    pub fn generate(&self, #[wasm_bindgen(unchecked_param_type = "Partner")] partner: JsValue) -> JsResult<String> {
        let p = convert::partner(&partner)?;
        self.inner.generate(&p).or_throw()
    }

    /// One code per partner, in order; throws a `batch_failed` error (with `.codes`
    /// and `.errors`) when any partner failed.
    #[wasm_bindgen(js_name = generateAll, unchecked_return_type = "string[]")]
    pub fn generate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly Partner[]")] partners: JsValue,
    ) -> JsResult<Array> {
        if !Array::is_array(&partners) {
            return Err(type_error(&partners, "partners", "an array of partners"));
        }
        let list: &Array = partners.unchecked_ref();
        convert::check_length(list, "partners")?;
        #[cfg(feature = "bulk")]
        let ps = pack::partners(list)?;
        #[cfg(not(feature = "bulk"))]
        let ps = (0..list.length()).map(|i| convert::partner(&list.get(i))).collect::<JsResult<Vec<_>>>()?;
        let results = self.inner.generate_all(&ps);
        if results.iter().any(Result::is_err) {
            return Err(batch_error(&results));
        }
        let codes: Vec<String> = results.into_iter().map(Result::unwrap_or_default).collect();
        Ok(string_array(&codes))
    }

    /// `count` unique codes for a format without personal parts (bulk coupons).
    #[wasm_bindgen(js_name = generateCodes, unchecked_return_type = "string[]")]
    pub fn generate_codes(&self, #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue) -> JsResult<Array> {
        let count = parse_count(&to_value(&count, "count")?).or_throw()?;
        let codes = self.inner.generate_codes(count).or_throw()?;
        Ok(string_array(&codes))
    }

    /// Registers codes that already exist; returns how many were new.
    #[wasm_bindgen(js_name = addExisting)]
    pub fn add_existing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly string[]")] codes: JsValue,
    ) -> JsResult<u32> {
        let codes = promocode::string_list("codes", &to_value(&codes, "codes")?).or_throw()?;
        Ok(self.inner.add_existing(&codes) as u32)
    }

    /// True when a code with the same canonical key exists or was issued.
    pub fn contains(&self, code: JsValue) -> JsResult<bool> {
        Ok(self.inner.contains(&string(&code, "code")?))
    }

    /// How many distinct codes are registered (existing and issued).
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        self.inner.len() as f64
    }

    /// How many more bulk codes can be handed out (a number, approximate above
    /// 2^53 − 1, as in the Node package), or null when unbounded.
    #[wasm_bindgen(getter, unchecked_return_type = "number | null")]
    pub fn remaining(&self) -> JsValue {
        self.inner.remaining().map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64))
    }
}

fn platform(v: &JsValue) -> JsResult<Platform> {
    match opt_string(v, "platform")? {
        None => Ok(Platform::Generic),
        Some(name) => Platform::from_name(&name).or_throw(),
    }
}

/// Checks `code` against a platform's rules and lists every problem.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Platform")] platform: JsValue,
) -> JsResult<Object> {
    let report = promocode::validate(&string(&code, "code")?, self::platform(&platform)?);
    let issues: Array = report
        .issues
        .iter()
        .map(|i| {
            let issue = Object::new();
            convert::set(&issue, "code", &i.code.into());
            convert::set(&issue, "message", &i.message.as_str().into());
            convert::set(&issue, "position", &i.position.map_or(JsValue::NULL, |p| (p as f64).into()));
            JsValue::from(issue)
        })
        .collect();
    let out = Object::new();
    convert::set(&out, "valid", &report.valid.into());
    convert::set(&out, "issues", &issues);
    Ok(out)
}

/// The form in which the platform stores `code` (WooCommerce lowercases).
#[wasm_bindgen]
pub fn normalize(
    code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Platform")] platform: JsValue,
) -> JsResult<String> {
    Ok(promocode::normalize(&string(&code, "code")?, self::platform(&platform)?))
}

/// The key two codes collide on (trimmed, NFKC, case-folded, marks stripped).
#[wasm_bindgen(js_name = canonicalKey)]
pub fn canonical_key(code: JsValue) -> JsResult<String> {
    Ok(promocode::canonical_key(&string(&code, "code")?))
}

/// Checks a create-coupon request; throws `validation_failed` with `.body` (the 422 body).
#[wasm_bindgen(js_name = validateCoupon, unchecked_return_type = "Record<string, unknown>")]
pub fn validate_coupon(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CouponOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let request = to_value(&request, "request")?;
    let options = CouponOptions::from_value(&to_value(&options, "options")?, KeyStyle::Camel, true).or_throw()?;
    let connected: Vec<&str> = options.connected.iter().map(String::as_str).collect();
    Ok(to_js(&promocode::validate_coupon(&request, &connected, options.seed).or_throw()?))
}

/// Checks a create-promotion-code request; throws like `validateCoupon`.
#[wasm_bindgen(js_name = validatePromotionCode, unchecked_return_type = "Record<string, unknown>")]
pub fn validate_promotion_code(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PromotionCodeOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let request = to_value(&request, "request")?;
    let options = CouponOptions::from_value(&to_value(&options, "options")?, KeyStyle::Camel, false).or_throw()?;
    Ok(to_js(&promocode::validate_promotion_code(&request, options.seed).or_throw()?))
}

/// Every reason `order` may not redeem the promotion code; `[]` when it may.
#[wasm_bindgen(js_name = checkRedemption, unchecked_return_type = "RedemptionReason[]")]
pub fn check_redemption(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] promotion_code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] coupon: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] order: JsValue,
) -> JsResult<Array> {
    let reasons = promocode::check_redemption(
        &to_value(&promotion_code, "promotion_code")?,
        &to_value(&coupon, "coupon")?,
        &to_value(&order, "order")?,
    )
    .or_throw()?;
    Ok(reasons.iter().map(|r| JsValue::from_str(r)).collect())
}

/// Who gets the sale: the promotion code's partner beats the referral cookie's.
#[wasm_bindgen(unchecked_return_type = "Attribution | null")]
pub fn attribute(
    #[wasm_bindgen(unchecked_param_type = "string | null")] promotion_code_partner: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] referral_cookie_partner: JsValue,
) -> JsResult<JsValue> {
    let code = opt_string(&promotion_code_partner, "promotionCodePartner")?;
    let cookie = opt_string(&referral_cookie_partner, "referralCookiePartner")?;
    Ok(match promocode::attribute(code.as_deref(), cookie.as_deref()) {
        None => JsValue::NULL,
        Some(a) => {
            let out = Object::new();
            convert::set(&out, "partner", &a.partner.into());
            convert::set(&out, "source", &a.source.as_str().into());
            out.into()
        }
    })
}

/// The error for a `Generator` built from something that is not a `Format`
/// (the JS wrapper checks `instanceof` and throws this).
#[wasm_bindgen(js_name = __formatError, skip_typescript)]
pub fn format_error(value: JsValue) -> JsValue {
    convert::type_error(&value, "format", "a Format (`new Format({...})`)")
}

/// The constants, for the JS wrapper: `REDEMPTION_REASONS`, `ERROR_CODES`
/// (code -> message template), `DEFAULT_ALPHABET`, `PLATFORMS`.
#[wasm_bindgen(js_name = __constants, skip_typescript)]
pub fn constants() -> JsValue {
    let errors = ErrorCode::ALL.iter().map(|c| (c.as_str().to_owned(), Value::from(c.template()))).collect();
    let strings = |xs: &[&str]| Value::Array(xs.iter().map(|s| Value::from(*s)).collect());
    to_js(&Value::object([
        ("REDEMPTION_REASONS", strings(promocode::REDEMPTION_REASONS)),
        ("ERROR_CODES", Value::Object(errors)),
        ("DEFAULT_ALPHABET", Value::from(promocode::DEFAULT_ALPHABET)),
        ("PLATFORMS", Value::Array(Platform::ALL.iter().map(|p| Value::from(p.name())).collect())),
    ]))
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
