//! Provider requests: every case of `tests/vectors/providers.json` (golden
//! requests and unmapped reports, errors, existing-code reads), and the batching
//! invariants on large code lists.
//!
//! `PROMOCODE_BLESS=1 cargo test -p promocode --test providers` rewrites each
//! case's `expect` / `expect_error` with what the library returns now; review the
//! diff before committing it. The official-schema checks of the same golden
//! requests are in `tests/providers/check.py` (run by `make test`).

use promocode::api::KeyStyle;
use promocode::{canonical_key, existing_codes, Error, ProviderOptions, Value};

/// `provider_requests` with options read the way bindings pass them.
fn provider_requests(
    coupon: &Value,
    codes: &Value,
    provider: &str,
    options: &Value,
    style: KeyStyle,
) -> Result<Value, Error> {
    promocode::provider_requests(coupon, codes, provider, &ProviderOptions::from_value(options, style)?)
}
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

fn vectors_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/providers.json")
}

fn input(case: &Json, key: &str) -> Value {
    case.get(key).map_or(Value::Null, |v| Value::from(v.clone()))
}

fn run(case: &Json) -> (&'static str, Json) {
    let provider = case["provider"].as_str().expect("provider");
    let result = match case["op"].as_str().expect("op") {
        "provider_requests" => provider_requests(
            &input(case, "coupon"),
            &input(case, "promotion_codes"),
            provider,
            &input(case, "options"),
            KeyStyle::Snake,
        )
        .map(|v| Json::from(&v)),
        "existing_codes" => existing_codes(provider, &input(case, "response")).map(|v| json!(v)),
        other => panic!("unknown op {other}"),
    };
    match result {
        Ok(v) => ("expect", v),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty(), "{}: empty message", case["name"]);
            let mut err = Map::new();
            err.insert("code".into(), json!(e.code().as_str()));
            if let Some(field) = e.field() {
                err.insert("field".into(), json!(field));
            }
            if let Some(body) = e.validation_body() {
                let paths: Vec<String> = Json::from(&body)["errors"].as_object().unwrap().keys().cloned().collect();
                err.insert("paths".into(), json!(paths));
            } else {
                assert!(!msg.starts_with(char::is_uppercase), "{}: message not lowercase: {msg}", case["name"]);
            }
            ("expect_error", Json::Object(err))
        }
    }
}

#[test]
fn provider_vectors() {
    let bless = std::env::var("PROMOCODE_BLESS").is_ok_and(|v| v == "1");
    let text = std::fs::read_to_string(vectors_path()).expect("read providers.json");
    let mut doc: Json = serde_json::from_str(&text).expect("providers.json is JSON");
    let mut failures = Vec::new();
    let mut names = HashSet::new();
    let mut seen = BTreeSet::new();
    let cases = doc["cases"].as_array_mut().expect("cases");
    for case in cases.iter_mut() {
        let name = case["name"].as_str().expect("name").to_owned();
        assert!(names.insert(name.clone()), "duplicate case {name}");
        let (kind, actual) = run(case);
        seen.insert(format!("{} {} {kind}", case["op"].as_str().unwrap(), case["provider"].as_str().unwrap()));
        if bless {
            let m = case.as_object_mut().unwrap();
            m.remove("expect");
            m.remove("expect_error");
            m.insert(kind.into(), actual);
            continue;
        }
        if case.get(kind) != Some(&actual) {
            failures.push(format!("{name}: got {kind} {actual}"));
        }
    }
    if bless {
        std::fs::write(vectors_path(), serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        return;
    }
    assert!(failures.is_empty(), "{} cases failed:\n{}", failures.len(), failures.join("\n"));
    // Every provider is covered both ways, with successes and errors.
    for provider in ["stripe", "paddle", "shopify", "woocommerce"] {
        for what in ["provider_requests {p} expect", "provider_requests {p} expect_error", "existing_codes {p} expect"]
        {
            let key = what.replace("{p}", provider);
            assert!(seen.contains(&key), "no case for {key}");
        }
    }
    assert!(names.len() >= 100, "only {} cases", names.len());
}

// ---- batching invariants ------------------------------------------------------

fn coupon() -> Value {
    Value::from(json!({
        "uuid_code": "BULK", "coupon_discount_type": "percent", "coupon_discount_amount": 10,
        "coupon_duration_type": "once"
    }))
}

fn codes(n: usize) -> Value {
    Value::Array((0..n).map(|i| Value::from(json!({"code": format!("CODE{i:04}")}))).collect())
}

fn build(provider: &str, n: usize, options: Json) -> Json {
    let out = provider_requests(&coupon(), &codes(n), provider, &Value::from(options), KeyStyle::Snake)
        .unwrap_or_else(|e| panic!("{provider}: {e}"));
    Json::from(&out)
}

/// The codes a request list creates, in order.
fn created_codes(provider: &str, out: &Json) -> Vec<String> {
    let mut found = Vec::new();
    for r in out["requests"].as_array().unwrap() {
        let body = &r["body"];
        match provider {
            "stripe" => {
                let b = body.as_str().unwrap();
                if let Some(code) = b.split('&').find_map(|kv| kv.strip_prefix("code=")) {
                    found.push(code.to_owned());
                }
            }
            "paddle" => found.push(body["code"].as_str().unwrap().to_owned()),
            "shopify" => {
                let vars = &body["variables"];
                if let Some(input) = vars.get("basicCodeDiscount") {
                    found.push(input["code"].as_str().unwrap().to_owned());
                } else {
                    found.extend(
                        vars["codes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()),
                    );
                }
            }
            _ => {
                found.extend(body["create"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()))
            }
        }
    }
    found
}

#[test]
fn batches_keep_every_code_once_in_order_within_the_limits() {
    let expected: Vec<String> = (0..1001).map(|i| format!("CODE{i:04}")).collect();
    let starts = json!({"starts_at": "2026-01-01"});
    for (provider, options, requests) in [
        ("stripe", json!(null), 1 + 1001),
        ("paddle", json!(null), 1001),
        ("shopify", starts.clone(), 1 + 4),
        ("shopify", json!({"starts_at": "2026-01-01", "api_version": "2025-01"}), 1 + 10),
        ("woocommerce", json!(null), 11),
    ] {
        let out = build(provider, 1001, options.clone());
        let list = out["requests"].as_array().unwrap();
        assert_eq!(list.len(), requests, "{provider} {options}");
        let created = created_codes(provider, &out);
        assert_eq!(created, expected, "{provider} {options}: codes lost, duplicated or reordered");
        let keys: HashSet<String> = created.iter().map(|c| canonical_key(c)).collect();
        assert_eq!(keys.len(), 1001);
        for r in list {
            if provider == "woocommerce" {
                assert!(r["body"]["create"].as_array().unwrap().len() <= 100);
            }
            if let Some(codes) = r["body"]["variables"].get("codes") {
                let limit = if options["api_version"] == "2025-01" { 100 } else { 250 };
                assert!(codes.as_array().unwrap().len() <= limit);
                assert_eq!(
                    r["body"]["variables"]["discountId"],
                    "{{0.data.discountCodeBasicCreate.codeDiscountNode.id}}"
                );
            }
        }
    }
}

#[test]
fn shopify_splits_codes_by_restriction_set_and_keeps_order_within_each() {
    let mut list = Vec::new();
    for i in 0..6 {
        let mut code = json!({"code": format!("C{i}")});
        if i % 2 == 1 {
            code["redemption_times_status"] = json!(true);
            code["redemption_times_value"] = json!(5);
        }
        list.push(Value::from(code));
    }
    let out = provider_requests(
        &coupon(),
        &Value::Array(list),
        "shopify",
        &Value::from(json!({"starts_at": "2026-01-01"})),
        KeyStyle::Snake,
    )
    .unwrap();
    let out = Json::from(&out);
    let requests = out["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0]["body"]["variables"]["basicCodeDiscount"]["code"], "C0");
    assert_eq!(requests[1]["body"]["variables"]["codes"], json!([{"code": "C2"}, {"code": "C4"}]));
    assert_eq!(requests[2]["body"]["variables"]["basicCodeDiscount"]["code"], "C1");
    assert_eq!(requests[2]["body"]["variables"]["basicCodeDiscount"]["usageLimit"], 5);
    assert_eq!(
        requests[3]["body"]["variables"]["discountId"],
        "{{2.data.discountCodeBasicCreate.codeDiscountNode.id}}"
    );
    assert_eq!(requests[3]["body"]["variables"]["codes"], json!([{"code": "C3"}, {"code": "C5"}]));
}

#[test]
fn a_bad_code_anywhere_builds_nothing() {
    let mut list: Vec<Value> = (0..50).map(|i| Value::from(json!({"code": format!("OK{i}")}))).collect();
    list.push(Value::from(json!({"code": "A".repeat(33)})));
    let err = provider_requests(&coupon(), &Value::Array(list), "paddle", &Value::Null, KeyStyle::Snake).unwrap_err();
    assert_eq!((err.code().as_str(), err.field()), ("invalid_value", Some("promotion_codes.50.code")));
}

#[test]
fn camel_case_options_for_javascript() {
    let options = Value::from(json!({"startsAt": "2026-01-01", "apiVersion": "2025-01", "amountUnit": "minor"}));
    assert!(provider_requests(&coupon(), &codes(1), "shopify", &options, KeyStyle::Camel).is_ok());
    let err = provider_requests(&coupon(), &codes(1), "shopify", &options, KeyStyle::Snake).unwrap_err();
    assert_eq!((err.code().as_str(), err.field()), ("unknown_option", Some("startsAt")));
    let err = provider_requests(&coupon(), &codes(1), "paddle", &options, KeyStyle::Camel).unwrap_err();
    assert_eq!((err.code().as_str(), err.field()), ("invalid_value", Some("api_version")));
}

// ---- properties ----------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_coupon() -> impl Strategy<Value = Json> {
        (
            prop_oneof![Just("percent"), Just("static")],
            prop_oneof![(0u32..=100).prop_map(|x| json!(x)), (0.0f64..100.0).prop_map(|x| json!(x))],
            prop_oneof![Just("once"), Just("hours"), Just("days"), Just("months"), Just("years"), Just("lifetime")],
            1i64..40,
            proptest::option::of(1i64..500),
            proptest::option::of((2000u32..2100, 1u32..13, 1u32..29)),
        )
            .prop_map(|(kind, amount, duration, n, total, date)| {
                let mut c = json!({"uuid_code": "P", "coupon_discount_type": kind, "coupon_discount_amount": amount,
                    "coupon_duration_type": duration, "coupon_duration_value": n});
                if let Some(t) = total {
                    c["redemption_times_status"] = json!(true);
                    c["redemption_times_value"] = json!(t);
                }
                if let Some((y, m, d)) = date {
                    c["redemption_specific_date_status"] = json!(true);
                    c["redemption_specific_date_value"] = json!(format!("{y:04}-{m:02}-{d:02}"));
                }
                c
            })
    }

    fn any_codes() -> impl Strategy<Value = Vec<Json>> {
        proptest::collection::vec(
            ("[A-Za-z0-9]{1,12}", any::<bool>(), proptest::option::of(0i64..300), proptest::option::of(1i64..20)),
            0..40,
        )
        .prop_map(|items| {
            let mut seen = HashSet::new();
            items
                .into_iter()
                .filter(|(code, ..)| seen.insert(canonical_key(code)))
                .map(|(code, first, minimum, limit)| {
                    let mut c = json!({"code": code, "first_time_order": first});
                    if let Some(m) = minimum {
                        c["minimum_order_status"] = json!(true);
                        c["minimum_order_value"] = json!(m);
                    }
                    if let Some(l) = limit {
                        c["redemption_times_status"] = json!(true);
                        c["redemption_times_value"] = json!(l);
                    }
                    c
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Any valid coupon gives requests that create every code exactly once (in
        /// input order, except that Shopify orders them by discount), or a coded
        /// error; never a panic, never a partial list.
        #[test]
        fn every_code_is_created_once(
            coupon in any_coupon(),
            codes in any_codes(),
            provider in prop_oneof![Just("stripe"), Just("paddle"), Just("shopify"), Just("woocommerce")],
            unit in prop_oneof![Just("major"), Just("minor")],
        ) {
            let options = json!({"currency": "EUR", "amount_unit": unit, "starts_at": "2026-01-01"});
            let result = provider_requests(
                &Value::from(coupon), &Value::from(json!(codes)), provider, &Value::from(options), KeyStyle::Snake);
            let input: Vec<String> = codes.iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect();
            match result {
                Ok(out) => {
                    let out = Json::from(&out);
                    let mut created = created_codes(provider, &out);
                    let mut want = input.clone();
                    if provider == "shopify" {
                        created.sort();
                        want.sort();
                    }
                    prop_assert_eq!(created, want);
                    for u in out["unmapped"].as_array().unwrap() {
                        prop_assert!(u["field"].as_str().is_some_and(|f| !f.is_empty()));
                        prop_assert!(u["reason"].as_str().is_some_and(|r| !r.is_empty()));
                    }
                }
                Err(e) => {
                    prop_assert_eq!(e.code().as_str(), "invalid_value", "{}", e);
                    prop_assert!(e.field().is_some());
                }
            }
        }
    }
}

/// Reading names options as the caller spelled them; value checks name them in
/// snake_case (a JavaScript binding renames them for its caller).
#[test]
fn value_errors_name_options_in_snake_case() {
    let coupon = Value::from(json!({"uuid_code": "S", "coupon_discount_type": "static", "coupon_discount_amount": 5,
        "coupon_duration_type": "once"}));
    let err =
        provider_requests(&coupon, &codes(1), "paddle", &Value::from(json!({"currency": "EUR"})), KeyStyle::Camel)
            .unwrap_err();
    assert_eq!(err.field(), Some("amount_unit"));
    assert!(err.to_string().starts_with("`amount_unit` is required to send `coupon_discount_amount`"), "{err}");
    let err = provider_requests(&coupon, &codes(1), "shopify", &Value::Null, KeyStyle::Camel).unwrap_err();
    assert_eq!(err.field(), Some("starts_at"));
    let err = provider_requests(&coupon, &codes(1), "shopify", &Value::from(json!({"startsAt": 5})), KeyStyle::Camel)
        .unwrap_err();
    assert_eq!((err.code().as_str(), err.field()), ("invalid_type", Some("startsAt")));
}

/// Build → what the provider would then list → `existing_codes`: every code comes
/// back, by canonical key (WooCommerce stores codes lower-cased).
#[test]
fn what_was_created_reads_back_as_existing() {
    let input: Vec<String> = (0..260).map(|i| format!("Code{i:03}")).collect();
    let list = Value::Array(input.iter().map(|c| Value::from(json!({"code": c}))).collect());
    let options = Value::from(json!({"starts_at": "2026-01-01"}));
    for provider in ["stripe", "paddle", "shopify", "woocommerce"] {
        let out = Json::from(&provider_requests(&coupon(), &list, provider, &options, KeyStyle::Snake).unwrap());
        let created = created_codes(provider, &out);
        let response = match provider {
            "stripe" => json!({"object": "list", "data": created.iter().map(|c| json!({
                "object": "promotion_code", "code": c, "promotion": {"type": "coupon", "coupon": "BULK"}})).collect::<Vec<_>>()}),
            "paddle" => json!({"data": created.iter().map(|c| json!({"id": "dsc_x", "code": c})).collect::<Vec<_>>()}),
            "shopify" => json!({"data": {"codeDiscountNodes": {"nodes": [{"codeDiscount": {"codes": {
                "nodes": created.iter().map(|c| json!({"code": c})).collect::<Vec<_>>()}}}]}}}),
            _ => json!(created
                .iter()
                .map(|c| json!({"id": 1, "code": promocode::normalize(c, promocode::Platform::WooCommerce).unwrap()}))
                .collect::<Vec<_>>()),
        };
        let back = existing_codes(provider, &Value::from(response)).unwrap();
        let keys = |v: &[String]| v.iter().map(|c| canonical_key(c)).collect::<Vec<_>>();
        assert_eq!(keys(&back), keys(&input), "{provider}");
    }
}

#[test]
fn the_shopify_codes_query_is_the_one_the_schema_check_validates() {
    let checker = include_str!("providers/check.py");
    let line = format!("SHOPIFY_CODES_QUERY = \"{}\"", promocode::provider::SHOPIFY_CODES_QUERY);
    assert!(checker.contains(&line), "check.py must validate SHOPIFY_CODES_QUERY as it is");
}
