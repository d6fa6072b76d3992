//! Node binding of `promocode`: a shell over `promocode::api`. Each call converts
//! its arguments ([`from_host`]), calls the api inside the panic guard
//! ([`error::run`]) and converts the answer back ([`to_host`]); option names,
//! defaults, types, ranges and answer shapes live in the core.
#![deny(clippy::all)]

mod bulk;
mod error;
mod from_host;
mod to_host;

use error::{run, Fail};
use from_host::{string, value, PartnerReader};
use napi::bindgen_prelude::{ClassInstance, FromNapiValue, JavaScriptClassExt, Object, This};
use napi::{Env, JsValue, Unknown};
use napi_derive::napi;
use promocode::api::{self, KeyStyle::Camel};
use to_host::{code_array, string_array, to_js, Js};

/// Exports the core's constants (`api::constants`: `REDEMPTION_REASONS`,
/// `ERROR_CODES`, `DEFAULT_ALPHABET`, `PLATFORMS`, ...), frozen. Their types are
/// in `types-header.d.ts`.
#[napi(module_exports)]
pub fn init(exports: Object, env: Env) -> napi::Result<()> {
    to_host::export_constants(env.raw(), exports.raw())
}

/// A class called without `new` (`Format({...})`) would wrap its `this` (the
/// module's exports object): a typed `invalid_type` error instead, as in the
/// WASM package.
fn constructed<C: JavaScriptClassExt>(env: &Env, this: &This<Unknown>) -> error::Res<()> {
    if C::instance_of(env, &this.object)? {
        return Ok(());
    }
    let got = match this.object.get_type()? {
        napi::ValueType::Undefined | napi::ValueType::Null => "null",
        _ => "object",
    };
    Err(Fail::Core(promocode::Error::InvalidType { field: "this".into(), expected: NEW_INSTANCE, got }))
}

/// What a constructor's `this` must be.
const NEW_INSTANCE: &str = "a new instance (call the class with `new`)";

/// A compiled, checked code format (SPEC §3). Options are camelCase; unknown
/// keys are errors.
#[napi]
pub struct Format {
    inner: promocode::Format,
}

#[napi]
impl Format {
    /// Checks the options and compiles the format; throws an `Error` with `.code`
    /// (`unknown_option`, `invalid_character` with `.position`, ...).
    #[napi(constructor, ts_args_type = "options?: FormatOptions | null")]
    pub fn new(env: Env, this: This<Unknown>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            constructed::<Format>(&env, &this)?;
            Ok(Format { inner: api::format(&value(&env, options, "options")?, Camel)? })
        })
    }

    /// Bits of randomness per code: log2 of the number of distinct random parts.
    #[napi(getter)]
    pub fn entropy_bits(&self) -> f64 {
        self.inner.entropy_bits()
    }

    /// One code for `partner`, without a registry (for previews). With a `seed`
    /// (a safe integer or a BigInt) the random part is reproducible.
    #[napi(ts_args_type = "partner: Partner, options?: RenderOptions | null")]
    pub fn render(&self, env: Env, partner: Option<Unknown<'_>>, options: Option<Unknown<'_>>) -> napi::Result<String> {
        run(&env, || {
            let partner = PartnerReader::new(&env)?.partner(&env, partner)?;
            Ok(api::render(&self.inner, &partner, &value(&env, options, "options")?, Camel)?)
        })
    }
}

/// Hands out codes of one format that are unique, ignoring case and accents,
/// against every existing code and everything it issued.
#[napi]
pub struct Generator {
    inner: promocode::Generator,
}

#[napi]
impl Generator {
    /// `existing`: codes that already exist (all coupons of the program);
    /// `seed`: a safe integer or a BigInt for reproducible codes.
    #[napi(constructor, ts_args_type = "format: Format, options?: GeneratorOptions | null")]
    pub fn new(env: Env, this: This<Unknown>, format: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            constructed::<Generator>(&env, &this)?;
            // SAFETY: `format` is a live argument of this call; the unwrap checks
            // (type tag and class identity) that it is a `Format` and fails otherwise.
            let format = match unsafe { ClassInstance::<Format>::from_napi_value(env.raw(), format.raw()) } {
                Ok(f) => f,
                Err(_) => {
                    let got = value(&env, Some(format), "format").map(|v| v.type_name()).unwrap_or("object");
                    return Err(Fail::Core(promocode::Error::InvalidType {
                        field: "format".into(),
                        expected: "a Format (`new Format({...})`)",
                        got,
                    }));
                }
            };
            let (store, options) = store_option(&env, options)?;
            Ok(Generator { inner: api::generator_in(&format.inner, &options, store.as_ref(), Camel)? })
        })
    }

    /// A new unique code for `partner`, registered at once.
    #[napi(ts_args_type = "partner: Partner")]
    pub fn generate(&self, env: Env, partner: Option<Unknown<'_>>) -> napi::Result<String> {
        run(&env, || Ok(self.inner.generate(&PartnerReader::new(&env)?.partner(&env, partner)?)?))
    }

    /// One code per partner, in input order. Throws `batch_failed` when any
    /// partner failed, with `.codes` (aligned, `null` where it failed; the other
    /// codes are issued and registered) and `.errors` (`{index: Error}`). A
    /// partner that is not an object fails the whole call before any work.
    #[napi(ts_args_type = "partners: readonly Partner[]", ts_return_type = "string[]")]
    pub fn generate_all(&self, env: Env, partners: Option<Unknown<'_>>) -> napi::Result<Js> {
        let answer =
            run(&env, || Ok(api::generate_all(&self.inner, &PartnerReader::new(&env)?.partners(&env, partners)?)))?;
        match answer {
            Ok(codes) => Ok(Js(code_array(env.raw(), codes.iter().map(|c| Some(c.as_str())))?)),
            Err(failure) => Err(error::throw(env.raw(), error::batch_error(env.raw(), &failure))),
        }
    }

    /// `count` new unique codes for a format without personal parts (bulk
    /// coupons); `code_space_exhausted` up front when they can't all be made.
    #[napi(ts_args_type = "count: number", ts_return_type = "string[]")]
    pub fn generate_codes(&self, env: Env, count: Option<Unknown<'_>>) -> napi::Result<Js> {
        let codes = run(&env, || Ok(api::generate_codes(&self.inner, &value(&env, count, "count")?)?))?;
        Ok(Js(code_array(env.raw(), (0..codes.len()).map(|i| codes.get(i)))?))
    }

    /// Registers codes that already exist; returns how many were new.
    #[napi(ts_args_type = "codes: readonly string[]")]
    pub fn add_existing(&self, env: Env, codes: Option<Unknown<'_>>) -> napi::Result<u32> {
        run(&env, || Ok(api::add_existing(&self.inner, &value(&env, codes, "codes")?)? as u32))
    }

    /// True when a code with the same canonical key exists or was issued.
    #[napi(ts_args_type = "code: string")]
    pub fn contains(&self, env: Env, code: Option<Unknown<'_>>) -> napi::Result<bool> {
        run(&env, || Ok(self.inner.contains(&string(&env, code, "code")?)))
    }

    /// How many distinct codes are registered (existing and issued).
    #[napi(getter)]
    pub fn size(&self, env: Env) -> napi::Result<f64> {
        run(&env, || Ok(self.inner.len() as f64))
    }

    /// How many more codes `generateCodes` can hand out; `null` when unbounded
    /// or per partner. Above 2^53 the number is approximate.
    #[napi(getter)]
    pub fn remaining(&self, env: Env) -> napi::Result<Option<f64>> {
        run(&env, || Ok(self.inner.remaining().map(|n| n as f64)))
    }

    /// The typo guard in force: `'off'`, `'warn'` or `'avoid'`.
    #[napi(getter, ts_return_type = "'off' | 'warn' | 'avoid'")]
    pub fn typo_guard(&self) -> &'static str {
        self.inner.typo_guard().name()
    }
}

/// Checks `code` against a platform's rules (default `generic`) and lists every
/// problem: `{ valid, issues: [{ code, message, position }] }`. Throws only for
/// misuse (an unknown platform, a code that is not a string).
#[napi(ts_args_type = "code: string, platform?: Platform | null", ts_return_type = "Report")]
pub fn validate(env: Env, code: Option<Unknown<'_>>, platform: Option<Unknown<'_>>) -> napi::Result<Js> {
    let report = run(&env, || Ok(api::validate(&string(&env, code, "code")?, &value(&env, platform, "platform")?)?))?;
    Ok(Js(to_js(env.raw(), &report)?))
}

/// The form in which the platform stores `code` (WooCommerce lowercases).
#[napi(ts_args_type = "code: string, platform?: Platform | null")]
pub fn normalize(env: Env, code: Option<Unknown<'_>>, platform: Option<Unknown<'_>>) -> napi::Result<String> {
    run(&env, || Ok(api::normalize(&string(&env, code, "code")?, &value(&env, platform, "platform")?)?))
}

/// The key two codes collide on: `john20`, `JOHN20`, `ＪＯＨＮ２０` and `jöhn20` agree.
#[napi(ts_args_type = "code: string")]
pub fn canonical_key(env: Env, code: Option<Unknown<'_>>) -> napi::Result<String> {
    run(&env, || Ok(promocode::canonical_key(&string(&env, code, "code")?)))
}

/// Checks a Partnero create-coupon request (snake_case keys, as the API takes
/// them) and returns the normalised coupon; throws `validation_failed` with
/// `.body` (the API's 422 body) when a rule is broken.
#[napi(ts_args_type = "request: CouponRequest, options?: CouponOptions | null", ts_return_type = "Coupon")]
pub fn validate_coupon(env: Env, request: Option<Unknown<'_>>, options: Option<Unknown<'_>>) -> napi::Result<Js> {
    let coupon = run(&env, || {
        Ok(api::validate_coupon(&value(&env, request, "request")?, &value(&env, options, "options")?, Camel)?)
    })?;
    Ok(Js(to_js(env.raw(), &coupon)?))
}

/// Checks a Partnero create-promotion-code request and returns the normalised
/// promotion code; throws `validation_failed` with `.body` like `validateCoupon`.
#[napi(
    ts_args_type = "request: PromotionCodeRequest, options?: PromotionCodeOptions | null",
    ts_return_type = "PromotionCode"
)]
pub fn validate_promotion_code(
    env: Env,
    request: Option<Unknown<'_>>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Js> {
    let code = run(&env, || {
        Ok(api::validate_promotion_code(&value(&env, request, "request")?, &value(&env, options, "options")?, Camel)?)
    })?;
    Ok(Js(to_js(env.raw(), &code)?))
}

/// Every reason `order` may not redeem `promotionCode` of `coupon`, in
/// `REDEMPTION_REASONS` order; `[]` when it may.
#[napi(
    ts_args_type = "promotionCode: PromotionCodeRequest | PromotionCode, coupon: CouponRequest | Coupon, order: Order",
    ts_return_type = "RedemptionReason[]"
)]
pub fn check_redemption(
    env: Env,
    promotion_code: Option<Unknown<'_>>,
    coupon: Option<Unknown<'_>>,
    order: Option<Unknown<'_>>,
) -> napi::Result<Js> {
    let reasons = run(&env, || {
        let promotion_code = value(&env, promotion_code, &api::arg("promotion_code", Camel))?;
        Ok(api::check_redemption(&promotion_code, &value(&env, coupon, "coupon")?, &value(&env, order, "order")?)?)
    })?;
    Ok(Js(string_array(env.raw(), &reasons)?))
}

/// Who gets the sale: the promotion code's partner beats the referral cookie's;
/// `null` when there is neither (an empty or blank id counts as none).
#[napi(
    ts_args_type = "promotionCodePartner: string | null | undefined, referralCookiePartner?: string | null",
    ts_return_type = "Attribution | null"
)]
pub fn attribute(
    env: Env,
    promotion_code_partner: Option<Unknown<'_>>,
    referral_cookie_partner: Option<Unknown<'_>>,
) -> napi::Result<Js> {
    let answer = run(&env, || {
        let by_code = value(&env, promotion_code_partner, &api::arg("promotion_code_partner", Camel))?;
        let by_cookie = value(&env, referral_cookie_partner, &api::arg("referral_cookie_partner", Camel))?;
        Ok(api::attribute(&by_code, &by_cookie, Camel)?)
    })?;
    Ok(Js(to_js(env.raw(), &answer)?))
}

/// Panics, for the tests of the panic guard: throws a coded `internal_error`.
#[napi(js_name = "__panicForTests", skip_typescript)]
pub fn panic_for_tests(env: Env) -> napi::Result<()> {
    run(&env, || -> error::Res<()> { panic!("a panic for the tests of the panic guard") })
}

// ---- provider requests (issue 15) ----------------------------------------------

/// The requests that create `coupon` (as `validateCoupon` returns it) and its
/// `promotionCodes` on `provider`: `{requests: [{method, path, headers, body}],
/// unmapped: [{field, reason}]}`. Options: `currency`, `amountUnit`,
/// `apiVersion`, `startsAt`.
#[napi(
    ts_args_type = "coupon: Coupon | CouponRequest, promotionCodes: Array<PromotionCode | PromotionCodeRequest>, provider: Provider, options?: ProviderOptions | null",
    ts_return_type = "ProviderRequests"
)]
pub fn provider_requests(
    env: Env,
    coupon: Option<Unknown<'_>>,
    promotion_codes: Option<Unknown<'_>>,
    provider: Option<Unknown<'_>>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Js> {
    let answer = run(&env, || {
        let coupon = value(&env, coupon, "coupon")?;
        let codes = value(&env, promotion_codes, &api::arg("promotion_codes", Camel))?;
        let provider = value(&env, provider, "provider")?;
        Ok(api::provider_requests(&coupon, &codes, &provider, &value(&env, options, "options")?, Camel)?)
    })?;
    Ok(Js(to_js(env.raw(), &answer)?))
}

/// The codes in a provider's list response (as its API returns it), to feed
/// `generator.addExisting`.
#[napi(ts_args_type = "provider: Provider, response: unknown", ts_return_type = "string[]")]
pub fn existing_codes(env: Env, provider: Option<Unknown<'_>>, response: Option<Unknown<'_>>) -> napi::Result<Js> {
    let codes = run(&env, || {
        let provider = value(&env, provider, "provider")?;
        Ok(api::existing_codes(&provider, &value(&env, response, "response")?)?)
    })?;
    Ok(Js(string_array(env.raw(), &codes)?))
}

// ---- lookup (issue 16) ---------------------------------------------------------

#[napi]
impl Generator {
    /// What `entered` (a code as heard or typed) most likely means:
    /// `{kind, code, rule, suggestions}`. A suggestion is never applied for you.
    #[napi(ts_args_type = "entered: string", ts_return_type = "Lookup")]
    pub fn lookup(&self, env: Env, entered: Option<Unknown<'_>>) -> napi::Result<Js> {
        let answer = run(&env, || Ok(api::lookup(&self.inner, &value(&env, entered, "entered")?)?))?;
        Ok(Js(to_js(env.raw(), &answer)?))
    }

    /// The issued codes one edit from `entered`, best first (at most `limit`, default 5).
    #[napi(ts_args_type = "entered: string, limit?: number | null", ts_return_type = "Suggestion[]")]
    pub fn suggest(&self, env: Env, entered: Option<Unknown<'_>>, limit: Option<Unknown<'_>>) -> napi::Result<Js> {
        let answer = run(&env, || {
            Ok(api::suggest(&self.inner, &value(&env, entered, "entered")?, &value(&env, limit, "limit")?)?)
        })?;
        Ok(Js(to_js(env.raw(), &answer)?))
    }
}

// ---- explain (issue 21) --------------------------------------------------------

#[napi]
impl Format {
    /// One render explained: `{code, warnings: [{code, field, message}],
    /// transliteration_version}`; a warning says where the code is unlikely to be
    /// recognisable (an abjad name without vowels, kanji without a reading, ...).
    #[napi(ts_args_type = "partner: Partner, options?: RenderOptions | null", ts_return_type = "Explanation")]
    pub fn explain(&self, env: Env, partner: Option<Unknown<'_>>, options: Option<Unknown<'_>>) -> napi::Result<Js> {
        let answer = run(&env, || {
            let partner = PartnerReader::new(&env)?.partner(&env, partner)?;
            Ok(api::explain(&self.inner, &partner, &value(&env, options, "options")?, Camel)?)
        })?;
        Ok(Js(to_js(env.raw(), &answer)?))
    }
}

/// A program store: every code of a program and who holds it, across runs,
/// processes and machines (`memory:`, `sqlite:PATH`, `postgresql://...`). Each
/// call does its store I/O synchronously: it blocks the event loop for its own
/// round trip only (see the README).
#[napi]
pub struct Store {
    inner: promocode::Store,
}

#[napi]
impl Store {
    /// Opens (and creates on first use) the store at `uri`; `program` defaults
    /// to `"default"`. Throws `invalid_store`, `store_unavailable`, `not_a_store`, ...
    #[napi(constructor, ts_args_type = "uri: string, options?: StoreOptions | null")]
    pub fn new(
        env: Env,
        this: This<Unknown>,
        uri: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        run(&env, || {
            constructed::<Store>(&env, &this)?;
            let inner = api::store(&value(&env, uri, "uri")?, &value(&env, options, "options")?, Camel)?;
            Ok(Store { inner })
        })
    }

    /// The code `partnerId` holds in `coupon` (default `"default"`), or `null`.
    #[napi(ts_args_type = "partnerId: string, coupon?: string | null")]
    pub fn code_of(
        &self,
        env: Env,
        partner_id: Option<Unknown<'_>>,
        coupon: Option<Unknown<'_>>,
    ) -> napi::Result<Option<String>> {
        run(&env, || {
            let partner_id = value(&env, partner_id, &api::arg("partner_id", Camel))?;
            Ok(api::store_code_of(&self.inner, &partner_id, &value(&env, coupon, "coupon")?, Camel)?)
        })
    }

    /// True when a code with the same canonical key is held in the program.
    #[napi(ts_args_type = "code: string")]
    pub fn contains(&self, env: Env, code: Option<Unknown<'_>>) -> napi::Result<bool> {
        run(&env, || Ok(api::store_contains(&self.inner, &value(&env, code, "code")?)?))
    }

    /// Registers codes made elsewhere; returns how many were new to the program.
    #[napi(ts_args_type = "codes: readonly string[]")]
    pub fn add_existing(&self, env: Env, codes: Option<Unknown<'_>>) -> napi::Result<f64> {
        run(&env, || Ok(api::store_add_existing(&self.inner, &value(&env, codes, "codes")?)? as f64))
    }

    /// Frees codes for reuse; returns how many were held.
    #[napi(ts_args_type = "codes: readonly string[]")]
    pub fn release(&self, env: Env, codes: Option<Unknown<'_>>) -> napi::Result<f64> {
        run(&env, || Ok(api::store_release(&self.inner, &value(&env, codes, "codes")?)? as f64))
    }

    /// How many codes the program holds.
    #[napi(getter)]
    pub fn size(&self, env: Env) -> napi::Result<f64> {
        run(&env, || Ok(api::store_len(&self.inner)? as f64))
    }

    /// The program this store works in.
    #[napi(getter)]
    pub fn program(&self) -> String {
        self.inner.program().to_owned()
    }
}

/// Generator options with `store` as a `Store` object taken out (the api gets
/// it beside the options); a store address stays in the options.
fn store_option(env: &Env, options: Option<Unknown<'_>>) -> error::Res<(Option<promocode::Store>, promocode::Value)> {
    let raw = options.as_ref().map(|u| u.raw());
    let mut opts = value(env, options, "options")?;
    let (Some(raw), promocode::Value::Object(entries)) = (raw, &mut opts) else { return Ok((None, opts)) };
    let mut prop = std::ptr::null_mut();
    // SAFETY: `raw` is a live object argument of this call (it converted to an object).
    let status = unsafe { napi::sys::napi_get_named_property(env.raw(), raw, c"store".as_ptr(), &mut prop) };
    if status != napi::sys::Status::napi_ok || prop.is_null() {
        return Ok((None, opts));
    }
    // SAFETY: `prop` is a live value; the unwrap checks its type tag and class.
    match unsafe { ClassInstance::<Store>::from_napi_value(env.raw(), prop) } {
        Ok(store) => {
            let store = store.inner.clone();
            entries.retain(|(k, _)| k != "store");
            Ok((Some(store), opts))
        }
        Err(_) => Ok((None, opts)),
    }
}

// ---- manual codes (issue 18) ---------------------------------------------------

#[napi]
impl Generator {
    /// Gives `partner` (with an `id`) the hand-picked `code`: `{code, reused,
    /// replaced, warnings: [{code, message}]}`. Throws `invalid_code` (every
    /// issue in `.issues`), `code_taken`, `partner_has_code` (`{replace: true}`
    /// swaps the codes in one step) or `partner_id_required`.
    #[napi(
        ts_args_type = "partner: Partner, code: string, options?: AssignOptions | null",
        ts_return_type = "Assigned"
    )]
    pub fn assign(
        &self,
        env: Env,
        partner: Option<Unknown<'_>>,
        code: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Js> {
        let answer = run(&env, || {
            let partner = PartnerReader::new(&env)?.partner(&env, partner)?;
            let code = value(&env, code, "code")?;
            Ok(api::assign(&self.inner, &partner, &code, &value(&env, options, "options")?, Camel)?)
        })?;
        Ok(Js(to_js(env.raw(), &answer)?))
    }
}

// ---- lookup on a store (issue 16) ------------------------------------------------

#[napi]
impl Store {
    /// What `entered` most likely means among every code of the program (issued
    /// by any process): `{kind, code, rule, suggestions}`, codes in their stored form.
    #[napi(ts_args_type = "entered: string", ts_return_type = "Lookup")]
    pub fn lookup(&self, env: Env, entered: Option<Unknown<'_>>) -> napi::Result<Js> {
        let answer = run(&env, || Ok(api::store_lookup(&self.inner, &value(&env, entered, "entered")?)?))?;
        Ok(Js(to_js(env.raw(), &answer)?))
    }

    /// The program's codes closest to `entered`, best first (at most `limit`, default 5).
    #[napi(ts_args_type = "entered: string, limit?: number | null", ts_return_type = "Suggestion[]")]
    pub fn suggest(&self, env: Env, entered: Option<Unknown<'_>>, limit: Option<Unknown<'_>>) -> napi::Result<Js> {
        let answer = run(&env, || {
            Ok(api::store_suggest(&self.inner, &value(&env, entered, "entered")?, &value(&env, limit, "limit")?)?)
        })?;
        Ok(Js(to_js(env.raw(), &answer)?))
    }
}
