//! `coupon`: `validate_coupon`, `validate_promotion_code` and `check_redemption`
//! on JSON-ish value trees (biased towards the fields and words the rules read),
//! some of them nested far deeper than `MAX_DEPTH` on purpose.
//!
//! Invariants:
//! - nothing panics; every error has a catalogue code and a bounded message;
//! - misuse is not a 422: a request deeper than `MAX_DEPTH` fails with
//!   `input_too_deep`, an unknown provider in `connected` with `invalid_value`,
//!   a non-object with `invalid_type`; any other failure is `validation_failed`
//!   with a 422 body (`message` under 300 bytes, at most `MAX_LISTED_ERRORS`
//!   messages, none empty);
//! - a successful output has every documented field in the documented order,
//!   validates again (other seed) to itself, has a `uuid_code` valid on
//!   `partnero-coupon`, promotion codes valid on `partnero`, unique by canonical
//!   key and pointing at the coupon's `uuid_code`;
//! - `check_redemption` gives reasons from `REDEMPTION_REASONS`, each once, in
//!   that order, or fails with `invalid_type` / `invalid_value` /
//!   `input_too_deep` (the latter whenever an argument is too deep); a normalised
//!   promotion code with its own coupon and a well-formed order is always
//!   checkable.

use crate::arb::{encode_variant, Encode, Text};
use crate::spec::{FValue, Key};
use crate::{ensure, error_problem, fuzz_enum, fuzz_struct, repro};
use arbitrary::Arbitrary;
use promocode::value::MAX_DEPTH;
use promocode::{
    canonical_key, check_redemption, validate_coupon, validate_promotion_code, Error, ErrorCode, Platform, Value,
    REDEMPTION_REASONS,
};
use std::collections::HashSet;
use std::fmt;

fuzz_enum! {
    /// A provider name.
    pub enum ProviderPick { Stripe, Shopify, Woocommerce, Paddle }
}

/// An entry of `connected`.
#[derive(Arbitrary, Clone)]
pub enum Connected {
    /// A provider, maybe upper-cased and padded with spaces.
    Known(ProviderPick, bool, bool),
    /// Anything.
    Raw(Text),
}

impl Encode for Connected {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Connected::Known(p, upper, pad) => {
                encode_variant(0, 2, out);
                p.encode(out);
                upper.encode(out);
                pad.encode(out);
            }
            Connected::Raw(t) => {
                encode_variant(1, 2, out);
                t.encode(out);
            }
        }
    }
}

impl Connected {
    fn name(&self) -> String {
        match self {
            Connected::Known(p, upper, pad) => {
                let mut s = format!("{p:?}").to_lowercase();
                if *upper {
                    s = s.to_uppercase();
                }
                if *pad {
                    s = format!(" {s} ");
                }
                s
            }
            Connected::Raw(t) => t.0.clone(),
        }
    }
}

fuzz_struct! {
    /// A value nested `levels` (× 16 when `far`) levels deep, added as `metadata`
    /// to every request.
    pub struct DeepSpec {
        pub levels: u8,
        pub far: bool,
        pub object: bool,
    }
}

impl DeepSpec {
    fn value(&self) -> Value {
        let n = usize::from(self.levels) * if self.far { 16 } else { 1 };
        let mut v = Value::from("x");
        for _ in 0..n {
            v = if self.object { Value::Object(vec![("k".into(), v)]) } else { Value::Array(vec![v]) };
        }
        v
    }
}

fuzz_struct! {
    /// The `coupon` input.
    pub struct CouponInput {
        pub coupon: Vec<(Key, FValue)>,
        pub promotion: Vec<(Key, FValue)>,
        pub order: Vec<(Key, FValue)>,
        pub connected: Vec<Connected>,
        pub seed: Option<u64>,
        pub deep: Option<DeepSpec>,
        /// Any value as a request (non-objects included).
        pub raw: Option<FValue>,
    }
}

/// What the check runs on.
struct Case {
    coupon: Value,
    promotion: Value,
    order: Value,
    connected: Vec<String>,
    raw: Option<Value>,
}

fn object(entries: &[(Key, FValue)], deep: Option<&DeepSpec>) -> Value {
    let mut entries: Vec<(String, Value)> = entries.iter().map(|(k, v)| (k.as_string(), v.value())).collect();
    if let Some(d) = deep {
        entries.push(("metadata".into(), d.value()));
    }
    Value::Object(entries)
}

impl CouponInput {
    fn case(&self) -> Case {
        let deep = self.deep.as_ref();
        Case {
            coupon: object(&self.coupon, deep),
            promotion: object(&self.promotion, deep),
            order: object(&self.order, deep),
            connected: self.connected.iter().map(Connected::name).collect(),
            raw: self.raw.as_ref().map(FValue::value),
        }
    }
}

impl fmt::Debug for CouponInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.case();
        writeln!(f, "// fuzz target `coupon`")?;
        writeln!(f, "let coupon = {};", repro::value(&c.coupon))?;
        writeln!(f, "let promotion = {};", repro::value(&c.promotion))?;
        writeln!(f, "let order = {};", repro::value(&c.order))?;
        writeln!(f, "let connected: &[&str] = &{};", repro::str_array(&c.connected))?;
        writeln!(f, "let seed: Option<u64> = {:?};", self.seed)?;
        writeln!(f, "if let Ok(out) = validate_coupon(&coupon, connected, seed) {{")?;
        writeln!(f, "    let again = validate_coupon(&out, connected, seed.map(|s| s.wrapping_add(1)));")?;
        writeln!(f, "    assert_eq!(again.map(|v| v.to_string()), Ok(out.to_string()));")?;
        writeln!(f, "}}")?;
        writeln!(f, "if let Ok(out) = validate_promotion_code(&promotion, seed) {{")?;
        writeln!(
            f,
            "    assert_eq!(validate_promotion_code(&out, None).map(|v| v.to_string()), Ok(out.to_string()));"
        )?;
        writeln!(f, "}}")?;
        write!(f, "let _ = check_redemption(&promotion, &coupon, &order);")?;
        if let Some(raw) = &c.raw {
            writeln!(f)?;
            writeln!(f, "let raw = {};", repro::value(raw))?;
            writeln!(f, "let _ = validate_coupon(&raw, connected, seed);")?;
            writeln!(f, "let _ = validate_promotion_code(&raw, seed);")?;
            write!(f, "let _ = check_redemption(&raw, &raw, &raw);")?;
        }
        Ok(())
    }
}

const COUPON_FIELDS: &[&str] = &[
    "name",
    "uuid_code",
    "active",
    "coupon_discount_type",
    "coupon_discount_amount",
    "coupon_duration_type",
    "coupon_duration_value",
    "redemption_specific_date_status",
    "redemption_specific_date_value",
    "redemption_times_status",
    "redemption_times_value",
    "times_redeemed",
    "metadata",
    "promotion_codes",
    "sync",
];

const PROMOTION_FIELDS: &[&str] = &[
    "coupon_uuid",
    "code",
    "active",
    "first_time_order",
    "limit_to_specific_partner",
    "coupon_specific_partners",
    "limit_to_specific_customer",
    "coupon_specific_customers",
    "limit_to_specific_subscriber",
    "coupon_specific_subscribers",
    "minimum_order_status",
    "minimum_order_value",
    "expiration_date_status",
    "expiration_date_value",
    "redemption_times_status",
    "redemption_times_value",
    "times_redeemed",
    "metadata",
];

fn keys(v: &Value) -> Vec<&str> {
    match v {
        Value::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn too_deep(v: &Value) -> bool {
    v.depth() > MAX_DEPTH
}

/// The misuse error a request must give, if any (`None`: a 422 or success).
fn expected_misuse(request: &Value, connected_ok: bool) -> Option<ErrorCode> {
    if !matches!(request, Value::Object(_)) {
        Some(ErrorCode::InvalidType)
    } else if too_deep(request) {
        Some(ErrorCode::InputTooDeep)
    } else if !connected_ok {
        Some(ErrorCode::InvalidValue)
    } else {
        None
    }
}

/// Checks a failure of `what`: the misuse it must be, or a well-formed 422.
fn check_failure(input: &CouponInput, what: &str, e: &Error, misuse: Option<ErrorCode>) {
    if let Some(p) = error_problem(e) {
        crate::fail!(input, "{what}: {p}: {e:?}");
    }
    match misuse {
        Some(code) => ensure!(input, e.code() == code, "{what} failed with {}, expected {code}: {e}", e.code()),
        None => {
            ensure!(input, e.code() == ErrorCode::ValidationFailed, "{what} failed with {}: {e}", e.code());
            let Some(body) = e.validation_body() else { crate::fail!(input, "{what}: a 422 without a body") };
            let message = body.get("message").and_then(Value::as_str).unwrap_or_default();
            ensure!(input, !message.is_empty() && message.len() < 300, "{what}: 422 message {message:?}");
            let Some(Value::Object(errors)) = body.get("errors") else {
                crate::fail!(input, "{what}: 422 body without an `errors` object: {body}")
            };
            ensure!(input, !errors.is_empty(), "{what}: 422 with no errors: {body}");
            let mut total = 0;
            for (field, messages) in errors {
                let Value::Array(messages) = messages else {
                    crate::fail!(input, "{what}: errors.{field} is not a list: {body}")
                };
                ensure!(input, !messages.is_empty(), "{what}: errors.{field} is empty");
                for m in messages {
                    ensure!(input, m.as_str().is_some_and(|m| !m.is_empty()), "{what}: errors.{field} has {m}");
                }
                total += messages.len();
            }
            ensure!(
                input,
                total <= promocode::coupon::MAX_LISTED_ERRORS,
                "{what}: {total} messages listed (> {})",
                promocode::coupon::MAX_LISTED_ERRORS
            );
        }
    }
}

fn check_promotion_output(input: &CouponInput, what: &str, p: &Value) {
    ensure!(input, keys(p) == PROMOTION_FIELDS, "{what}: promotion code fields {:?}", keys(p));
    let code = p.get("code").and_then(Value::as_str).unwrap_or_default();
    let report = Platform::Partnero.validate(code);
    ensure!(input, report.valid, "{what}: code {code:?} is invalid on partnero: {:?}", report.issues);
    let uuid = p.get("coupon_uuid").and_then(Value::as_str).unwrap_or_default();
    ensure!(input, Platform::PartneroCoupon.validate(uuid).valid, "{what}: coupon_uuid {uuid:?} is invalid");
}

/// An order every normalised promotion code must be checkable against.
fn plain_order() -> Value {
    Value::Object(vec![
        ("amount".into(), Value::Int(10)),
        ("date".into(), Value::from("2025-06-30T12:00Z")),
        ("first_order".into(), Value::Bool(false)),
    ])
}

fn check_reasons(input: &CouponInput, what: &str, result: &Result<Vec<&'static str>, Error>, deep: bool) {
    match result {
        Ok(reasons) => {
            ensure!(input, !deep, "{what}: an argument deeper than {MAX_DEPTH} was accepted");
            let mut last = None;
            for r in reasons {
                let Some(i) = REDEMPTION_REASONS.iter().position(|x| x == r) else {
                    crate::fail!(input, "{what}: reason {r:?} is not in REDEMPTION_REASONS")
                };
                ensure!(input, last.is_none_or(|l| i > l), "{what}: reasons {reasons:?} out of order or repeated");
                last = Some(i);
            }
        }
        Err(e) => {
            if let Some(p) = error_problem(e) {
                crate::fail!(input, "{what}: {p}: {e:?}");
            }
            if deep {
                ensure!(input, e.code() == ErrorCode::InputTooDeep, "{what}: too deep but failed with {}", e.code());
            }
            ensure!(
                input,
                matches!(e.code(), ErrorCode::InvalidType | ErrorCode::InvalidValue | ErrorCode::InputTooDeep),
                "{what} failed with {}: {e}",
                e.code()
            );
        }
    }
}

/// The `coupon` check.
pub fn check(input: &CouponInput) {
    let c = input.case();
    let connected: Vec<&str> = c.connected.iter().map(String::as_str).collect();
    let connected_ok = connected
        .iter()
        .all(|n| ["stripe", "shopify", "woocommerce", "paddle"].iter().any(|p| p.eq_ignore_ascii_case(n.trim())));
    let seed = input.seed;
    let other_seed = seed.map(|s| s.wrapping_add(1));

    // Coupons.
    let coupon_out = match validate_coupon(&c.coupon, &connected, seed) {
        Ok(out) => {
            ensure!(input, expected_misuse(&c.coupon, connected_ok).is_none(), "validate_coupon accepted misuse");
            ensure!(input, keys(&out) == COUPON_FIELDS, "coupon fields {:?}", keys(&out));
            match validate_coupon(&out, &connected, other_seed) {
                Ok(again) => ensure!(
                    input,
                    again.to_string() == out.to_string(),
                    "coupon output does not validate to itself:\n  {out}\n  {again}"
                ),
                Err(e) => crate::fail!(input, "coupon output {out} does not validate: {e}"),
            }
            let uuid = out.get("uuid_code").and_then(Value::as_str).unwrap_or_default().to_owned();
            let report = Platform::PartneroCoupon.validate(&uuid);
            ensure!(input, report.valid, "uuid_code {uuid:?} invalid on partnero-coupon: {:?}", report.issues);
            ensure!(input, out.get("name").and_then(Value::as_str).is_some(), "coupon name is not a string");
            let Some(Value::Array(promotions)) = out.get("promotion_codes") else {
                crate::fail!(input, "promotion_codes is not a list in {out}")
            };
            let mut seen = HashSet::new();
            for p in promotions {
                check_promotion_output(input, "nested promotion code", p);
                let code = p.get("code").and_then(Value::as_str).unwrap_or_default();
                ensure!(input, seen.insert(canonical_key(code)), "promotion code {code:?} twice (by canonical key)");
                ensure!(
                    input,
                    p.get("coupon_uuid").and_then(Value::as_str) == Some(uuid.as_str()),
                    "nested promotion code's coupon_uuid is not the coupon's uuid_code {uuid:?}"
                );
            }
            Some(out)
        }
        Err(e) => {
            check_failure(input, "validate_coupon", &e, expected_misuse(&c.coupon, connected_ok));
            None
        }
    };

    // Promotion codes.
    let promotion_out = match validate_promotion_code(&c.promotion, seed) {
        Ok(out) => {
            ensure!(input, expected_misuse(&c.promotion, true).is_none(), "validate_promotion_code accepted misuse");
            check_promotion_output(input, "promotion code", &out);
            match validate_promotion_code(&out, other_seed) {
                Ok(again) => ensure!(
                    input,
                    again.to_string() == out.to_string(),
                    "promotion code output does not validate to itself:\n  {out}\n  {again}"
                ),
                Err(e) => crate::fail!(input, "promotion code output {out} does not validate: {e}"),
            }
            let uuid = out.get("coupon_uuid").cloned().unwrap_or(Value::Null);
            let own = Value::Object(vec![("uuid_code".into(), uuid)]);
            let r = check_redemption(&out, &own, &plain_order());
            ensure!(input, r.is_ok(), "a normalised promotion code is not checkable: {r:?}");
            check_reasons(input, "check_redemption(normalised)", &r, false);
            Some(out)
        }
        Err(e) => {
            check_failure(input, "validate_promotion_code", &e, expected_misuse(&c.promotion, true));
            None
        }
    };

    // Redemption, on the raw requests and on the normalised outputs.
    let deep = too_deep(&c.promotion) || too_deep(&c.coupon) || too_deep(&c.order);
    let r = check_redemption(&c.promotion, &c.coupon, &c.order);
    check_reasons(input, "check_redemption(requests)", &r, deep);
    if let Some(coupon) = &coupon_out {
        if let Some(Value::Array(promotions)) = coupon.get("promotion_codes") {
            if let Some(p) = promotions.first() {
                let r = check_redemption(p, coupon, &plain_order());
                ensure!(input, r.is_ok(), "a coupon's own normalised promotion code is not checkable: {r:?}");
                check_reasons(input, "check_redemption(coupon's own code)", &r, false);
                let r = check_redemption(p, coupon, &c.order);
                check_reasons(input, "check_redemption(coupon's own code, order)", &r, too_deep(&c.order));
            }
        }
        if let Some(p) = &promotion_out {
            let r = check_redemption(p, coupon, &c.order);
            check_reasons(input, "check_redemption(outputs, order)", &r, too_deep(&c.order));
        }
    }

    // Anything as a request.
    if let Some(raw) = &c.raw {
        match validate_coupon(raw, &connected, seed) {
            Ok(_) => ensure!(input, expected_misuse(raw, connected_ok).is_none(), "raw: accepted misuse"),
            Err(e) => check_failure(input, "validate_coupon(raw)", &e, expected_misuse(raw, connected_ok)),
        }
        match validate_promotion_code(raw, seed) {
            Ok(_) => ensure!(input, expected_misuse(raw, true).is_none(), "raw: accepted misuse"),
            Err(e) => check_failure(input, "validate_promotion_code(raw)", &e, expected_misuse(raw, true)),
        }
        let r = check_redemption(raw, raw, raw);
        if let Err(e) = &r {
            if let Some(p) = error_problem(e) {
                crate::fail!(input, "check_redemption(raw): {p}: {e:?}");
            }
        }
        if matches!(raw, Value::Object(_)) {
            check_reasons(input, "check_redemption(raw)", &r, too_deep(raw));
        }
    }
}
