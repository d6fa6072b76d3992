//! Provider requests: the exact HTTP requests that create a Partnero coupon and
//! its promotion codes on Stripe, Paddle Billing, Shopify or WooCommerce, and the
//! reverse, reading a provider's list of existing codes.
//!
//! - [`provider_requests`] takes one coupon (the shape [`validate_coupon`](crate::validate_coupon)
//!   returns) and its promotion codes (the shape
//!   [`validate_promotion_code`](crate::validate_promotion_code) returns) and builds
//!   every request, in the order to send them, plus an `unmapped` list naming each
//!   field the provider cannot express and why. Nothing is dropped silently.
//! - [`existing_codes`] reads a provider's list response into the codes it holds,
//!   to feed [`Generator::add_existing`](crate::Generator::add_existing).
//!
//! Both take and return [`Value`]s, so every binding only converts.
//!
//! # Output
//!
//! ```json
//! {"requests": [{"method": "POST", "path": "/v1/coupons",
//!                "headers": {"Content-Type": "application/x-www-form-urlencoded", "Stripe-Version": "2026-09-30.endive"},
//!                "body": "id=SPRING&name=Spring&percent_off=20&duration=once"}, ...],
//!  "unmapped": [{"field": "promotion_codes.0.first_time_order", "reason": "..."}]}
//! ```
//!
//! - `path` is relative to the provider's base address: `https://api.stripe.com`,
//!   `https://api.paddle.com` (or the sandbox), `https://{shop}.myshopify.com`, or
//!   the WordPress site's address. Authentication headers are the caller's.
//! - `body` is a string for Stripe (`application/x-www-form-urlencoded`, nested
//!   keys as `a[b]=c`) and a JSON object for the others (Shopify: `{"query",
//!   "variables"}` for `POST /admin/api/{version}/graphql.json`).
//! - A string `{{N.path.to.field}}` in a body stands for a value from the JSON
//!   response of request `N` (0-based, in this list): Shopify's bulk adds need the
//!   id of the discount that the create request returns, so they carry
//!   `"discountId": "{{0.data.discountCodeBasicCreate.codeDiscountNode.id}}"`.
//!   Send the requests in order and substitute before sending.
//! - `unmapped` lists fields by their path in the input: coupon fields by name
//!   (`coupon_duration_type`, `metadata.plan`), promotion-code fields as
//!   `promotion_codes.N.field`, where `N` counts the coupon's own
//!   `promotion_codes` first, then the `promotion_codes` argument.
//!
//! # Options
//!
//! | option | |
//! |---|---|
//! | `currency` | ISO 4217 code of static amounts and minimum orders (any case); required when either is sent. Stripe and Paddle get it; Shopify and WooCommerce use the store's currency and take it only for the number of decimals |
//! | `amount_unit` | `major` (`12.50` euros) or `minor` (`1250` cents): the unit of `coupon_discount_amount` for `static` coupons and of `minimum_order_value`. Partnero does not say, so it is required whenever such an amount is sent. Decimals follow ISO 4217 (`JPY` 0, `EUR` 2, `KWD` 3); an amount with a fraction of the smallest unit is an error |
//! | `api_version` | Stripe: `YYYY-MM-DD[.name]`, default [`STRIPE_API_VERSION`], sent as `Stripe-Version`. Shopify: `YYYY-MM`, default [`SHOPIFY_API_VERSION`], in the path. Paddle and WooCommerce take none |
//! | `starts_at` | ISO-8601 date or date-time when Shopify discounts start (`startsAt` is required there; a date is the start of that day, UTC). Other providers ignore it |
//!
//! Decimals are ISO 4217's; Stripe's special cases (ISK, HUF, TWD and UGX amounts
//! that must be multiples of 100) are not modelled. The coupon's `sync` is not
//! read: the `provider` argument decides where the requests go.
//!
//! # Dates
//!
//! Partnero dates are days: a date means **the end of that day, UTC**
//! (`2026-12-31` → `2026-12-31T23:59:59Z`, unix `1798761599`). A date-time is
//! taken as given (without an offset it is UTC), to the second. A promotion
//! code's own expiry is never later than its coupon's: each code gets the earlier
//! of the two.
//!
//! # Limits and batching
//!
//! Before anything is built, the coupon and every code are validated like the
//! Partnero API does (a failure is the API's 422 body,
//! [`Error::ValidationFailed`]), `uuid_code` and every `code` must be present
//! (nothing is generated), codes must be unique by
//! [`canonical_key`](crate::canonical_key), and every code must pass
//! [`validate`](crate::validate) for the provider (an [`Error::InvalidValue`] naming
//! `promotion_codes.N.code`). Any error means no requests at all.
//!
//! | provider | requests |
//! |---|---|
//! | `stripe` | `POST /v1/coupons` with `id` = `uuid_code`, then one `POST /v1/promotion_codes` per code |
//! | `paddle` | one `POST /discounts` per code (Paddle has no coupon object) |
//! | `shopify` | per distinct set of per-discount fields (expiry, limit, minimum, customers): one `discountCodeBasicCreate` with the first code, then `discountRedeemCodeBulkAdd`s of at most 100 codes (API up to 2025-07) or 250 (2025-10 on); bulk adds run asynchronously on Shopify |
//! | `woocommerce` | `POST /wp-json/wc/v3/coupons/batch` with at most 100 `create` items (one coupon per code) |
//!
//! Codes keep their order: within each Shopify discount, and across requests.
//!
//! # Field mapping
//!
//! | Partnero | Stripe | Paddle | Shopify | WooCommerce |
//! |---|---|---|---|---|
//! | `name` | coupon `name` (cut to 40 characters, reported) | `description` | `title` | `description` |
//! | `uuid_code` | coupon `id`; promotion code `promotion[coupon]` (from 2025-09-30, `coupon` before) | unmapped | unmapped | unmapped |
//! | `percent` amount | `percent_off` (must be above 0) | `type: percentage`, `amount` string (0.01–100) | `percentage` = amount / 100 | `discount_type: percent`, `amount` string |
//! | `static` amount | `amount_off` (minor units, above 0) + `currency` | `type: flat`, `amount` (minor units, string) + `currency_code` | `discountAmount.amount` (major units, string) | `discount_type: fixed_cart`, `amount` (major units, string) |
//! | duration `once` | `duration: once` | `recur: false` | `recurringCycleLimit: 1` | — (nothing to say) |
//! | `months` / `years` N | `repeating`, N / 12·N months | `recur`, `maximum_recurring_intervals` N / 12·N (billing periods: months for monthly prices) | `recurringCycleLimit` N / 12·N (billing cycles), on subscription items too | unmapped |
//! | `lifetime` | `forever` | `recur`, no maximum | `recurringCycleLimit: 0` | unmapped |
//! | `hours` / `days` | unmapped (sent as `once`) | unmapped | unmapped | unmapped |
//! | coupon expiry | `redeem_by` | each code's `expires_at` | each discount's `endsAt` | each code's `date_expires` |
//! | coupon redemption limit | `max_redemptions` | unmapped (each code's limit is capped at it) | unmapped (capped likewise) | unmapped (capped likewise) |
//! | `active: false` | unmapped for the coupon; codes `active: false` | `enabled_for_checkout: false` | unmapped | `status: draft` |
//! | `metadata` | `metadata` (strings; Stripe's key rules) | `custom_data` (code keys win) | unmapped | `meta_data` (code keys win) |
//! | code `first_time_order` | `restrictions[first_time_transaction]` | unmapped | unmapped | unmapped |
//! | code minimum order | `restrictions[minimum_amount]` + currency | unmapped | `minimumRequirement.subtotal` | `minimum_amount` |
//! | code expiry | `expires_at` | `expires_at` | `endsAt` | `date_expires` |
//! | code redemption limit | `max_redemptions` | `usage_limit` | `usageLimit` | `usage_limit` |
//! | code customers | `customer` (exactly one `cus_…` id) | unmapped | `customerSelection.customers` (numeric ids or customer gids) | `email_restrictions` (ids that are e-mail addresses) |
//! | code partners, subscribers | unmapped | unmapped | unmapped | unmapped |
//!
//! A field that does not fit (a second Stripe customer, a customer id that is not
//! an e-mail address on WooCommerce, a metadata value Stripe cannot hold) is
//! reported in `unmapped` and left out; the request then allows more than the
//! Partnero coupon did, so read `unmapped` before sending. A value a provider
//! cannot take at all, so that no request could be right (a 0 % discount on
//! Stripe or Paddle, a Paddle `currency` it does not support), is an
//! [`Error::InvalidValue`].
//!
//! ```
//! use promocode::{api::KeyStyle, provider_requests, Value};
//! let coupon = Value::object([
//!     ("uuid_code", Value::from("SPRING")),
//!     ("coupon_discount_type", Value::from("percent")),
//!     ("coupon_discount_amount", Value::from(20i64)),
//!     ("coupon_duration_type", Value::from("months")),
//!     ("coupon_duration_value", Value::from(3i64)),
//! ]);
//! let codes = Value::Array(vec![Value::object([("code", Value::from("JOHN20"))])]);
//! let out = provider_requests(&coupon, &codes, "stripe", &Value::Null, KeyStyle::Snake)?;
//! let requests = out.get("requests").unwrap();
//! let Value::Array(requests) = requests else { unreachable!() };
//! assert_eq!(requests[0].get("path"), Some(&Value::from("/v1/coupons")));
//! assert_eq!(
//!     requests[0].get("body"),
//!     Some(&Value::from("id=SPRING&name=SPRING&percent_off=20&duration=repeating&duration_in_months=3"))
//! );
//! assert_eq!(
//!     requests[1].get("body"),
//!     Some(&Value::from("promotion[type]=coupon&promotion[coupon]=SPRING&code=JOHN20"))
//! );
//! assert_eq!(out.get("unmapped"), Some(&Value::Array(vec![])));
//! # Ok::<(), promocode::Error>(())
//! ```

use crate::api::from_host::read_options;
use crate::api::KeyStyle;
use crate::coupon::{parse_date, validate_stored};
use crate::error::{Error, Quoted, Result};
use crate::value::Value;

mod existing;
mod paddle;
mod shopify;
mod stripe;
mod woocommerce;

pub use existing::existing_codes;

/// The providers, as named in `sync.provider`.
pub const PROVIDERS: &[&str] = &["stripe", "paddle", "shopify", "woocommerce"];

/// Every option of [`provider_requests`] as bindings receive them, as
/// `(snake_case, camelCase)`.
pub const PROVIDER_OPTIONS: &[(&str, &str)] = &[
    ("currency", "currency"),
    ("amount_unit", "amountUnit"),
    ("api_version", "apiVersion"),
    ("starts_at", "startsAt"),
];

/// The Stripe API version used when none is given: the one whose official
/// request schemas the test suite checks against.
pub const STRIPE_API_VERSION: &str = "2026-09-30.endive";
/// The first Stripe API version whose promotion codes take `promotion[coupon]`
/// instead of `coupon`.
pub const STRIPE_PROMOTION_SINCE: &str = "2025-09-30";
/// The first Stripe API version that documents `-` in promotion codes; codes for
/// older versions are checked as [`Platform::StripeLegacy`](crate::Platform::StripeLegacy).
pub const STRIPE_DASH_SINCE: &str = "2026-02-25";
/// The Shopify Admin API version used when none is given.
pub const SHOPIFY_API_VERSION: &str = "2025-10";
/// The first Shopify API version that takes 250 codes per `discountRedeemCodeBulkAdd`
/// (100 before).
pub const SHOPIFY_250_SINCE: &str = "2025-10";
/// Most items in one WooCommerce `coupons/batch` request (its default
/// `woocommerce_rest_batch_items_limit`).
pub const WOOCOMMERCE_BATCH_LIMIT: usize = 100;

/// A provider that requests are built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Provider {
    Stripe,
    Paddle,
    Shopify,
    WooCommerce,
}

impl Provider {
    pub(crate) fn from_name(name: &str) -> Result<Provider> {
        let trimmed = name.trim();
        let found = [Provider::Stripe, Provider::Paddle, Provider::Shopify, Provider::WooCommerce]
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(trimmed));
        found.ok_or_else(|| {
            invalid(
                "provider",
                format!("`{}` is not a provider; use `stripe`, `paddle`, `shopify` or `woocommerce`", Quoted(name)),
            )
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Provider::Stripe => "stripe",
            Provider::Paddle => "paddle",
            Provider::Shopify => "shopify",
            Provider::WooCommerce => "woocommerce",
        }
    }
}

/// `major` or `minor` units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AmountUnit {
    Major,
    Minor,
}

/// The options, read and checked.
#[derive(Clone, Debug, Default)]
struct Options {
    /// How option names are spelled in messages.
    style: KeyStyle,
    currency: Option<String>,
    amount_unit: Option<AmountUnit>,
    api_version: Option<String>,
    starts_at: Option<String>,
}

fn invalid(field: impl Into<String>, reason: String) -> Error {
    Error::InvalidValue { field: field.into(), reason }
}

fn option_string<'v>(field: &str, v: &'v Value) -> Result<Option<&'v str>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim())),
        other => Err(Error::InvalidType { field: field.into(), expected: "a string", got: other.type_name() }),
    }
}

fn read(options: &Value, style: KeyStyle) -> Result<Options> {
    let mut out = Options { style, ..Options::default() };
    read_options(options, style, PROVIDER_OPTIONS, |key, v| {
        let snake = PROVIDER_OPTIONS
            .iter()
            .find(|(s, c)| *s == key && style == KeyStyle::Snake || *c == key && style == KeyStyle::Camel);
        let Some(&(snake, _)) = snake else { return Ok(false) };
        let Some(text) = option_string(key, v)? else { return Ok(true) };
        match snake {
            "currency" => {
                if text.len() != 3 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(invalid(
                        key,
                        format!("is `{}`; use a three-letter ISO 4217 code such as `EUR`", Quoted(text)),
                    ));
                }
                out.currency = Some(text.to_ascii_uppercase());
            }
            "amount_unit" => {
                out.amount_unit = Some(match text {
                    "major" => AmountUnit::Major,
                    "minor" => AmountUnit::Minor,
                    _ => {
                        return Err(invalid(
                            key,
                            format!("is `{}`; use `major` (12.50) or `minor` (1250 cents)", Quoted(text)),
                        ))
                    }
                })
            }
            "api_version" => out.api_version = Some(text.to_owned()),
            _ => {
                if parse_date(text).is_none() {
                    return Err(invalid(
                        key,
                        format!(
                            "is `{}`, not an ISO-8601 date or date-time such as `2026-01-31T12:00:00Z`",
                            Quoted(text)
                        ),
                    ));
                }
                out.starts_at = Some(text.to_owned());
            }
        }
        Ok(true)
    })?;
    Ok(out)
}

/// A non-negative decimal number, exactly: `units / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    /// A JSON number of the validated coupon (integers, or floats printed in their
    /// shortest round-trip form, so `12.5` is exactly 12.5).
    fn of(v: &Value) -> Option<Decimal> {
        match v {
            Value::Int(i) => Some(Decimal { units: i128::from(*i), scale: 0 }),
            Value::UInt(u) => Some(Decimal { units: i128::from(*u), scale: 0 }),
            Value::Float(f) if f.is_finite() && *f >= 0.0 => Decimal::parse(&format!("{f}")),
            _ => None,
        }
    }

    fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let frac = frac.trim_end_matches('0');
        let mut units: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            units = units.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Some(Decimal { units, scale: u32::try_from(frac.len()).ok()? })
    }

    fn is_zero(self) -> bool {
        self.units == 0
    }

    /// The number times 10^`exp`, when that is a whole number.
    fn scaled(self, exp: u32) -> Option<i128> {
        if exp >= self.scale {
            self.units.checked_mul(10i128.checked_pow(exp - self.scale)?)
        } else {
            let div = 10i128.checked_pow(self.scale - exp)?;
            (self.units % div == 0).then(|| self.units / div)
        }
    }

    /// The number divided by 100 (a percentage as a fraction).
    fn hundredth(self) -> Decimal {
        Decimal { units: self.units, scale: self.scale + 2 }
    }

    /// Shortest text: `12.5`, `20`, `0.125`.
    fn text(self) -> String {
        fixed(self.units, self.scale)
    }

    fn to_f64(self) -> f64 {
        self.text().parse().unwrap_or(f64::NAN)
    }
}

/// `units / 10^scale` with exactly `scale` decimals: `fixed(1250, 2)` is `12.50`.
fn fixed(units: i128, scale: u32) -> String {
    let digits = units.to_string();
    let scale = scale as usize;
    if scale == 0 {
        return digits;
    }
    let padded =
        if digits.len() <= scale { format!("{}{digits}", "0".repeat(scale + 1 - digits.len())) } else { digits };
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{int}.{frac}")
}

/// ISO 4217 minor-unit exponents that are not 2.
fn currency_exponent(currency: &str) -> u32 {
    const ZERO: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
        "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    if ZERO.contains(&currency) {
        0
    } else if THREE.contains(&currency) {
        3
    } else {
        2
    }
}

/// An amount in both units, with its currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Money {
    /// Upper-case ISO 4217 code.
    currency: String,
    /// In the smallest unit (cents).
    minor: i128,
    /// In the main unit with the currency's decimals (`12.50`).
    major: String,
}

/// What one Partnero promotion code says, read from its normalised form.
#[derive(Clone, Debug)]
pub(crate) struct Code {
    /// Index in the combined list (`promotion_codes.N`).
    index: usize,
    code: String,
    active: bool,
    first_time: bool,
    partners: bool,
    /// The customer entries when `limit_to_specific_customer` is on.
    customers: Option<Vec<Value>>,
    subscribers: bool,
    /// `minimum_order_value` when its switch is on, in the caller's unit.
    minimum: Option<i64>,
    /// Unix seconds of the code's own expiry.
    ends: Option<i64>,
    limit: Option<i64>,
    metadata: Vec<(String, Value)>,
}

impl Code {
    fn field(&self, name: &str) -> String {
        format!("promotion_codes.{}.{name}", self.index)
    }
}

/// Everything a builder needs: the checked coupon, its codes, the options and
/// the unmapped report being written.
pub(crate) struct Plan {
    name: String,
    uuid: String,
    active: bool,
    percent: bool,
    amount: Decimal,
    duration: String,
    duration_value: Option<i64>,
    /// Unix seconds of the coupon's expiry.
    ends: Option<i64>,
    total: Option<i64>,
    metadata: Vec<(String, Value)>,
    codes: Vec<Code>,
    options: Options,
    unmapped: Vec<Value>,
}

impl Plan {
    fn unmapped(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.unmapped
            .push(Value::object([("field", Value::from(field.into())), ("reason", Value::from(reason.into()))]));
    }

    /// Converts an amount of the caller's unit; `field` names it in errors.
    fn money(&self, amount: Decimal, field: &str) -> Result<Money> {
        let option = |snake: &str| crate::api::from_host::display_key(snake, self.options.style);
        let Some(currency) = self.options.currency.clone() else {
            return Err(invalid(
                option("currency"),
                format!("is required to send `{field}`; pass the ISO 4217 code of the amount, such as `EUR`"),
            ));
        };
        let Some(unit) = self.options.amount_unit else {
            return Err(invalid(
                option("amount_unit"),
                format!("is required to send `{field}`: Partnero does not say whether it is in `major` units (12.50) or `minor` units (1250 cents)"),
            ));
        };
        let exp = currency_exponent(&currency);
        let minor = match unit {
            AmountUnit::Major => amount.scaled(exp).ok_or_else(|| {
                invalid(
                    field,
                    format!(
                        "is `{}` {currency}, which has {exp} decimals: round the amount to a whole number of the smallest unit",
                        amount.text()
                    ),
                )
            })?,
            AmountUnit::Minor => amount.scaled(0).ok_or_else(|| {
                invalid(
                    field,
                    format!("is `{}`, but `{}` is `minor`, whose amounts are whole numbers", amount.text(), option("amount_unit")),
                )
            })?,
        };
        Ok(Money { major: fixed(minor, exp), minor, currency })
    }

    /// The coupon amount as money (static coupons).
    fn discount_money(&self) -> Result<Money> {
        self.money(self.amount, "coupon_discount_amount")
    }

    /// A code's minimum order as money.
    fn minimum_money(&self, code: &Code) -> Result<Option<Money>> {
        match code.minimum {
            None => Ok(None),
            Some(m) => {
                self.money(Decimal { units: i128::from(m), scale: 0 }, &code.field("minimum_order_value")).map(Some)
            }
        }
    }

    /// The earlier of the coupon's and the code's expiry.
    fn code_ends(&self, code: &Code) -> Option<i64> {
        match (self.ends, code.ends) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The code's limit capped at the coupon's total (a code can never be
    /// redeemed more often than its coupon).
    fn code_limit(&self, code: &Code) -> Option<i64> {
        match (self.total, code.limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Months of a `months` / `years` duration.
    fn duration_months(&self) -> Option<i64> {
        match self.duration.as_str() {
            "months" => self.duration_value,
            "years" => self.duration_value.map(|y| y.saturating_mul(12)),
            _ => None,
        }
    }

    /// Reports `hours` / `days` durations, which no provider counts.
    fn report_short_duration(&mut self, provider: &str, instead: &str) {
        if matches!(self.duration.as_str(), "hours" | "days") {
            let reason = format!(
                "{provider} cannot limit a discount to {} {}; {instead}",
                self.duration_value.unwrap_or(0),
                self.duration
            );
            self.unmapped("coupon_duration_type", reason);
        }
    }

    /// Reports the coupon's redemption limit on providers without a coupon object.
    fn report_total(&mut self, provider: &str) {
        if self.total.is_some() {
            self.unmapped(
                "redemption_times_value",
                format!(
                    "{provider} has no limit across codes; each code's own limit is capped at the coupon's instead"
                ),
            );
        }
    }

    /// Reports `uuid_code` on providers without a coupon object.
    fn report_uuid(&mut self, provider: &str) {
        self.unmapped(
            "uuid_code",
            format!("{provider} has no coupon object; every code carries the coupon's fields instead"),
        );
    }

    /// Reports partner and subscriber limits, which no provider knows.
    fn report_people(&mut self, provider: &str) {
        let codes: Vec<(String, bool, bool)> =
            self.codes.iter().map(|c| (c.field(""), c.partners, c.subscribers)).collect();
        for (prefix, partners, subscribers) in codes {
            if partners {
                self.unmapped(
                    format!("{prefix}coupon_specific_partners"),
                    format!("{provider} has no partners; the code's partner stays with the program for attribution"),
                );
            }
            if subscribers {
                self.unmapped(
                    format!("{prefix}coupon_specific_subscribers"),
                    format!("{provider} has no subscriber restriction; any customer can use the code"),
                );
            }
        }
    }

    /// The coupon's metadata under the code's: code keys win, and a coupon key
    /// they hide is reported (once per key).
    fn merged_metadata(&self, code: &Code, hidden: &mut Vec<String>) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        for (k, v) in &self.metadata {
            if code.metadata.iter().any(|(ck, _)| ck == k) {
                if !hidden.contains(k) {
                    hidden.push(k.clone());
                }
                continue;
            }
            out.push((k.clone(), v.clone()));
        }
        out.extend(code.metadata.iter().cloned());
        out
    }

    fn report_hidden(&mut self, provider: &str, hidden: Vec<String>) {
        for k in hidden {
            self.unmapped(
                format!("metadata.{k}"),
                format!("{provider} keeps one set of data per code, and a promotion code sets the same key"),
            );
        }
    }
}

/// End of day (UTC) for a date, the instant itself for a date-time, in unix seconds.
fn end_seconds(text: &str) -> Option<i64> {
    let m = parse_date(text)?;
    i64::try_from(m.last_instant().div_euclid(1_000_000_000)).ok()
}

/// Start of day (UTC) for a date, the instant itself for a date-time.
fn start_seconds(text: &str) -> Option<i64> {
    let m = parse_date(text)?;
    i64::try_from(m.first_instant().div_euclid(1_000_000_000)).ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&Value::Null)
}

fn flag(v: &Value, key: &str) -> bool {
    get(v, key).as_bool().unwrap_or(false)
}

fn int(v: &Value, key: &str) -> Option<i64> {
    match get(v, key) {
        Value::Int(i) => Some(*i),
        _ => None,
    }
}

fn entries(v: &Value, key: &str) -> Vec<(String, Value)> {
    match get(v, key) {
        Value::Object(e) => e.clone(),
        _ => Vec::new(),
    }
}

/// A switch's value when the switch is on.
fn switched<T>(v: &Value, status: &str, value: Option<T>) -> Option<T> {
    if flag(v, status) {
        value
    } else {
        None
    }
}

fn read_code(index: usize, v: &Value) -> Code {
    let customers =
        switched(v, "limit_to_specific_customer", Some(())).map(|()| match get(v, "coupon_specific_customers") {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            one => vec![one.clone()],
        });
    Code {
        index,
        code: get(v, "code").as_str().unwrap_or_default().to_owned(),
        active: get(v, "active").as_bool().unwrap_or(true),
        first_time: flag(v, "first_time_order"),
        partners: flag(v, "limit_to_specific_partner"),
        customers,
        subscribers: flag(v, "limit_to_specific_subscriber"),
        minimum: switched(v, "minimum_order_status", int(v, "minimum_order_value")),
        ends: switched(v, "expiration_date_status", get(v, "expiration_date_value").as_str().and_then(end_seconds)),
        limit: switched(v, "redemption_times_status", int(v, "redemption_times_value")),
        metadata: entries(v, "metadata"),
    }
}

/// Checks the inputs and reads them into a [`Plan`].
fn plan(coupon: &Value, promotion_codes: &Value, options: Options) -> Result<Plan> {
    let (coupon, codes) = validate_stored(coupon, promotion_codes)?;
    let s = |key: &str| get(&coupon, key).as_str().unwrap_or_default().to_owned();
    Ok(Plan {
        name: s("name"),
        uuid: s("uuid_code"),
        active: get(&coupon, "active").as_bool().unwrap_or(true),
        percent: s("coupon_discount_type") == "percent",
        amount: Decimal::of(get(&coupon, "coupon_discount_amount")).unwrap_or(Decimal { units: 0, scale: 0 }),
        duration: s("coupon_duration_type"),
        duration_value: int(&coupon, "coupon_duration_value"),
        ends: switched(
            &coupon,
            "redemption_specific_date_status",
            get(&coupon, "redemption_specific_date_value").as_str().and_then(end_seconds),
        ),
        total: switched(&coupon, "redemption_times_status", int(&coupon, "redemption_times_value")),
        metadata: entries(&coupon, "metadata"),
        codes: codes.iter().enumerate().map(|(i, c)| read_code(i, c)).collect(),
        options,
        unmapped: Vec::new(),
    })
}

/// Every code must be valid on the provider's platform before anything is built.
fn check_codes(plan: &Plan, platform: crate::Platform) -> Result<()> {
    for code in &plan.codes {
        let report = crate::validate(&code.code, platform);
        if let Some(issue) = report.issues.first() {
            return Err(invalid(
                code.field("code"),
                format!("is `{}`, which is not valid on {platform}: {}", Quoted(&code.code), issue.message),
            ));
        }
    }
    Ok(())
}

fn headers(pairs: &[(&str, &str)]) -> Value {
    Value::object(pairs.iter().map(|(k, v)| (*k, Value::from(*v))))
}

fn request(path: String, headers: Value, body: Value) -> Value {
    Value::object([("method", Value::from("POST")), ("path", Value::from(path)), ("headers", headers), ("body", body)])
}

/// Builds the requests that create `coupon` and its promotion codes on `provider`
/// (see the [module docs](self) for the output, options, dates and mapping).
///
/// `coupon` is shaped like [`validate_coupon`](crate::validate_coupon)'s output (its
/// own `promotion_codes` are created too); `promotion_codes` is `null` or a list of
/// promotion codes shaped like [`validate_promotion_code`](crate::validate_promotion_code)'s
/// output, whose `coupon_uuid` may be left out. `options` is `null` or an object
/// with the [`PROVIDER_OPTIONS`] keys, spelled in `style`.
///
/// # Errors
///
/// [`Error::ValidationFailed`] when the coupon or a code breaks the Partnero API's
/// rules, or lacks `uuid_code` / `code`; [`Error::InvalidValue`] for an unknown
/// provider, a code the provider does not accept, a missing `currency` or
/// `amount_unit`, or a value the provider cannot take;
/// [`Error::UnknownOption`] / [`Error::InvalidType`] for bad options.
pub fn provider_requests(
    coupon: &Value,
    promotion_codes: &Value,
    provider: &str,
    options: &Value,
    style: KeyStyle,
) -> Result<Value> {
    let provider = Provider::from_name(provider)?;
    let options = read(options, style)?;
    let field = |snake: &str| crate::api::from_host::display_key(snake, style);
    if options.api_version.is_some() && matches!(provider, Provider::Paddle | Provider::WooCommerce) {
        return Err(invalid(
            field("api_version"),
            format!("is set, but {} has no API version to choose; leave it out", provider.name()),
        ));
    }
    let mut plan = plan(coupon, promotion_codes, options)?;
    let requests = match provider {
        Provider::Stripe => stripe::build(&mut plan, &field("api_version"))?,
        Provider::Paddle => paddle::build(&mut plan)?,
        Provider::Shopify => shopify::build(&mut plan, &field("api_version"), &field("starts_at"))?,
        Provider::WooCommerce => woocommerce::build(&mut plan)?,
    };
    Ok(Value::object([("requests", Value::Array(requests)), ("unmapped", Value::Array(plan.unmapped))]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        let d = Decimal::of(&Value::Float(12.5)).unwrap();
        assert_eq!((d.text(), d.scaled(2), d.scaled(0)), ("12.5".to_owned(), Some(1250), None));
        assert_eq!(Decimal::of(&Value::Float(0.1)).unwrap().hundredth().to_f64(), 0.001);
        assert_eq!(Decimal::of(&Value::Float(33.33)).unwrap().hundredth().to_f64(), 0.3333);
        assert_eq!(Decimal::of(&Value::Float(5e-324)).unwrap().scaled(2), None);
        assert_eq!(fixed(5, 2), "0.05");
        assert_eq!(fixed(1250, 0), "1250");
        assert_eq!(fixed(1234, 3), "1.234");
    }

    #[test]
    fn dates_end_at_the_end_of_the_day_utc() {
        assert_eq!(end_seconds("2026-12-31"), Some(1_798_761_599));
        assert_eq!(rfc3339(1_798_761_599), "2026-12-31T23:59:59Z");
        assert_eq!(end_seconds("2026-12-31T10:00:00.9+02:00").map(rfc3339).as_deref(), Some("2026-12-31T08:00:00Z"));
        assert_eq!(start_seconds("2024-02-29").map(rfc3339).as_deref(), Some("2024-02-29T00:00:00Z"));
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }
}
