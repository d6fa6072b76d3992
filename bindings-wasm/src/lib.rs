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

    /// The typo guard in force: `'off'`, `'warn'` or `'avoid'`.
    #[wasm_bindgen(getter, js_name = typoGuard, unchecked_return_type = "'off' | 'warn' | 'avoid'")]
    pub fn typo_guard(&self) -> String {
        self.inner.typo_guard().name().to_owned()
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

/// The error for a method called on something that is not a live instance of its
/// class (`Format.prototype.render.call(generator, …)`, or after `free()`): the
/// JS wrapper checks `this` before every method and throws this.
#[wasm_bindgen(js_name = __receiverError, skip_typescript)]
pub fn receiver_error(value: JsValue, class: &str) -> JsValue {
    let expected = match class {
        "Generator" => "a live Generator",
        "Store" => "a live Store",
        // A class called without `new` (`Format({...})`); the same error as the Node package.
        "new" => "a new instance (call the class with `new`)",
        _ => "a live Format",
    };
    from_host::type_error(&value, "this", expected)
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

/// The error the JS wrapper throws in place of a trap (`trap` is its message):
/// see [`error::install_panic_guard`].
#[wasm_bindgen(js_name = __takePanic, skip_typescript)]
pub fn take_panic(trap: &str) -> JsValue {
    error::take_panic(trap)
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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

// ---- lookup (issue 16) ---------------------------------------------------------

#[wasm_bindgen(js_class = Generator)]
impl JsGenerator {
    /// What `entered` (a code as heard or typed) most likely means.
    #[wasm_bindgen(unchecked_return_type = "Lookup")]
    pub fn lookup(&self, #[wasm_bindgen(unchecked_param_type = "string")] entered: JsValue) -> JsResult<JsValue> {
        Ok(to_js(&api::lookup(&self.inner, &to_value(&entered, "entered")?).or_throw()?))
    }

    /// The issued codes one edit from `entered`, best first (at most `limit`, default 5).
    #[wasm_bindgen(unchecked_return_type = "Suggestion[]")]
    pub fn suggest(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] entered: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | null")] limit: JsValue,
    ) -> JsResult<JsValue> {
        Ok(to_js(&api::suggest(&self.inner, &to_value(&entered, "entered")?, &to_value(&limit, "limit")?).or_throw()?))
    }
}

// ---- explain (issue 21) --------------------------------------------------------

#[wasm_bindgen(js_class = Format)]
impl JsFormat {
    /// One render explained: `{code, warnings: [{code, field, message}], transliteration_version}`.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Partner")] partner: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RenderOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let partner = from_host::partner(&partner)?;
        Ok(to_js(&api::explain(&self.inner, &partner, &to_value(&options, "options")?, Camel).or_throw()?))
    }
}

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
