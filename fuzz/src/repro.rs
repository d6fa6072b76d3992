//! Core values as Rust source, for the reproducers the inputs print as `Debug`.
//!
//! Every printer works from the core's own values (`FormatOptions`, `Partner`,
//! `Value`), not from the fuzz input, so what is printed is what was run. The
//! snippets assume `use promocode::*;` (and `promocode::value::Value` is
//! re-exported as `promocode::Value`).

use promocode::{FormatOptions, Partner, Value};
use std::fmt::Write;

/// The smallest `(unit, n)` with `s == unit.repeat(n)`, when `n > 1` and `s` is long.
fn repetition(s: &str) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    if b.len() < 64 {
        return None;
    }
    // KMP prefix function: the smallest period is len - pi[len - 1].
    let mut pi = vec![0usize; b.len()];
    for i in 1..b.len() {
        let mut k = pi[i - 1];
        while k > 0 && b[i] != b[k] {
            k = pi[k - 1];
        }
        if b[i] == b[k] {
            k += 1;
        }
        pi[i] = k;
    }
    let p = b.len() - pi[b.len() - 1];
    (p < b.len() && b.len().is_multiple_of(p) && s.is_char_boundary(p)).then(|| (&s[..p], b.len() / p))
}

/// `s` as an expression of type `String`.
pub fn string(s: &str) -> String {
    match repetition(s) {
        Some((unit, n)) => format!("{unit:?}.repeat({n})"),
        None => format!("{s:?}.to_string()"),
    }
}

/// `s` as a `&str` expression (an argument: a repeated text is a temporary).
pub fn str_ref(s: &str) -> String {
    match repetition(s) {
        Some((unit, n)) => format!("{unit:?}.repeat({n}).as_str()"),
        None => format!("{s:?}"),
    }
}

/// `x` as an `f64` expression that gives exactly these bits.
pub fn f64_lit(x: f64) -> String {
    if x.is_nan() {
        format!("f64::from_bits({:#x})", x.to_bits())
    } else if x == f64::INFINITY {
        "f64::INFINITY".into()
    } else if x == f64::NEG_INFINITY {
        "f64::NEG_INFINITY".into()
    } else {
        // Debug of a finite f64 round-trips and is a valid float literal.
        let s = format!("{x:?}");
        if s.contains(['.', 'e']) || s.contains("inf") {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// An `i64` literal.
pub fn i64_lit(i: i64) -> String {
    if i == i64::MIN {
        "i64::MIN".into()
    } else {
        i.to_string()
    }
}

/// Wrapper nodes (one-element arrays, one-entry objects with the same key) in a
/// row at the top of `v`: `(n, key, inner)`; `key` is `None` for arrays.
fn wrapper_run(v: &Value) -> (usize, Option<&str>, &Value) {
    let kind = match v {
        Value::Array(items) if items.len() == 1 => None,
        Value::Object(entries) if entries.len() == 1 => Some(entries[0].0.as_str()),
        _ => return (0, None, v),
    };
    let mut n = 0;
    let mut cur = v;
    loop {
        match (cur, kind) {
            (Value::Array(items), None) if items.len() == 1 => cur = &items[0],
            (Value::Object(entries), Some(k)) if entries.len() == 1 && entries[0].0 == k => cur = &entries[0].1,
            _ => return (n, kind, cur),
        }
        n += 1;
    }
}

/// `v` as a `Value` expression. Long runs of wrappers become a loop (nested `vec!`
/// hits the compiler's recursion limit).
pub fn value(v: &Value) -> String {
    let (n, key, inner) = wrapper_run(v);
    if n >= 8 {
        let wrap = match key {
            None => "Value::Array(vec![v])".to_string(),
            Some(k) => format!("Value::Object(vec![({}, v)])", string(k)),
        };
        return format!("{{ let mut v = {}; for _ in 0..{n} {{ v = {wrap}; }} v }}", value(inner));
    }
    match v {
        Value::Null => "Value::Null".into(),
        Value::Bool(b) => format!("Value::Bool({b})"),
        Value::Int(i) => format!("Value::Int({})", i64_lit(*i)),
        Value::UInt(u) => format!("Value::UInt({u})"),
        Value::Float(x) => format!("Value::Float({})", f64_lit(*x)),
        Value::String(s) => format!("Value::String({})", string(s)),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(value).collect();
            format!("Value::Array(vec![{}])", items.join(", "))
        }
        Value::Object(entries) => {
            let entries: Vec<String> = entries.iter().map(|(k, v)| format!("({}, {})", string(k), value(v))).collect();
            format!("Value::Object(vec![{}])", entries.join(", "))
        }
    }
}

/// `o` as a builder chain (only the settings that differ from the defaults).
/// The key style (set through `FormatOptions::set`) is not printed: print those
/// calls separately.
pub fn options(o: &FormatOptions) -> String {
    let d = FormatOptions::new();
    let mut s = String::from("FormatOptions::new()");
    if o.platform != d.platform {
        let _ = write!(s, ".platform(Platform::{:?})", o.platform);
    }
    if o.prefix != d.prefix {
        let _ = write!(s, ".prefix({})", str_ref(&o.prefix));
    }
    for (on, name) in [(o.name, "name"), (o.surname, "surname"), (o.email, "email")] {
        if on {
            let _ = write!(s, ".{name}(true)");
        }
    }
    if let Some(x) = o.discount {
        let _ = write!(s, ".discount({})", f64_lit(x));
    }
    if o.random != d.random {
        let _ = write!(s, ".random({})", o.random);
    }
    if let Some(t) = &o.template {
        let _ = write!(s, ".template({})", str_ref(t));
    }
    if let Some(t) = &o.separator {
        let _ = write!(s, ".separator({})", str_ref(t));
    }
    if let Some(c) = o.case {
        let _ = write!(s, ".case(Case::{c:?})");
    }
    if let Some(a) = &o.alphabet {
        let _ = write!(s, ".alphabet({})", str_ref(a));
    }
    if let Some(m) = o.max_length {
        let _ = write!(s, ".max_length({m})");
    }
    if o.german_umlauts {
        s.push_str(".german_umlauts(true)");
    }
    s
}

fn opt_string(o: &Option<String>) -> String {
    match o {
        None => "None".into(),
        Some(s) => format!("Some({})", string(s)),
    }
}

/// `p` as a `Partner` expression.
pub fn partner(p: &Partner) -> String {
    format!(
        "Partner {{ name: {}, surname: {}, email: {}, id: {}, ..Partner::default() }}",
        opt_string(&p.name),
        opt_string(&p.surname),
        opt_string(&p.email),
        opt_string(&p.id)
    )
}

/// A list of strings as an array expression of `&str`s.
pub fn str_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| str_ref(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A list of strings as an argument of `impl IntoIterator<Item: AsRef<str>>`
/// (an empty array would leave the item type unknown).
pub fn str_list_arg(items: &[String]) -> String {
    if items.is_empty() {
        "Vec::<&str>::new()".into()
    } else {
        str_array(items)
    }
}
