//! Python → core: every argument becomes a [`promocode::Value`] (or a
//! [`Partner`]) by the rules of `promocode::api`, stated here for Python:
//!
//! - `None`, `bool` (checked before `int`), `int` (beyond 64 bits: the core's
//!   [`api::big_integer`] rule), `float`, `str`, dict or any `Mapping` → object,
//!   list / tuple / any other iterable → array. Integer-like (`__index__`) and
//!   float-like (`__float__`) objects such as NumPy scalars or `Decimal` count as
//!   numbers. Nesting deeper than [`MAX_DEPTH`] is the core's `input_too_deep`;
//!   an object of another type is the core's `invalid_type`, naming the field by
//!   its path.
//! - `str` → Rust `String`: a lone surrogate (which UTF-8 cannot hold) becomes one
//!   U+FFFD, so character positions stay those of the Python string.
//! - Partners: of a dict or `Mapping`, only the keys the core reads
//!   ([`Partner::FIELDS`]) are converted, then [`api::partner_from_fields`]
//!   checks them (the rules of [`Partner::from_value`]);
//!   an iterable of partners is streamed and read whole before any code is issued.
//! - Arguments where a list is expected (codes, providers): any iterable.

use crate::error::{core, Conv, Failure};
use promocode::api;
use promocode::value::MAX_DEPTH;
use promocode::{Error, Partner, Value};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use std::ffi::c_char;

/// A failure deep inside a value, with the path to it (collected while unwinding).
struct Deep {
    failure: DeepKind,
    /// Path segments, innermost first.
    path: Vec<String>,
}

enum DeepKind {
    /// An object of a type that has no `Value` form.
    Unsupported(&'static str),
    /// A dict key that is not a string.
    Key,
    TooDeep,
    Py(PyErr),
}

impl From<PyErr> for Deep {
    fn from(e: PyErr) -> Self {
        Deep { failure: DeepKind::Py(e), path: Vec::new() }
    }
}

impl Deep {
    fn at(mut self, segment: impl FnOnce() -> String) -> Deep {
        self.path.push(segment());
        self
    }

    /// The core error, with `root` naming the value itself.
    fn into_failure(self, root: &str) -> Failure {
        let field = if self.path.is_empty() {
            root.to_owned()
        } else {
            self.path.iter().rev().map(String::as_str).collect::<Vec<_>>().join(".")
        };
        match self.failure {
            DeepKind::Py(e) => Failure::Py(e),
            DeepKind::TooDeep => Failure::Core(Error::InputTooDeep { max: MAX_DEPTH }),
            DeepKind::Unsupported(got) => Failure::Core(Error::InvalidType {
                field,
                expected: "a string, number, boolean, None, list or dict",
                got,
            }),
            DeepKind::Key => Failure::Core(Error::InvalidType {
                field,
                expected: "a dict with string keys",
                got: "a non-string key",
            }),
        }
    }
}

/// A path segment for a dict key, cut so an error never carries a megabyte key.
fn key_segment(key: &str) -> String {
    const LIMIT: usize = 40;
    match key.char_indices().nth(LIMIT) {
        Some((i, _)) => format!("{}…", &key[..i]),
        None => key.to_owned(),
    }
}

/// Converts any Python object to a [`Value`]; `root` names it in errors.
pub fn value(obj: &Bound<'_, PyAny>, root: &str) -> Conv<Value> {
    to_value(obj, 0).map_err(|d| d.into_failure(root))
}

fn to_value(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Deep> {
    // Exact types first: the common cases cost one type check each.
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s)?));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return Ok(int(i)?);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    let too_deep = || Deep { failure: DeepKind::TooDeep, path: Vec::new() };
    if let Ok(d) = obj.cast::<PyDict>() {
        if depth >= MAX_DEPTH {
            return Err(too_deep());
        }
        let mut entries = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = dict_key(&k)?;
            let v = to_value(&v, depth + 1).map_err(|e| e.at(|| key_segment(&key)))?;
            entries.push((key, v));
        }
        return Ok(Value::Object(entries));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        if depth >= MAX_DEPTH {
            return Err(too_deep());
        }
        // Index by position, re-reading the length: a list mutated while it is
        // read (by a `__float__` of one of its items) stays in bounds.
        let mut items = Vec::with_capacity(l.len());
        let mut i = 0;
        while i < l.len() {
            let item = l.get_item(i)?;
            items.push(to_value(&item, depth + 1).map_err(|e| e.at(|| i.to_string()))?);
            i += 1;
        }
        return Ok(Value::Array(items));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        if depth >= MAX_DEPTH {
            return Err(too_deep());
        }
        let mut items = Vec::with_capacity(t.len());
        for (i, item) in t.iter().enumerate() {
            items.push(to_value(&item, depth + 1).map_err(|e| e.at(|| i.to_string()))?);
        }
        return Ok(Value::Array(items));
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Err(Deep { failure: DeepKind::Unsupported(kind(obj)), path: Vec::new() });
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        if depth >= MAX_DEPTH {
            return Err(too_deep());
        }
        let mut entries = Vec::new();
        for item in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = dict_key(&k)?;
            let v = to_value(&v, depth + 1).map_err(|e| e.at(|| key_segment(&key)))?;
            entries.push((key, v));
        }
        return Ok(Value::Object(entries));
    }
    // Integer-like (NumPy integers, IntEnum-likes) and float-like (Decimal,
    // Fraction, NumPy floats) objects.
    if obj.hasattr(pyo3::intern!(obj.py(), "__index__"))? {
        let index = obj.call_method0(pyo3::intern!(obj.py(), "__index__"))?;
        if let Ok(i) = index.cast::<PyInt>() {
            return Ok(int(i)?);
        }
    }
    if obj.hasattr(pyo3::intern!(obj.py(), "__float__"))? {
        if let Ok(f) = obj.call_method0(pyo3::intern!(obj.py(), "__float__"))?.cast::<PyFloat>() {
            return Ok(Value::Float(f.value()));
        }
    }
    if let Ok(iter) = obj.try_iter() {
        if depth >= MAX_DEPTH {
            return Err(too_deep());
        }
        let mut items = Vec::new();
        for (i, item) in iter.enumerate() {
            items.push(to_value(&item?, depth + 1).map_err(|e| e.at(|| i.to_string()))?);
        }
        return Ok(Value::Array(items));
    }
    Err(Deep { failure: DeepKind::Unsupported(kind(obj)), path: Vec::new() })
}

fn dict_key(k: &Bound<'_, PyAny>) -> Result<String, Deep> {
    match k.cast::<PyString>() {
        Ok(s) => Ok(text(s)?),
        Err(_) => Err(Deep { failure: DeepKind::Key, path: Vec::new() }),
    }
}

/// A Python `int` as a [`Value`]: `i64`, then `u64`, then the core's rule for
/// integers beyond 64 bits ([`api::big_integer_hex`]).
fn int(i: &Bound<'_, PyInt>) -> PyResult<Value> {
    if let Ok(v) = i.extract::<i64>() {
        return Ok(Value::Int(v));
    }
    if let Ok(v) = i.extract::<u64>() {
        return Ok(Value::UInt(v));
    }
    let hex: String = i.call_method1(pyo3::intern!(i.py(), "__format__"), ("x",))?.extract()?;
    Ok(api::big_integer_hex(&hex).unwrap_or(Value::Float(f64::NAN)))
}

/// The core's name for the type of `obj` (`string`, `integer`, `object`, ...), or
/// the Python name of a type that has no `Value` form.
pub fn kind(obj: &Bound<'_, PyAny>) -> &'static str {
    if obj.is_none() {
        "null"
    } else if obj.is_instance_of::<PyBool>() {
        "boolean"
    } else if obj.is_instance_of::<PyInt>() {
        "integer"
    } else if obj.is_instance_of::<PyFloat>() {
        "number"
    } else if obj.is_instance_of::<PyString>() {
        "string"
    } else if obj.is_instance_of::<PyBytes>() {
        "bytes"
    } else if obj.is_instance_of::<PyByteArray>() {
        "bytearray"
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        "array"
    } else if obj.cast::<PyMapping>().is_ok() {
        "object"
    } else if obj.hasattr("__iter__").unwrap_or(false) {
        "an iterable"
    } else {
        "an object of another type"
    }
}

// In the stable ABI since 3.10 and exported by every CPython 3 (this crate builds
// for CPython only, see pyproject.toml); pyo3 leaves it out of its abi3-py39
// declarations, so `to_cow` copies each string into a `bytes` object first.
extern "C" {
    fn PyUnicode_AsUTF8AndSize(unicode: *mut pyo3::ffi::PyObject, size: *mut pyo3::ffi::Py_ssize_t) -> *const c_char;
}

/// The UTF-8 text of a `str`, borrowed from the object (CPython keeps it with
/// the string: an ASCII string is its own UTF-8); `None` when it holds a lone
/// surrogate, which UTF-8 cannot encode.
fn utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a str> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` (the GIL is held: we have a `Bound`); on success
    // the buffer is owned by the string object, immutable and valid as long as it
    // is, which the borrow of `s` guarantees; CPython encodes it as UTF-8 (it
    // fails instead on a lone surrogate).
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size);
        if data.is_null() {
            drop(PyErr::take(s.py()));
            return None;
        }
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), usize::try_from(size).ok()?);
        Some(std::str::from_utf8_unchecked(bytes))
    }
}

/// A Python `str` as a Rust `String`; each lone surrogate becomes U+FFFD.
pub fn text(s: &Bound<'_, PyString>) -> PyResult<String> {
    if let Some(text) = utf8(s) {
        return Ok(text.to_owned());
    }
    match s.to_cow() {
        Ok(c) => Ok(c.into_owned()),
        Err(_) => {
            // Lone surrogates: `surrogatepass` encodes each one as the three bytes
            // ED A0..BF 80..BF, which we turn into one replacement character.
            let bytes = s.call_method1(pyo3::intern!(s.py(), "encode"), ("utf-8", "surrogatepass"))?;
            Ok(decode_surrogatepass(bytes.cast::<PyBytes>()?.as_bytes()))
        }
    }
}

fn decode_surrogatepass(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push('\u{FFFD}');
                let skip = if rest.len() >= 3 && rest[0] == 0xED && (0xA0..=0xBF).contains(&rest[1]) {
                    3
                } else {
                    e.error_len().unwrap_or(rest.len()).max(1)
                };
                bytes = &rest[skip.min(rest.len())..];
            }
        }
    }
}

/// A string argument (a code, a platform name); `field` names it in errors.
pub fn string(obj: &Bound<'_, PyAny>, field: &str) -> Conv<String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(text(s)?),
        Err(_) => {
            Err(Failure::Core(Error::InvalidType { field: field.to_owned(), expected: "a string", got: kind(obj) }))
        }
    }
}

/// An argument where a list is expected (codes, provider names): a list, tuple or
/// any other iterable becomes an array, streamed item by item. A string, a
/// mapping or a scalar is passed on as it is, for the core to report.
pub fn list(obj: &Bound<'_, PyAny>, root: &str) -> Conv<Value> {
    let passes_as_is = obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
        || obj.is_instance_of::<PyDict>()
        || obj.is_none();
    if passes_as_is || obj.cast::<PyMapping>().is_ok() {
        return value(obj, root);
    }
    let Ok(iter) = obj.try_iter() else {
        return value(obj, root);
    };
    let mut items = Vec::with_capacity(obj.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        items.push(to_value(&item?, 1).map_err(|e| e.at(|| i.to_string()).into_failure(root))?);
    }
    Ok(Value::Array(items))
}

static PARTNER_KEY_STRINGS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

/// A partner: a dict or any `Mapping`, of which only the keys the core reads
/// ([`Partner::FIELDS`]) are looked at, so the rest of a record may hold anything.
/// Each value found is converted on its own and handed to the core by key
/// ([`api::partner_from_fields`]): no object is built around them, and the
/// strings are moved into the partner, not copied again.
pub fn partner(obj: &Bound<'_, PyAny>) -> Conv<Partner> {
    let py = obj.py();
    let keys = PARTNER_KEY_STRINGS
        .get_or_init(py, || Partner::FIELDS.iter().map(|k| PyString::intern(py, k).unbind()).collect());
    let mut fields: [Option<Value>; Partner::FIELDS.len()] = Default::default();
    if let Some(found) = obj.cast_exact::<PyDict>().ok().and_then(|d| scan(d, keys)) {
        for ((slot, name), v) in fields.iter_mut().zip(Partner::FIELDS).zip(found) {
            if let Some(v) = v {
                *slot = Some(field(&v, name)?);
            }
        }
        return core(api::partner_from_fields(fields));
    }
    let slots = fields.iter_mut().zip(Partner::FIELDS).zip(keys);
    if let Ok(d) = obj.cast::<PyDict>() {
        for ((slot, name), key) in slots {
            if let Some(v) = d.get_item(key.bind(py))? {
                *slot = Some(field(&v, name)?);
            }
        }
    } else if let Ok(m) = obj.cast::<PyMapping>() {
        for ((slot, name), key) in slots {
            match m.get_item(key.bind(py)) {
                Ok(v) => *slot = Some(field(&v, name)?),
                Err(e) if e.is_instance_of::<PyKeyError>(py) => {}
                Err(e) => return Err(Failure::Py(e)),
            }
        }
    } else {
        // Not a partner at all: the core's error, naming the Python type.
        return core(Partner::from_value(&Value::Null).map_err(|e| retype(e, kind(obj))));
    }
    core(api::partner_from_fields(fields))
}

/// The values under the keys of [`Partner::FIELDS`] of a small plain dict whose
/// keys are all exact `str`s, found in one pass over its entries instead of a
/// lookup per key (most partner dicts hold fewer keys than the core reads);
/// `None` for any other dict, which is then read key by key. No Python code runs
/// during the pass (keys are compared as text), so the dict cannot change under it.
fn scan<'py>(
    d: &Bound<'py, PyDict>,
    keys: &[Py<PyString>],
) -> Option<[Option<Bound<'py, PyAny>>; Partner::FIELDS.len()]> {
    const MAX_KEYS: usize = 8;
    if d.len() > MAX_KEYS {
        return None;
    }
    let mut found: [Option<Bound<'py, PyAny>>; Partner::FIELDS.len()] = Default::default();
    for (k, v) in d.iter() {
        let k = k.cast_exact::<PyString>().ok()?;
        // Literal keys are interned: the same object as ours. Else compare the text.
        let slot = keys.iter().position(|key| key.as_ptr() == k.as_ptr()).or_else(|| {
            let text = utf8(k)?;
            Partner::FIELDS.iter().position(|f| *f == text)
        });
        if let Some(i) = slot {
            found[i] = Some(v);
        }
    }
    Some(found)
}

/// One value of a partner: a `str` (the common case, checked first) or any value.
fn field(v: &Bound<'_, PyAny>, name: &str) -> Conv<Value> {
    match v.cast_exact::<PyString>() {
        Ok(s) => Ok(Value::String(text(s)?)),
        Err(_) => value(v, name),
    }
}

/// Reads every partner of an iterable (streamed: a generator of a million dicts
/// is fine). A partner of the wrong type fails the whole call, naming its index.
pub fn partners(partners: &Bound<'_, PyAny>) -> Conv<Vec<Partner>> {
    let not_a_list = partners.is_instance_of::<PyString>() || partners.cast::<PyMapping>().is_ok();
    let iter = match partners.try_iter() {
        Ok(iter) if !not_a_list => iter,
        _ => {
            return Err(Failure::Core(Error::InvalidType {
                field: "partners".into(),
                expected: "an iterable of partner dicts",
                got: kind(partners),
            }))
        }
    };
    let mut out = Vec::with_capacity(partners.len().unwrap_or(0));
    for (i, p) in iter.enumerate() {
        match partner(&p?) {
            Ok(p) => out.push(p),
            Err(Failure::Core(e)) => return Err(Failure::Core(api::in_batch(i, e))),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Puts the Python type name into an `invalid_type` error about a whole value.
fn retype(e: Error, got: &'static str) -> Error {
    match e {
        Error::InvalidType { field, expected, .. } => Error::InvalidType { field, expected, got },
        other => other,
    }
}

/// An optional argument (`None` or absent is `null`); `root` names it in errors.
pub fn arg(obj: Option<&Bound<'_, PyAny>>, root: &str) -> Conv<Value> {
    match obj {
        None => Ok(Value::Null),
        Some(obj) => value(obj, root),
    }
}

/// An optional list argument (codes, providers): `None` or absent is `null`.
pub fn opt_list(obj: Option<&Bound<'_, PyAny>>, root: &str) -> Conv<Value> {
    match obj {
        None => Ok(Value::Null),
        Some(obj) => list(obj, root),
    }
}

/// A platform argument: `None` (the default platform) or a `str`.
pub fn platform(obj: Option<&Bound<'_, PyAny>>) -> Conv<Value> {
    match obj {
        Some(p) if !p.is_none() => Ok(Value::String(string(p, "platform")?)),
        _ => Ok(Value::Null),
    }
}

/// Keyword arguments as an options object, in the order given.
pub fn kwargs(options: Option<&Bound<'_, PyDict>>) -> Conv<Value> {
    let mut entries = Vec::new();
    if let Some(options) = options {
        for (key, v) in options.iter() {
            let key = string(&key, "option")?;
            let v = value(&v, &key)?;
            entries.push((key, v));
        }
    }
    Ok(Value::Object(entries))
}

#[cfg(test)]
mod tests {
    use super::decode_surrogatepass;

    #[test]
    fn each_surrogate_becomes_one_replacement_character() {
        // "a\ud800b\udfff" and a high+low pair, each kept as two code points.
        let bytes = b"a\xed\xa0\x80b\xed\xbf\xbf\xed\xa0\xbd\xed\xb8\x80";
        assert_eq!(decode_surrogatepass(bytes), "a\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(decode_surrogatepass("ok é 😀".as_bytes()), "ok é 😀");
        // Never produced by `surrogatepass`, but still no panic.
        assert!(decode_surrogatepass(b"\xed\xa0").chars().all(|c| c == '\u{FFFD}'));
    }
}
