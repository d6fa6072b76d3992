//! Runs every case of `core/tests/vectors/coupon*.json` (format: `COUPONS.md`).
//!
//! `PROMOCODE_BLESS=1 cargo test -p promocode --test coupon_vectors` rewrites each
//! case's `expect` / `expect_error` with what the library returns now (after a
//! deliberate change, e.g. a new code generator); review the diff before
//! committing it.

use promocode::{attribute, check_redemption, validate_coupon, validate_promotion_code, Value, REDEMPTION_REASONS};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The order keys of a case are written in; any other key follows, sorted.
const KEY_ORDER: &[&str] = &[
    "name",
    "op",
    "seed",
    "connected",
    "request",
    "promotion_code",
    "coupon",
    "order",
    "promotion_code_partner",
    "referral_cookie_partner",
    "expect",
    "expect_error",
];

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("coupon") && name.ends_with(".json")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no coupon vector files in {}", dir.display());
    files
}

/// JSON → `Value`, turning `{"$float": "NaN" | "Infinity" | "-Infinity"}` into
/// the float JSON cannot spell.
fn decode(j: &Json) -> Value {
    match j {
        Json::Object(m) if m.len() == 1 && m.contains_key("$float") => match m["$float"].as_str() {
            Some("NaN") => Value::Float(f64::NAN),
            Some("Infinity") => Value::Float(f64::INFINITY),
            Some("-Infinity") => Value::Float(f64::NEG_INFINITY),
            other => panic!("bad $float {other:?}"),
        },
        Json::Array(items) => Value::Array(items.iter().map(decode).collect()),
        Json::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), decode(v))).collect()),
        other => Value::from(other.clone()),
    }
}

fn input(case: &Json, key: &str) -> Value {
    decode(case.get(key).unwrap_or_else(|| panic!("case {} has no `{key}`", case["name"])))
}

/// Runs one case; returns `("expect", output)` or `("expect_error", {code, body?})`.
fn run(case: &Json) -> (&'static str, Json) {
    let seed = case.get("seed").and_then(Json::as_u64);
    let result: Result<Json, promocode::Error> = match case["op"].as_str().expect("op") {
        "validate_coupon" => {
            let connected: Vec<String> = case
                .get("connected")
                .and_then(Json::as_array)
                .map(|a| a.iter().map(|c| c.as_str().expect("connected: strings").to_owned()).collect())
                .unwrap_or_default();
            let connected: Vec<&str> = connected.iter().map(String::as_str).collect();
            validate_coupon(&input(case, "request"), &connected, seed).map(|v| Json::from(&v))
        }
        "validate_promotion_code" => validate_promotion_code(&input(case, "request"), seed).map(|v| Json::from(&v)),
        "check_redemption" => {
            check_redemption(&input(case, "promotion_code"), &input(case, "coupon"), &input(case, "order"))
                .map(|r| json!(r))
        }
        "attribute" => {
            let code = case.get("promotion_code_partner").and_then(Json::as_str);
            let cookie = case.get("referral_cookie_partner").and_then(Json::as_str);
            Ok(attribute(code, cookie)
                .map_or(Json::Null, |a| json!({"partner": a.partner, "source": a.source.as_str()})))
        }
        other => panic!("unknown op {other}"),
    };
    match result {
        Ok(v) => ("expect", v),
        Err(e) => {
            let mut err = Map::new();
            err.insert("code".into(), json!(e.code().as_str()));
            if let Some(body) = e.validation_body() {
                err.insert("body".into(), Json::from(&body));
                assert_eq!(Json::from(&body)["message"], json!(e.to_string()));
            }
            ("expect_error", Json::Object(err))
        }
    }
}

/// Whether `actual` satisfies the case's expectation (an `expect_error` without a
/// `body` checks the code only).
fn matches(case: &Json, kind: &str, actual: &Json) -> bool {
    match (kind, case.get("expect"), case.get("expect_error")) {
        ("expect", Some(expected), None) => expected == actual,
        ("expect_error", None, Some(expected)) => {
            expected["code"] == actual["code"] && expected.get("body").is_none_or(|b| Some(b) == actual.get("body"))
        }
        _ => false,
    }
}

fn write_corpus(description: &Json, cases: &[Json]) -> String {
    let mut out = String::from("{\n  \"description\": ");
    out.push_str(&description.to_string());
    out.push_str(",\n  \"cases\": [\n");
    for (i, case) in cases.iter().enumerate() {
        let m = case.as_object().expect("case is an object");
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort_by_key(|k| (KEY_ORDER.iter().position(|o| o == k).unwrap_or(KEY_ORDER.len()), k.as_str()));
        out.push_str("    {\n");
        for (j, k) in keys.iter().enumerate() {
            out.push_str(&format!("      {}: {}", Json::from(k.as_str()), m[k.as_str()]));
            out.push_str(if j + 1 < keys.len() { ",\n" } else { "\n" });
        }
        out.push_str(if i + 1 < cases.len() { "    },\n" } else { "    }\n" });
    }
    out.push_str("  ]\n}\n");
    out
}

#[test]
fn coupon_vectors() {
    let bless = std::env::var("PROMOCODE_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut total = 0;
    let mut ops = BTreeSet::new();
    let mut reasons = BTreeSet::new();
    let mut names = BTreeSet::new();
    for file in vector_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut corpus: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let cases = corpus["cases"].as_array_mut().expect("cases");
        for case in cases.iter_mut() {
            total += 1;
            let name = case["name"].as_str().expect("every case has a name").to_owned();
            assert!(names.insert(name.clone()), "duplicate case name {name}");
            ops.insert(case["op"].as_str().unwrap().to_owned());
            let (kind, actual) = run(case);
            if case["op"] == "check_redemption" && kind == "expect" {
                reasons.extend(actual.as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()));
            }
            if matches(case, kind, &actual) {
                continue;
            }
            if bless {
                let m = case.as_object_mut().unwrap();
                m.remove("expect");
                m.remove("expect_error");
                m.insert(kind.to_owned(), actual);
            } else {
                failures.push(format!("{}: {name}\n  expected: {}\n  actual:   {kind}: {actual}", file.display(), {
                    let mut e = case.clone();
                    let e = e.as_object_mut().unwrap();
                    e.get("expect").or(e.get("expect_error")).cloned().unwrap_or(Json::Null)
                }));
            }
        }
        if bless {
            let cases = corpus["cases"].as_array().unwrap();
            std::fs::write(&file, write_corpus(&corpus["description"], cases)).unwrap();
        }
    }
    assert!(failures.is_empty(), "{} of {total} coupon vectors failed:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 80, "only {total} coupon vectors");
    for op in ["validate_coupon", "validate_promotion_code", "check_redemption", "attribute"] {
        assert!(ops.contains(op), "no vector for {op}");
    }
    for reason in REDEMPTION_REASONS {
        assert!(reasons.contains(*reason), "no vector returns the reason {reason}");
    }
}

/// Writing a corpus back without changes gives the same bytes (so a bless run
/// only touches expectations that changed).
#[test]
fn corpus_format_is_stable() {
    for file in vector_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let corpus: Json = serde_json::from_str(&text).unwrap();
        let again = write_corpus(&corpus["description"], corpus["cases"].as_array().unwrap());
        assert!(again == text, "{} is not in the canonical layout; run with PROMOCODE_BLESS=1", file.display());
    }
}
