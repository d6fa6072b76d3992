//! Coupons and promotion codes as the Partnero API defines them: request
//! validation with the API's 422 body, redemption checks, and attribution.
//!
//! - [`validate_coupon`] checks a `POST /v1/coupons` request and returns the
//!   normalised coupon (defaults filled in, codes generated where absent).
//! - [`validate_promotion_code`] does the same for `POST /v1/promotion-codes`.
//! - [`check_redemption`] says whether an order may redeem a promotion code, and if
//!   not, every reason why ([`REDEMPTION_REASONS`]).
//! - [`attribute`] decides which partner a sale belongs to: a promotion code used
//!   at checkout beats a referral cookie.
//!
//! # How requests are read
//!
//! The Partnero API is a Laravel application, and requests are read the way
//! Laravel reads them with its default middleware and rules:
//!
//! - strings are trimmed; a string that is empty after trimming counts as absent,
//!   like `null` or a missing field (so `"uuid_code": ""` gets a generated code);
//! - booleans accept `true`, `false`, `0`, `1`, `"0"` and `"1"` (Laravel's
//!   `boolean`) and come out as `true` / `false`;
//! - integers accept JSON integers, whole floats and integer strings such as
//!   `"20"` (`integer`); numbers also accept numeric strings such as `"12.5"`
//!   (`numeric`). Whole numbers come out as integers, others as floats;
//! - every number must be at most 2^53 − 1, so that all runtimes (JavaScript
//!   included) hold it exactly;
//! - a field that has the wrong type gets that one message; otherwise every rule
//!   it breaks gets a message (a 300-character `uuid_code` with a `!` in it is
//!   both too long and of an invalid format);
//! - unknown fields are ignored and left out of the normalised output, as
//!   Laravel's `validated()` does. Read-only fields of the API's responses
//!   (`times_redeemed`, `created_at`, ...) are unknown fields of a request.
//!
//! # The create-coupon request
//!
//! | field | rules |
//! |---|---|
//! | `name` | optional string, at most 255 characters; defaults to `uuid_code` |
//! | `uuid_code` | optional, `[A-Za-z0-9_-]`, at most 255 characters; generated when absent ([`UUID_CODE_LENGTH`] characters) |
//! | `active` | optional boolean, default `true` |
//! | `coupon_discount_type` | **required**, `percent` or `static` |
//! | `coupon_discount_amount` | **required** number; 0–100 for `percent`, at least 0 for `static` |
//! | `coupon_duration_type` | **required**, `once`, `hours`, `days`, `months`, `years` or `lifetime` |
//! | `coupon_duration_value` | integer ≥ 1; required when the duration type is `hours`, `days`, `months` or `years` |
//! | `redemption_specific_date_status` | optional boolean, default `false` |
//! | `redemption_specific_date_value` | ISO-8601 date; required when the status is `true` |
//! | `redemption_times_status` | optional boolean, default `false` |
//! | `redemption_times_value` | integer ≥ 1; required when the status is `true` |
//! | `metadata` | optional object (an empty list counts as `{}`), kept as given |
//! | `promotion_codes` | optional list of at most [`MAX_PROMOTION_CODES`] promotion codes (an empty object counts as `[]`) |
//! | `sync` | optional object; `sync.provider` is required in it, one of `stripe`, `shopify`, `woocommerce`, `paddle`, and must be in `connected` |
//!
//! Each element of `promotion_codes` follows the promotion-code rules below,
//! except that `coupon_uuid` is not read: nested codes belong to the coupon being
//! created and get its `uuid_code`. Their `code`s must be unique within the request
//! by [`canonical_key`](crate::canonical_key) (case-insensitively): every code of a
//! duplicate group gets `The promotion_codes.N.code field has a duplicate value.`
//!
//! # The create-promotion-code request
//!
//! | field | rules |
//! |---|---|
//! | `coupon_uuid` | **required**, `[A-Za-z0-9_-]`, at most 255 characters |
//! | `code` | optional, `[A-Za-z0-9_-]`, at most 100 characters; generated when absent ([`PROMOTION_CODE_LENGTH`] characters) |
//! | `active` | optional boolean, default `true` (not in the create docs; used by [`check_redemption`]) |
//! | `first_time_order` | optional boolean, default `false` |
//! | `limit_to_specific_partner` | optional boolean, default `false` |
//! | `coupon_specific_partners` | `{ id, full_name }` or a list of at most [`MAX_SPECIFIC_ENTRIES`] of them; required when the limit is `true` |
//! | `limit_to_specific_customer` / `coupon_specific_customers` | likewise, entries `{ id, customer_full_name }` |
//! | `limit_to_specific_subscriber` / `coupon_specific_subscribers` | likewise, entries `{ id, subscriber_full_name }` |
//! | `minimum_order_status` / `minimum_order_value` | boolean / integer ≥ 0, required when the status is `true` |
//! | `expiration_date_status` / `expiration_date_value` | boolean / ISO-8601 date, required when the status is `true` |
//! | `redemption_times_status` / `redemption_times_value` | boolean / integer ≥ 1, required when the status is `true` |
//! | `metadata` | optional object |
//!
//! An entry's `id` is required and is a string (at most 255 characters) or an
//! integer; its name is an optional string. An empty entry object or list counts
//! as absent.
//!
//! # Failures
//!
//! A request that breaks rules gives [`Error::ValidationFailed`]; its
//! [`Error::validation_body`] is the API's 422 body:
//!
//! ```json
//! {"message": "The coupon discount type field is required. (and 1 more error)",
//!  "errors": {"coupon_discount_type": ["The coupon discount type field is required."],
//!             "coupon_duration_type": ["The coupon duration type field is required."]}}
//! ```
//!
//! Messages use Laravel's wording: `The :attribute field is required.`,
//! `The :attribute field is required when :other is :value.`,
//! `The selected :attribute is invalid.`, `The :attribute must be between :min and
//! :max.`, `The :attribute must be at least :min.`, `The :attribute must not be
//! greater than :max.`, `The :attribute must not be greater than :max characters.`,
//! `The :attribute format is invalid.`, `The :attribute must be a string.`,
//! `The :attribute must be an integer.`, `The :attribute must be a number.`,
//! `The :attribute field must be true or false.`, `The :attribute is not a valid
//! date.`, `The :attribute must be an array.`, `The :attribute must not have more
//! than :max items.`, `The :attribute field has a duplicate value.`, and
//! `stripe is not connected for this program.` Where Laravel would say "array" for
//! a PHP map, these messages say `The :attribute must be an object.`, and an `id`
//! of the wrong type gets `The :attribute must be a string or an integer.`
//! The attribute is the field path with `_` shown as a space (`coupon discount
//! type`, `sync.provider`), except below a list index, where Laravel shows the path
//! verbatim (`promotion_codes.0.code`). No message quotes the input, so a huge
//! input never makes a huge message.
//!
//! `message` is the first message, followed by `(and 1 more error)` or
//! `(and N more errors)`. At most [`MAX_LISTED_ERRORS`] messages are listed in
//! `errors`; `N` still counts all of them.
//!
//! Misuse is not a 422: a request that is not an object is
//! [`Error::InvalidType`], one nested deeper than [`MAX_DEPTH`](crate::value::MAX_DEPTH)
//! is [`Error::InputTooDeep`], and an unknown provider name in `connected` is
//! [`Error::InvalidValue`].
//!
//! # Dates
//!
//! `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fffffffff]][Z|±HH:MM]` (the `T` may also
//! be `t` or a space, `Z` may be `z`). The calendar is checked (`2023-02-29` and
//! `2024-04-31` are invalid, `2024-02-29` is valid). A time without an offset is
//! UTC. Dates are kept in the output as given (trimmed).
//!
//! # Generated codes
//!
//! Codes use the unambiguous alphabet `23456789BCDFGHJKMNPQRSTVWXZ`. With a `seed`
//! they are deterministic and identical in every runtime: the bytes are the
//! ChaCha20 keystream keyed with the seed (8 little-endian bytes, then 24 zeros),
//! a byte `b < 243` gives `ALPHABET[b % 27]` and larger bytes are skipped; the
//! `uuid_code` is drawn first, then the missing promotion codes in order, and a
//! code that collides (by canonical key) with any code of the request is redrawn.
//! Without a seed the operating system's CSPRNG is used.

use crate::error::{Error, Result};
use crate::value::Value;

mod date;
mod random;
mod redeem;
mod request;
mod rules;
#[cfg(test)]
mod tests;

pub(crate) use date::parse as parse_date;
pub(crate) use request::validate_stored;

/// Length of a generated coupon `uuid_code`.
pub const UUID_CODE_LENGTH: usize = 12;
/// Length of a generated promotion `code`.
pub const PROMOTION_CODE_LENGTH: usize = 10;
/// Most promotion codes one create-coupon request may carry.
pub const MAX_PROMOTION_CODES: usize = 1000;
/// Most entries in one `coupon_specific_partners` / `_customers` / `_subscribers` list.
pub const MAX_SPECIFIC_ENTRIES: usize = 100;
/// Most messages listed in a 422 body (the summary still counts every one).
pub const MAX_LISTED_ERRORS: usize = 100;

/// Every reason [`check_redemption`] can give, in the order it reports them.
///
/// | reason | when |
/// |---|---|
/// | `coupon_inactive` | the coupon's `active` is `false` |
/// | `coupon_expired` | the coupon's `redemption_specific_date_status` is on and the order is after `redemption_specific_date_value` |
/// | `coupon_redemption_limit_reached` | the coupon's `redemption_times_status` is on and its `times_redeemed` has reached `redemption_times_value` |
/// | `promotion_code_inactive` | the promotion code's `active` is `false` |
/// | `promotion_code_expired` | `expiration_date_status` is on and the order is after `expiration_date_value` |
/// | `promotion_code_redemption_limit_reached` | `redemption_times_status` is on and the code's `times_redeemed` has reached `redemption_times_value` |
/// | `not_first_order` | `first_time_order` is on and the order is not the customer's first |
/// | `below_minimum_order` | `minimum_order_status` is on and the order amount is below `minimum_order_value` |
/// | `customer_not_allowed` | `limit_to_specific_customer` is on and the order's customer is not in `coupon_specific_customers` |
/// | `subscriber_not_allowed` | `limit_to_specific_subscriber` is on and the order's subscriber is not in `coupon_specific_subscribers` |
pub const REDEMPTION_REASONS: &[&str] = &[
    "coupon_inactive",
    "coupon_expired",
    "coupon_redemption_limit_reached",
    "promotion_code_inactive",
    "promotion_code_expired",
    "promotion_code_redemption_limit_reached",
    "not_first_order",
    "below_minimum_order",
    "customer_not_allowed",
    "subscriber_not_allowed",
];

/// Checks a create-coupon request (`POST /v1/coupons`) and returns the normalised
/// coupon.
///
/// `connected` lists the providers connected to the program (`stripe`, `shopify`,
/// `woocommerce`, `paddle`; ASCII case is ignored); `sync.provider` must be one of
/// them. `seed` makes generated codes deterministic (see the [module docs](self)).
///
/// The output has every field, in this order: `name`, `uuid_code`, `active`,
/// `coupon_discount_type`, `coupon_discount_amount`, `coupon_duration_type`,
/// `coupon_duration_value`, `redemption_specific_date_status`,
/// `redemption_specific_date_value`, `redemption_times_status`,
/// `redemption_times_value`, `times_redeemed` (0), `metadata`, `promotion_codes`
/// (each as [`validate_promotion_code`] returns it, with `coupon_uuid` set to the
/// coupon's `uuid_code`) and `sync` (`{"provider": ...}` or `null`). Absent values
/// are `null`, absent switches `false`. The output is itself a valid request that
/// validates to the same output.
///
/// # Errors
///
/// [`Error::ValidationFailed`] with the API's 422 body when a rule is broken;
/// [`Error::InvalidType`] when `request` is not an object; [`Error::InputTooDeep`]
/// when it nests deeper than [`MAX_DEPTH`](crate::value::MAX_DEPTH);
/// [`Error::InvalidValue`] for an unknown name in `connected`.
///
/// ```
/// use promocode::{validate_coupon, Value};
/// let request = Value::object([
///     ("coupon_discount_type", Value::from("percent")),
///     ("coupon_discount_amount", Value::from(20i64)),
///     ("coupon_duration_type", Value::from("once")),
///     ("sync", Value::object([("provider", Value::from("stripe"))])),
/// ]);
/// let coupon = validate_coupon(&request, &["stripe"], Some(7)).unwrap();
/// let uuid = coupon.get("uuid_code").unwrap().as_str().unwrap();
/// assert_eq!(uuid.len(), 12);
/// assert_eq!(coupon.get("name").unwrap().as_str(), Some(uuid));
/// assert_eq!(coupon.get("active"), Some(&Value::Bool(true)));
///
/// let err = validate_coupon(&request, &[], Some(7)).unwrap_err();
/// assert_eq!(err.code().as_str(), "validation_failed");
/// assert_eq!(err.to_string(), "stripe is not connected for this program.");
/// ```
pub fn validate_coupon(request: &Value, connected: &[&str], seed: Option<u64>) -> Result<Value, Error> {
    request::validate_coupon(request, connected, seed)
}

/// Checks a create-promotion-code request (`POST /v1/promotion-codes`) and
/// returns the normalised promotion code.
///
/// The output has every field, in this order: `coupon_uuid`, `code`, `active`,
/// `first_time_order`, `limit_to_specific_partner`, `coupon_specific_partners`,
/// `limit_to_specific_customer`, `coupon_specific_customers`,
/// `limit_to_specific_subscriber`, `coupon_specific_subscribers`,
/// `minimum_order_status`, `minimum_order_value`, `expiration_date_status`,
/// `expiration_date_value`, `redemption_times_status`, `redemption_times_value`,
/// `times_redeemed` (0) and `metadata`. `code` is generated when absent.
///
/// # Errors
///
/// As [`validate_coupon`] (without the `connected` case).
///
/// ```
/// use promocode::{validate_promotion_code, Value};
/// let request = Value::object([
///     ("coupon_uuid", Value::from("SPRING")),
///     ("code", Value::from(" JOHN20 ")),
///     ("expiration_date_status", Value::from(true)),
/// ]);
/// let err = validate_promotion_code(&request, None).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "The expiration date value field is required when expiration date status is true."
/// );
///
/// let ok = Value::object([("coupon_uuid", Value::from("SPRING")), ("code", Value::from(" JOHN20 "))]);
/// let code = validate_promotion_code(&ok, None).unwrap();
/// assert_eq!(code.get("code"), Some(&Value::from("JOHN20")));
/// ```
pub fn validate_promotion_code(request: &Value, seed: Option<u64>) -> Result<Value, Error> {
    request::validate_promotion_code(request, seed)
}

/// Says whether `order` may redeem `promotion_code` of `coupon`: every reason it
/// may not, in [`REDEMPTION_REASONS`] order, or an empty list when it may.
///
/// `promotion_code` and `coupon` are objects shaped like the outputs of
/// [`validate_promotion_code`] and [`validate_coupon`], or like the API's
/// responses (a missing `active` counts as `true`, a missing switch as `false`,
/// a missing `times_redeemed` as 0; other fields are ignored). A switch that is on
/// needs its value.
///
/// `order` is an object:
///
/// | field | |
/// |---|---|
/// | `amount` | required number ≥ 0, in the unit of `minimum_order_value` |
/// | `date` | required ISO-8601 date or date-time of the order |
/// | `first_order` | required boolean: is this the customer's first order? |
/// | `customer` | optional customer id (string or integer) |
/// | `subscriber` | optional subscriber id (string or integer) |
///
/// Other order fields are ignored. An expiry date without a time covers that whole
/// day (UTC); an order date without a time counts as the start of its day.
/// `limit_to_specific_partner` is not a redemption rule: it decides who the sale
/// is attributed to (see [`attribute`]).
///
/// # Errors
///
/// [`Error::InvalidType`] for a non-object or a field of the wrong type,
/// [`Error::InvalidValue`] for a bad value (a date that is not ISO-8601, a negative
/// amount, a `coupon_uuid` that is not the coupon's `uuid_code`),
/// [`Error::InputTooDeep`] for nesting deeper than [`MAX_DEPTH`](crate::value::MAX_DEPTH).
///
/// ```
/// use promocode::{check_redemption, Value};
/// let code = Value::object([
///     ("first_time_order", Value::from(true)),
///     ("minimum_order_status", Value::from(true)),
///     ("minimum_order_value", Value::from(50i64)),
///     ("expiration_date_status", Value::from(true)),
///     ("expiration_date_value", Value::from("2025-12-31")),
/// ]);
/// let coupon = Value::object([("active", Value::from(true))]);
/// let order = Value::object([
///     ("amount", Value::from(20i64)),
///     ("date", Value::from("2026-01-01T00:30:00+01:00")),
///     ("first_order", Value::from(false)),
/// ]);
/// // 2026-01-01T00:30+01:00 is still 2025-12-31 in UTC: not expired.
/// assert_eq!(check_redemption(&code, &coupon, &order).unwrap(), ["not_first_order", "below_minimum_order"]);
/// ```
pub fn check_redemption(promotion_code: &Value, coupon: &Value, order: &Value) -> Result<Vec<&'static str>, Error> {
    redeem::check_redemption(promotion_code, coupon, order)
}

/// Where an attributed sale's partner came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttributionSource {
    /// The promotion code the customer typed at checkout.
    PromotionCode,
    /// The referral cookie set when the customer followed a partner's link.
    ReferralCookie,
}

impl AttributionSource {
    /// `promotion_code` or `referral_cookie`.
    ///
    /// ```
    /// assert_eq!(promocode::AttributionSource::ReferralCookie.as_str(), "referral_cookie");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionSource::PromotionCode => "promotion_code",
            AttributionSource::ReferralCookie => "referral_cookie",
        }
    }
}

/// The partner a sale is attributed to, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Attribution<'a> {
    /// The partner's id.
    pub partner: &'a str,
    /// Where the partner came from.
    pub source: AttributionSource,
}

/// Decides who gets the sale: the partner of the promotion code used at checkout
/// beats the partner of the referral cookie; `None` when there is neither.
///
/// An id that is empty or only whitespace counts as no partner.
///
/// ```
/// use promocode::{attribute, AttributionSource};
/// let a = attribute(Some("p-code"), Some("p-cookie")).unwrap();
/// assert_eq!((a.partner, a.source), ("p-code", AttributionSource::PromotionCode));
/// let b = attribute(None, Some("p-cookie")).unwrap();
/// assert_eq!(b.source, AttributionSource::ReferralCookie);
/// assert_eq!(attribute(Some(" "), None), None);
/// ```
pub fn attribute<'a>(
    promotion_code_partner: Option<&'a str>,
    referral_cookie_partner: Option<&'a str>,
) -> Option<Attribution<'a>> {
    let usable = |p: Option<&'a str>| p.filter(|id| !id.trim().is_empty());
    usable(promotion_code_partner)
        .map(|partner| Attribution { partner, source: AttributionSource::PromotionCode })
        .or_else(|| {
            usable(referral_cookie_partner)
                .map(|partner| Attribution { partner, source: AttributionSource::ReferralCookie })
        })
}
