//! WooCommerce REST v3: `POST /wp-json/wc/v3/coupons/batch` with at most
//! [`WOOCOMMERCE_BATCH_LIMIT`] `create` items, one coupon per code.

use super::{check_codes, headers, request, rfc3339, Plan, WOOCOMMERCE_BATCH_LIMIT};
use crate::error::Result;
use crate::{Platform, Value};

pub(super) fn build(plan: &mut Plan) -> Result<Vec<Value>> {
    check_codes(plan, Platform::WooCommerce)?;
    let (kind, amount) =
        if plan.percent { ("percent", plan.amount.text()) } else { ("fixed_cart", plan.discount_money()?.major) };
    if plan.duration != "once" {
        let reason = format!(
            "woocommerce coupons apply to one order at a time; it has no {} duration",
            match plan.duration.as_str() {
                "lifetime" => "lifetime".to_owned(),
                other => format!("{} {other}", plan.duration_value.unwrap_or(0)),
            }
        );
        plan.unmapped("coupon_duration_type", reason);
    }
    plan.report_uuid("woocommerce");
    plan.report_total("woocommerce");
    let mut items = Vec::with_capacity(plan.codes.len());
    let mut hidden = Vec::new();
    let codes = plan.codes.clone();
    for code in &codes {
        let mut item: Vec<(String, Value)> = Vec::with_capacity(11);
        let mut put = |k: &str, v: Value| item.push((k.to_owned(), v));
        put("code", Value::from(code.code.clone()));
        put("discount_type", Value::from(kind));
        put("amount", Value::from(amount.clone()));
        put("description", Value::from(plan.name.clone()));
        if !(plan.active && code.active) {
            put("status", Value::from("draft"));
        }
        if let Some(end) = plan.code_ends(code) {
            put("date_expires", Value::from(rfc3339(end)));
        }
        if let Some(limit) = plan.code_limit(code) {
            put("usage_limit", Value::from(limit));
        }
        if let Some(money) = plan.minimum_money(code)? {
            put("minimum_amount", Value::from(money.major));
        }
        if let Some(customers) = &code.customers {
            let emails: Option<Vec<Value>> = customers
                .iter()
                .map(|c| match c.get("id") {
                    Some(Value::String(s)) if s.contains('@') => Some(Value::from(s.clone())),
                    _ => None,
                })
                .collect();
            match emails {
                Some(list) if !list.is_empty() => put("email_restrictions", Value::Array(list)),
                _ => plan.unmapped(
                    code.field("coupon_specific_customers"),
                    "woocommerce restricts coupons by e-mail address, and not every customer id is one",
                ),
            }
        }
        let data = plan.merged_metadata(code, &mut hidden);
        if !data.is_empty() {
            let list = data.into_iter().map(|(k, v)| Value::object([("key", Value::from(k)), ("value", v)])).collect();
            item.push(("meta_data".to_owned(), Value::Array(list)));
        }
        if code.first_time {
            plan.unmapped(
                code.field("first_time_order"),
                "woocommerce has no first-order restriction (`usage_limit_per_user` counts uses per customer, not first orders)",
            );
        }
        items.push(Value::Object(item));
    }
    let head = headers(&[("Content-Type", "application/json")]);
    let out = items
        .chunks(WOOCOMMERCE_BATCH_LIMIT)
        .map(|chunk| {
            request(
                "/wp-json/wc/v3/coupons/batch".into(),
                head.clone(),
                Value::object([("create", Value::Array(chunk.to_vec()))]),
            )
        })
        .collect();
    plan.report_hidden("woocommerce", hidden);
    plan.report_people("woocommerce");
    Ok(out)
}
