//! A small, language-neutral value type: what every binding converts its native
//! objects into before handing them to the core.
//!
//! Options, partners and coupon requests all arrive as a [`Value`], so the rules
//! about unknown keys, wrong types and defaults live once, here in the core, and
//! not in each binding. Unlike `serde_json::Value` it can hold `NaN` and infinite
//! floats, so the core (not the binding) decides that a `NaN` discount is an error.

use std::fmt;

/// Maximum nesting depth bindings should accept when converting native objects.
///
/// Deeper input is rejected with [`crate::Error::InputTooDeep`] instead of
/// recursing until the stack overflows.
pub const MAX_DEPTH: usize = 64;

/// A dynamically typed value, as it comes from Python, JavaScript or JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None`, `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// An integer above `i64::MAX` (a `u64` seed, for example).
    UInt(u64),
    /// A floating-point number, possibly `NaN` or infinite.
    Float(f64),
    /// A string.
    String(String),
    /// A list or array.
    Array(Vec<Value>),
    /// An object, dict or map, in insertion order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The name used for this value's type in error messages:
    /// `null`, `boolean`, `integer`, `number`, `string`, `array` or `object`.
    ///
    /// ```
    /// use promocode::Value;
    /// assert_eq!(Value::from("x").type_name(), "string");
    /// assert_eq!(Value::Float(1.5).type_name(), "number");
    /// ```
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::UInt(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Looks up `key` in an object; `None` for other values or a missing key.
    ///
    /// When a key appears twice the last one wins, as in JSON parsers.
    ///
    /// ```
    /// use promocode::Value;
    /// let v = Value::object([("name", Value::from("John"))]);
    /// assert_eq!(v.get("name"), Some(&Value::from("John")));
    /// assert_eq!(v.get("surname"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string inside a [`Value::String`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean inside a [`Value::Bool`].
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value as a finite or non-finite `f64`, for any numeric variant.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::UInt(u) => Some(*u as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The value as a `u64` when it is a non-negative whole number.
    ///
    /// Floats count when they are whole and at most 2^53 − 1 (JavaScript hands
    /// every number over as a float; larger floats have already lost precision).
    ///
    /// ```
    /// use promocode::Value;
    /// assert_eq!(Value::Float(20.0).as_u64(), Some(20));
    /// assert_eq!(Value::Float(20.5).as_u64(), None);
    /// assert_eq!(Value::Int(-1).as_u64(), None);
    /// ```
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Int(i) => u64::try_from(*i).ok(),
            Value::UInt(u) => Some(*u),
            Value::Float(f) if f.is_finite() && f.fract() == 0.0 && *f >= 0.0 && *f <= MAX_SAFE_INTEGER as f64 => {
                Some(*f as u64)
            }
            _ => None,
        }
    }

    /// Builds an object from key/value pairs.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// How deeply arrays and objects nest (a scalar has depth 0).
    pub fn depth(&self) -> usize {
        match self {
            Value::Array(items) => 1 + items.iter().map(Value::depth).max().unwrap_or(0),
            Value::Object(entries) => 1 + entries.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }
}

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<u64> for Value {
    fn from(u: u64) -> Self {
        match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::UInt(u),
        }
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl fmt::Display for Value {
    /// Writes the value as compact JSON (`NaN` and infinities as `NaN`, `Infinity`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::UInt(u) => write!(f, "{u}"),
            Value::Float(x) if x.is_nan() => f.write_str("NaN"),
            Value::Float(x) if x.is_infinite() => f.write_str(if *x > 0.0 { "Infinity" } else { "-Infinity" }),
            Value::Float(x) => write_float(f, *x),
            Value::String(s) => write_json_string(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Object(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_json_string(f, k)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// Writes a finite float for a message: whole numbers exactly (below 2^63), others
/// to six significant digits (`2.5`, `0.1`, `1.5e300`). Hand-written so that the
/// browser build does not carry core's float-printing machinery for messages.
fn write_float(f: &mut fmt::Formatter<'_>, x: f64) -> fmt::Result {
    if x < 0.0 {
        f.write_str("-")?;
        return write_float(f, -x);
    }
    if x.fract() == 0.0 && x < 9.2e18 {
        return write!(f, "{}", x as u64);
    }
    // Scale into [1, 10) and round to six significant digits.
    let mut exp = 0i32;
    let mut m = x;
    while m >= 10.0 {
        m /= 10.0;
        exp += 1;
    }
    while m < 1.0 && m > 0.0 {
        m *= 10.0;
        exp -= 1;
    }
    let mut digits = (m * 100_000.0 + 0.5) as u64; // 6 significant digits
    if digits >= 1_000_000 {
        digits /= 10;
        exp += 1;
    }
    let text = digits.to_string();
    let text = text.trim_end_matches('0');
    let (head, tail) = text.split_at(1);
    if (-5..15).contains(&exp) {
        // Plain decimal: move the point `exp` places.
        let all = format!("{head}{tail}");
        if exp >= 0 {
            let point = exp as usize + 1;
            if all.len() <= point {
                write!(f, "{all}{}", "0".repeat(point - all.len()))
            } else {
                write!(f, "{}.{}", &all[..point], &all[point..])
            }
        } else {
            write!(f, "0.{}{all}", "0".repeat((-exp - 1) as usize))
        }
    } else if tail.is_empty() {
        write!(f, "{head}e{exp}")
    } else {
        write!(f, "{head}.{tail}e{exp}")
    }
}

fn write_json_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

#[cfg(test)]
mod tests {
    use super::Value;

    #[test]
    fn floats_print_readably_in_messages() {
        for (x, text) in [
            (2.5, "2.5"),
            (0.1, "0.1"),
            (-12.0, "-12"),
            (1e300, "1e300"),
            (1.5e-7, "1.5e-7"),
            (123456.789, "123457"),
            (0.000123, "0.000123"),
            (99.999, "99.999"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(Value::Float(x).to_string(), text, "{x}");
        }
    }
}

#[cfg(feature = "json")]
mod json {
    use super::Value;

    impl From<serde_json::Value> for Value {
        fn from(v: serde_json::Value) -> Self {
            match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(b),
                serde_json::Value::Number(n) => {
                    if let Some(i) = n.as_i64() {
                        Value::Int(i)
                    } else if let Some(u) = n.as_u64() {
                        Value::UInt(u)
                    } else {
                        Value::Float(n.as_f64().unwrap_or(f64::NAN))
                    }
                }
                serde_json::Value::String(s) => Value::String(s),
                serde_json::Value::Array(a) => Value::Array(a.into_iter().map(Value::from).collect()),
                serde_json::Value::Object(o) => {
                    Value::Object(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
                }
            }
        }
    }

    impl From<&Value> for serde_json::Value {
        /// Converts to JSON; `NaN` and infinities become `null` (JSON has no such numbers).
        fn from(v: &Value) -> Self {
            match v {
                Value::Null => serde_json::Value::Null,
                Value::Bool(b) => serde_json::Value::Bool(*b),
                Value::Int(i) => serde_json::Value::from(*i),
                Value::UInt(u) => serde_json::Value::from(*u),
                Value::Float(f) => {
                    serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
                }
                Value::String(s) => serde_json::Value::String(s.clone()),
                Value::Array(a) => serde_json::Value::Array(a.iter().map(serde_json::Value::from).collect()),
                Value::Object(o) => {
                    serde_json::Value::Object(o.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v))).collect())
                }
            }
        }
    }
}
