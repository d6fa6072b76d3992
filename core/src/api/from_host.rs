//! Host values → core inputs: every rule about what a binding's argument may be.
//!
//! Bindings turn a native value into a [`Value`] (see the rules below, which
//! they must follow and never restate) and hand it to the readers here: option
//! objects ([`FormatOptions::from_value`], [`GeneratorOptions`], [`CouponOptions`],
//! [`parse_render_options`]), partners, seeds, counts and string lists.
//!
//! Rules for the host → [`Value`] step, stated once:
//! - a JavaScript number is [`js_number`]: an `Int` when it is a safe integer,
//!   else a `Float` (`NaN`, infinities kept, so the core decides what they mean);
//! - an integer beyond 64 bits (a Python `int`, a JS BigInt) is [`big_integer`]:
//!   the nearest `Float`, which every range check then reports;
//! - a list longer than [`MAX_ITEMS`] is refused before it is walked ([`check_items`]).

use crate::error::{Error, Result};
use crate::format::{check_discount, FormatOptions, MAX_RANDOM};
use crate::generator::MAX_CODES_PER_CALL;
use crate::partner::Partner;
use crate::platform::{Case, Platform};
use crate::value::{Value, MAX_SAFE_INTEGER};

/// How option keys are spelled: `max_length` (Rust, Python) or `maxLength` (JS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeyStyle {
    /// `snake_case`: Rust and Python.
    #[default]
    Snake,
    /// `camelCase`: JavaScript.
    Camel,
}

/// Every format setting, as `(snake_case, camelCase)`.
pub const FORMAT_OPTIONS: &[(&str, &str)] = &[
    ("prefix", "prefix"),
    ("name", "name"),
    ("surname", "surname"),
    ("email", "email"),
    ("discount", "discount"),
    ("random", "random"),
    ("template", "template"),
    ("separator", "separator"),
    ("platform", "platform"),
    ("case", "case"),
    ("alphabet", "alphabet"),
    ("max_length", "maxLength"),
    ("german_umlauts", "germanUmlauts"),
    ("check_symbol", "checkSymbol"),
    ("locale", "locale"),
];

impl FormatOptions {
    /// Sets one option from a dynamically typed value, the way bindings pass
    /// keyword arguments or object properties. `null` means "the default".
    ///
    /// Unknown keys are errors (with a suggestion), never silently ignored.
    ///
    /// ```
    /// use promocode::{api::KeyStyle, FormatOptions, Value};
    /// let mut opts = FormatOptions::new();
    /// opts.set("maxLength", &Value::Int(12), KeyStyle::Camel)?;
    /// assert_eq!(opts.max_length, Some(12));
    /// let err = opts.set("max_lenght", &Value::Int(12), KeyStyle::Snake).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown option `max_lenght`; did you mean `max_length`?");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn set(&mut self, key: &str, value: &Value, style: KeyStyle) -> Result<()> {
        let Some(&(snake, _)) =
            FORMAT_OPTIONS.iter().find(|(s, c)| key == if style == KeyStyle::Snake { *s } else { *c })
        else {
            return Err(Error::UnknownOption { name: key.into(), suggestion: suggest(key, FORMAT_OPTIONS, style) });
        };
        match snake {
            "prefix" => self.prefix = opt_string(key, value)?.unwrap_or_default(),
            "name" => self.name = opt_bool(key, value)?,
            "surname" => self.surname = opt_bool(key, value)?,
            "email" => self.email = opt_bool(key, value)?,
            "german_umlauts" => self.german_umlauts = opt_bool(key, value)?,
            "check_symbol" => self.check_symbol = opt_bool(key, value)?,
            "locale" => self.locale = opt_string(key, value)?,
            "discount" => self.discount = opt_discount(value)?,
            "random" => self.random = opt_count(key, value, 0, MAX_RANDOM)?.unwrap_or(0),
            "template" => self.template = opt_string(key, value)?,
            "separator" => self.separator = opt_string(key, value)?,
            "alphabet" => self.alphabet = opt_string(key, value)?,
            "max_length" => self.max_length = opt_count(key, value, 1, u32::MAX as usize)?,
            "platform" => {
                self.platform = match opt_string(key, value)? {
                    None => Platform::default(),
                    Some(name) => Platform::from_name(&name)?,
                }
            }
            "case" => {
                self.case = match opt_string(key, value)? {
                    None => None,
                    Some(name) => Some(Case::from_name(&name).ok_or_else(|| Error::InvalidCase {
                        value: name.clone(),
                        reason: "use `upper` or `lower`".into(),
                    })?),
                }
            }
            _ => {} // every key of FORMAT_OPTIONS is handled above
        }
        Ok(())
    }

    /// Reads every option from an object (a Python dict, a JS options object).
    ///
    /// ```
    /// use promocode::{api::KeyStyle, FormatOptions, Value};
    /// let v = Value::object([("name", Value::Bool(true)), ("discount", Value::Int(20))]);
    /// let fmt = FormatOptions::from_value(&v, KeyStyle::Snake)?.build()?;
    /// assert_eq!(fmt.render(&promocode::Partner::new().name("John"), None)?, "JOHN20");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_value(value: &Value, style: KeyStyle) -> Result<FormatOptions> {
        let mut opts = FormatOptions::default();
        read_options(value, style, FORMAT_OPTIONS, |key, v| opts.set(key, v, style).map(|()| true))?;
        Ok(opts)
    }
}

/// Walks an options object the way bindings pass one: `null` means no options,
/// anything else but an object is a type error, and `set` gets each key and value
/// in order, answering `false` for a key it does not know, which becomes an
/// `unknown_option` error with the closest of `known` as a suggestion.
pub(crate) fn read_options(
    value: &Value,
    style: KeyStyle,
    known: &[(&'static str, &'static str)],
    mut set: impl FnMut(&str, &Value) -> Result<bool>,
) -> Result<()> {
    let entries = match value {
        Value::Null => return Ok(()),
        Value::Object(entries) => entries,
        other => {
            return Err(Error::InvalidType { field: "options".into(), expected: "an object", got: other.type_name() })
        }
    };
    for (key, v) in entries {
        if !set(key, v)? {
            return Err(Error::UnknownOption { name: key.clone(), suggestion: suggest(key, known, style) });
        }
    }
    Ok(())
}

/// The spelling of option `snake` in `style`.
pub(crate) fn display_key(snake: &str, style: KeyStyle) -> String {
    match style {
        KeyStyle::Snake => snake.to_owned(),
        KeyStyle::Camel => {
            let mut out = String::with_capacity(snake.len());
            let mut upper = false;
            for c in snake.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.push(c.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// The known key closest to `key`, if it is close (same letters ignoring case and
/// `_`, or at most two edits away).
pub(crate) fn suggest(key: &str, known: &[(&'static str, &'static str)], style: KeyStyle) -> Option<&'static str> {
    let squash =
        |s: &str| -> String { s.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect() };
    let k = squash(key);
    if k.chars().count() > 64 {
        return None;
    }
    known
        .iter()
        .map(|&(s, c)| (if style == KeyStyle::Snake { s } else { c }, edit_distance(&k, &squash(s))))
        .filter(|&(_, d)| d <= 2)
        .min_by_key(|&(_, d)| d)
        .map(|(name, _)| name)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

pub(crate) fn opt_string(key: &str, value: &Value) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(Error::InvalidType { field: key.into(), expected: "a string", got: other.type_name() }),
    }
}

pub(crate) fn opt_bool(key: &str, value: &Value) -> Result<bool> {
    match value {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        other => Err(Error::InvalidType { field: key.into(), expected: "true or false", got: other.type_name() }),
    }
}

pub(crate) fn opt_count(key: &str, value: &Value, min: usize, max: usize) -> Result<Option<usize>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(_) | Value::UInt(_) | Value::Float(_) => {
            match value.as_u64().and_then(|u| usize::try_from(u).ok()) {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(Error::InvalidValue {
                    field: key.into(),
                    reason: format!("must be a whole number from {min} to {max}, got {value}"),
                }),
            }
        }
        other => Err(Error::InvalidType { field: key.into(), expected: "a whole number", got: other.type_name() }),
    }
}

fn opt_discount(value: &Value) -> Result<Option<f64>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(_) | Value::UInt(_) | Value::Float(_) => {
            let amount = value.as_f64().unwrap_or(f64::NAN);
            check_discount(amount)?;
            Ok(Some(amount))
        }
        other => Err(Error::InvalidType { field: "discount".into(), expected: "a number", got: other.type_name() }),
    }
}

/// Every generator option, as `(snake_case, camelCase)`.
pub const GENERATOR_OPTIONS: &[(&str, &str)] = &[
    ("existing", "existing"),
    ("seed", "seed"),
    ("typo_guard", "typoGuard"),
    ("lookup_index", "lookupIndex"),
    ("store", "store"),
    ("coupon", "coupon"),
];

/// Options of a generator as bindings receive them: `existing` codes, a `seed`,
/// the `typo_guard` and the opt-in `lookup_index` ([`crate::Generator::with_options`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratorOptions {
    /// Codes that already exist.
    pub existing: Vec<String>,
    /// A seed for reproducible output.
    pub seed: Option<u64>,
    /// The typo guard; `None` for the default (see [`crate::TypoGuard`]).
    pub typo_guard: Option<crate::TypoGuard>,
    /// Keep a delete index for faster lookups ([`crate::Generator::with_lookup_index`]).
    pub lookup_index: bool,
    /// A store address to open (a host `Store` object is passed beside the
    /// options instead; see [`crate::api::generator_in`]).
    pub store: Option<String>,
    /// The coupon codes are issued for, with a store.
    pub coupon: Option<String>,
}

impl GeneratorOptions {
    /// Reads `{existing, seed, store, coupon}` from an object; unknown keys are errors.
    ///
    /// ```
    /// use promocode::{api::{GeneratorOptions, KeyStyle}, Value};
    /// let v = Value::object([("existing", Value::from(vec!["JOHN20"])), ("seed", Value::Int(7))]);
    /// let o = GeneratorOptions::from_value(&v, KeyStyle::Camel)?;
    /// assert_eq!((o.existing.len(), o.seed), (1, Some(7)));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_value(value: &Value, style: KeyStyle) -> Result<GeneratorOptions> {
        let mut out = GeneratorOptions::default();
        read_options(value, style, GENERATOR_OPTIONS, |key, v| {
            let snake = GENERATOR_OPTIONS
                .iter()
                .find(|(s, c)| key == if style == KeyStyle::Snake { *s } else { *c })
                .map_or("", |(s, _)| *s);
            match snake {
                "existing" => out.existing = string_list("existing", v)?,
                "seed" => out.seed = parse_seed(v)?,
                "typo_guard" => {
                    out.typo_guard = match opt_string(key, v)? {
                        None => None,
                        Some(name) => Some(crate::TypoGuard::from_name(&name).map_err(|e| match e {
                            Error::InvalidValue { reason, .. } => Error::InvalidValue { field: key.into(), reason },
                            other => other,
                        })?),
                    }
                }
                "lookup_index" => out.lookup_index = opt_bool(key, v)?,
                "store" => out.store = opt_string_arg(v, "store")?,
                "coupon" => out.coupon = opt_string_arg(v, "coupon")?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(out)
    }
}

/// Reads a list of strings (existing codes).
pub fn string_list(field: &str, value: &Value) -> Result<Vec<String>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(Error::InvalidType {
                    field: format!("{field}[{i}]"),
                    expected: "a string",
                    got: other.type_name(),
                }),
            })
            .collect(),
        other => Err(Error::InvalidType { field: field.into(), expected: "a list of strings", got: other.type_name() }),
    }
}

/// Reads a seed: `null` (none), or a whole number from 0 to 2^64 − 1. A float
/// (every JavaScript number) must be a safe integer: larger seeds lose precision
/// as floats and must come as integers (BigInt in JavaScript).
///
/// ```
/// use promocode::{api::parse_seed, Value};
/// assert_eq!(parse_seed(&Value::Float(42.0))?, Some(42));
/// assert_eq!(parse_seed(&Value::UInt(u64::MAX))?, Some(u64::MAX));
/// assert_eq!(parse_seed(&Value::Int(-1)).unwrap_err().code().as_str(), "invalid_seed");
/// assert_eq!(parse_seed(&Value::Float(1e300)).unwrap_err().code().as_str(), "invalid_seed");
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn parse_seed(value: &Value) -> Result<Option<u64>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(i) => u64::try_from(*i)
            .map(Some)
            .map_err(|_| Error::InvalidSeed { reason: format!("must be a whole number from 0 to 2^64 − 1, got {i}") }),
        Value::UInt(u) => Ok(Some(*u)),
        Value::Float(f) => match value.as_u64() {
            Some(u) => Ok(Some(u)),
            None if f.is_finite() && f.fract() == 0.0 && *f > MAX_SAFE_INTEGER as f64 && *f < u64::MAX as f64 => Err(Error::InvalidSeed {
                reason: format!("{value} is above 2^53 − 1 and has lost precision as a float; pass it as an integer (a BigInt in JavaScript)"),
            }),
            None => Err(Error::InvalidSeed { reason: format!("must be a whole number from 0 to 2^64 − 1, got {value}") }),
        },
        other => Err(Error::InvalidType { field: "seed".into(), expected: "a whole number", got: other.type_name() }),
    }
}

/// Reads the `count` of bulk codes: a whole number from 0 to
/// [`MAX_CODES_PER_CALL`] (the same range, and message, whatever number type
/// the host used: `2 ** 53` in JavaScript and `2**53` in Python agree).
///
/// ```
/// use promocode::{api::parse_count, Value};
/// assert_eq!(parse_count(&Value::Int(3))?, 3);
/// let e = parse_count(&Value::Int(1 << 53)).unwrap_err();
/// assert_eq!(e.code().as_str(), "invalid_value");
/// assert_eq!(e.to_string(), parse_count(&Value::Float(2f64.powi(53))).unwrap_err().to_string());
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn parse_count(value: &Value) -> Result<usize> {
    Ok(opt_count("count", value, 0, MAX_CODES_PER_CALL)?.unwrap_or(0))
}

/// Every render option, as `(snake_case, camelCase)`.
pub const RENDER_OPTIONS: &[(&str, &str)] = &[("seed", "seed")];

/// Render options as bindings receive them: just a `seed`.
pub fn parse_render_options(value: &Value, style: KeyStyle) -> Result<Option<u64>> {
    let mut seed = None;
    read_options(value, style, RENDER_OPTIONS, |key, v| {
        if key != "seed" {
            return Ok(false);
        }
        seed = parse_seed(v)?;
        Ok(true)
    })?;
    Ok(seed)
}

/// Every option of [`crate::validate_coupon`] as bindings receive them, as
/// `(snake_case, camelCase)`; [`crate::validate_promotion_code`] takes only `seed`.
pub const COUPON_OPTIONS: &[(&str, &str)] = &[("connected", "connected"), ("seed", "seed")];

/// Options of the coupon functions as bindings receive them: the `connected`
/// providers (only for [`crate::validate_coupon`]) and a `seed`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CouponOptions {
    /// Providers connected to the program (`stripe`, `shopify`, ...).
    pub connected: Vec<String>,
    /// A seed for reproducible generated codes.
    pub seed: Option<u64>,
}

impl CouponOptions {
    /// Reads `{connected, seed}` from an object; `null` means no options. With
    /// `with_connected == false` (promotion codes) only `seed` is known. Unknown
    /// keys are errors.
    ///
    /// ```
    /// use promocode::{api::{CouponOptions, KeyStyle}, Value};
    /// let v = Value::object([("connected", Value::from(vec!["stripe"])), ("seed", Value::Int(7))]);
    /// let o = CouponOptions::from_value(&v, KeyStyle::Camel, true)?;
    /// assert_eq!((o.connected, o.seed), (vec!["stripe".to_string()], Some(7)));
    /// let err = CouponOptions::from_value(&v, KeyStyle::Camel, false).unwrap_err();
    /// assert_eq!(err.code().as_str(), "unknown_option");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_value(value: &Value, style: KeyStyle, with_connected: bool) -> Result<CouponOptions> {
        let known = if with_connected { COUPON_OPTIONS } else { &COUPON_OPTIONS[1..] };
        let mut out = CouponOptions::default();
        read_options(value, style, known, |key, v| {
            match key {
                "connected" if with_connected => out.connected = string_list("connected", v)?,
                "seed" => out.seed = parse_seed(v)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(out)
    }
}

/// The most items one host list may bring into a call (as many as one call can
/// hand out, [`MAX_CODES_PER_CALL`]: 100,000,000, or 10,000,000 in the 32-bit
/// WASM build): a longer or sparse (`new Array(2 ** 32 - 1)`) list fails before
/// anything is allocated for it.
pub const MAX_ITEMS: usize = MAX_CODES_PER_CALL;

/// `invalid_value` for a list of `len` items when that is more than [`MAX_ITEMS`].
///
/// ```
/// use promocode::api::{check_items, MAX_ITEMS};
/// assert!(check_items(MAX_ITEMS as u64, "codes").is_ok());
/// assert_eq!(check_items(1 << 32, "codes").unwrap_err().code().as_str(), "invalid_value");
/// ```
pub fn check_items(len: u64, field: &str) -> Result<()> {
    if len > MAX_ITEMS as u64 {
        return Err(Error::InvalidValue {
            field: field.into(),
            reason: format!("has {len} items; at most {MAX_ITEMS} are accepted in one call"),
        });
    }
    Ok(())
}

/// The error for a hole in a host array (`[1, , 3]`, `new Array(5)`), met while
/// the array is walked: a sparse list is refused at its first hole instead of
/// being read slot by slot.
pub fn hole(field: &str) -> Error {
    Error::InvalidType { field: field.into(), expected: "a value (the array has a hole here)", got: "nothing" }
}

/// A JavaScript number as a [`Value`]: a safe integer is an `Int`, anything else
/// (fractions, numbers beyond 2^53 − 1, `NaN`, infinities) a `Float`.
///
/// ```
/// use promocode::{api::js_number, Value};
/// assert_eq!(js_number(20.0), Value::Int(20));
/// assert_eq!(js_number(2f64.powi(53)), Value::Float(2f64.powi(53)));
/// ```
pub fn js_number(x: f64) -> Value {
    if x.is_finite() && x.fract() == 0.0 && x.abs() <= MAX_SAFE_INTEGER as f64 {
        Value::Int(x as i64)
    } else {
        Value::Float(x)
    }
}

/// An integer given as its sign and magnitude in 64-bit words (least significant
/// first): `Int`/`UInt` when it fits, else the nearest `Float` (±infinity beyond
/// `f64`), which every range check of the core rejects with its own error code.
///
/// ```
/// use promocode::{api::big_integer, Value};
/// assert_eq!(big_integer(false, &[7]), Value::Int(7));
/// assert_eq!(big_integer(true, &[1 << 63]), Value::Int(i64::MIN));
/// assert_eq!(big_integer(false, &[0, 64]), Value::Float(2f64.powi(70)));
/// ```
pub fn big_integer(negative: bool, words: &[u64]) -> Value {
    let significant = words.iter().rposition(|&w| w != 0).map_or(0, |i| i + 1);
    match (&words[..significant], negative) {
        ([], _) => Value::Int(0),
        ([w], false) => Value::from(*w),
        ([w], true) if *w <= i64::MAX as u64 + 1 => Value::Int((*w as i64).wrapping_neg()),
        (words, _) => {
            let magnitude = words.iter().rev().fold(0.0f64, |acc, &w| acc * 18446744073709551616.0 + w as f64);
            Value::Float(if negative { -magnitude } else { magnitude })
        }
    }
}

/// [`big_integer`] from the text of an integer in base 16 (`-1a`, as JavaScript's
/// `BigInt.prototype.toString(16)` writes it); `None` for other text.
///
/// ```
/// use promocode::{api::big_integer_hex, Value};
/// assert_eq!(big_integer_hex("-ff"), Some(Value::Int(-255)));
/// assert_eq!(big_integer_hex("400000000000000000"), Some(Value::Float(2f64.powi(70))));
/// ```
pub fn big_integer_hex(text: &str) -> Option<Value> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    let mut words = Vec::with_capacity(digits.len() / 16 + 1);
    let mut end = digits.len();
    while end > 0 {
        let start = end.saturating_sub(16);
        words.push(u64::from_str_radix(&digits[start..end], 16).ok()?);
        end = start;
    }
    Some(big_integer(negative, &words))
}

impl Partner {
    /// Reads a partner from an object with `name`, `surname`, `email`, `locale`,
    /// `name_reading`, `surname_reading` (strings or null) and `id` (string,
    /// integer or null); an unknown `locale` is an `unknown_locale` error. Other
    /// keys are ignored, so a whole CRM record can be passed as it is.
    ///
    /// ```
    /// use promocode::{Partner, Value};
    /// let v = Value::object([("name", Value::from("Ann")), ("id", Value::Int(7)), ("plan", Value::from("pro"))]);
    /// let p = Partner::from_value(&v).unwrap();
    /// assert_eq!((p.name.as_deref(), p.id.as_deref()), (Some("Ann"), Some("7")));
    ///
    /// let bad = Value::object([("name", Value::Int(3))]);
    /// assert_eq!(Partner::from_value(&bad).unwrap_err().field(), Some("name"));
    /// ```
    pub fn from_value(value: &Value) -> Result<Partner> {
        if !matches!(value, Value::Object(_)) {
            return Err(Error::InvalidType {
                field: "partner".into(),
                expected: "an object with `name`, `surname`, `email` and `id`",
                got: value.type_name(),
            });
        }
        read_partner(std::array::from_fn(|i| value.get(Partner::FIELDS[i])))
    }
}

/// A partner field's value, borrowed ([`Partner::from_value`]) or owned
/// ([`partner_from_fields`], whose strings are moved into the partner).
trait FieldValue {
    fn value(&self) -> &Value;
    /// The string of a `Value::String`.
    fn into_string(self) -> String;
}

impl FieldValue for &Value {
    fn value(&self) -> &Value {
        self
    }
    fn into_string(self) -> String {
        self.as_str().unwrap_or_default().to_owned()
    }
}

impl FieldValue for Value {
    fn value(&self) -> &Value {
        self
    }
    fn into_string(self) -> String {
        match self {
            Value::String(s) => s,
            _ => String::new(),
        }
    }
}

/// The checks of [`Partner::from_value`], on the value of each key of
/// [`Partner::FIELDS`] (in that order; `None` when absent).
fn read_partner<V: FieldValue>(fields: [Option<V>; Partner::FIELDS.len()]) -> Result<Partner> {
    // In the order of `Partner::FIELDS` (its doctest spells the order out).
    let [name, surname, email, id, locale, name_reading, surname_reading] = fields;
    fn text<V: FieldValue>(key: &str, v: Option<V>) -> Result<Option<String>> {
        match v.as_ref().map(V::value) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(_)) => Ok(v.map(V::into_string)),
            Some(other) => Err(Error::InvalidType { field: key.into(), expected: "a string", got: other.type_name() }),
        }
    }
    let id = match id.as_ref().map(V::value) {
        None | Some(Value::Null) => None,
        Some(Value::String(_)) => id.map(V::into_string),
        Some(Value::Int(i)) => Some(i.to_string()),
        Some(Value::UInt(u)) => Some(u.to_string()),
        Some(v @ Value::Float(f)) if f.fract() == 0.0 && f.is_finite() => Some(v.to_string()),
        Some(other) => {
            return Err(Error::InvalidType {
                field: "id".into(),
                expected: "a string or an integer",
                got: other.type_name(),
            })
        }
    };
    let locale = text("locale", locale)?;
    if let Some(l) = &locale {
        crate::translit::Locale::from_name(l)?;
    }
    Ok(Partner {
        name: text("name", name)?,
        surname: text("surname", surname)?,
        email: text("email", email)?,
        id,
        locale,
        name_reading: text("name_reading", name_reading)?,
        surname_reading: text("surname_reading", surname_reading)?,
    })
}

/// [`Partner::from_value`] for a binding that looked up each key of
/// [`Partner::FIELDS`] itself: `fields[i]` is the value under
/// `Partner::FIELDS[i]` (`None` when the key is absent). The same checks, errors
/// and partner, with the strings moved instead of copied and no object built
/// around them (the bulk path of `generate_all`).
///
/// ```
/// use promocode::{api::partner_from_fields, Partner, Value};
/// let mut fields: [Option<Value>; Partner::FIELDS.len()] = Default::default();
/// fields[0] = Some(Value::from("Ann"));
/// fields[3] = Some(Value::Int(7));
/// let p = partner_from_fields(fields)?;
/// assert_eq!((p.name.as_deref(), p.id.as_deref()), (Some("Ann"), Some("7")));
/// let mut bad: [Option<Value>; Partner::FIELDS.len()] = Default::default();
/// bad[1] = Some(Value::Int(3));
/// assert_eq!(partner_from_fields(bad).unwrap_err().field(), Some("surname"));
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn partner_from_fields(fields: [Option<Value>; Partner::FIELDS.len()]) -> Result<Partner> {
    read_partner(fields)
}

/// Partner number `index` of a batch (`generate_all`): like
/// [`Partner::from_value`], with the error's field naming the partner's place
/// (`partners[3]`, `partners[3].name`) in every runtime.
///
/// ```
/// use promocode::{api::partner_at, Value};
/// let bad = Value::object([("name", Value::Int(3))]);
/// assert_eq!(partner_at(3, &bad).unwrap_err().field(), Some("partners[3].name"));
/// assert_eq!(partner_at(1, &Value::from("x")).unwrap_err().field(), Some("partners[1]"));
/// ```
pub fn partner_at(index: usize, value: &Value) -> Result<Partner> {
    Partner::from_value(value).map_err(|e| in_batch(index, e))
}

/// Puts a partner's place in a batch into the field of its error.
pub fn in_batch(index: usize, e: Error) -> Error {
    match e {
        Error::InvalidType { field, expected, got } => {
            let field =
                if field == "partner" { format!("partners[{index}]") } else { format!("partners[{index}].{field}") };
            Error::InvalidType { field, expected, got }
        }
        other => other,
    }
}

/// A string argument (a code); `field` names it in the error.
pub fn string_arg(value: &Value, field: &str) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(Error::InvalidType { field: field.into(), expected: "a string", got: other.type_name() }),
    }
}

/// An optional string argument: `null` (or absent) is `None`.
pub fn opt_string_arg(value: &Value, field: &str) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(Error::InvalidType { field: field.into(), expected: "a string or null", got: other.type_name() }),
    }
}

/// A platform argument: a name, or `null` for the default platform.
pub fn platform_arg(value: &Value) -> Result<Platform> {
    match value {
        Value::Null => Ok(Platform::default()),
        Value::String(name) => Platform::from_name(name),
        other => Err(Error::InvalidType { field: "platform".into(), expected: "a string", got: other.type_name() }),
    }
}

/// Renames the option an error is about into the caller's key style
/// (`max_length` → `maxLength`).
pub fn restyle(e: Error, style: KeyStyle) -> Error {
    restyle_in(e, FORMAT_OPTIONS, style)
}

/// [`restyle`] for the options of another table (`(snake_case, camelCase)`).
pub fn restyle_in(e: Error, table: &[(&str, &str)], style: KeyStyle) -> Error {
    let rename = |field: String| match table.iter().find(|(snake, _)| *snake == field) {
        Some(&(snake, camel)) => if style == KeyStyle::Snake { snake } else { camel }.to_owned(),
        None => field,
    };
    match e {
        Error::InvalidValue { field, reason } => Error::InvalidValue { field: rename(field), reason },
        Error::InvalidType { field, expected, got } => Error::InvalidType { field: rename(field), expected, got },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_keys_render_in_messages() {
        assert_eq!(display_key("max_length", KeyStyle::Camel), "maxLength");
        assert_eq!(suggest("maxlength", FORMAT_OPTIONS, KeyStyle::Camel), Some("maxLength"));
        assert_eq!(suggest("colour", FORMAT_OPTIONS, KeyStyle::Snake), None);
    }

    /// `partner_from_fields` is `Partner::from_value` on the object of the same
    /// entries, field by field (the order of `Partner::FIELDS` included), and with
    /// `in_batch` it is `partner_at`.
    #[test]
    fn partner_from_fields_is_partner_at() {
        let samples = [
            Value::Null,
            Value::from("Ann"),
            Value::from("uk"),
            Value::from("xx-unknown"),
            Value::Int(7),
            Value::Float(1.5),
            Value::Bool(true),
        ];
        for (k, key) in Partner::FIELDS.iter().enumerate() {
            for other in [Value::Null, Value::from("Bo")] {
                for sample in &samples {
                    let mut fields: [Value; Partner::FIELDS.len()] = std::array::from_fn(|_| Value::Null);
                    for (j, slot) in fields.iter_mut().enumerate() {
                        if j != k && Partner::FIELDS[j] != "locale" {
                            *slot = other.clone();
                        }
                    }
                    fields[k] = sample.clone();
                    let entries = Partner::FIELDS
                        .iter()
                        .zip(fields.clone())
                        .filter(|(_, v)| !matches!(v, Value::Null))
                        .map(|(k, v)| ((*k).to_owned(), v))
                        .collect();
                    let expected = partner_at(4, &Value::Object(entries));
                    let got = partner_from_fields(fields.map(Some)).map_err(|e| in_batch(4, e));
                    match (expected, got) {
                        (Ok(a), Ok(b)) => assert_eq!(a, b, "{key} = {sample:?}"),
                        (Err(a), Err(b)) => {
                            assert_eq!((a.code(), a.field(), a.to_string()), (b.code(), b.field(), b.to_string()))
                        }
                        (a, b) => panic!("{key} = {sample:?}: {a:?} vs {b:?}"),
                    }
                }
            }
        }
    }
}
