//! Paddle Billing: one `POST /discounts` per code (JSON). Paddle has no coupon
//! object, so every discount carries the coupon's fields.

use super::{check_codes, headers, invalid, request, rfc3339, Plan};
use crate::error::Result;
use crate::{Platform, Value};

/// `currency_code` values of `discount-create` (paddle-openapi `v1/openapi.yaml`
/// @ 792a49e, 2025-05-27).
const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "AUD", "CAD", "CHF", "HKD", "SGD", "SEK", "ARS", "BRL", "CNY", "COP", "CZK", "DKK",
    "HUF", "ILS", "INR", "KRW", "MXN", "NOK", "NZD", "PLN", "RUB", "THB", "TRY", "TWD", "UAH", "VND", "ZAR",
];

pub(super) fn build(plan: &mut Plan) -> Result<Vec<Value>> {
    check_codes(plan, Platform::Paddle)?;
    if plan.amount.is_zero() || (plan.percent && plan.amount.to_f64() < 0.01) {
        return Err(invalid(
            "coupon_discount_amount",
            format!(
                "is {}, which paddle cannot take: its percentage discounts run from 0.01 to 100 and flat ones are above 0",
                plan.amount.text()
            ),
        ));
    }
    let (kind, amount, currency) = if plan.percent {
        ("percentage", plan.amount.text(), None)
    } else {
        let money = plan.discount_money()?;
        if !CURRENCIES.contains(&money.currency.as_str()) {
            return Err(invalid(
                "currency",
                format!("is `{}`, which paddle does not support; use one of {}", money.currency, CURRENCIES.join(", ")),
            ));
        }
        ("flat", money.minor.to_string(), Some(money.currency))
    };
    let recurring = match plan.duration.as_str() {
        "months" | "years" => Some(plan.duration_months().map_or(Value::Null, Value::from)),
        "lifetime" => Some(Value::Null),
        _ => None,
    };
    plan.report_short_duration("paddle", "the discount applies once");
    plan.report_uuid("paddle");
    plan.report_total("paddle");
    let head = headers(&[("Content-Type", "application/json")]);
    let mut out = Vec::with_capacity(plan.codes.len());
    let mut hidden = Vec::new();
    let codes = plan.codes.clone();
    for code in &codes {
        let mut body: Vec<(String, Value)> = Vec::with_capacity(12);
        let mut put = |k: &str, v: Value| body.push((k.to_owned(), v));
        put("description", Value::from(plan.name.clone()));
        put("type", Value::from(kind));
        put("amount", Value::from(amount.clone()));
        if let Some(c) = &currency {
            put("currency_code", Value::from(c.clone()));
        }
        put("code", Value::from(code.code.clone()));
        if !(plan.active && code.active) {
            put("enabled_for_checkout", Value::Bool(false));
        }
        put("recur", Value::Bool(recurring.is_some()));
        if let Some(max) = &recurring {
            put("maximum_recurring_intervals", max.clone());
        }
        if let Some(limit) = plan.code_limit(code) {
            put("usage_limit", Value::from(limit));
        }
        if let Some(end) = plan.code_ends(code) {
            put("expires_at", Value::from(rfc3339(end)));
        }
        let data = plan.merged_metadata(code, &mut hidden);
        if !data.is_empty() {
            put("custom_data", Value::Object(data));
        }
        if code.first_time {
            plan.unmapped(code.field("first_time_order"), "paddle has no first-order restriction");
        }
        if code.minimum.is_some() {
            plan.unmapped(code.field("minimum_order_value"), "paddle has no minimum order amount");
        }
        if code.customers.is_some() {
            plan.unmapped(code.field("coupon_specific_customers"), "paddle discounts cannot be limited to customers");
        }
        out.push(request("/discounts".into(), head.clone(), Value::Object(body)));
    }
    plan.report_hidden("paddle", hidden);
    plan.report_people("paddle");
    Ok(out)
}
