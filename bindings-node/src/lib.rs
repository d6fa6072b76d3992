//! Node binding of `promocode`: a thin shell over the core. Every argument goes
//! through the one converter ([`convert`]) into a [`promocode::Value`], and the
//! core parses it — option names, defaults, types and ranges live there.
#![deny(clippy::all)]

mod convert;

use convert::{run, string_array, to_js, value, Fail, Js, PartnerReader, Res};
use napi::bindgen_prelude::{ClassInstance, FromNapiValue, Object};
use napi::{Env, JsValue, Unknown};
use napi_derive::napi;
use promocode::{CouponOptions, FormatOptions, GeneratorOptions, KeyStyle, Platform, Value};

/// The random alphabet used unless a format sets its own: no `0 O 1 I L`, no vowels.
#[napi]
pub const DEFAULT_ALPHABET: &str = promocode::DEFAULT_ALPHABET;

/// Exports built from the core's tables: `REDEMPTION_REASONS`, `ERROR_CODES`
/// (code → message template) and `PLATFORMS`, all frozen. Their types are in
/// `types-header.d.ts`.
#[napi(module_exports)]
pub fn init(exports: Object, env: Env) -> napi::Result<()> {
    let e = env.raw();
    let exports = exports.raw();
    let set = |name: &str, v: napi::sys::napi_value| -> napi::Result<()> {
        let key = convert::js_string(e, name)?;
        let status = unsafe { napi::sys::napi_set_property(e, exports, key, v) };
        if status == napi::sys::Status::napi_ok {
            Ok(())
        } else {
            Err(napi::Error::from_reason(format!("could not export {name}")))
        }
    };
    set("REDEMPTION_REASONS", convert::freeze(e, string_array(e, promocode::REDEMPTION_REASONS)?)?)?;
    let platforms: Vec<&str> = Platform::ALL.iter().map(|p| p.name()).collect();
    set("PLATFORMS", convert::freeze(e, string_array(e, &platforms)?)?)?;
    let codes = Value::object(promocode::ErrorCode::ALL.iter().map(|c| (c.as_str(), Value::from(c.template()))));
    set("ERROR_CODES", convert::freeze(e, to_js(e, &codes)?)?)?;
    Ok(())
}

fn platform(env: &Env, arg: Option<Unknown<'_>>) -> Res<Platform> {
    Ok(match convert::opt_string(env, arg, "platform")? {
        None => Platform::default(),
        Some(name) => Platform::from_name(&name)?,
    })
}

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
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            let options = value(&env, options, "options")?;
            let inner = FormatOptions::from_value(&options, KeyStyle::Camel)?.build()?;
            Ok(Format { inner })
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
            let p = PartnerReader::new(&env)?.partner(&env, partner)?;
            let seed = promocode::parse_render_options(&value(&env, options, "options")?, KeyStyle::Camel)?;
            Ok(self.inner.render(&p, seed)?)
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
    pub fn new(env: Env, format: Unknown<'_>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        run(&env, || {
            // SAFETY: `format` is a live argument of this call; the unwrap checks
            // (type tag and class identity) that it is a `Format` and fails otherwise.
            let format = match unsafe { ClassInstance::<Format>::from_napi_value(env.raw(), format.raw()) } {
                Ok(f) => f.inner.clone(),
                Err(_) => {
                    let got = value(&env, Some(format), "format").map(|v| v.type_name()).unwrap_or("object");
                    return Err(Fail::Core(promocode::Error::InvalidType {
                        field: "format".into(),
                        expected: "a Format (`new Format({...})`)",
                        got,
                    }));
                }
            };
            let opts = GeneratorOptions::from_value(&value(&env, options, "options")?, KeyStyle::Camel)?;
            let inner = promocode::Generator::from_options(format, &opts);
            Ok(Generator { inner })
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
        let results = run(&env, || {
            let list = PartnerReader::new(&env)?.partners(&env, partners)?;
            Ok(self.inner.generate_all(&list))
        })?;
        if results.iter().all(|r| r.is_ok()) {
            let codes: Vec<String> = results.into_iter().filter_map(Result::ok).collect();
            return Ok(Js(string_array(env.raw(), &codes)?));
        }
        Err(convert::throw(env.raw(), convert::batch_error(env.raw(), &results)))
    }

    /// `count` new unique codes for a format without personal parts (bulk
    /// coupons); `code_space_exhausted` up front when they can't all be made.
    #[napi(ts_args_type = "count: number", ts_return_type = "string[]")]
    pub fn generate_codes(&self, env: Env, count: Option<Unknown<'_>>) -> napi::Result<Js> {
        let codes = run(&env, || {
            let n = promocode::parse_count(&value(&env, count, "count")?)?;
            Ok(self.inner.generate_codes_packed(n)?)
        })?;
        let codes: Vec<&str> = codes.iter().collect();
        Ok(Js(string_array(env.raw(), &codes)?))
    }

    /// Registers codes that already exist; returns how many were new.
    #[napi(ts_args_type = "codes: readonly string[]")]
    pub fn add_existing(&self, env: Env, codes: Option<Unknown<'_>>) -> napi::Result<u32> {
        run(&env, || {
            let codes = promocode::string_list("codes", &value(&env, codes, "codes")?)?;
            Ok(self.inner.add_existing(&codes) as u32)
        })
    }

    /// True when a code with the same canonical key exists or was issued.
    #[napi(ts_args_type = "code: string")]
    pub fn contains(&self, env: Env, code: Option<Unknown<'_>>) -> napi::Result<bool> {
        run(&env, || Ok(self.inner.contains(&convert::string(&env, code, "code")?)))
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
}

/// Checks `code` against a platform's rules (default `generic`) and lists every
/// problem: `{ valid, issues: [{ code, message, position }] }`. Throws only for
/// misuse (an unknown platform, a code that is not a string).
#[napi(ts_args_type = "code: string, platform?: Platform | null", ts_return_type = "Report")]
pub fn validate(env: Env, code: Option<Unknown<'_>>, platform: Option<Unknown<'_>>) -> napi::Result<Js> {
    let report = run(&env, || {
        let code = convert::string(&env, code, "code")?;
        Ok(promocode::validate(&code, self::platform(&env, platform)?))
    })?;
    let issues = report.issues.iter().map(|i| {
        Value::object([
            ("code", Value::from(i.code)),
            ("message", Value::from(i.message.as_str())),
            ("position", Value::from(i.position.map(|p| p as u64))),
        ])
    });
    let report = Value::object([("valid", Value::Bool(report.valid)), ("issues", Value::Array(issues.collect()))]);
    Ok(Js(to_js(env.raw(), &report)?))
}

/// The form in which the platform stores `code` (WooCommerce lowercases).
#[napi(ts_args_type = "code: string, platform?: Platform | null")]
pub fn normalize(env: Env, code: Option<Unknown<'_>>, platform: Option<Unknown<'_>>) -> napi::Result<String> {
    run(&env, || Ok(promocode::normalize(&convert::string(&env, code, "code")?, self::platform(&env, platform)?)))
}

/// The key two codes collide on: `john20`, `JOHN20`, `ＪＯＨＮ２０` and `jöhn20` agree.
#[napi(ts_args_type = "code: string")]
pub fn canonical_key(env: Env, code: Option<Unknown<'_>>) -> napi::Result<String> {
    run(&env, || Ok(promocode::canonical_key(&convert::string(&env, code, "code")?)))
}

fn coupon_result(env: &Env, result: promocode::Result<Value>) -> napi::Result<Js> {
    let out = run(env, || Ok(result?))?;
    Ok(Js(to_js(env.raw(), &out)?))
}

/// Checks a Partnero create-coupon request (snake_case keys, as the API takes
/// them) and returns the normalised coupon; throws `validation_failed` with
/// `.body` (the API's 422 body) when a rule is broken.
#[napi(ts_args_type = "request: CouponRequest, options?: CouponOptions | null", ts_return_type = "Coupon")]
pub fn validate_coupon(env: Env, request: Option<Unknown<'_>>, options: Option<Unknown<'_>>) -> napi::Result<Js> {
    let out = run(&env, || {
        let request = value(&env, request, "request")?;
        let opts = CouponOptions::from_value(&value(&env, options, "options")?, KeyStyle::Camel, true)?;
        let connected: Vec<&str> = opts.connected.iter().map(String::as_str).collect();
        Ok(promocode::validate_coupon(&request, &connected, opts.seed))
    })?;
    coupon_result(&env, out)
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
    let out = run(&env, || {
        let request = value(&env, request, "request")?;
        let opts = CouponOptions::from_value(&value(&env, options, "options")?, KeyStyle::Camel, false)?;
        Ok(promocode::validate_promotion_code(&request, opts.seed))
    })?;
    coupon_result(&env, out)
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
        let promotion_code = value(&env, promotion_code, "promotion_code")?;
        let coupon = value(&env, coupon, "coupon")?;
        let order = value(&env, order, "order")?;
        Ok(promocode::check_redemption(&promotion_code, &coupon, &order)?)
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
    let out = run(&env, || {
        let code = convert::opt_string(&env, promotion_code_partner, "promotionCodePartner")?;
        let cookie = convert::opt_string(&env, referral_cookie_partner, "referralCookiePartner")?;
        Ok(match promocode::attribute(code.as_deref(), cookie.as_deref()) {
            Some(a) => Value::object([("partner", Value::from(a.partner)), ("source", Value::from(a.source.as_str()))]),
            None => Value::Null,
        })
    })?;
    Ok(Js(to_js(env.raw(), &out)?))
}
