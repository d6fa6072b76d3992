//! `promocode coupon requests`: provider requests as JSON Lines.

use crate::common::*;
use serde_json::json;

const COUPON: &str = r#"{"uuid_code": "SPRING26", "name": "Spring sale", "coupon_discount_type": "static", "coupon_discount_amount": 12.5, "coupon_duration_type": "once"}"#;

fn core(provider: &str, codes: serde_json::Value, options: serde_json::Value) -> serde_json::Value {
    let out = promocode::provider_requests(
        &serde_json::from_str::<serde_json::Value>(COUPON).unwrap().into(),
        &codes.into(),
        provider,
        &options.into(),
        promocode::KeyStyle::Snake,
    )
    .unwrap();
    serde_json::Value::from(&out)
}

#[test]
fn prints_the_cores_requests_one_a_line_and_unmapped_fields_on_stderr() {
    let dir = Dir::new();
    let coupon = dir.file("coupon.json", COUPON);
    let codes = dir.file("codes.txt", "JOHN20\n\n  JANE20  \n{\"code\": \"MAX20\", \"first_time_order\": true}\n");
    let r = run_args(&[
        "coupon",
        "requests",
        arg(&coupon),
        "--codes",
        arg(&codes),
        "--provider",
        "shopify",
        "--currency",
        "EUR",
        "--amount-unit",
        "major",
        "--starts-at",
        "2026-03-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = core(
        "shopify",
        json!([{"code": "JOHN20"}, {"code": "JANE20"}, {"code": "MAX20", "first_time_order": true}]),
        json!({"currency": "EUR", "amount_unit": "major", "starts_at": "2026-03-01"}),
    );
    assert_eq!(json_lines(&r.stdout), want["requests"].as_array().unwrap().clone());
    assert_eq!(json_lines(&r.stdout).len(), 2, "one create for JOHN20, one bulk add for JANE20 and MAX20");
    let expected_stderr: String = want["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| format!("unmapped: {}: {}\n", u["field"].as_str().unwrap(), u["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(r.stderr, expected_stderr);
    assert!(r.stderr.contains("unmapped: promotion_codes.2.first_time_order: "), "{}", r.stderr);
    // --strict turns unmapped fields into exit code 1, with the same output.
    let strict = run_args(&[
        "coupon",
        "requests",
        arg(&coupon),
        "--codes",
        arg(&codes),
        "--provider",
        "shopify",
        "--currency",
        "EUR",
        "--amount-unit",
        "major",
        "--starts-at",
        "2026-03-01",
        "--strict",
    ]);
    assert_eq!((strict.code, strict.stdout), (1, r.stdout));
}

#[test]
fn shopify_discounts_start_now_unless_told() {
    let r = run_with(
        &["coupon", "requests", "-", "--provider", "shopify", "--currency", "EUR", "--amount-unit", "minor"],
        &COUPON
            .replace("12.5", "1250")
            .replace("\"once\"}", "\"once\", \"promotion_codes\": [{\"code\": \"JOHN20\"}]}"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    let input = &lines[0]["body"]["variables"]["basicCodeDiscount"];
    assert_eq!(input["customerGets"]["value"]["discountAmount"]["amount"], "12.50");
    let starts = input["startsAt"].as_str().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let year = 1970 + now / 31_556_952;
    let years = [year - 1, year, year + 1].map(|y| y.to_string());
    assert!(starts.len() == 20 && starts.ends_with('Z') && years.iter().any(|y| starts.starts_with(y)), "{starts}");
}

#[test]
fn stripe_form_bodies_and_the_api_version() {
    let dir = Dir::new();
    let coupon = dir.file("coupon.json", COUPON);
    let codes = dir.file("codes.txt", "JOHN20\n");
    let r = run_args(&[
        "coupon",
        "requests",
        arg(&coupon),
        "--codes",
        arg(&codes),
        "--provider",
        "stripe",
        "--currency",
        "eur",
        "--amount-unit",
        "major",
        "--api-version",
        "2025-06-30.basil",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let lines = json_lines(&r.stdout);
    assert_eq!(lines[0]["body"], "id=SPRING26&name=Spring+sale&amount_off=1250&currency=eur&duration=once");
    assert_eq!(lines[0]["headers"]["Stripe-Version"], "2025-06-30.basil");
    assert_eq!(lines[1]["body"], "coupon=SPRING26&code=JOHN20");
}

#[test]
fn a_broken_coupon_prints_the_422_body_and_exits_1() {
    let r = run_with(
        &["coupon", "requests", "-", "--provider", "paddle"],
        r#"{"uuid_code": "X", "coupon_discount_type": "percent"}"#,
    );
    assert_eq!(r.code, 1);
    let body: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let fields: Vec<&str> = body["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["coupon_discount_amount", "coupon_duration_type"]);
}

#[test]
fn a_code_the_provider_rejects_or_a_missing_unit_exits_2_naming_the_field() {
    let dir = Dir::new();
    let coupon = dir.file("coupon.json", COUPON);
    let codes = dir.file("codes.txt", "JOHN20\nJOHN-21\n");
    let r = run_args(&[
        "coupon",
        "requests",
        arg(&coupon),
        "--codes",
        arg(&codes),
        "--provider",
        "paddle",
        "--currency",
        "EUR",
        "--amount-unit",
        "major",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(
        r.stderr.starts_with("error: `promotion_codes.1.code` is `JOHN-21`, which is not valid on paddle"),
        "{}",
        r.stderr
    );
    let r = run_args(&["coupon", "requests", arg(&coupon), "--provider", "woocommerce", "--currency", "EUR"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.starts_with("error: `amount_unit` is required"), "{}", r.stderr);
    let r = run_args(&["coupon", "requests", arg(&coupon), "--provider", "gumroad"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("use `stripe`, `paddle`, `shopify` or `woocommerce`"), "{}", r.stderr);
}

#[test]
fn help_has_examples_and_exit_codes() {
    let r = run_args(&["coupon", "requests", "--help"]);
    assert_eq!(r.code, 0);
    for needle in ["Examples:", "Exit codes:", "--provider", "--codes", "--currency", "--amount-unit", "unmapped"] {
        assert!(r.stdout.contains(needle), "{needle} missing");
    }
}

#[test]
fn existing_prints_each_code_once_for_generate_existing() {
    let dir = Dir::new();
    let page = dir.file(
        "page.json",
        r#"[{"id": 1, "code": "john20"}, {"id": 2, "code": "JOHN20"}, {"id": 3, "code": "partner-jöhn"}]"#,
    );
    let r = run_args(&["coupon", "existing", "--provider", "woocommerce", arg(&page)]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "john20\npartner-jöhn\n", ""));
    let existing = dir.file("existing.txt", &r.stdout);
    let partners = dir.file("partners.csv", "name\nJohn\n");
    let r = run_args(&["generate", arg(&partners), "--name", "--discount", "20", "--existing", arg(&existing)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(column(&r.stdout, "code"), ["JOHN20-2"], "john20 is taken");
    let r = run_with(&["coupon", "existing", "--provider", "stripe", "-"], r#"{"object": "list"}"#);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.starts_with("error: `data` is missing"), "{}", r.stderr);
}
