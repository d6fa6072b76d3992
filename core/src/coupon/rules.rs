//! Laravel-style field rules and the error collector behind the 422 body.
//!
//! Messages follow Laravel's `en` validation catalogue (the wording of Laravel 9,
//! which the Partnero API's documented messages use), with the attribute name
//! shown the way Laravel shows it: a top-level or object path with `_` turned
//! into spaces (`coupon discount type`, `sync.provider`), and a path that went
//! through a list index verbatim (`promotion_codes.0.code`), as Laravel does for
//! attributes matched by a `*` rule.
//!
//! Input is read the way a Laravel app with its default middleware sees it:
//! strings are trimmed, and a string that is empty after trimming counts as
//! absent, like `null`.

use super::MAX_LISTED_ERRORS;
use crate::error::Error;
use crate::value::{Value, MAX_SAFE_INTEGER};

/// Collects messages per field path, in check order.
#[derive(Default)]
pub(crate) struct Errors {
    fields: Vec<(String, Vec<String>)>,
    total: usize,
    listed: usize,
}

impl Errors {
    /// Records one message; only the first [`MAX_LISTED_ERRORS`] are kept, but all
    /// are counted.
    pub(crate) fn add(&mut self, path: &str, message: String) {
        self.total += 1;
        if self.listed >= MAX_LISTED_ERRORS {
            return;
        }
        self.listed += 1;
        match self.fields.iter_mut().find(|(p, _)| p == path) {
            Some((_, messages)) => messages.push(message),
            None => self.fields.push((path.to_owned(), vec![message])),
        }
    }

    /// How many messages were recorded so far (listed or not).
    pub(crate) fn count(&self) -> usize {
        self.total
    }

    /// The [`Error::ValidationFailed`] for the collected messages, if any.
    pub(crate) fn into_error(self) -> Option<Error> {
        let first = self.fields.first()?.1.first()?.clone();
        let more = self.total - 1;
        let message = match more {
            0 => first,
            1 => format!("{first} (and 1 more error)"),
            n => format!("{first} (and {n} more errors)"),
        };
        Some(Error::ValidationFailed { message, errors: self.fields })
    }
}

/// Where the fields being checked live.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    prefix: String,
    /// True once the path went through a list index: Laravel then shows the
    /// attribute verbatim instead of replacing `_` with spaces.
    wildcard: bool,
}

impl Scope {
    /// The scope of a list item `key.index.`.
    pub(crate) fn item(&self, key: &str, index: usize) -> Scope {
        Scope { prefix: format!("{}{key}.{index}.", self.prefix), wildcard: true }
    }

    /// The scope of a nested object `key.`.
    pub(crate) fn object(&self, key: &str) -> Scope {
        Scope { prefix: format!("{}{key}.", self.prefix), wildcard: self.wildcard }
    }

    /// The error key and the attribute of list item `key.index` itself.
    pub(crate) fn item_attr(&self, key: &str, index: usize) -> String {
        format!("{}{key}.{index}", self.prefix)
    }

    /// The error key of a field, e.g. `promotion_codes.0.code`.
    pub(crate) fn path(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The attribute as messages show it.
    pub(crate) fn attr(&self, key: &str) -> String {
        let path = self.path(key);
        if self.wildcard {
            path
        } else {
            path.replace('_', " ")
        }
    }
}

/// The outcome of reading one field.
#[derive(Clone, Debug)]
pub(crate) enum Got<T> {
    /// Missing, `null`, or a string that is empty after trimming.
    Absent,
    /// Present but failed a rule (the message is recorded).
    Bad,
    /// Present and valid, normalised.
    Ok(T),
}

impl<T> Got<T> {
    pub(crate) fn ok(self) -> Option<T> {
        match self {
            Got::Ok(v) => Some(v),
            _ => None,
        }
    }
}

/// Laravel's `TrimStrings` (Unicode whitespace plus BOM, ZWSP and LRM).
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200E}'))
}

/// The value of a field unless it is absent (missing, `null`, blank string).
pub(crate) fn present<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    match obj.get(key)? {
        Value::Null => None,
        Value::String(s) if trim(s).is_empty() => None,
        v => Some(v),
    }
}

/// Reads the fields of one object, recording messages in `errors`.
pub(crate) struct Fields<'a, 'e> {
    pub(crate) obj: &'a Value,
    pub(crate) scope: Scope,
    pub(crate) errors: &'e mut Errors,
}

impl<'a> Fields<'a, '_> {
    pub(crate) fn fail(&mut self, key: &str, message: String) {
        let path = self.scope.path(key);
        self.errors.add(&path, message);
    }

    /// `required`: records "The x field is required." when the field is absent.
    pub(crate) fn require<T>(&mut self, key: &str, got: Got<T>) -> Got<T> {
        if matches!(got, Got::Absent) {
            let attr = self.scope.attr(key);
            self.fail(key, format!("The {attr} field is required."));
        }
        got
    }

    /// `required_if:other,value`: the field is required while `other` is `value`.
    pub(crate) fn require_if<T>(&mut self, key: &str, got: Got<T>, when: bool, other: &str, value: &str) -> Got<T> {
        if when && matches!(got, Got::Absent) {
            let (attr, other) = (self.scope.attr(key), self.scope.attr(other));
            self.fail(key, format!("The {attr} field is required when {other} is {value}."));
        }
        got
    }

    /// `string|max:max` plus an optional `regex` (as a predicate on the trimmed text).
    pub(crate) fn string(&mut self, key: &str, max: usize, pattern: Option<fn(&str) -> bool>) -> Got<String> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        let attr = self.scope.attr(key);
        let Value::String(s) = v else {
            self.fail(key, format!("The {attr} must be a string."));
            return Got::Bad;
        };
        let s = trim(s);
        let mut ok = true;
        if s.chars().count() > max {
            self.fail(key, format!("The {attr} must not be greater than {max} characters."));
            ok = false;
        }
        if let Some(matches) = pattern {
            if !matches(s) {
                self.fail(key, format!("The {attr} format is invalid."));
                ok = false;
            }
        }
        if ok {
            Got::Ok(s.to_owned())
        } else {
            Got::Bad
        }
    }

    /// `boolean`: `true`, `false`, `0`, `1`, `"0"` or `"1"`.
    pub(crate) fn boolean(&mut self, key: &str) -> Got<bool> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        let b = match v {
            Value::Bool(b) => Some(*b),
            Value::Int(0) | Value::UInt(0) => Some(false),
            Value::Int(1) | Value::UInt(1) => Some(true),
            Value::Float(f) if *f == 0.0 => Some(false),
            Value::Float(f) if *f == 1.0 => Some(true),
            Value::String(s) => match trim(s) {
                "0" => Some(false),
                "1" => Some(true),
                _ => None,
            },
            _ => None,
        };
        match b {
            Some(b) => Got::Ok(b),
            None => {
                let attr = self.scope.attr(key);
                self.fail(key, format!("The {attr} field must be true or false."));
                Got::Bad
            }
        }
    }

    /// `in:a,b,...` (exact, case-sensitive, after trimming).
    pub(crate) fn choice(&mut self, key: &str, options: &'static [&'static str]) -> Got<&'static str> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        let found = v.as_str().map(trim).and_then(|s| options.iter().copied().find(|o| *o == s));
        match found {
            Some(o) => Got::Ok(o),
            None => {
                let attr = self.scope.attr(key);
                self.fail(key, format!("The selected {attr} is invalid."));
                Got::Bad
            }
        }
    }

    /// `integer|min:min|max:2^53-1`.
    pub(crate) fn integer(&mut self, key: &str, min: i64) -> Got<i64> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        let attr = self.scope.attr(key);
        let Some(x) = integer_value(v) else {
            self.fail(key, format!("The {attr} must be an integer."));
            return Got::Bad;
        };
        if x < min as f64 {
            self.fail(key, format!("The {attr} must be at least {min}."));
            return Got::Bad;
        }
        if x > MAX_SAFE_INTEGER as f64 {
            self.fail(key, format!("The {attr} must not be greater than {MAX_SAFE_INTEGER}."));
            return Got::Bad;
        }
        Got::Ok(x as i64)
    }

    /// `numeric` with `min:min`, or `between:min,max` when `max` is given; always at
    /// most 2^53 − 1. Whole numbers come out as integers.
    pub(crate) fn number(&mut self, key: &str, min: i64, max: Option<i64>) -> Got<Value> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        let attr = self.scope.attr(key);
        let Some(x) = numeric_value(v) else {
            self.fail(key, format!("The {attr} must be a number."));
            return Got::Bad;
        };
        match max {
            Some(max) if x < min as f64 || x > max as f64 => {
                self.fail(key, format!("The {attr} must be between {min} and {max}."));
                return Got::Bad;
            }
            None if x < min as f64 => {
                self.fail(key, format!("The {attr} must be at least {min}."));
                return Got::Bad;
            }
            _ => {}
        }
        if x > MAX_SAFE_INTEGER as f64 {
            self.fail(key, format!("The {attr} must not be greater than {MAX_SAFE_INTEGER}."));
            return Got::Bad;
        }
        Got::Ok(normal_number(x))
    }

    /// `date`: an ISO-8601 date or date-time (see [`super::date`]); kept as given.
    pub(crate) fn date(&mut self, key: &str) -> Got<String> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        match v.as_str().map(trim) {
            Some(s) if super::date::parse(s).is_some() => Got::Ok(s.to_owned()),
            _ => {
                let attr = self.scope.attr(key);
                self.fail(key, format!("The {attr} is not a valid date."));
                Got::Bad
            }
        }
    }

    /// An object of free-form key/value pairs (`metadata`). An empty list counts
    /// as an empty object (PHP serialises an empty map as `[]`). Non-finite numbers
    /// inside become `null`, as JSON would carry them.
    pub(crate) fn free_object(&mut self, key: &str) -> Got<Value> {
        let Some(v) = present(self.obj, key) else { return Got::Absent };
        match v {
            Value::Object(_) => Got::Ok(json_safe(v)),
            Value::Array(items) if items.is_empty() => Got::Ok(Value::Object(Vec::new())),
            _ => {
                let attr = self.scope.attr(key);
                self.fail(key, format!("The {attr} must be an object."));
                Got::Bad
            }
        }
    }
}

/// The value as an integer (as `f64`, exact up to 2^53): JSON integers, whole
/// floats, and integer strings (`-?(0|[1-9][0-9]*)`, within `i64`, as PHP's
/// `FILTER_VALIDATE_INT`).
pub(crate) fn integer_value(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::UInt(u) => Some(*u as f64),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => Some(*f),
        Value::String(s) => {
            let s = trim(s);
            let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
            let well_formed = !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'));
            if well_formed {
                s.parse::<i64>().ok().map(|i| i as f64)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The value as a finite number (`NaN` and infinities are not numbers): JSON
/// numbers and numeric strings
/// (`[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?`, as PHP's `is_numeric`).
pub(crate) fn numeric_value(v: &Value) -> Option<f64> {
    let x = match v {
        Value::Int(i) => *i as f64,
        Value::UInt(u) => *u as f64,
        Value::Float(f) => *f,
        Value::String(s) => {
            let s = trim(s);
            if !is_numeric_string(s) {
                return None;
            }
            s.parse::<f64>().ok()?
        }
        _ => return None,
    };
    x.is_finite().then_some(x)
}

fn is_numeric_string(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - start;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'+' | b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// A whole number within ±(2^53 − 1) as an integer, anything else as a float, so
/// every runtime prints the same JSON.
pub(crate) fn normal_number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() <= MAX_SAFE_INTEGER as f64 {
        Value::Int(x as i64)
    } else {
        Value::Float(x)
    }
}

/// A copy with non-finite floats replaced by `null`.
fn json_safe(v: &Value) -> Value {
    match v {
        Value::Float(f) if !f.is_finite() => Value::Null,
        Value::Array(items) => Value::Array(items.iter().map(json_safe).collect()),
        Value::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), json_safe(v))).collect()),
        other => other.clone(),
    }
}

/// True when `v` nests deeper than `max` (checked without recursing past `max`).
pub(crate) fn deeper_than(v: &Value, max: usize) -> bool {
    match v {
        Value::Array(items) => max == 0 || items.iter().any(|x| deeper_than(x, max - 1)),
        Value::Object(entries) => max == 0 || entries.iter().any(|(_, x)| deeper_than(x, max - 1)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_strings() {
        for ok in ["1", "-1", "+1.5", "1.", ".5", "1e3", "1E-3", "0012"] {
            assert!(is_numeric_string(ok), "{ok}");
        }
        for bad in ["", ".", "-", "e3", "1e", "1e+", "0x1A", "1,5", "inf", "NaN", "1 2", "١٢"] {
            assert!(!is_numeric_string(bad), "{bad}");
        }
    }

    #[test]
    fn integer_strings() {
        assert_eq!(integer_value(&Value::from("20")), Some(20.0));
        assert_eq!(integer_value(&Value::from("-3")), Some(-3.0));
        assert_eq!(integer_value(&Value::from("0")), Some(0.0));
        assert_eq!(integer_value(&Value::from("020")), None);
        assert_eq!(integer_value(&Value::from("2.0")), None);
        assert_eq!(integer_value(&Value::from("99999999999999999999")), None);
        assert_eq!(integer_value(&Value::Float(2.5)), None);
        assert_eq!(integer_value(&Value::Float(f64::NAN)), None);
    }

    #[test]
    fn depth_is_bounded() {
        let mut v = Value::Null;
        for _ in 0..10 {
            v = Value::Array(vec![v]);
        }
        assert!(!deeper_than(&v, 10));
        assert!(deeper_than(&v, 9));
        assert!(!deeper_than(&Value::Object(vec![]), 1));
        assert!(deeper_than(&Value::Object(vec![]), 0));
    }

    #[test]
    fn message_suffix() {
        let mut e = Errors::default();
        e.add("a", "A.".into());
        assert_eq!(e.into_error().unwrap().to_string(), "A.");
        let mut e = Errors::default();
        e.add("a", "A.".into());
        e.add("b", "B.".into());
        assert_eq!(e.into_error().unwrap().to_string(), "A. (and 1 more error)");
        let mut e = Errors::default();
        for i in 0..(MAX_LISTED_ERRORS + 5) {
            e.add(&format!("f{i}"), "X.".into());
        }
        let err = e.into_error().unwrap();
        assert_eq!(err.to_string(), format!("X. (and {} more errors)", MAX_LISTED_ERRORS + 4));
        let Error::ValidationFailed { errors, .. } = err else { panic!() };
        assert_eq!(errors.len(), MAX_LISTED_ERRORS);
    }
}
