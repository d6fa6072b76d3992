//! Runs every case of `core/tests/vectors/*.json` (format in `vectors/README.md`).
//!
//! `PROMOCODE_BLESS=1 cargo test -p promocode --test vectors` writes the actual
//! results into the files instead of comparing: review the diff before committing.

use promocode::api::{parse_seed, KeyStyle};
use promocode::{canonical_key, normalize, validate, Error, ErrorCode, Partner, Platform, Value};
use serde_json::{json, Value as J};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn vector_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("vectors dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        // Coupon cases (COUPONS.md) have their own harness: tests/coupon_vectors.rs.
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("coupon")))
        // Provider cases have theirs too: tests/providers.rs.
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("providers")))
        .collect();
    files.sort();
    files
}

/// JSON → `Value`, decoding the tags of the encoding rules (README.md):
/// `{"$float": "NaN" | "Infinity" | "-Infinity"}`, `{"$bigint": "decimal"}` (an
/// integer of any size, read by the core's rule for integers past 64 bits) and
/// `{"$repeat": [text, n]}`.
fn to_value(j: &J) -> Value {
    if let Some(text) = j.get("$bigint").and_then(J::as_str) {
        return bigint(text);
    }
    if let Some([J::String(text), J::Number(n)]) = j.get("$repeat").and_then(J::as_array).map(Vec::as_slice) {
        return Value::String(text.repeat(n.as_u64().expect("repeat count") as usize));
    }
    if let Some(f) = j.get("$float").and_then(J::as_str) {
        return Value::Float(match f {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            _ => f64::NEG_INFINITY,
        });
    }
    match j {
        J::Array(a) => Value::Array(a.iter().map(to_value).collect()),
        J::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
        other => Value::from(other.clone()),
    }
}

/// A decimal integer of any size, as a binding hands it over: through the core's
/// rule for integers (the nearest float past 64 bits).
fn bigint(text: &str) -> Value {
    let (negative, digits) = text.strip_prefix('-').map_or((false, text), |d| (true, d));
    match digits.parse::<u128>() {
        Ok(n) => promocode::api::big_integer(negative, &[n as u64, (n >> 64) as u64]),
        Err(_) => Value::Float(text.parse::<f64>().expect("$bigint is a decimal integer")),
    }
}

/// The JSON text with each lone UTF-16 surrogate escape (`\ud800`) replaced by
/// `\ufffd`: what every binding makes of a lone surrogate, and what serde_json,
/// which refuses them, can read.
fn replace_lone_surrogates(text: &str) -> String {
    let surrogate = |s: &str| u16::from_str_radix(s, 16).ok().filter(|u| (0xD800..0xE000).contains(u));
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if bytes[i] == b'\\' && i + 1 < text.len() {
            if bytes[i + 1] == b'u' && i + 6 <= text.len() {
                if let Some(u) = surrogate(&text[i + 2..i + 6]) {
                    let low = text.get(i + 6..i + 12).filter(|s| s.starts_with("\\u")).and_then(|s| surrogate(&s[2..]));
                    if (0xD800..0xDC00).contains(&u) && low.is_some_and(|l| l >= 0xDC00) {
                        out.push_str(&text[i..i + 12]);
                        i += 12;
                    } else {
                        out.push_str("\\ufffd");
                        i += 6;
                    }
                    continue;
                }
            }
            out.push_str(&text[i..i + 2]);
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().expect("char");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// A string input (`code`): plain, or tagged (`$repeat`).
fn text(j: &J) -> String {
    to_value(j).as_str().unwrap_or_default().to_owned()
}

/// A seed: absent/null, a number, or a decimal string (for seeds above 2^53).
fn seed(j: Option<&J>) -> Result<Option<u64>, Error> {
    match j {
        None | Some(J::Null) => Ok(None),
        Some(J::String(s)) => Ok(Some(s.parse().expect("seed string is a u64"))),
        Some(other @ J::Object(_)) => parse_seed(&to_value(other)),
        Some(other) => parse_seed(&to_value(other)),
    }
}

fn error_json(e: &Error) -> J {
    let mut o = serde_json::Map::new();
    o.insert("code".into(), json!(e.code().as_str()));
    if let Some(p) = e.position() {
        o.insert("position".into(), json!(p));
    }
    J::Object(o)
}

/// Checks the fields the vector gives (`code`, optionally `position`, `field`),
/// and that the message follows the house style.
fn check_error(expected: &J, e: &Error) -> Result<(), String> {
    let msg = e.to_string();
    if msg.is_empty() || msg.starts_with(|c: char| c.is_uppercase()) && e.code() != ErrorCode::ValidationFailed {
        return Err(format!("message not in house style: {msg:?}"));
    }
    if expected["code"] != json!(e.code().as_str()) {
        return Err(format!("expected error {}, got {} ({msg})", expected["code"], e.code()));
    }
    if let Some(p) = expected.get("position") {
        if *p != json!(e.position()) {
            return Err(format!("expected position {p}, got {:?} ({msg})", e.position()));
        }
    }
    if let Some(f) = expected.get("field") {
        if *f != json!(e.field()) {
            return Err(format!("expected field {f}, got {:?} ({msg})", e.field()));
        }
    }
    Ok(())
}

struct Ctx {
    bless: bool,
    codes_seen: BTreeSet<&'static str>,
}

impl Ctx {
    /// Compares (or, blessing, records) an outcome in `holder["expect"]` /
    /// `holder["expect_error"]`.
    fn outcome(&mut self, holder: &mut J, actual: Result<J, Error>) -> Result<(), String> {
        if let Err(e) = &actual {
            self.codes_seen.insert(e.code().as_str());
        }
        if self.bless {
            let o = holder.as_object_mut().expect("case is an object");
            match actual {
                Ok(v) => {
                    o.remove("expect_error");
                    o.insert("expect".into(), v);
                }
                Err(e) => {
                    let keep_field = o.get("expect_error").and_then(|x| x.get("field")).is_some();
                    o.remove("expect");
                    let mut ej = error_json(&e);
                    if keep_field {
                        ej["field"] = json!(e.field());
                    }
                    o.insert("expect_error".into(), ej);
                }
            }
            return Ok(());
        }
        match (holder.get("expect"), holder.get("expect_error"), actual) {
            (_, Some(exp), Err(e)) => check_error(exp, &e),
            (Some(exp), None, Ok(v)) => compare(exp, &v),
            (_, Some(exp), Ok(v)) => Err(format!("expected error {exp}, got {v}")),
            (Some(exp), None, Err(e)) => Err(format!("expected {exp}, got error {}: {e}", e.code())),
            (None, None, _) => Err("case has neither expect nor expect_error".into()),
        }
    }
}

/// Equality, with floats compared to 1e-6 (entropy bits).
fn compare(expected: &J, actual: &J) -> Result<(), String> {
    let same = match (expected, actual) {
        (J::Number(a), J::Number(b)) if a.is_f64() || b.is_f64() => {
            (a.as_f64().unwrap_or(f64::NAN) - b.as_f64().unwrap_or(f64::NAN)).abs() < 1e-6
        }
        (J::Object(a), J::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| compare(v, w).is_ok()))
        }
        (J::Array(a), J::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| compare(x, y).is_ok()),
        (a, b) => a == b,
    };
    if same {
        Ok(())
    } else {
        Err(format!("expected {expected}, got {actual}"))
    }
}

/// Through `promocode::api`, as every binding builds it.
fn build_format(case: &J) -> Result<promocode::Format, Error> {
    promocode::api::format(&to_value(&case["format"]), KeyStyle::Snake)
}

fn report_json(r: &promocode::Report) -> J {
    json!({
        "valid": r.valid,
        "issues": r.issues.iter().map(|i| json!({"code": i.code, "position": i.position})).collect::<Vec<_>>(),
    })
}

fn big(n: u128) -> J {
    if n < (1u128 << 53) {
        json!(n as u64)
    } else {
        json!(n.to_string())
    }
}

fn run_case(ctx: &mut Ctx, case: &mut J) -> Result<(), String> {
    let op = case["op"].as_str().unwrap_or_default().to_owned();
    match op.as_str() {
        "format" => {
            let actual = build_format(case).map(|f| json!({"entropy_bits": f.entropy_bits()}));
            ctx.outcome(case, actual)
        }
        "render" => {
            let actual = (|| {
                let fmt = build_format(case)?;
                let partner = Partner::from_value(&to_value(&case["partner"]))?;
                Ok(json!(fmt.render(&partner, seed(case.get("seed"))?)?))
            })();
            ctx.outcome(case, actual)
        }
        "validate" => {
            let actual = Platform::from_name(case["platform"].as_str().unwrap_or("generic"))
                .map(|p| report_json(&validate(&text(&case["code"]), p)));
            ctx.outcome(case, actual)
        }
        "normalize" => {
            let actual = Platform::from_name(case["platform"].as_str().unwrap_or("generic"))
                .and_then(|p| normalize(case["code"].as_str().unwrap_or_default(), p).map(|s| json!(s)));
            ctx.outcome(case, actual)
        }
        "canonical_key" => {
            let actual = Ok(json!(canonical_key(&text(&case["code"]))));
            ctx.outcome(case, actual)
        }
        "platform_rules" => {
            let rules = promocode::api::constants().get("PLATFORM_RULES").map_or(String::new(), Value::to_string);
            let actual = serde_json::from_str(&rules).map_err(|e| format!("PLATFORM_RULES is not JSON: {e}"))?;
            ctx.outcome(case, Ok(actual))
        }
        "generator" => run_generator(ctx, case),
        other => Err(format!("unknown op {other:?}")),
    }
}

fn run_generator(ctx: &mut Ctx, case: &mut J) -> Result<(), String> {
    let setup = (|| {
        let fmt = build_format(case)?;
        let existing = case.get("existing").map_or(Value::Null, to_value);
        let options = Value::object([
            ("existing", existing),
            ("seed", seed(case.get("seed"))?.into()),
            ("store", case.get("store").map_or(Value::Null, to_value)),
            ("coupon", case.get("coupon").map_or(Value::Null, to_value)),
        ]);
        promocode::api::generator(&fmt, &options, KeyStyle::Snake)
    })();
    let gen = match setup {
        Ok(g) => g,
        Err(e) => return ctx.outcome(case, Err(e)),
    };
    let steps = case["steps"].as_array_mut().ok_or("generator case needs steps")?;
    for (i, step) in steps.iter_mut().enumerate() {
        let op = step["op"].as_str().unwrap_or_default().to_owned();
        let actual: Result<J, Error> = match op.as_str() {
            "generate" => Partner::from_value(&to_value(&step["partner"])).and_then(|p| gen.generate(&p)).map(J::from),
            "generate_all" => {
                let partners: Result<Vec<Partner>, Error> = step["partners"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, p)| promocode::api::partner_at(i, &to_value(p)))
                    .collect();
                partners.map(|ps| {
                    J::Array(
                        gen.generate_all(&ps)
                            .into_iter()
                            .map(|r| match r {
                                Ok(code) => json!(code),
                                Err(e) => {
                                    ctx.codes_seen.insert(e.code().as_str());
                                    json!({"error": error_json(&e)})
                                }
                            })
                            .collect(),
                    )
                })
            }
            "generate_codes" => {
                promocode::api::generate_codes(&gen, &to_value(&step["count"])).map(|c| json!(c.into_vec()))
            }
            "add_existing" => promocode::api::add_existing(&gen, &to_value(&step["codes"])).map(|n| json!(n)),
            "contains" => Ok(json!(gen.contains(&text(&step["code"])))),
            "len" => Ok(json!(gen.len())),
            "remaining" => Ok(gen.remaining().map_or(J::Null, big)),
            "assign" => Partner::from_value(&to_value(&step["partner"]))
                .and_then(|p| {
                    let options = Value::object([("replace", step.get("replace").map_or(Value::Null, to_value))]);
                    promocode::api::assign(&gen, &p, &to_value(&step["code"]), &options, KeyStyle::Snake)
                })
                .map(|v| assigned_json(&v)),
            other => return Err(format!("step {i}: unknown op {other:?}")),
        };
        if op == "add_existing" && step.get("expect_error").is_none() {
            continue;
        }
        ctx.outcome(step, actual).map_err(|e| format!("step {i} ({op}): {e}"))?;
    }
    Ok(())
}

/// An `assign` answer in the vector form: warnings by their codes.
fn assigned_json(v: &Value) -> J {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map_or(J::Null, J::from);
    let warnings = match v.get("warnings") {
        Some(Value::Array(ws)) => ws.iter().map(|w| text_of(w.get("code"))).collect(),
        _ => Vec::new(),
    };
    json!({
        "code": text("code"),
        "reused": v.get("reused") == Some(&Value::Bool(true)),
        "replaced": text("replaced"),
        "warnings": warnings,
    })
}

fn text_of(v: Option<&Value>) -> J {
    v.and_then(Value::as_str).map_or(J::Null, J::from)
}

#[test]
fn every_vector_passes() {
    let mut ctx = Ctx { bless: std::env::var_os("PROMOCODE_BLESS").is_some(), codes_seen: BTreeSet::new() };
    let mut failures = Vec::new();
    let mut count = 0;
    let mut names = BTreeSet::new();
    for path in vector_files() {
        let text = std::fs::read_to_string(&path).expect("read vector file");
        let readable = replace_lone_surrogates(&text);
        let mut doc: J = serde_json::from_str(&readable).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Blessing would write U+FFFD where the file has lone surrogates.
        let bless = ctx.bless && readable == text;
        let cases = doc["cases"].as_array_mut().unwrap_or_else(|| panic!("{}: no cases", path.display()));
        for case in cases.iter_mut() {
            let name = case["name"].as_str().unwrap_or("?").to_owned();
            assert!(names.insert(name.clone()), "duplicate case name {name}");
            count += 1;
            if let Err(msg) = run_case(&mut ctx, case) {
                failures.push(format!("{}: {name}: {msg}", path.file_name().unwrap_or_default().to_string_lossy()));
            }
        }
        if bless {
            std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("serialize") + "\n")
                .expect("write vector file");
        }
    }
    assert!(failures.is_empty(), "{} of {count} vectors failed:\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 150, "only {count} vectors");

    // Every error code of the catalogue is exercised by some vector, except the
    // ones no vector can trigger.
    let not_reachable_from_vectors = [
        ErrorCode::BatchFailed,       // raised by the bindings around generate_all
        ErrorCode::RandomUnavailable, // needs a failing OS random source
        ErrorCode::InputTooDeep,      // coupon vectors (coupons.json) and the bindings' converters
        ErrorCode::ValidationFailed,  // coupon vectors (coupons.json)
        ErrorCode::InternalError,     // a caught panic: a bug, which no vector should reach
        // the program store's faults: tests/store.rs
        ErrorCode::InvalidStore,
        ErrorCode::StoreUnavailable,
        ErrorCode::NotAStore,
        ErrorCode::StoreCorrupt,
        ErrorCode::StoreKeyVersion,
        ErrorCode::StoreReadOnly,
    ];
    for code in ErrorCode::ALL {
        if !not_reachable_from_vectors.contains(code) && !ctx.codes_seen.contains(code.as_str()) {
            failures.push(format!("no vector produces error code {code}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
