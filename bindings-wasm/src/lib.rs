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
#[cfg(not(feature = "preview"))]
mod full;
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

/// The preview module has no `Store` class: a store address in the options
/// (`'memory:'`) is opened by the core.
#[cfg(feature = "preview")]
fn store_option(options: &JsValue) -> JsResult<(Option<promocode::Store>, promocode::Value)> {
    Ok((None, to_value(options, "options")?))
}
#[cfg(not(feature = "preview"))]
use full::store_option;
