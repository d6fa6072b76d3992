//! Runs every case of `core/tests/vectors/*.json` (format in `vectors/README.md`).
//!
//! `PROMOCODE_BLESS=1 cargo test -p promocode --test vectors` writes the actual
//! results into the files instead of comparing: review the diff before committing.

use promocode::{
    canonical_key, normalize, parse_count, parse_seed, validate, Error, ErrorCode, FormatOptions, Generator, KeyStyle,
    Partner, Platform, Value,
};
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
        .collect();
    files.sort();
    files
}

/// JSON → `Value`, decoding `{"$float": "NaN" | "Infinity" | "-Infinity"}`.
fn to_value(j: &J) -> Value {
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

/// A seed: absent/null, a number, or a decimal string (for seeds above 2^53).
fn seed(j: Option<&J>) -> Result<Option<u64>, Error> {
    match j {
        None | Some(J::Null) => Ok(None),
        Some(J::String(s)) => Ok(Some(s.parse().expect("seed string is a u64"))),
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

fn build_format(case: &J) -> Result<promocode::Format, Error> {
    FormatOptions::from_value(&to_value(&case["format"]), KeyStyle::Snake)?.build()
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
                .map(|p| report_json(&validate(case["code"].as_str().unwrap_or_default(), p)));
            ctx.outcome(case, actual)
        }
        "normalize" => {
            let actual = Platform::from_name(case["platform"].as_str().unwrap_or("generic"))
                .map(|p| json!(normalize(case["code"].as_str().unwrap_or_default(), p)));
            ctx.outcome(case, actual)
        }
        "canonical_key" => {
            let actual = Ok(json!(canonical_key(case["code"].as_str().unwrap_or_default())));
            ctx.outcome(case, actual)
        }
        "generator" => run_generator(ctx, case),
        other => Err(format!("unknown op {other:?}")),
    }
}

fn run_generator(ctx: &mut Ctx, case: &mut J) -> Result<(), String> {
    let setup = (|| {
        let fmt = build_format(case)?;
        let gen = Generator::new(fmt, seed(case.get("seed"))?);
        let existing: Vec<String> = case
            .get("existing")
            .and_then(J::as_array)
            .map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
            .unwrap_or_default();
        gen.add_existing(existing);
        Ok(gen)
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
                    .map(|p| Partner::from_value(&to_value(p)))
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
                parse_count(&to_value(&step["count"])).and_then(|n| gen.generate_codes(n)).map(|c| json!(c))
            }
            "add_existing" => {
                let codes: Vec<&str> = step["codes"].as_array().into_iter().flatten().filter_map(J::as_str).collect();
                gen.add_existing(codes);
                Ok(J::Null)
            }
            "contains" => Ok(json!(gen.contains(step["code"].as_str().unwrap_or_default()))),
            "len" => Ok(json!(gen.len())),
            "remaining" => Ok(gen.remaining().map_or(J::Null, big)),
            other => return Err(format!("step {i}: unknown op {other:?}")),
        };
        if op == "add_existing" {
            continue;
        }
        ctx.outcome(step, actual).map_err(|e| format!("step {i} ({op}): {e}"))?;
    }
    Ok(())
}

#[test]
fn every_vector_passes() {
    let mut ctx = Ctx { bless: std::env::var_os("PROMOCODE_BLESS").is_some(), codes_seen: BTreeSet::new() };
    let mut failures = Vec::new();
    let mut count = 0;
    let mut names = BTreeSet::new();
    for path in vector_files() {
        let text = std::fs::read_to_string(&path).expect("read vector file");
        let mut doc: J = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases = doc["cases"].as_array_mut().unwrap_or_else(|| panic!("{}: no cases", path.display()));
        for case in cases.iter_mut() {
            let name = case["name"].as_str().unwrap_or("?").to_owned();
            assert!(names.insert(name.clone()), "duplicate case name {name}");
            count += 1;
            if let Err(msg) = run_case(&mut ctx, case) {
                failures.push(format!("{}: {name}: {msg}", path.file_name().unwrap_or_default().to_string_lossy()));
            }
        }
        if ctx.bless {
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
