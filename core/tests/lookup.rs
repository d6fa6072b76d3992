//! Lookup ("did you mean"), check symbols and the typo guard: the shared vectors
//! of `core/tests/vectors/lookup/*.json` (format in `vectors/README.md`, section
//! "Lookup vectors") and property tests.
//!
//! `PROMOCODE_BLESS=1 cargo test -p promocode --test lookup` writes the actual
//! results into the files instead of comparing: review the diff before committing.

use promocode::api::KeyStyle;
use promocode::{FormatOptions, Generator, LookupKind, Partner, TypoGuard, Value};
use proptest::prelude::*;
use serde_json::{json, Value as J};
use std::path::PathBuf;

fn to_value(j: &J) -> Value {
    match j {
        J::Array(a) => Value::Array(a.iter().map(to_value).collect()),
        J::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
        other => Value::from(other.clone()),
    }
}

fn value_json(v: &Value) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::UInt(u) => json!(u),
        Value::Float(f) => json!(f),
        Value::String(s) => json!(s),
        Value::Array(a) => J::Array(a.iter().map(value_json).collect()),
        Value::Object(o) => J::Object(o.iter().map(|(k, v)| (k.clone(), value_json(v))).collect()),
    }
}

fn err_json(e: &promocode::Error) -> J {
    json!({"code": e.code().as_str()})
}

fn report_json(r: &promocode::Report) -> J {
    json!({
        "valid": r.valid,
        "issues": r.issues.iter().map(|i| json!({"code": i.code, "position": i.position})).collect::<Vec<_>>(),
    })
}

/// Compares, or (blessing) records, `actual` as `holder["expect"]` / `["expect_error"]`.
fn outcome(bless: bool, holder: &mut J, actual: Result<J, promocode::Error>) -> Result<(), String> {
    if bless {
        let o = holder.as_object_mut().expect("object");
        o.remove("expect");
        o.remove("expect_error");
        match actual {
            Ok(v) => o.insert("expect".into(), v),
            Err(e) => o.insert("expect_error".into(), err_json(&e)),
        };
        return Ok(());
    }
    match (holder.get("expect"), holder.get("expect_error"), actual) {
        (_, Some(exp), Err(e)) if exp["code"] == json!(e.code().as_str()) => Ok(()),
        (Some(exp), None, Ok(v)) if *exp == v => Ok(()),
        (exp, exp_err, actual) => Err(format!(
            "expected {} got {}",
            exp.or(exp_err).cloned().unwrap_or(J::Null),
            match actual {
                Ok(v) => v.to_string(),
                Err(e) => format!("error {} ({e})", e.code()),
            }
        )),
    }
}

fn generator(case: &J) -> Result<Generator, promocode::Error> {
    let fmt = FormatOptions::from_value(&to_value(&case["format"]), KeyStyle::Snake)?.build()?;
    if let Some(store) = case.get("store") {
        // As bindings build it: `Generator(fmt, store=Store(...), **options)`.
        let store = promocode::api::store(&to_value(store), &Value::Null, KeyStyle::Snake)?;
        let mut options = serde_json::Map::new();
        for key in ["seed", "existing", "typo_guard", "lookup_index"] {
            if let Some(v) = case.get(key) {
                options.insert(key.into(), v.clone());
            }
        }
        return promocode::api::generator_in(&fmt, &to_value(&J::Object(options)), Some(&store), KeyStyle::Snake);
    }
    let seed = case.get("seed").and_then(J::as_u64);
    let mut gen = Generator::new(fmt, seed);
    if let Some(g) = case.get("typo_guard").and_then(J::as_str) {
        gen = gen.with_typo_guard(TypoGuard::from_name(g)?);
    }
    if case.get("lookup_index").and_then(J::as_bool) == Some(true) {
        gen = gen.with_lookup_index(true);
    }
    let existing: Vec<&str> =
        case.get("existing").and_then(J::as_array).into_iter().flatten().filter_map(J::as_str).collect();
    gen.add_existing(existing);
    Ok(gen)
}

fn run_case(bless: bool, case: &mut J) -> Result<(), String> {
    match case["op"].as_str().unwrap_or_default() {
        "format" => {
            let actual = FormatOptions::from_value(&to_value(&case["format"]), KeyStyle::Snake)
                .and_then(FormatOptions::build)
                .map(|f| json!({"entropy_bits": (f.entropy_bits() * 1e6).round() / 1e6, "random_space": f.random_space().map(|s| s.to_string())}));
            outcome(bless, case, actual)
        }
        "generator" => {
            let gen = match generator(case) {
                Ok(g) => g,
                Err(e) => return outcome(bless, case, Err(e)),
            };
            let steps = case["steps"].as_array_mut().ok_or("generator case needs steps")?;
            for (i, step) in steps.iter_mut().enumerate() {
                let op = step["op"].as_str().unwrap_or_default().to_owned();
                let entered = to_value(&step["entered"]);
                let actual = match op.as_str() {
                    "lookup" => gen.lookup_value(&entered).map(|v| value_json(&v)),
                    "suggest" => gen.suggest_value(&entered, &to_value(&step["limit"])).map(|v| value_json(&v)),
                    "near" => Ok(json!(gen
                        .near(step["code"].as_str().unwrap_or_default(), 5)
                        .iter()
                        .map(|s| s.code.clone())
                        .collect::<Vec<_>>())),
                    "generate" => {
                        Partner::from_value(&to_value(&step["partner"])).and_then(|p| gen.generate(&p)).map(J::from)
                    }
                    "generate_codes" => {
                        gen.generate_codes(step["count"].as_u64().unwrap_or(0) as usize).map(|c| json!(c))
                    }
                    "validate" => Ok(report_json(&gen.format().validate(step["code"].as_str().unwrap_or_default()))),
                    "remaining" => Ok(gen.remaining().map_or(J::Null, |r| json!(r.to_string()))),
                    // The generator's store, asked directly (cases with `store`).
                    "store_lookup" => {
                        let store = gen.store().ok_or("store_lookup needs a case with `store`")?;
                        promocode::api::store_lookup(store, &entered).map(|v| value_json(&v))
                    }
                    "store_suggest" => {
                        let store = gen.store().ok_or("store_suggest needs a case with `store`")?;
                        promocode::api::store_suggest(store, &entered, &to_value(&step["limit"]))
                            .map(|v| value_json(&v))
                    }
                    other => return Err(format!("step {i}: unknown op {other:?}")),
                };
                outcome(bless, step, actual).map_err(|e| format!("step {i} ({op}): {e}"))?;
            }
            Ok(())
        }
        "generator_options" => {
            let actual = promocode::api::GeneratorOptions::from_value(&to_value(&case["options"]), KeyStyle::Snake).map(|o| {
                json!({"typo_guard": o.typo_guard.map(|g| g.name()), "lookup_index": o.lookup_index, "existing": o.existing})
            });
            outcome(bless, case, actual)
        }
        other => Err(format!("unknown op {other:?}")),
    }
}

#[test]
fn every_lookup_vector_passes() {
    let bless = std::env::var_os("PROMOCODE_BLESS").is_some();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/lookup");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("dir").map(|e| e.expect("entry").path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    for path in files {
        let mut doc: J = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        for case in doc["cases"].as_array_mut().expect("cases") {
            count += 1;
            let name = case["name"].as_str().unwrap_or("?").to_owned();
            if let Err(e) = run_case(bless, case) {
                failures.push(format!("{name}: {e}"));
            }
        }
        if bless {
            std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("json") + "\n").expect("write");
        }
    }
    assert!(failures.is_empty(), "{} of {count} failed:\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 20, "only {count} lookup vectors");
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const ALPHABET: &str = "23456789BCDFGHJKMNPQRSTVWXZ";

/// Every one-edit typo of `code` (substitution and insertion over the default
/// alphabet and a few letters, deletion, adjacent swap).
fn typos(code: &str) -> Vec<String> {
    let c: Vec<char> = code.chars().collect();
    let letters: Vec<char> = format!("{ALPHABET}AEIOU").chars().collect();
    let mut out = Vec::new();
    for i in 0..c.len() {
        for &x in &letters {
            if x != c[i] {
                let mut v = c.clone();
                v[i] = x;
                out.push(v.iter().collect());
            }
        }
        let mut v = c.clone();
        v.remove(i);
        out.push(v.iter().collect());
        if i + 1 < c.len() && c[i] != c[i + 1] {
            let mut v = c.clone();
            v.swap(i, i + 1);
            out.push(v.iter().collect());
        }
    }
    for i in 0..=c.len() {
        for &x in &letters {
            let mut v = c.clone();
            v.insert(i, x);
            out.push(v.iter().collect());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Every one-edit typo of an issued code is among its suggestions (or is
    /// itself a registered code, which then wins as exact).
    #[test]
    fn every_one_edit_typo_is_suggested(seed in any::<u64>(), pick in 0usize..200, index in any::<bool>()) {
        let gen = Generator::new(FormatOptions::new().random(6).build().unwrap(), Some(seed)).with_lookup_index(index);
        let codes = gen.generate_codes(200).unwrap();
        let code = &codes[pick];
        for typo in typos(code).into_iter().step_by(7) {
            let list = gen.suggest(&typo, usize::MAX);
            if gen.contains(&typo) {
                prop_assert_eq!(gen.lookup(&typo).kind, LookupKind::Exact);
                continue;
            }
            prop_assert!(list.iter().any(|s| &s.code == code), "{} not suggested for {}: {:?}", code, typo, list);
        }
    }

    /// The lookup index only changes speed: with it and without it `suggest`
    /// gives the same list (codes, distances, scores), for counter codes
    /// (`ZOE20`, `ZOE20-2`: the index matches keys without separators) and for
    /// codes with separators, typed as issued, without separators, or one slip off.
    #[test]
    fn the_lookup_index_gives_the_same_suggestions(
        names in proptest::collection::vec("[a-z]{2,4}", 1..12),
        separated in any::<bool>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let options = if separated {
            FormatOptions::new().prefix("VIP").name(true).random(3).separator("-")
        } else {
            FormatOptions::new().name(true).discount(20.0)
        };
        let [plain, indexed] = [false, true].map(|index| {
            Generator::new(options.clone().build().unwrap(), Some(9)).with_lookup_index(index)
        });
        let mut codes = Vec::new();
        for name in names.iter().chain(&names) {
            let partner = Partner::new().name(name.as_str());
            let code = plain.generate(&partner).unwrap();
            prop_assert_eq!(indexed.generate(&partner).unwrap(), code.clone());
            codes.push(code);
        }
        let code = pick.get(&codes);
        let mut queries = vec![code.clone(), code.replace('-', "")];
        queries.extend(typos(code).into_iter().step_by(3));
        queries.extend(typos(&code.replace('-', "")).into_iter().step_by(5));
        for q in &queries {
            prop_assert_eq!(plain.suggest(q, usize::MAX), indexed.suggest(q, usize::MAX), "query {}", q);
        }
    }

    /// Exact always wins: a registered code is `exact` whatever else is near it.
    #[test]
    fn exact_always_wins(names in proptest::collection::vec("[a-z]{2,5}", 1..20), pick in any::<prop::sample::Index>()) {
        let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build().unwrap(), Some(1));
        let codes: Vec<String> = names.iter().map(|n| gen.generate(&Partner::new().name(n.as_str())).unwrap()).collect();
        let code = pick.get(&codes);
        let answer = gen.lookup(&code.to_lowercase());
        prop_assert_eq!(answer.kind, LookupKind::Exact);
        prop_assert_eq!(answer.code.as_deref(), Some(code.as_str()));
        prop_assert_eq!(&gen.suggest(code, 1)[0].code, code);
    }

    /// `avoid` never issues two random codes within one edit of each other.
    #[test]
    fn avoid_never_issues_neighbours(seed in any::<u64>()) {
        let gen = Generator::new(FormatOptions::new().random(3).alphabet("ABCDEFG").build().unwrap(), Some(seed))
            .with_typo_guard(TypoGuard::Avoid);
        let codes = match gen.generate_codes(30) {
            Ok(c) => c,
            Err(e) => { prop_assert_eq!(e.code().as_str(), "code_space_exhausted"); return Ok(()); }
        };
        for (i, a) in codes.iter().enumerate() {
            for b in &codes[i + 1..] {
                prop_assert!(!typos(a).contains(b) && !one_edit(a, b), "{} and {} are one edit apart", a, b);
            }
        }
    }

    /// Check-symbol codes: every single substitution and adjacent swap of the
    /// random part fails validation.
    #[test]
    fn check_symbol_codes_catch_every_single_error(seed in any::<u64>()) {
        let fmt = FormatOptions::new().prefix("VIP").random(6).check_symbol(true).build().unwrap();
        let code = fmt.render(&Partner::new(), Some(seed)).unwrap();
        prop_assert!(fmt.validate(&code).valid);
        let c: Vec<char> = code.chars().collect();
        for i in 4..c.len() {
            for x in ALPHABET.chars().filter(|&x| x != c[i]) {
                let mut v = c.clone();
                v[i] = x;
                let typo: String = v.iter().collect();
                prop_assert!(!fmt.validate(&typo).valid, "{} → {} passes", code, typo);
            }
            if i + 1 < c.len() && c[i] != c[i + 1] {
                let mut v = c.clone();
                v.swap(i, i + 1);
                let typo: String = v.iter().collect();
                prop_assert!(!fmt.validate(&typo).valid, "{} → {} passes", code, typo);
            }
        }
    }
}

/// Brute-force "at most one edit" for the property test.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.to_lowercase().chars().collect(), b.to_lowercase().chars().collect());
    let n = a.len().max(b.len());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    n > 0 && d[a.len()][b.len()] <= 1
}

#[test]
fn hostile_input_never_crashes_and_stays_bounded() {
    let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build().unwrap(), None);
    gen.add_existing(["JOHN20", "ANNA20"]);
    let huge = "J".repeat(1 << 20);
    for entered in ["", " ", "\u{FFFD}", "\u{0}", "ＪＯＨＮ２０", "JОHN20", "\u{301}", &huge, "😀😀", "-- -- --"]
    {
        let answer = gen.lookup(entered);
        let _ = answer.to_value();
        let _ = gen.suggest(entered, 10);
    }
    assert_eq!(gen.lookup("").kind, LookupKind::NotFound);
    assert_eq!(gen.lookup(&huge).kind, LookupKind::NotFound);
    assert_eq!(gen.lookup("ＪＯＨＮ２０").kind, LookupKind::Exact);
    let cyrillic = gen.lookup("JОHN20"); // Cyrillic О
    assert_eq!((cyrillic.kind, cyrillic.rule), (LookupKind::Normalized, Some("look_alike")));
    assert_eq!(gen.lookup_value(&Value::Int(3)).unwrap_err().code().as_str(), "invalid_type");
}

/// A store stand-in that counts what a lookup asks for.
struct Counting {
    codes: Vec<String>,
    probes: usize,
    calls: usize,
}

impl promocode::lookup::CodeSet for Counting {
    fn find(&mut self, keys: &[String]) -> Vec<Option<String>> {
        self.calls += 1;
        self.probes += keys.len();
        keys.iter().map(|k| self.codes.iter().find(|c| c.to_lowercase() == *k).cloned()).collect()
    }
}

#[test]
fn a_lookup_probes_a_bounded_number_of_keys_in_at_most_three_batches() {
    use promocode::lookup::{lookup_in, suggest_in, MAX_PROBES, MAX_VARIANTS};
    let fmt = FormatOptions::new().prefix("PARTNER").name(true).random(2).build().unwrap();
    let long = "o0il1s5z2b8".repeat(6); // 66 characters of look-alikes
    for entered in ["PARTNER JON XY", long.as_str(), &long[..60], "x"] {
        let mut set = Counting { codes: vec!["PARTNER-JOHN-XY".into()], probes: 0, calls: 0 };
        let answer = lookup_in(&mut set, Some(&fmt), entered);
        assert!(set.calls <= 3, "{entered}: {} calls", set.calls);
        assert!(set.probes <= 1 + MAX_VARIANTS + MAX_PROBES, "{entered}: {} probes", set.probes);
        if entered == "PARTNER JON XY" {
            // A store's own issued form comes back as it is.
            assert_eq!(answer.suggestions[0].code, "PARTNER-JOHN-XY");
            assert_eq!(suggest_in(&mut set, None, "partner-jon-xy", 1)[0].code, "PARTNER-JOHN-XY");
        }
    }
}
