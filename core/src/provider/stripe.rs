//! Stripe: `POST /v1/coupons`, then one `POST /v1/promotion_codes` per code,
//! form-encoded (`application/x-www-form-urlencoded`, nested keys as `a[b]=c`).

use super::{
    check_codes, headers, invalid, request, Plan, STRIPE_API_VERSION, STRIPE_DASH_SINCE, STRIPE_PROMOTION_SINCE,
};
use crate::error::{Quoted, Result};
use crate::{Platform, Value};

/// Longest coupon `name` Stripe takes.
const MAX_NAME: usize = 40;
/// Stripe's metadata limits (docs.stripe.com/api/metadata).
const MAX_METADATA_KEYS: usize = 50;
const MAX_METADATA_KEY: usize = 40;
const MAX_METADATA_VALUE: usize = 500;

/// Form fields in order.
#[derive(Default)]
struct Form(Vec<(String, String)>);

impl Form {
    fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.push((key.into(), value.into()));
    }

    /// `key=value&...`: values percent-encoded (space as `+`), keys too except
    /// for the brackets of nested keys.
    fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            encode_into(k, true, &mut out);
            out.push('=');
            encode_into(v, false, &mut out);
        }
        out
    }
}

fn encode_into(text: &str, key: bool, out: &mut String) {
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(b)),
            b'[' | b']' if key => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// The `YYYY-MM-DD` of a Stripe API version (`2026-09-30.endive`, `2024-06-20`).
fn version_date(version: &str) -> Option<&str> {
    let (date, name) = version.split_once('.').unwrap_or((version, ""));
    let name_ok = !version.contains('.') || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase()));
    (date.len() == 10 && crate::coupon::parse_date(date).is_some() && name_ok).then_some(date)
}

/// `metadata[key]=value` pairs, reporting what Stripe cannot hold.
fn metadata(plan: &mut Plan, prefix: &str, data: &[(String, Value)], form: &mut Form) {
    let mut sent = 0;
    for (k, v) in data {
        let field = format!("{prefix}metadata.{k}");
        let text = match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::UInt(u) => Some(u.to_string()),
            Value::Float(f) if f.is_finite() => Some(format!("{f}")),
            _ => None,
        };
        let reason = if text.is_none() {
            Some(format!("stripe metadata values are strings, and this is {}", v.type_name()))
        } else if k.is_empty() || k.chars().count() > MAX_METADATA_KEY || k.contains(['[', ']']) {
            Some(format!("stripe metadata keys have 1 to {MAX_METADATA_KEY} characters and no square brackets"))
        } else if text.as_ref().is_some_and(|t| t.chars().count() > MAX_METADATA_VALUE) {
            Some(format!("stripe metadata values hold at most {MAX_METADATA_VALUE} characters"))
        } else if sent == MAX_METADATA_KEYS {
            Some(format!("stripe objects hold at most {MAX_METADATA_KEYS} metadata keys"))
        } else {
            None
        };
        match (reason, text) {
            (Some(reason), _) => plan.unmapped(field, reason),
            (None, Some(text)) => {
                form.push(format!("metadata[{k}]"), text);
                sent += 1;
            }
            (None, None) => {}
        }
    }
}

pub(super) fn build(plan: &mut Plan, version_field: &str) -> Result<Vec<Value>> {
    let version = plan.options.api_version.clone().unwrap_or_else(|| STRIPE_API_VERSION.to_owned());
    let Some(date) = version_date(&version).map(str::to_owned) else {
        return Err(invalid(
            version_field,
            format!(
                "is `{}`; use a Stripe API version such as `{STRIPE_API_VERSION}` or `2024-06-20`",
                Quoted(&version)
            ),
        ));
    };
    let platform = if date.as_str() >= STRIPE_DASH_SINCE { Platform::Stripe } else { Platform::StripeLegacy };
    check_codes(plan, platform)?;
    if plan.amount.is_zero() {
        return Err(invalid(
            "coupon_discount_amount",
            "is 0, which stripe cannot take: its coupons need `percent_off` or `amount_off` above 0".into(),
        ));
    }
    let head = headers(&[("Content-Type", "application/x-www-form-urlencoded"), ("Stripe-Version", &version)]);

    let mut form = Form::default();
    form.push("id", plan.uuid.clone());
    if plan.name.chars().count() > MAX_NAME {
        form.push("name", plan.name.chars().take(MAX_NAME).collect::<String>());
        plan.unmapped("name", format!("stripe coupon names hold {MAX_NAME} characters; the first {MAX_NAME} are sent"));
    } else {
        form.push("name", plan.name.clone());
    }
    if plan.percent {
        form.push("percent_off", plan.amount.text());
    } else {
        let money = plan.discount_money()?;
        form.push("amount_off", money.minor.to_string());
        form.push("currency", money.currency.to_ascii_lowercase());
    }
    match plan.duration.as_str() {
        "months" | "years" => {
            form.push("duration", "repeating");
            form.push("duration_in_months", plan.duration_months().unwrap_or(1).to_string());
        }
        "lifetime" => form.push("duration", "forever"),
        _ => form.push("duration", "once"),
    }
    plan.report_short_duration("stripe", "the coupon applies once");
    if let Some(end) = plan.ends {
        form.push("redeem_by", end.to_string());
    }
    if let Some(total) = plan.total {
        form.push("max_redemptions", total.to_string());
    }
    let data = plan.metadata.clone();
    metadata(plan, "", &data, &mut form);
    if !plan.active {
        plan.unmapped(
            "active",
            "stripe coupons have no active switch; their promotion codes are created inactive instead",
        );
    }
    let mut out = vec![request("/v1/coupons".into(), head.clone(), Value::from(form.encode()))];

    let codes = plan.codes.clone();
    for code in &codes {
        let mut form = Form::default();
        if date.as_str() >= STRIPE_PROMOTION_SINCE {
            form.push("promotion[type]", "coupon");
            form.push("promotion[coupon]", plan.uuid.clone());
        } else {
            form.push("coupon", plan.uuid.clone());
        }
        form.push("code", code.code.clone());
        if !(plan.active && code.active) {
            form.push("active", "false");
        }
        if let Some(customers) = &code.customers {
            match customers.as_slice() {
                [one] if get_id(one).is_some_and(|id| id.starts_with("cus_")) => {
                    form.push("customer", get_id(one).unwrap_or_default());
                }
                _ => plan.unmapped(
                    code.field("coupon_specific_customers"),
                    "stripe limits a promotion code to exactly one customer, by its `cus_` id",
                ),
            }
        }
        if code.ends.is_some() {
            if let Some(end) = plan.code_ends(code) {
                form.push("expires_at", end.to_string());
            }
        }
        if code.limit.is_some() {
            if let Some(limit) = plan.code_limit(code) {
                form.push("max_redemptions", limit.to_string());
            }
        }
        if code.first_time {
            form.push("restrictions[first_time_transaction]", "true");
        }
        if let Some(money) = plan.minimum_money(code)? {
            form.push("restrictions[minimum_amount]", money.minor.to_string());
            form.push("restrictions[minimum_amount_currency]", money.currency.to_ascii_lowercase());
        }
        metadata(plan, &code.field(""), &code.metadata, &mut form);
        out.push(request("/v1/promotion_codes".into(), head.clone(), Value::from(form.encode())));
    }
    plan.report_people("stripe");
    Ok(out)
}

/// A customer entry's id as text.
pub(super) fn get_id(entry: &Value) -> Option<String> {
    match entry.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_encode_values_and_keep_brackets_in_keys() {
        let mut f = Form::default();
        f.push("metadata[a b]", "x&y=z é");
        assert_eq!(f.encode(), "metadata[a+b]=x%26y%3Dz+%C3%A9");
    }

    #[test]
    fn versions() {
        assert_eq!(version_date("2026-09-30.endive"), Some("2026-09-30"));
        assert_eq!(version_date("2024-06-20"), Some("2024-06-20"));
        assert_eq!(version_date("2024-06-20."), None);
        assert_eq!(version_date("2024-02-30"), None);
        assert_eq!(version_date("latest"), None);
    }
}
