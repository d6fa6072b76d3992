//! The binding contract: what Python, Node and the WASM build call, in one place.
//!
//! A binding is a shell. For every call it converts the host's arguments into
//! [`Value`]s (following the rules in [`from_host`](self#reading-host-values)),
//! calls one function of this module, and converts the answer back. Defaults,
//! option names, type and range checks, error codes and messages, the shape of
//! every answer and the list of exported constants all live here or deeper in
//! the core, never in a binding.
//!
//! ```
//! use promocode::api::{self, KeyStyle};
//! use promocode::{Partner, Value};
//! // What `new Format({name: true, discount: 20})` does in JavaScript:
//! let options = Value::object([("name", Value::Bool(true)), ("discount", Value::Int(20))]);
//! let format = api::format(&options, KeyStyle::Camel)?;
//! let code = api::render(&format, &Partner::new().name("Zoë"), &Value::Null, KeyStyle::Camel)?;
//! assert_eq!(code, "ZOE20");
//! # Ok::<(), promocode::Error>(())
//! ```
//!
//! # Reading host values
//!
//! - Objects arrive as [`Value::Object`] (own enumerable string keys, in order),
//!   lists as [`Value::Array`] (refused past [`MAX_ITEMS`] before they are walked:
//!   [`check_items`]), strings as [`Value::String`] (a lone surrogate becomes one
//!   U+FFFD), `None`/`null`/`undefined` as [`Value::Null`], nesting deeper than
//!   [`crate::value::MAX_DEPTH`] as `input_too_deep`.
//! - Numbers: a JavaScript number through [`js_number`]; an integer beyond 64 bits
//!   (Python `int`, JS BigInt) through [`big_integer`] / [`big_integer_hex`].
//! - Partners: bindings may read only [`Partner::FIELDS`] of a host object, then
//!   [`Partner::from_value`]; in a batch, [`partner_at`] names the partner's place.
//! - Keys are snake_case for Rust and Python, camelCase for JavaScript
//!   ([`KeyStyle`]); errors name options and arguments in the caller's style.
//!
//! # Shaping answers
//!
//! [`report`], [`attribution`], [`constants`] and [`batch`] build every answer
//! that is more than a string, a number or a list of strings.
//!
//! # How to add …
//!
//! **A call** (e.g. `lookup(code, options)`): write the domain function in the
//! core (its own module), then one function here that takes the host values
//! (`&Value` for options objects, [`Partner`] / `&str` where the binding has a
//! reader for them) and returns a core type or a [`Value`]. Add a vector file or
//! cases to `core/tests/vectors/` (Rust, Python, Node and WASM suites run them).
//! In each binding add one line to `lib.rs` (host → `api::your_call` → host);
//! the `.pyi` stub and the shared TypeScript declarations get the signature.
//!
//! **An option** of an existing call: add it to the call's option table here
//! (`FORMAT_OPTIONS`, `GENERATOR_OPTIONS`, `COUPON_OPTIONS`, `RENDER_OPTIONS`, as
//! `(snake_case, camelCase)`) and read it in that table's reader; give it a
//! default in the core struct; add vectors. No binding changes (the `.pyi`
//! keywords and the TypeScript option interfaces are checked against the tables).
//!
//! **An error**: add one line at the end of the catalogue in `core/src/error.rs`
//! (variant = `"snake_code"`, message template), the `Error` variant of the same
//! name, and the values of its `{slots}` in `Error::write_slot`; the test there
//! renders every code. Cover it in a vector (`"error": {"code": ...}`).
//! Bindings pick it up from [`constants`] (`ERROR_CODES`) and `Error::details`.

pub(crate) mod from_host;
mod to_host;

pub use from_host::{
    big_integer, big_integer_hex, check_items, hole, in_batch, js_number, opt_string_arg, parse_count,
    parse_render_options, parse_seed, partner_at, partner_from_fields, platform_arg, restyle, string_arg, string_list,
    CouponOptions, GeneratorOptions, KeyStyle, COUPON_OPTIONS, FORMAT_OPTIONS, GENERATOR_OPTIONS, MAX_ITEMS,
    RENDER_OPTIONS,
};
pub use to_host::{attribution, batch, constants, internal_error, report, BatchFailure};

use crate::error::{Error, Result};
use crate::{Codes, Format, FormatOptions, Generator, Partner, Store, Value};

/// `Format(options)`: reads and checks the options, compiles the format.
pub fn format(options: &Value, style: KeyStyle) -> Result<Format> {
    FormatOptions::from_value(options, style)?.build().map_err(|e| restyle(e, style))
}

/// `format.render(partner, options)`: one code without a registry.
pub fn render(format: &Format, partner: &Partner, options: &Value, style: KeyStyle) -> Result<String> {
    format.render(partner, parse_render_options(options, style)?)
}

/// `Generator(format, options)`: a generator with the `existing` codes
/// registered; with a `store` address (or `coupon`) its codes are claimed in
/// that store (see [`generator_in`]).
pub fn generator(format: &Format, options: &Value, style: KeyStyle) -> Result<Generator> {
    generator_in(format, options, None, style)
}

/// `generator.generate_all(partners)`: every code, or the batch failure to raise.
pub fn generate_all(generator: &Generator, partners: &[Partner]) -> std::result::Result<Vec<String>, BatchFailure> {
    batch(generator.generate_all(partners))
}

/// `generator.generate_codes(count)`.
pub fn generate_codes(generator: &Generator, count: &Value) -> Result<Codes> {
    generator.generate_codes_packed(parse_count(count)?)
}

/// `generator.add_existing(codes)`: how many were new.
pub fn add_existing(generator: &Generator, codes: &Value) -> Result<usize> {
    Ok(generator.add_existing(&string_list("codes", codes)?))
}

/// `validate(code, platform)`: the report as `{valid, issues}`.
pub fn validate(code: &str, platform: &Value) -> Result<Value> {
    Ok(report(&crate::validate(code, platform_arg(platform)?)))
}

/// `normalize(code, platform)`.
pub fn normalize(code: &str, platform: &Value) -> Result<String> {
    crate::normalize(code, platform_arg(platform)?)
}

/// `validate_coupon(request, options)` with options `{connected, seed}`.
pub fn validate_coupon(request: &Value, options: &Value, style: KeyStyle) -> Result<Value> {
    let options = CouponOptions::from_value(options, style, true)?;
    let connected: Vec<&str> = options.connected.iter().map(String::as_str).collect();
    crate::validate_coupon(request, &connected, options.seed)
}

/// `validate_promotion_code(request, options)` with options `{seed}`.
pub fn validate_promotion_code(request: &Value, options: &Value, style: KeyStyle) -> Result<Value> {
    crate::validate_promotion_code(request, CouponOptions::from_value(options, style, false)?.seed)
}

/// `check_redemption(promotion_code, coupon, order)`: the reasons, in table order.
pub fn check_redemption(promotion_code: &Value, coupon: &Value, order: &Value) -> Result<Vec<&'static str>> {
    crate::check_redemption(promotion_code, coupon, order)
}

/// `attribute(promotion_code_partner, referral_cookie_partner)`: `{partner,
/// source}` or `null`. The arguments are named in the caller's key style.
pub fn attribute(by_code: &Value, by_cookie: &Value, style: KeyStyle) -> Result<Value> {
    let by_code = opt_string_arg(by_code, &arg("promotion_code_partner", style))?;
    let by_cookie = opt_string_arg(by_cookie, &arg("referral_cookie_partner", style))?;
    Ok(attribution(crate::attribute(by_code.as_deref(), by_cookie.as_deref())))
}

/// The name of argument or option `snake` in `style` (`promotion_code` →
/// `promotionCode`), for bindings naming their arguments in errors.
///
/// ```
/// use promocode::api::{arg, KeyStyle};
/// assert_eq!(arg("promotion_code", KeyStyle::Camel), "promotionCode");
/// assert_eq!(arg("promotion_code", KeyStyle::Snake), "promotion_code");
/// ```
pub fn arg(snake: &str, style: KeyStyle) -> String {
    from_host::display_key(snake, style)
}

/// `provider_requests(coupon, promotion_codes, provider, options)`: the requests
/// that create `coupon` and its codes on `provider`, as `{requests, unmapped}`
/// (see [`crate::provider_requests`]); options in the caller's key style.
pub fn provider_requests(
    coupon: &Value,
    promotion_codes: &Value,
    provider: &Value,
    options: &Value,
    style: KeyStyle,
) -> Result<Value> {
    let options = crate::provider::ProviderOptions::from_value(options, style)?;
    crate::provider_requests(coupon, promotion_codes, &string_arg(provider, "provider")?, &options)
        .map_err(|e| from_host::restyle_in(e, crate::provider::PROVIDER_OPTIONS, style))
}

/// `existing_codes(provider, response)`: the codes of a provider's list response.
pub fn existing_codes(provider: &Value, response: &Value) -> Result<Vec<String>> {
    crate::existing_codes(&string_arg(provider, "provider")?, response)
}

/// `generator.lookup(entered)`: `{kind, code, rule, suggestions}` (see
/// [`Generator::lookup`]).
pub fn lookup(generator: &Generator, entered: &Value) -> Result<Value> {
    generator.lookup_value(entered)
}

/// `generator.suggest(entered, limit)`: `[{code, distance, score}]`, best first.
pub fn suggest(generator: &Generator, entered: &Value, limit: &Value) -> Result<Value> {
    generator.suggest_value(entered, limit)
}

/// `format.explain(partner, options)`: one render explained, as `{code,
/// warnings: [{code, field, message}], transliteration_version}` (see
/// [`Format::explain`]); options as for [`render`].
pub fn explain(format: &Format, partner: &Partner, options: &Value, style: KeyStyle) -> Result<Value> {
    format.explain(partner, parse_render_options(options, style)?)
}

/// The options of `Store(uri, options)`.
pub const STORE_OPTIONS: &[(&str, &str)] = &[("program", "program")];

/// `Store(uri, {program})`: opens (and creates on first use) the program store
/// at `uri` (`memory:`, `sqlite:PATH`, `postgresql://…`), working in `program`
/// (default `"default"`). Performs I/O: bindings call it without the GIL / off
/// the event loop where they can.
///
/// ```
/// use promocode::{api::{self, KeyStyle}, Value};
/// let store = api::store(&Value::from("memory:"), &Value::object([("program", Value::from("acme"))]), KeyStyle::Snake)?;
/// assert_eq!(store.program(), "acme");
/// let err = api::store(&Value::from("redis://x"), &Value::Null, KeyStyle::Snake).unwrap_err();
/// assert_eq!(err.code().as_str(), "invalid_store");
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn store(uri: &Value, options: &Value, style: KeyStyle) -> Result<Store> {
    let uri = string_arg(uri, "uri")?;
    let mut program = None;
    from_host::read_options(options, style, STORE_OPTIONS, |key, v| {
        match key {
            "program" => program = opt_string_arg(v, "program")?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let store = Store::open(&uri)?;
    match program {
        Some(p) => store.with_program(&p),
        None => Ok(store),
    }
}

/// `Generator(format, options)` where the binding holds a host `Store` object
/// for the `store` option (passed as `store`; the options' `store` is then
/// `null`). A store address in the options is opened here. With a store, the
/// generator issues codes for `coupon` (default `"default"`) and `existing`
/// codes are added to the store as well.
///
/// ```
/// use promocode::{api::{self, KeyStyle}, Partner, Store, Value};
/// let fmt = api::format(&Value::object([("name", Value::Bool(true))]), KeyStyle::Snake)?;
/// let store = Store::open("memory:")?;
/// let opts = Value::object([("coupon", Value::from("summer"))]);
/// let a = api::generator_in(&fmt, &opts, Some(&store), KeyStyle::Snake)?;
/// let b = api::generator_in(&fmt, &opts, Some(&store), KeyStyle::Snake)?;
/// let ann = Partner::new().name("Ann").id("p1");
/// assert_eq!(a.generate(&ann)?, b.generate(&ann)?);
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn generator_in(format: &Format, options: &Value, store: Option<&Store>, style: KeyStyle) -> Result<Generator> {
    let options = GeneratorOptions::from_value(options, style)?;
    let store = match (store, &options.store) {
        (Some(s), _) => Some(s.clone()),
        (None, Some(uri)) => Some(Store::open(uri)?),
        (None, None) => None,
    };
    let generator = match store {
        Some(store) => {
            let coupon = options.coupon.as_deref().unwrap_or(crate::store::DEFAULT_COUPON);
            let generator = Generator::with_store(format.clone(), options.seed, store.clone(), coupon)?;
            if !options.existing.is_empty() {
                store.add_existing(&options.existing)?;
            }
            generator
        }
        None => {
            if options.coupon.is_some() {
                return Err(Error::InvalidValue {
                    field: arg("coupon", style),
                    reason: "needs a store; pass `store` too".into(),
                });
            }
            Generator::new(format.clone(), options.seed)
        }
    };
    Ok(generator.with_options(&options))
}

/// `store.code_of(partner_id, coupon)`: the partner's code in the coupon
/// (`null` coupon: `"default"`), or `None`.
pub fn store_code_of(store: &Store, partner_id: &Value, coupon: &Value, style: KeyStyle) -> Result<Option<String>> {
    let partner_id = string_arg(partner_id, &arg("partner_id", style))?;
    let coupon = opt_string_arg(coupon, "coupon")?;
    store.code_of(&partner_id, coupon.as_deref().unwrap_or(crate::store::DEFAULT_COUPON))
}

/// `store.contains(code)`: a code with the same canonical key is held.
pub fn store_contains(store: &Store, code: &Value) -> Result<bool> {
    store.contains(&string_arg(code, "code")?)
}

/// `len(store)` / `store.size()`: codes held in the store's program.
pub fn store_len(store: &Store) -> Result<u64> {
    store.len()
}

/// `store.add_existing(codes)`: how many were new to the program.
pub fn store_add_existing(store: &Store, codes: &Value) -> Result<u64> {
    store.add_existing(string_list("codes", codes)?)
}

/// `store.release(codes)`: how many were held and are now free again.
pub fn store_release(store: &Store, codes: &Value) -> Result<u64> {
    store.release(string_list("codes", codes)?)
}

/// The options of `generator.assign(partner, code, options)`.
pub const ASSIGN_OPTIONS: &[(&str, &str)] = &[("replace", "replace")];

/// `generator.assign(partner, code, {replace})`: gives the partner (which needs
/// an `id`) the hand-picked `code`, as `{code, reused, replaced, warnings:
/// [{code, message}]}` (see [`Generator::assign`]). With a store it performs
/// I/O: bindings call it without the GIL / off the event loop where they can.
///
/// ```
/// use promocode::{api::{self, KeyStyle}, FormatOptions, Generator, Partner, Value};
/// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
/// let ann = Partner::new().id("p1");
/// let out = api::assign(&gen, &ann, &Value::from("JOHN20"), &Value::Null, KeyStyle::Snake)?;
/// assert_eq!(out.get("code").and_then(|v| v.as_str()), Some("JOHN20"));
/// let again = Value::object([("replace", Value::Bool(true))]);
/// let out = api::assign(&gen, &ann, &Value::from("ANN20"), &again, KeyStyle::Snake)?;
/// assert_eq!(out.get("replaced").and_then(|v| v.as_str()), Some("JOHN20"));
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn assign(
    generator: &Generator,
    partner: &Partner,
    code: &Value,
    options: &Value,
    style: KeyStyle,
) -> Result<Value> {
    let code = string_arg(code, "code")?;
    let mut replace = false;
    from_host::read_options(options, style, ASSIGN_OPTIONS, |key, v| {
        match key {
            "replace" => replace = from_host::opt_bool("replace", v)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    generator.assign_value(partner, &code, replace)
}

/// `store.lookup(entered)`: `{kind, code, rule, suggestions}` over every code
/// of the store's program, in its stored form (see [`Store::lookup`]; the
/// `memory:` store answers with upper-case keys). Performs I/O: bindings call
/// it without the GIL / off the event loop where they can.
///
/// ```
/// use promocode::{api, Store, Value};
/// let store = Store::open("memory:")?;
/// store.add_existing(["JOHN20"])?;
/// let v = api::store_lookup(&store, &Value::from("jon20"))?;
/// assert_eq!(v.get("kind"), Some(&Value::from("suggest")));
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn store_lookup(store: &Store, entered: &Value) -> Result<Value> {
    Ok(store.lookup(crate::lookup::entered_text(entered)?, None)?.to_value())
}

/// `store.suggest(entered, limit)`: `[{code, distance, score}]`, best first
/// (`null` limit: [`crate::lookup::SUGGESTION_LIMIT`]).
pub fn store_suggest(store: &Store, entered: &Value, limit: &Value) -> Result<Value> {
    let limit = from_host::opt_count("limit", limit, 0, usize::MAX)?.unwrap_or(crate::lookup::SUGGESTION_LIMIT);
    let list = store.suggest(crate::lookup::entered_text(entered)?, None, limit)?;
    Ok(crate::lookup::suggestions_value(&list))
}
