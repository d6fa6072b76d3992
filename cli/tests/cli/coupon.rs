//! `promocode coupon validate` and `check-promotion-code`.

use crate::common::*;
use predicates::prelude::*;
use serde_json::json;

const REQUEST: &str = r#"{"coupon_discount_type": "percent", "coupon_discount_amount": 20, "coupon_duration_type": "once", "sync": {"provider": "stripe"}}"#;

#[test]
fn a_valid_coupon_prints_the_normalised_coupon() {
    let dir = Dir::new();
    let file = dir.file("coupon.json", REQUEST);
    let r = run_args(&["coupon", "validate", arg(&file), "--connected", "stripe,paddle", "--seed", "7"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let coupon: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let want = promocode::validate_coupon(
        &serde_json::from_str::<serde_json::Value>(REQUEST).unwrap().into(),
        &["stripe", "paddle"],
        Some(7),
    )
    .unwrap();
    assert_eq!(coupon, serde_json::Value::from(&want), "what the core answers");
    assert_eq!(coupon["uuid_code"].as_str().unwrap().len(), 12);
    assert_eq!(coupon["sync"], json!({"provider": "stripe"}));
    let keys: Vec<&str> = coupon.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(&keys[..3], ["name", "uuid_code", "active"], "the core's key order");
    assert_eq!(r.stdout, run_args(&["coupon", "validate", arg(&file), "--connected", "stripe", "--seed", "7"]).stdout);
}

#[test]
fn a_broken_rule_prints_the_422_body_and_exits_1() {
    let dir = Dir::new();
    let file = dir.file("coupon.json", REQUEST);
    let r = run_args(&["coupon", "validate", arg(&file), "--compact"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "{\"message\":\"stripe is not connected for this program.\",\"errors\":{\"sync.provider\":[\"stripe is not connected for this program.\"]}}\n"
    );
    let file = dir.file(
        "bad.json",
        r#"{"coupon_discount_type": "percent", "coupon_discount_amount": 120, "coupon_duration_type": "days"}"#,
    );
    let r = run_args(&["coupon", "validate", arg(&file)]);
    assert_eq!(r.code, 1);
    let body: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(body["message"].as_str().unwrap().contains("(and 1 more error)"), "{body}");
    let fields: Vec<&str> = body["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["coupon_discount_amount", "coupon_duration_value"]);
}

#[test]
fn reads_standard_input() {
    let r = run_with(&["coupon", "validate", "-", "--connected", "stripe"], REQUEST);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn input_that_is_not_a_request_exits_2() {
    promocode()
        .args(["coupon", "validate", "-"])
        .write_stdin("{")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("error: standard input is not valid JSON"));
    promocode()
        .args(["coupon", "validate", "-"])
        .write_stdin("[1]")
        .assert()
        .code(2)
        .stderr("error: `request` must be an object, got array\n");
    promocode()
        .args(["coupon", "validate", "-", "--connected", "myspace"])
        .write_stdin(REQUEST)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`myspace`"));
    let dir = Dir::new();
    promocode()
        .args(["coupon", "validate", arg(&dir.path("missing.json"))])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn promotion_codes() {
    let r = run_with(
        &["coupon", "check-promotion-code", "-", "--compact"],
        r#"{"coupon_uuid": "SPRING", "code": " JOHN20 "}"#,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let code: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(code["code"], "JOHN20");
    assert_eq!(code["coupon_uuid"], "SPRING");

    let r = run_with(&["coupon", "check-promotion-code", "-"], r#"{"coupon_uuid": "SPRING", "code": "JOHN 20"}"#);
    assert_eq!(r.code, 1);
    let body: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        body,
        json!({"message": "The code format is invalid.", "errors": {"code": ["The code format is invalid."]}})
    );
}
