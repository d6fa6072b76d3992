//! The exports of the full module that the preview module (cargo feature
//! `preview`, SPEC §10's ≤ 200 KB budget) leaves out: coupon and promotion-code
//! checks, provider requests, stores and manual codes. `lib.rs` holds the rest,
//! which both modules export.

use crate::error::{JsResult, OrThrow};
use crate::from_host::{self, to_value};
use crate::to_host::{string_array, to_js};
use crate::JsGenerator;
use js_sys::Array;
use promocode::api::{self, KeyStyle::Camel};
use wasm_bindgen::prelude::*;

// ---- coupons and promotion codes --------------------------------------------------

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

// ---- provider requests (issue 15) ----------------------------------------------

/// The requests that create `coupon` and its `promotionCodes` on `provider`:
/// `{requests: [{method, path, headers, body}], unmapped: [{field, reason}]}`.
#[wasm_bindgen(js_name = providerRequests, unchecked_return_type = "ProviderRequests")]
pub fn provider_requests(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] coupon: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>[]")] promotion_codes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Provider")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ProviderOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let coupon = to_value(&coupon, "coupon")?;
    let codes = to_value(&promotion_codes, &api::arg("promotion_codes", Camel))?;
    let provider = to_value(&provider, "provider")?;
    Ok(to_js(&api::provider_requests(&coupon, &codes, &provider, &to_value(&options, "options")?, Camel).or_throw()?))
}

/// The codes in a provider's list response, to feed `generator.addExisting`.
#[wasm_bindgen(js_name = existingCodes)]
pub fn existing_codes(
    #[wasm_bindgen(unchecked_param_type = "Provider")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] response: JsValue,
) -> JsResult<Array> {
    let provider = to_value(&provider, "provider")?;
    Ok(string_array(&api::existing_codes(&provider, &to_value(&response, "response")?).or_throw()?))
}

// ---- stores ---------------------------------------------------------------------

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
    #[wasm_bindgen(js_name = codeOf, unchecked_return_type = "string | null")]
    pub fn code_of(
        &self,
        #[wasm_bindgen(js_name = partnerId)] partner_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null")] coupon: JsValue,
    ) -> JsResult<JsValue> {
        let partner_id = to_value(&partner_id, &api::arg("partner_id", Camel))?;
        let code = api::store_code_of(&self.inner, &partner_id, &to_value(&coupon, "coupon")?, Camel).or_throw()?;
        Ok(code.map_or(JsValue::NULL, |c| JsValue::from_str(&c)))
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
pub(crate) fn store_option(options: &JsValue) -> JsResult<(Option<promocode::Store>, promocode::Value)> {
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

// ---- manual codes (issue 18) ---------------------------------------------------

#[wasm_bindgen(js_class = Generator)]
impl JsGenerator {
    /// Gives `partner` (with an `id`) the hand-picked `code`: `{code, reused,
    /// replaced, warnings: [{code, message}]}`; `{replace: true}` swaps the
    /// partner's code in one step.
    #[wasm_bindgen(unchecked_return_type = "Assigned")]
    pub fn assign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partner")] partner: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AssignOptions | null")] options: JsValue,
    ) -> JsResult<JsValue> {
        let partner = from_host::partner(&partner)?;
        let code = to_value(&code, "code")?;
        Ok(to_js(&api::assign(&self.inner, &partner, &code, &to_value(&options, "options")?, Camel).or_throw()?))
    }
}

// ---- lookup on a store (issue 16) ------------------------------------------------

#[wasm_bindgen(js_class = Store)]
impl JsStore {
    /// What `entered` most likely means among the program's codes:
    /// `{kind, code, rule, suggestions}`.
    #[wasm_bindgen(unchecked_return_type = "Lookup")]
    pub fn lookup(&self, #[wasm_bindgen(unchecked_param_type = "string")] entered: JsValue) -> JsResult<JsValue> {
        Ok(to_js(&api::store_lookup(&self.inner, &to_value(&entered, "entered")?).or_throw()?))
    }

    /// The program's codes closest to `entered`, best first (at most `limit`, default 5).
    #[wasm_bindgen(unchecked_return_type = "Suggestion[]")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] entered: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | null")] limit: JsValue,
    ) -> JsResult<JsValue> {
        Ok(to_js(
            &api::store_suggest(&self.inner, &to_value(&entered, "entered")?, &to_value(&limit, "limit")?)
                .or_throw()?,
        ))
    }
}
