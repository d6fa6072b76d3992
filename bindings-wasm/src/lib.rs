//! `promocode-wasm`: the promocode core for the browser and Node, with the same
//! JavaScript surface as the Node package (SPEC §9). A shell over
//! `promocode::api`: each call converts its arguments ([`from_host`]), calls
//! the api and converts the answer back ([`to_host`]); errors and the panic
//! guard are in [`error`].
//!
//! A thin JS wrapper (`js/`) adds the constants and, for the browser build,
//! the `init` function; `js/pack.js` moves lists across in bulk.

mod error;
mod from_host;
mod to_host;

use error::{batch_error, JsResult, OrThrow};
use from_host::{string, to_value};
use js_sys::Array;
use promocode::api::{self, KeyStyle::Camel};
use to_host::{string_array, to_js};
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
  locale?: string | null;
}
/** A partner; other keys are ignored, so a whole CRM record can be passed. */
export interface Partner {
  name?: string | null;
  surname?: string | null;
  email?: string | null;
  id?: string | number | bigint | null;
  locale?: string | null;
  name_reading?: string | null;
  surname_reading?: string | null;
  [key: string]: unknown;
}
export interface RenderOptions { seed?: Seed | null }
export interface GeneratorOptions {
  existing?: readonly string[] | null;
  seed?: Seed | null;
  /** A program store (only `memory:` in this build): codes are claimed in it. */
  store?: Store | string | null;
  /** The coupon codes are issued for, with a store (default `'default'`). */
  coupon?: string | null;
}
export interface StoreOptions { program?: string | null }
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
export type ErrorCode = 'unknown_option' | 'invalid_type' | 'invalid_value' | 'unknown_platform' | 'invalid_case' | 'invalid_discount' | 'invalid_alphabet' | 'invalid_character' | 'unknown_placeholder' | 'unbalanced_brace' | 'invalid_placeholder' | 'unused_setting' | 'empty_format' | 'too_long' | 'empty_partner' | 'code_space_exhausted' | 'needs_partner' | 'invalid_seed' | 'input_too_deep' | 'batch_failed' | 'validation_failed' | 'random_unavailable' | 'internal_error' | 'invalid_store' | 'store_unavailable' | 'not_a_store' | 'store_corrupt' | 'store_key_version' | 'store_read_only' | 'unknown_locale' | 'reading_required';
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

/// Installs the panic guard when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    error::install_panic_guard();
}

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
        Ok(JsFormat { inner: api::format(&to_value(&options, "options")?, Camel).or_throw()? })
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
        let partner = from_host::partner(&partner)?;
        api::render(&self.inner, &partner, &to_value(&options, "options")?, Camel).or_throw()
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
        let (store, options) = store_option(&options)?;
        Ok(JsGenerator { inner: api::generator_in(&format.inner, &options, store.as_ref(), Camel).or_throw()? })
    }

    /// A new unique code for `partner`, registered at once.
    pub fn generate(&self, #[wasm_bindgen(unchecked_param_type = "Partner")] partner: JsValue) -> JsResult<String> {
        self.inner.generate(&from_host::partner(&partner)?).or_throw()
    }

    /// One code per partner, in order; throws a `batch_failed` error (with `.codes`
    /// and `.errors`) when any partner failed.
    #[wasm_bindgen(js_name = generateAll, unchecked_return_type = "string[]")]
    pub fn generate_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly Partner[]")] partners: JsValue,
    ) -> JsResult<Array> {
        match api::generate_all(&self.inner, &from_host::partners(&partners)?) {
            Ok(codes) => Ok(string_array(&codes)),
            Err(failure) => Err(batch_error(&failure)),
        }
    }

    /// `count` unique codes for a format without personal parts (bulk coupons).
    #[wasm_bindgen(js_name = generateCodes, unchecked_return_type = "string[]")]
    pub fn generate_codes(&self, #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue) -> JsResult<Array> {
        let codes = api::generate_codes(&self.inner, &to_value(&count, "count")?).or_throw()?;
        Ok(string_array(&codes.iter().collect::<Vec<_>>()))
    }

    /// Registers codes that already exist; returns how many were new.
    #[wasm_bindgen(js_name = addExisting)]
    pub fn add_existing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly string[]")] codes: JsValue,
    ) -> JsResult<u32> {
        Ok(api::add_existing(&self.inner, &to_value(&codes, "codes")?).or_throw()? as u32)
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

/// Checks `code` against a platform's rules and lists every problem.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn validate(
    code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Platform")] platform: JsValue,
) -> JsResult<JsValue> {
    Ok(to_js(&api::validate(&string(&code, "code")?, &to_value(&platform, "platform")?).or_throw()?))
}

/// The form in which the platform stores `code` (WooCommerce lowercases).
#[wasm_bindgen]
pub fn normalize(
    code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Platform")] platform: JsValue,
) -> JsResult<String> {
    api::normalize(&string(&code, "code")?, &to_value(&platform, "platform")?).or_throw()
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
    Ok(to_js(&api::validate_coupon(&request, &to_value(&options, "options")?, Camel).or_throw()?))
}

/// Checks a create-promotion-code request; throws like `validateCoupon`.
#[wasm_bindgen(js_name = validatePromotionCode, unchecked_return_type = "Record<string, unknown>")]
pub fn validate_promotion_code(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PromotionCodeOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let request = to_value(&request, "request")?;
    Ok(to_js(&api::validate_promotion_code(&request, &to_value(&options, "options")?, Camel).or_throw()?))
}

/// Every reason `order` may not redeem the promotion code; `[]` when it may.
#[wasm_bindgen(js_name = checkRedemption, unchecked_return_type = "RedemptionReason[]")]
pub fn check_redemption(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] promotion_code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] coupon: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] order: JsValue,
) -> JsResult<Array> {
    let promotion_code = to_value(&promotion_code, &api::arg("promotion_code", Camel))?;
    let reasons = api::check_redemption(&promotion_code, &to_value(&coupon, "coupon")?, &to_value(&order, "order")?)
        .or_throw()?;
    Ok(string_array(&reasons))
}

/// Who gets the sale: the promotion code's partner beats the referral cookie's.
#[wasm_bindgen(unchecked_return_type = "Attribution | null")]
pub fn attribute(
    #[wasm_bindgen(unchecked_param_type = "string | null")] promotion_code_partner: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null")] referral_cookie_partner: JsValue,
) -> JsResult<JsValue> {
    let by_code = to_value(&promotion_code_partner, &api::arg("promotion_code_partner", Camel))?;
    let by_cookie = to_value(&referral_cookie_partner, &api::arg("referral_cookie_partner", Camel))?;
    Ok(to_js(&api::attribute(&by_code, &by_cookie, Camel).or_throw()?))
}

/// The error for a `Generator` built from something that is not a `Format`
/// (the JS wrapper checks `instanceof` and throws this).
#[wasm_bindgen(js_name = __formatError, skip_typescript)]
pub fn format_error(value: JsValue) -> JsValue {
    from_host::type_error(&value, "format", "a Format (`new Format({...})`)")
}

/// The constants of `api::constants` (`REDEMPTION_REASONS`, `ERROR_CODES`,
/// `DEFAULT_ALPHABET`, `PLATFORMS`, ...), for the JS wrapper to export.
#[wasm_bindgen(js_name = __constants, skip_typescript)]
pub fn constants() -> JsValue {
    to_js(&api::constants())
}

/// Panics, for the tests of the panic guard: throws a coded `internal_error`.
#[wasm_bindgen(js_name = __panicForTests, skip_typescript)]
pub fn panic_for_tests() -> JsResult<JsValue> {
    panic!("a panic for the tests of the panic guard")
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A program store; this build has the `memory:` backend only (`sqlite:` and
/// `postgresql:` throw `invalid_store`).
#[wasm_bindgen(js_name = Store)]
pub struct JsStore {
    inner: promocode::Store,
}

thread_local! {
    /// The store a `Store` object lends to the `Generator` being built.
    static LENT: std::cell::RefCell<Option<promocode::Store>> = const { std::cell::RefCell::new(None) };
}

#[wasm_bindgen(js_class = Store)]
impl JsStore {
    /// `new Store('memory:', { program })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        uri: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StoreOptions")] options: JsValue,
    ) -> JsResult<JsStore> {
        Ok(JsStore { inner: api::store(&to_value(&uri, "uri")?, &to_value(&options, "options")?, Camel).or_throw()? })
    }

    /// The code `partnerId` holds in `coupon` (default `'default'`), or null.
    #[wasm_bindgen(js_name = codeOf)]
    pub fn code_of(
        &self,
        #[wasm_bindgen(js_name = partnerId)] partner_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null")] coupon: JsValue,
    ) -> JsResult<Option<String>> {
        let partner_id = to_value(&partner_id, &api::arg("partner_id", Camel))?;
        api::store_code_of(&self.inner, &partner_id, &to_value(&coupon, "coupon")?, Camel).or_throw()
    }

    /// True when a code with the same canonical key is held in the program.
    pub fn contains(&self, code: JsValue) -> JsResult<bool> {
        api::store_contains(&self.inner, &to_value(&code, "code")?).or_throw()
    }

    /// Registers codes made elsewhere; returns how many were new.
    #[wasm_bindgen(js_name = addExisting)]
    pub fn add_existing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly string[]")] codes: JsValue,
    ) -> JsResult<f64> {
        Ok(api::store_add_existing(&self.inner, &to_value(&codes, "codes")?).or_throw()? as f64)
    }

    /// Frees codes for reuse; returns how many were held.
    pub fn release(&self, #[wasm_bindgen(unchecked_param_type = "readonly string[]")] codes: JsValue) -> JsResult<f64> {
        Ok(api::store_release(&self.inner, &to_value(&codes, "codes")?).or_throw()? as f64)
    }

    /// How many codes the program holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> JsResult<f64> {
        Ok(api::store_len(&self.inner).or_throw()? as f64)
    }

    /// The program this store works in.
    #[wasm_bindgen(getter)]
    pub fn program(&self) -> String {
        self.inner.program().to_owned()
    }

    /// Lends this store to the `Generator` being built (internal).
    #[wasm_bindgen(js_name = __lend, skip_typescript)]
    pub fn lend(&self) {
        LENT.with(|l| *l.borrow_mut() = Some(self.inner.clone()));
    }
}

/// Generator options with `store` as a `Store` object taken out (it lends its
/// store through `__lend`); a store address stays in the options.
fn store_option(options: &JsValue) -> JsResult<(Option<promocode::Store>, promocode::Value)> {
    let mut value = to_value(options, "options")?;
    let store = if options.is_object() { js_sys::Reflect::get(options, &"store".into())? } else { JsValue::UNDEFINED };
    if !store.is_object() {
        return Ok((None, value));
    }
    let lend = js_sys::Reflect::get(&store, &"__lend".into())?;
    let Some(lend) = lend.dyn_ref::<js_sys::Function>() else { return Ok((None, value)) };
    LENT.with(|l| l.borrow_mut().take());
    lend.call0(&store)?;
    let lent = LENT.with(|l| l.borrow_mut().take());
    if let (Some(_), promocode::Value::Object(entries)) = (&lent, &mut value) {
        entries.retain(|(k, _)| k != "store");
    }
    Ok((lent, value))
}
