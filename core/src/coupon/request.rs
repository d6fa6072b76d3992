//! The create-coupon and create-promotion-code requests: rules, normalisation and
//! generated codes.

use super::random::{generate_code, CodeSource};
use super::rules::{deeper_than, present, Errors, Fields, Got, Scope};
use super::{MAX_PROMOTION_CODES, MAX_SPECIFIC_ENTRIES, PROMOTION_CODE_LENGTH, UUID_CODE_LENGTH};
use crate::error::{Error, Quoted, Result};
use crate::value::{Value, MAX_DEPTH, MAX_SAFE_INTEGER};
use crate::{canonical_key, Platform};
use std::collections::{HashMap, HashSet};

/// `coupon_discount_type` values.
pub(crate) const DISCOUNT_TYPES: &[&str] = &["percent", "static"];
/// `coupon_duration_type` values.
pub(crate) const DURATION_TYPES: &[&str] = &["once", "hours", "days", "months", "years", "lifetime"];
/// The duration types that need a `coupon_duration_value`.
const COUNTED_DURATIONS: &[&str] = &["hours", "days", "months", "years"];
/// `sync.provider` values.
pub(crate) const PROVIDERS: &[&str] = &["stripe", "shopify", "woocommerce", "paddle"];

/// Longest `name`, in characters.
const MAX_NAME: usize = 255;
/// Longest `uuid_code` / `coupon_uuid`.
const MAX_UUID_CODE: usize = 255;
/// Longest promotion `code`.
const MAX_CODE: usize = 100;
/// How often a generated code that is already taken is redrawn before giving up.
const MAX_REDRAWS: usize = 64;

/// `[A-Za-z0-9_-]+` (the length is checked separately).
fn code_characters(s: &str) -> bool {
    s.chars().all(|c| Platform::Partnero.allows(c))
}

/// Rejects what is not a request at all: a non-object, or nesting beyond
/// [`MAX_DEPTH`].
pub(crate) fn check_shape(value: &Value, field: &str) -> Result<()> {
    if !matches!(value, Value::Object(_)) {
        return Err(Error::InvalidType { field: field.to_owned(), expected: "an object", got: value.type_name() });
    }
    if deeper_than(value, MAX_DEPTH) {
        return Err(Error::InputTooDeep { max: MAX_DEPTH });
    }
    Ok(())
}

/// The connected providers, checked: an unknown name is a typo, not "not connected".
fn parse_connected(connected: &[&str]) -> Result<Vec<&'static str>> {
    connected
        .iter()
        .map(|name| {
            let trimmed = name.trim();
            PROVIDERS.iter().copied().find(|p| p.eq_ignore_ascii_case(trimmed)).ok_or_else(|| Error::InvalidValue {
                field: "connected".into(),
                reason: format!(
                    "has `{}`, which is not a provider; use `stripe`, `shopify`, `woocommerce` or `paddle`",
                    Quoted(name)
                ),
            })
        })
        .collect()
}

/// A promotion code that passed its rules, waiting for its coupon's `uuid_code`
/// and, when absent, a generated `code`.
struct PromotionDraft {
    coupon_uuid: Option<String>,
    code: Option<String>,
    /// Every other field, normalised, in output order.
    rest: Vec<(String, Value)>,
}

impl PromotionDraft {
    fn into_value(self, coupon_uuid: String, code: String) -> Value {
        let mut entries = Vec::with_capacity(self.rest.len() + 2);
        entries.push(("coupon_uuid".to_owned(), Value::String(coupon_uuid)));
        entries.push(("code".to_owned(), Value::String(code)));
        entries.extend(self.rest);
        Value::Object(entries)
    }
}

/// A coupon that passed its rules, waiting for generated codes.
struct CouponDraft {
    name: Option<String>,
    uuid_code: Option<String>,
    /// The fields between `uuid_code` and `promotion_codes`, in output order.
    middle: Vec<(String, Value)>,
    promotions: Vec<PromotionDraft>,
    sync: Value,
}

fn entry(key: &str, value: Value) -> (String, Value) {
    (key.to_owned(), value)
}

fn or_null<T: Into<Value>>(got: Got<T>) -> Value {
    got.ok().map_or(Value::Null, Into::into)
}

/// The canonical keys that occur more than once among the well-formed `code`s of
/// a `promotion_codes` list.
fn duplicate_keys(items: &[Value]) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for item in items {
        if let Some(Value::String(s)) = present(item, "code") {
            let s = super::rules::trim(s);
            if s.chars().count() <= MAX_CODE && code_characters(s) {
                *counts.entry(canonical_key(s)).or_default() += 1;
            }
        }
    }
    counts.into_iter().filter(|(_, n)| *n > 1).map(|(k, _)| k).collect()
}

/// An `id` of a specific partner, customer or subscriber: a string or an integer.
fn specific_id(f: &mut Fields<'_, '_>) -> Got<Value> {
    match present(f.obj, "id") {
        None => Got::Absent,
        Some(Value::String(_)) => f.string("id", MAX_NAME, None).ok().map_or(Got::Bad, |s| Got::Ok(Value::String(s))),
        Some(v) => match super::rules::integer_value(v).filter(|x| x.abs() <= MAX_SAFE_INTEGER as f64) {
            Some(x) => Got::Ok(Value::Int(x as i64)),
            None => {
                let attr = f.scope.attr("id");
                f.fail("id", format!("The {attr} must be a string or an integer."));
                Got::Bad
            }
        },
    }
}

/// One `{ id, <name_key> }` entry.
fn specific_entry(f: &mut Fields<'_, '_>, name_key: &str) -> Value {
    let id = specific_id(f);
    let id = f.require("id", id);
    let name = f.string(name_key, MAX_NAME, None);
    Value::Object(vec![entry("id", or_null(id)), entry(name_key, or_null(name))])
}

/// `coupon_specific_partners` and friends: one `{ id, <name_key> }` object (the
/// current docs) or a list of them (the older docs). Empty counts as absent.
fn specific(f: &mut Fields<'_, '_>, key: &str, name_key: &str) -> Got<Value> {
    let Some(v) = present(f.obj, key) else { return Got::Absent };
    let before = f.errors.count();
    let normalised = match v {
        Value::Object(entries) if entries.is_empty() => return Got::Absent,
        Value::Array(items) if items.is_empty() => return Got::Absent,
        Value::Object(_) => {
            let mut sub = Fields { obj: v, scope: f.scope.object(key), errors: &mut *f.errors };
            specific_entry(&mut sub, name_key)
        }
        Value::Array(items) if items.len() > MAX_SPECIFIC_ENTRIES => {
            let attr = f.scope.attr(key);
            f.fail(key, format!("The {attr} must not have more than {MAX_SPECIFIC_ENTRIES} items."));
            return Got::Bad;
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                if matches!(item, Value::Object(_)) {
                    let mut sub = Fields { obj: item, scope: f.scope.item(key, i), errors: &mut *f.errors };
                    out.push(specific_entry(&mut sub, name_key));
                } else {
                    let path = f.scope.item_attr(key, i);
                    f.errors.add(&path, format!("The {path} must be an object."));
                }
            }
            Value::Array(out)
        }
        _ => {
            let attr = f.scope.attr(key);
            f.fail(key, format!("The {attr} must be an object."));
            return Got::Bad;
        }
    };
    if f.errors.count() == before {
        Got::Ok(normalised)
    } else {
        Got::Bad
    }
}

/// A boolean switch with its default.
fn switch(f: &mut Fields<'_, '_>, key: &str, default: bool) -> (Got<bool>, bool) {
    let got = f.boolean(key);
    let on = got.clone().ok().unwrap_or(default);
    (got, on)
}

/// Checks one promotion code. `nested` ones (inside a coupon) take the coupon's
/// `uuid_code` and ignore any `coupon_uuid`; `duplicates` are the canonical keys
/// used more than once in the request.
fn check_promotion(f: &mut Fields<'_, '_>, nested: bool, duplicates: &HashSet<String>) -> PromotionDraft {
    let coupon_uuid = if nested {
        None
    } else {
        let got = f.string("coupon_uuid", MAX_UUID_CODE, Some(code_characters));
        f.require("coupon_uuid", got).ok()
    };
    let code = f.string("code", MAX_CODE, Some(code_characters));
    if let Got::Ok(c) = &code {
        if duplicates.contains(&canonical_key(c)) {
            let attr = f.scope.attr("code");
            f.fail("code", format!("The {attr} field has a duplicate value."));
        }
    }
    let mut rest = Vec::with_capacity(18);
    let (_, active) = switch(f, "active", true);
    rest.push(entry("active", Value::Bool(active)));
    let (_, first) = switch(f, "first_time_order", false);
    rest.push(entry("first_time_order", Value::Bool(first)));
    for (flag, list, name_key) in [
        ("limit_to_specific_partner", "coupon_specific_partners", "full_name"),
        ("limit_to_specific_customer", "coupon_specific_customers", "customer_full_name"),
        ("limit_to_specific_subscriber", "coupon_specific_subscribers", "subscriber_full_name"),
    ] {
        let (_, on) = switch(f, flag, false);
        let got = specific(f, list, name_key);
        let got = f.require_if(list, got, on, flag, "true");
        rest.push(entry(flag, Value::Bool(on)));
        rest.push(entry(list, or_null(got)));
    }
    let (_, on) = switch(f, "minimum_order_status", false);
    let got = f.integer("minimum_order_value", 0);
    let got = f.require_if("minimum_order_value", got, on, "minimum_order_status", "true");
    rest.push(entry("minimum_order_status", Value::Bool(on)));
    rest.push(entry("minimum_order_value", or_null(got)));
    let (_, on) = switch(f, "expiration_date_status", false);
    let got = f.date("expiration_date_value");
    let got = f.require_if("expiration_date_value", got, on, "expiration_date_status", "true");
    rest.push(entry("expiration_date_status", Value::Bool(on)));
    rest.push(entry("expiration_date_value", or_null(got)));
    let (_, on) = switch(f, "redemption_times_status", false);
    let got = f.integer("redemption_times_value", 1);
    let got = f.require_if("redemption_times_value", got, on, "redemption_times_status", "true");
    rest.push(entry("redemption_times_status", Value::Bool(on)));
    rest.push(entry("redemption_times_value", or_null(got)));
    rest.push(entry("times_redeemed", Value::Int(0)));
    let metadata = f.free_object("metadata").ok().unwrap_or(Value::Object(Vec::new()));
    rest.push(entry("metadata", metadata));
    PromotionDraft { coupon_uuid, code: code.ok(), rest }
}

fn check_coupon(f: &mut Fields<'_, '_>, connected: &[&'static str]) -> CouponDraft {
    let name = f.string("name", MAX_NAME, None).ok();
    let uuid_code = f.string("uuid_code", MAX_UUID_CODE, Some(code_characters)).ok();
    let mut middle = Vec::with_capacity(12);
    let (_, active) = switch(f, "active", true);
    middle.push(entry("active", Value::Bool(active)));

    let got = f.choice("coupon_discount_type", DISCOUNT_TYPES);
    let discount_type = f.require("coupon_discount_type", got).ok();
    middle.push(entry("coupon_discount_type", discount_type.map_or(Value::Null, Value::from)));
    let max = (discount_type == Some("percent")).then_some(100);
    let got = f.number("coupon_discount_amount", 0, max);
    let got = f.require("coupon_discount_amount", got);
    middle.push(entry("coupon_discount_amount", or_null(got)));

    let got = f.choice("coupon_duration_type", DURATION_TYPES);
    let duration_type = f.require("coupon_duration_type", got).ok();
    middle.push(entry("coupon_duration_type", duration_type.map_or(Value::Null, Value::from)));
    let counted = duration_type.filter(|t| COUNTED_DURATIONS.contains(t));
    let got = f.integer("coupon_duration_value", 1);
    let got =
        f.require_if("coupon_duration_value", got, counted.is_some(), "coupon_duration_type", counted.unwrap_or(""));
    middle.push(entry("coupon_duration_value", or_null(got)));

    let (_, on) = switch(f, "redemption_specific_date_status", false);
    let got = f.date("redemption_specific_date_value");
    let got = f.require_if("redemption_specific_date_value", got, on, "redemption_specific_date_status", "true");
    middle.push(entry("redemption_specific_date_status", Value::Bool(on)));
    middle.push(entry("redemption_specific_date_value", or_null(got)));

    let (_, on) = switch(f, "redemption_times_status", false);
    let got = f.integer("redemption_times_value", 1);
    let got = f.require_if("redemption_times_value", got, on, "redemption_times_status", "true");
    middle.push(entry("redemption_times_status", Value::Bool(on)));
    middle.push(entry("redemption_times_value", or_null(got)));
    middle.push(entry("times_redeemed", Value::Int(0)));
    let metadata = f.free_object("metadata").ok().unwrap_or(Value::Object(Vec::new()));
    middle.push(entry("metadata", metadata));

    let mut promotions = Vec::new();
    match present(f.obj, "promotion_codes") {
        None => {}
        Some(Value::Object(entries)) if entries.is_empty() => {}
        Some(Value::Array(items)) if items.len() > MAX_PROMOTION_CODES => {
            let attr = f.scope.attr("promotion_codes");
            f.fail("promotion_codes", format!("The {attr} must not have more than {MAX_PROMOTION_CODES} items."));
        }
        Some(Value::Array(items)) => {
            let duplicates = duplicate_keys(items);
            for (i, item) in items.iter().enumerate() {
                if matches!(item, Value::Object(_)) {
                    let mut sub =
                        Fields { obj: item, scope: f.scope.item("promotion_codes", i), errors: &mut *f.errors };
                    promotions.push(check_promotion(&mut sub, true, &duplicates));
                } else {
                    let path = f.scope.item_attr("promotion_codes", i);
                    f.errors.add(&path, format!("The {path} must be an object."));
                }
            }
        }
        Some(_) => {
            let attr = f.scope.attr("promotion_codes");
            f.fail("promotion_codes", format!("The {attr} must be an array."));
        }
    }

    let sync = match present(f.obj, "sync") {
        None => Value::Null,
        Some(Value::Object(entries)) if entries.is_empty() => Value::Null,
        Some(Value::Array(items)) if items.is_empty() => Value::Null,
        Some(v @ Value::Object(_)) => {
            let mut sub = Fields { obj: v, scope: f.scope.object("sync"), errors: &mut *f.errors };
            let got = sub.choice("provider", PROVIDERS);
            match sub.require("provider", got) {
                Got::Ok(p) if !connected.contains(&p) => {
                    sub.fail("provider", format!("{p} is not connected for this program."));
                    Value::Null
                }
                Got::Ok(p) => Value::Object(vec![entry("provider", Value::from(p))]),
                _ => Value::Null,
            }
        }
        Some(_) => {
            let attr = f.scope.attr("sync");
            f.fail("sync", format!("The {attr} must be an object."));
            Value::Null
        }
    };
    CouponDraft { name, uuid_code, middle, promotions, sync }
}

/// Draws a code no other code of the request has (by canonical key).
fn fresh_code(source: &mut CodeSource, taken: &mut HashSet<String>, len: usize) -> Result<String> {
    for _ in 0..MAX_REDRAWS {
        let code = generate_code(source, len)?;
        if taken.insert(canonical_key(&code)) {
            return Ok(code);
        }
    }
    Err(Error::CodeSpaceExhausted { requested: 1, available: 0 })
}

pub(crate) fn validate_coupon(request: &Value, connected: &[&str], seed: Option<u64>) -> Result<Value> {
    check_shape(request, "request")?;
    let connected = parse_connected(connected)?;
    let mut errors = Errors::default();
    let draft = check_coupon(&mut Fields { obj: request, scope: Scope::default(), errors: &mut errors }, &connected);
    if let Some(e) = errors.into_error() {
        return Err(e);
    }
    let mut taken: HashSet<String> = draft.uuid_code.iter().map(|c| canonical_key(c)).collect();
    taken.extend(draft.promotions.iter().filter_map(|p| p.code.as_deref()).map(canonical_key));
    let mut source = CodeSource::new(seed);
    let uuid_code = match draft.uuid_code {
        Some(u) => u,
        None => fresh_code(&mut source, &mut taken, UUID_CODE_LENGTH)?,
    };
    let mut promotions = Vec::with_capacity(draft.promotions.len());
    for p in draft.promotions {
        let code = match p.code.clone() {
            Some(c) => c,
            None => fresh_code(&mut source, &mut taken, PROMOTION_CODE_LENGTH)?,
        };
        promotions.push(p.into_value(uuid_code.clone(), code));
    }
    let mut out = Vec::with_capacity(draft.middle.len() + 4);
    out.push(entry("name", Value::String(draft.name.unwrap_or_else(|| uuid_code.clone()))));
    out.push(entry("uuid_code", Value::String(uuid_code)));
    out.extend(draft.middle);
    out.push(entry("promotion_codes", Value::Array(promotions)));
    out.push(entry("sync", draft.sync));
    Ok(Value::Object(out))
}

pub(crate) fn validate_promotion_code(request: &Value, seed: Option<u64>) -> Result<Value> {
    check_shape(request, "request")?;
    let mut errors = Errors::default();
    let draft = check_promotion(
        &mut Fields { obj: request, scope: Scope::default(), errors: &mut errors },
        false,
        &HashSet::new(),
    );
    if let Some(e) = errors.into_error() {
        return Err(e);
    }
    let coupon_uuid = draft.coupon_uuid.clone().unwrap_or_default();
    let code = match draft.code.clone() {
        Some(c) => c,
        None => {
            let mut taken: HashSet<String> = HashSet::from([canonical_key(&coupon_uuid)]);
            fresh_code(&mut CodeSource::new(seed), &mut taken, PROMOTION_CODE_LENGTH)?
        }
    };
    Ok(draft.into_value(coupon_uuid, code))
}

/// A stored coupon and the promotion codes to create with it, for
/// [`crate::provider`]: the coupon as [`validate_coupon`] checks it (every provider
/// counts as connected), its nested `promotion_codes` first, then `extra`, each
/// checked as a nested promotion code at its index in that combined list
/// (`promotion_codes.N.code`). Unlike a create request nothing is generated:
/// `uuid_code` and every `code` are required, an extra code's `coupon_uuid` (when
/// given) must be the coupon's `uuid_code`, and codes must be unique across both
/// lists by canonical key. Returns the normalised coupon (its `promotion_codes`
/// emptied) and every normalised promotion code, in order.
pub(crate) fn validate_stored(coupon: &Value, extra: &Value) -> Result<(Value, Vec<Value>)> {
    check_shape(coupon, "coupon")?;
    let extra_items: &[Value] = match extra {
        Value::Null => &[],
        Value::Array(items) => items,
        other => {
            return Err(Error::InvalidType {
                field: "promotion_codes".into(),
                expected: "a list of promotion codes",
                got: other.type_name(),
            })
        }
    };
    if deeper_than(extra, MAX_DEPTH) {
        return Err(Error::InputTooDeep { max: MAX_DEPTH });
    }
    let nested_items: &[Value] = match present(coupon, "promotion_codes") {
        Some(Value::Array(items)) => items,
        _ => &[],
    };
    let mut errors = Errors::default();
    let draft = check_coupon(&mut Fields { obj: coupon, scope: Scope::default(), errors: &mut errors }, PROVIDERS);
    if present(coupon, "uuid_code").is_none() {
        errors.add("uuid_code", "The uuid code field is required.".into());
    }
    let combined: Vec<Value> = nested_items.iter().chain(extra_items).cloned().collect();
    let all_duplicates = duplicate_keys(&combined);
    let nested_duplicates = duplicate_keys(nested_items);
    let uuid = draft.uuid_code.clone().unwrap_or_default();
    for (i, item) in nested_items.iter().enumerate() {
        if !matches!(item, Value::Object(_)) {
            continue;
        }
        let scope = Scope::default().item("promotion_codes", i);
        match present(item, "code") {
            None => {
                let path = scope.path("code");
                errors.add(&path, format!("The {path} field is required."));
            }
            Some(Value::String(s)) => {
                let key = canonical_key(super::rules::trim(s));
                if all_duplicates.contains(&key) && !nested_duplicates.contains(&key) {
                    let path = scope.path("code");
                    errors.add(&path, format!("The {path} field has a duplicate value."));
                }
            }
            Some(_) => {}
        }
    }
    let mut extras = Vec::with_capacity(extra_items.len());
    for (j, item) in extra_items.iter().enumerate() {
        let i = nested_items.len() + j;
        if !matches!(item, Value::Object(_)) {
            let path = Scope::default().item_attr("promotion_codes", i);
            errors.add(&path, format!("The {path} must be an object."));
            continue;
        }
        let scope = Scope::default().item("promotion_codes", i);
        if let Some(Value::String(s)) = present(item, "coupon_uuid") {
            if draft.uuid_code.is_some() && super::rules::trim(s) != uuid {
                let path = scope.path("coupon_uuid");
                errors.add(&path, format!("The selected {path} is invalid."));
            }
        }
        let mut sub = Fields { obj: item, scope: scope.clone(), errors: &mut errors };
        let promotion = check_promotion(&mut sub, true, &all_duplicates);
        if present(item, "code").is_none() {
            let path = scope.path("code");
            errors.add(&path, format!("The {path} field is required."));
        }
        extras.push(promotion);
    }
    if let Some(e) = errors.into_error() {
        return Err(e);
    }
    let mut normalised = validate_coupon(coupon, PROVIDERS, Some(0))?;
    let mut codes = Vec::with_capacity(combined.len());
    if let Value::Object(entries) = &mut normalised {
        for (key, value) in entries.iter_mut() {
            if key == "promotion_codes" {
                if let Value::Array(items) = std::mem::replace(value, Value::Array(Vec::new())) {
                    codes.extend(items);
                }
            }
        }
    }
    for p in extras {
        let code = p.code.clone().unwrap_or_default();
        codes.push(p.into_value(uuid.clone(), code));
    }
    Ok((normalised, codes))
}
