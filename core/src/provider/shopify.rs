//! Shopify Admin GraphQL: per distinct set of per-discount fields, one
//! `discountCodeBasicCreate` with the first code, then `discountRedeemCodeBulkAdd`s
//! for the rest.

use super::{
    check_codes, headers, invalid, request, rfc3339, start_seconds, Plan, SHOPIFY_250_SINCE, SHOPIFY_API_VERSION,
};
use crate::error::{Quoted, Result};
use crate::{Platform, Value};

/// The create mutation: its variable is `basicCodeDiscount`.
pub const CREATE_MUTATION: &str = "mutation promocodeCreateDiscount($basicCodeDiscount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { codeDiscountNode { id } userErrors { field code message } } }";
/// The bulk-add mutation: its variables are `discountId` and `codes`.
pub const BULK_ADD_MUTATION: &str = "mutation promocodeAddCodes($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) { discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) { bulkCreation { id } userErrors { field code message } } }";
/// Where the create mutation's response holds the new discount's id.
const ID_PATH: &str = "data.discountCodeBasicCreate.codeDiscountNode.id";

/// The fields of one `DiscountCodeBasicInput`, in order.
type Fields = Vec<(String, Value)>;

/// A `YYYY-MM` Shopify API version (quarterly: months 01, 04, 07, 10).
fn valid_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && matches!(&v[5..], "01" | "04" | "07" | "10")
}

/// A Partnero customer id as a Shopify customer gid, when it can be one.
fn customer_gid(entry: &Value) -> Option<String> {
    match entry.get("id")? {
        Value::Int(i) if *i > 0 => Some(format!("gid://shopify/Customer/{i}")),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("gid://shopify/Customer/{s}"))
        }
        Value::String(s) if s.starts_with("gid://shopify/Customer/") => Some(s.clone()),
        _ => None,
    }
}

fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::object(entries)
}

fn graphql(path: &str, head: &Value, query: &str, variables: Value) -> Value {
    request(path.to_owned(), head.clone(), obj(vec![("query", Value::from(query)), ("variables", variables)]))
}

pub(super) fn build(plan: &mut Plan, version_field: &str, starts_field: &str) -> Result<Vec<Value>> {
    let version = plan.options.api_version.clone().unwrap_or_else(|| SHOPIFY_API_VERSION.to_owned());
    if !valid_version(&version) {
        return Err(invalid(
            version_field,
            format!("is `{}`; use a Shopify API version such as `{SHOPIFY_API_VERSION}`", Quoted(&version)),
        ));
    }
    let batch = if version.as_str() >= SHOPIFY_250_SINCE { 250 } else { 100 };
    check_codes(plan, Platform::Shopify)?;
    let Some(starts) = plan.options.starts_at.as_deref().and_then(start_seconds) else {
        return Err(invalid(
            starts_field,
            "is required for shopify, whose discounts need `startsAt`; pass when the discount starts, such as now"
                .into(),
        ));
    };
    let value = if plan.percent {
        obj(vec![("percentage", Value::Float(plan.amount.hundredth().to_f64()))])
    } else {
        let money = plan.discount_money()?;
        obj(vec![(
            "discountAmount",
            obj(vec![("amount", Value::from(money.major)), ("appliesOnEachItem", Value::Bool(false))]),
        )])
    };
    let cycles = match plan.duration.as_str() {
        "once" => Some(1),
        "months" | "years" => plan.duration_months(),
        "lifetime" => Some(0),
        _ => None,
    };
    let mut gets = vec![("value", value), ("items", obj(vec![("all", Value::Bool(true))]))];
    if cycles.is_some_and(|c| c != 1) {
        // A limit other than 1 needs the discount on subscription items
        // (MULTIPLE_RECURRING_CYCLE_LIMIT_FOR_NON_SUBSCRIPTION_ITEMS).
        gets.push(("appliesOnOneTimePurchase", Value::Bool(true)));
        gets.push(("appliesOnSubscription", Value::Bool(true)));
    }
    let gets = obj(gets);
    plan.report_short_duration("shopify", "the discount's cycle limit is left to shopify");
    plan.report_uuid("shopify");
    plan.report_total("shopify");
    if !plan.metadata.is_empty() {
        plan.unmapped("metadata", "shopify code discounts have no metadata");
    }
    if !plan.active {
        plan.unmapped("active", "shopify creates discounts active; deactivate them with `discountCodeDeactivate`");
    }

    // Group the codes by everything but the code itself.
    let mut groups: Vec<(Fields, Vec<usize>)> = Vec::new();
    let codes = plan.codes.clone();
    for (i, code) in codes.iter().enumerate() {
        let mut input: Fields = Vec::with_capacity(9);
        let mut put = |k: &str, v: Value| input.push((k.to_owned(), v));
        put("title", Value::from(plan.name.clone()));
        put("startsAt", Value::from(rfc3339(starts)));
        if let Some(end) = plan.code_ends(code) {
            put("endsAt", Value::from(rfc3339(end)));
        }
        let gids: Option<Vec<Value>> = code
            .customers
            .as_ref()
            .and_then(|list| list.iter().map(|c| customer_gid(c).map(Value::from)).collect::<Option<Vec<Value>>>());
        let selection = match gids {
            Some(gids) if !gids.is_empty() => obj(vec![("customers", obj(vec![("add", Value::Array(gids))]))]),
            _ => obj(vec![("all", Value::Bool(true))]),
        };
        put("customerSelection", selection);
        put("customerGets", gets.clone());
        if let Some(money) = plan.minimum_money(code)? {
            put(
                "minimumRequirement",
                obj(vec![("subtotal", obj(vec![("greaterThanOrEqualToSubtotal", Value::from(money.major))]))]),
            );
        }
        if let Some(limit) = plan.code_limit(code) {
            put("usageLimit", Value::from(limit));
        }
        if let Some(c) = cycles {
            put("recurringCycleLimit", Value::from(c));
        }
        if code.customers.as_ref().is_some_and(|list| list.is_empty() || list.iter().any(|c| customer_gid(c).is_none()))
        {
            plan.unmapped(
                code.field("coupon_specific_customers"),
                "shopify takes customers by numeric id or `gid://shopify/Customer/…`, and not every id is one; the discount is open to all customers",
            );
        }
        if code.first_time {
            plan.unmapped(code.field("first_time_order"), "shopify code discounts have no first-order restriction");
        }
        if plan.active && !code.active {
            plan.unmapped(
                code.field("active"),
                "shopify creates codes active; deactivate the discount with `discountCodeDeactivate`",
            );
        }
        if !code.metadata.is_empty() {
            plan.unmapped(code.field("metadata"), "shopify redeem codes have no metadata");
        }
        match groups.iter_mut().find(|(g, _)| *g == input) {
            Some((_, members)) => members.push(i),
            None => groups.push((input, vec![i])),
        }
    }

    let path = format!("/admin/api/{version}/graphql.json");
    let head = headers(&[("Content-Type", "application/json")]);
    let mut out = Vec::new();
    for (mut input, members) in groups {
        let first = &codes[members[0]];
        input.insert(1, ("code".to_owned(), Value::from(first.code.clone())));
        let created = out.len();
        out.push(graphql(&path, &head, CREATE_MUTATION, obj(vec![("basicCodeDiscount", Value::Object(input))])));
        for chunk in members[1..].chunks(batch) {
            let list = chunk.iter().map(|&i| obj(vec![("code", Value::from(codes[i].code.clone()))])).collect();
            let variables = obj(vec![
                ("discountId", Value::from(format!("{{{{{created}.{ID_PATH}}}}}"))),
                ("codes", Value::Array(list)),
            ]);
            out.push(graphql(&path, &head, BULK_ADD_MUTATION, variables));
        }
    }
    plan.report_people("shopify");
    Ok(out)
}
