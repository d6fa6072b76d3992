//! The one converter between JavaScript and the core.
//!
//! - JS value → [`promocode::Value`]: object → `Object` (own enumerable string
//!   keys, in order — what `Object.keys` and `JSON.stringify` see; for a partner,
//!   only the keys the core reads, [`Partner::FIELDS`]), array →
//!   `Array` (holes are `undefined`), boolean → `Bool`, number → `Int` when it is
//!   a safe integer, else `Float` (`NaN` and ±`Infinity` kept, so the core
//!   decides what they mean), BigInt → `Int`/`UInt` (beyond 64 bits: the nearest
//!   `Float`, which every core range check rejects), string → `String` (a lone
//!   surrogate arrives as one U+FFFD), `null`/`undefined` → `Null`. Functions,
//!   symbols and externals are `invalid_type` errors naming their path. Nesting
//!   deeper than [`MAX_DEPTH`] (or a cycle) is `input_too_deep`.
//! - [`promocode::Value`] → JS value, the other way round (integers beyond 2^53
//!   become BigInts).
//! - [`promocode::Error`] → a thrown JS `Error` with `.code` and the structured
//!   [`promocode::Error::details`] (`position`, `field`, `body`, ...) as
//!   properties; a batch failure also gets `.codes` and `.errors`.
//!
//! Nothing here knows what an option or a coupon is, nor which fields a partner
//! has (the core names them): the core reads the converted values.

use napi::{sys, Env, JsValue, Status, Unknown};
use promocode::value::{MAX_DEPTH, MAX_SAFE_INTEGER};
use promocode::{Error, Partner, Value};
use std::ffi::c_char;
use std::ptr;

/// Most items one JS array may bring into a call (the core's own ceiling on one
/// call's output); a longer (or sparse, 2^32 − 1 long) array fails before any
/// work instead of exhausting memory.
const MAX_ITEMS: u32 = promocode::MAX_CODES_PER_CALL as u32;

/// Why a call failed: a core error (thrown as a JS `Error` with `.code`) or a
/// JavaScript exception already pending (a throwing getter, a Proxy trap).
pub(crate) enum Fail {
    Core(Error),
    Js(napi::Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Core(e)
    }
}

impl From<napi::Error> for Fail {
    fn from(e: napi::Error) -> Self {
        Fail::Js(e)
    }
}

pub(crate) type Res<T> = std::result::Result<T, Fail>;

/// Runs a call body and turns its failure into a thrown JS error. A panic (a
/// bug in the core) becomes a thrown `Error` too, never an abort of Node.
pub(crate) fn run<T>(env: &Env, body: impl FnOnce() -> Res<T>) -> napi::Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(Fail::Core(e))) => Err(throw(env.raw(), error_object(env.raw(), &e))),
        Ok(Err(Fail::Js(e))) => Err(e),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(napi::Error::from_reason(format!("internal error in promocode ({what}); please report it")))
        }
    }
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(Status::from(status), "a JavaScript call failed".to_owned()))
    }
}

// ---------------------------------------------------------------------------
// JS → Value

/// A conversion failure, with its path collected while unwinding.
enum ConvFail {
    Unsupported { path: Vec<String>, got: &'static str },
    TooMany { path: Vec<String>, len: u32 },
    TooDeep,
    Js(napi::Error),
}

impl From<napi::Error> for ConvFail {
    fn from(e: napi::Error) -> Self {
        ConvFail::Js(e)
    }
}

impl ConvFail {
    fn at(mut self, seg: impl FnOnce() -> String) -> Self {
        if let ConvFail::Unsupported { path, .. } | ConvFail::TooMany { path, .. } = &mut self {
            path.push(seg());
        }
        self
    }

    /// The core error, with the path joined as `a.b.0.c` (`root` for the value itself).
    fn into_fail(self, root: &str) -> Fail {
        let field = |path: Vec<String>| {
            if path.is_empty() {
                root.to_owned()
            } else {
                path.into_iter().rev().collect::<Vec<_>>().join(".")
            }
        };
        match self {
            ConvFail::Unsupported { path, got } => Fail::Core(Error::InvalidType {
                field: field(path),
                expected: "plain data (a string, number, boolean, null, array or object)",
                got,
            }),
            ConvFail::TooMany { path, len } => Fail::Core(Error::InvalidValue {
                field: field(path),
                reason: format!("has {len} items; at most {MAX_ITEMS} are accepted in one call"),
            }),
            ConvFail::TooDeep => Fail::Core(Error::InputTooDeep { max: MAX_DEPTH }),
            ConvFail::Js(e) => Fail::Js(e),
        }
    }
}

fn type_of(env: sys::napi_env, v: sys::napi_value) -> napi::Result<sys::napi_valuetype> {
    let mut t = 0;
    check(unsafe { sys::napi_typeof(env, v, &mut t) })?;
    Ok(t)
}

/// Reads a JS string as UTF-8 (V8 writes each lone surrogate as U+FFFD).
fn read_string(env: sys::napi_env, v: sys::napi_value) -> napi::Result<String> {
    // Most strings (names, keys, codes) are short: one copy into a stack buffer,
    // without measuring first. V8 never splits a character, so a result that
    // leaves more than 4 bytes free is complete.
    const SHORT: usize = 128;
    let mut stack = [0u8; SHORT];
    let mut written = 0usize;
    check(unsafe {
        sys::napi_get_value_string_utf8(env, v, stack.as_mut_ptr().cast::<c_char>(), SHORT, &mut written)
    })?;
    if written + 4 < SHORT - 1 {
        return Ok(utf8(stack[..written].to_vec()));
    }
    let mut len = 0usize;
    check(unsafe { sys::napi_get_value_string_utf8(env, v, ptr::null_mut(), 0, &mut len) })?;
    let mut buf = vec![0u8; len + 1];
    check(unsafe {
        sys::napi_get_value_string_utf8(env, v, buf.as_mut_ptr().cast::<c_char>(), len + 1, &mut written)
    })?;
    buf.truncate(written);
    Ok(utf8(buf))
}

/// V8 only ever writes well-formed UTF-8; stay safe if it did not.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn number(x: f64) -> Value {
    if x.is_finite() && x.fract() == 0.0 && x.abs() <= MAX_SAFE_INTEGER as f64 {
        Value::Int(x as i64)
    } else {
        Value::Float(x)
    }
}

fn bigint(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Value> {
    let mut count = 0usize;
    check(unsafe { sys::napi_get_value_bigint_words(env, v, ptr::null_mut(), &mut count, ptr::null_mut()) })?;
    let mut words = vec![0u64; count.max(1)];
    let mut sign = 0;
    check(unsafe { sys::napi_get_value_bigint_words(env, v, &mut sign, &mut count, words.as_mut_ptr()) })?;
    words.truncate(count.max(1));
    let negative = sign != 0;
    Ok(match (words.as_slice(), negative) {
        ([w], false) => Value::from(*w),
        ([w], true) if *w <= i64::MAX as u64 + 1 => Value::Int((*w as i64).wrapping_neg()),
        _ => {
            // Beyond 64 bits: the nearest float (every range check in the core rejects it).
            let magnitude = words.iter().rev().fold(0.0f64, |acc, w| acc * 18446744073709551616.0 + *w as f64);
            Value::Float(if negative { -magnitude } else { magnitude })
        }
    })
}

struct HandleScope {
    env: sys::napi_env,
    scope: sys::napi_handle_scope,
}

impl HandleScope {
    fn open(env: sys::napi_env) -> napi::Result<HandleScope> {
        let mut scope = ptr::null_mut();
        check(unsafe { sys::napi_open_handle_scope(env, &mut scope) })?;
        Ok(HandleScope { env, scope })
    }
}

impl Drop for HandleScope {
    fn drop(&mut self) {
        unsafe { sys::napi_close_handle_scope(self.env, self.scope) };
    }
}

fn is_array(env: sys::napi_env, v: sys::napi_value) -> napi::Result<bool> {
    let mut yes = false;
    check(unsafe { sys::napi_is_array(env, v, &mut yes) })?;
    Ok(yes)
}

fn array_len(env: sys::napi_env, v: sys::napi_value) -> Result<u32, ConvFail> {
    let mut len = 0u32;
    check(unsafe { sys::napi_get_array_length(env, v, &mut len) })?;
    if len > MAX_ITEMS {
        return Err(ConvFail::TooMany { path: Vec::new(), len });
    }
    Ok(len)
}

fn element(env: sys::napi_env, array: sys::napi_value, i: u32) -> napi::Result<sys::napi_value> {
    let mut item = ptr::null_mut();
    check(unsafe { sys::napi_get_element(env, array, i, &mut item) })?;
    Ok(item)
}

/// `depth`: how many arrays/objects enclose `v`.
fn convert(env: sys::napi_env, v: sys::napi_value, depth: usize) -> Result<Value, ConvFail> {
    let t = type_of(env, v)?;
    Ok(match t {
        sys::ValueType::napi_undefined | sys::ValueType::napi_null => Value::Null,
        sys::ValueType::napi_boolean => {
            let mut b = false;
            check(unsafe { sys::napi_get_value_bool(env, v, &mut b) })?;
            Value::Bool(b)
        }
        sys::ValueType::napi_number => {
            let mut x = 0.0;
            check(unsafe { sys::napi_get_value_double(env, v, &mut x) })?;
            number(x)
        }
        sys::ValueType::napi_bigint => bigint(env, v)?,
        sys::ValueType::napi_string => Value::String(read_string(env, v)?),
        sys::ValueType::napi_object => {
            if depth >= MAX_DEPTH {
                return Err(ConvFail::TooDeep);
            }
            if is_array(env, v)? {
                let len = array_len(env, v)?;
                let mut items = Vec::with_capacity(len.min(1 << 16) as usize);
                for i in 0..len {
                    let _scope = HandleScope::open(env)?;
                    let item = element(env, v, i)?;
                    items.push(convert(env, item, depth + 1).map_err(|e| e.at(|| i.to_string()))?);
                }
                Value::Array(items)
            } else {
                let mut keys = ptr::null_mut();
                check(unsafe {
                    sys::napi_get_all_property_names(
                        env,
                        v,
                        sys::KeyCollectionMode::own_only,
                        sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
                        sys::KeyConversion::numbers_to_strings,
                        &mut keys,
                    )
                })?;
                let len = array_len(env, keys)?;
                let mut entries = Vec::with_capacity(len.min(1 << 16) as usize);
                for i in 0..len {
                    let _scope = HandleScope::open(env)?;
                    let key = element(env, keys, i)?;
                    let name = read_string(env, key)?;
                    let mut item = ptr::null_mut();
                    check(unsafe { sys::napi_get_property(env, v, key, &mut item) })?;
                    match convert(env, item, depth + 1) {
                        Ok(value) => entries.push((name, value)),
                        Err(e) => return Err(e.at(|| name)),
                    }
                }
                Value::Object(entries)
            }
        }
        sys::ValueType::napi_function => return Err(ConvFail::Unsupported { path: Vec::new(), got: "function" }),
        sys::ValueType::napi_symbol => return Err(ConvFail::Unsupported { path: Vec::new(), got: "symbol" }),
        _ => return Err(ConvFail::Unsupported { path: Vec::new(), got: "external" }),
    })
}

/// Converts an argument (`None` — not passed — is `null`); `root` names it in errors.
pub(crate) fn value(env: &Env, arg: Option<Unknown<'_>>, root: &str) -> Res<Value> {
    match arg {
        None => Ok(Value::Null),
        Some(u) => raw_value(env.raw(), u.raw(), root),
    }
}

fn raw_value(env: sys::napi_env, v: sys::napi_value, root: &str) -> Res<Value> {
    convert(env, v, 0).map_err(|e| e.into_fail(root))
}

/// An argument that must be a string (`field` names it in the error).
pub(crate) fn string(env: &Env, arg: Option<Unknown<'_>>, field: &str) -> Res<String> {
    match value(env, arg, field)? {
        Value::String(s) => Ok(s),
        other => Err(Error::InvalidType { field: field.into(), expected: "a string", got: other.type_name() }.into()),
    }
}

/// An argument that is a string, or `null`/`undefined`/absent.
pub(crate) fn opt_string(env: &Env, arg: Option<Unknown<'_>>, field: &str) -> Res<Option<String>> {
    match value(env, arg, field)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => {
            Err(Error::InvalidType { field: field.into(), expected: "a string or null", got: other.type_name() }.into())
        }
    }
}

/// Reads partners: only the keys the core reads ([`Partner::FIELDS`]), as
/// properties (own or inherited, getters included), so the rest of a large or
/// cyclic CRM record is never touched. A non-object keeps its type (an array
/// is not converted: its type is all the core looks at).
pub(crate) struct PartnerReader {
    keys: Vec<(&'static str, sys::napi_value)>,
}

impl PartnerReader {
    /// Creates the property keys once per call (they live in the call's handle scope).
    pub(crate) fn new(env: &Env) -> Res<PartnerReader> {
        let keys = Partner::FIELDS.iter().map(|&k| Ok((k, js_string(env.raw(), k)?))).collect::<napi::Result<_>>()?;
        Ok(PartnerReader { keys })
    }

    fn read(&self, env: sys::napi_env, v: sys::napi_value, root: &str) -> Res<Value> {
        let t = type_of(env, v)?;
        if t != sys::ValueType::napi_object {
            return raw_value(env, v, root);
        }
        if is_array(env, v)? {
            return Ok(Value::Array(Vec::new()));
        }
        let mut entries = Vec::with_capacity(self.keys.len());
        for &(name, key) in &self.keys {
            let mut item = ptr::null_mut();
            check(unsafe { sys::napi_get_property(env, v, key, &mut item) })?;
            if type_of(env, item)? == sys::ValueType::napi_undefined {
                continue;
            }
            let value = convert(env, item, 1).map_err(|e| e.at(|| name.to_owned()).into_fail(root))?;
            entries.push((name.to_owned(), value));
        }
        Ok(Value::Object(entries))
    }

    /// One partner argument (`None` — not passed — is `null`).
    pub(crate) fn partner(&self, env: &Env, arg: Option<Unknown<'_>>) -> Res<Partner> {
        let value = match arg {
            None => Value::Null,
            Some(u) => self.read(env.raw(), u.raw(), "partner")?,
        };
        Ok(Partner::from_value(&value)?)
    }

    /// Every partner of an array argument, in order (one handle scope per partner,
    /// so a million partners do not pile up a million handles).
    pub(crate) fn partners(&self, env: &Env, arg: Option<Unknown<'_>>) -> Res<Vec<Partner>> {
        let env = env.raw();
        let Some(v) = arg.map(|u| u.raw()) else {
            return Err(Error::InvalidType { field: "partners".into(), expected: "an array", got: "null" }.into());
        };
        let t = type_of(env, v)?;
        if t != sys::ValueType::napi_object || !is_array(env, v)? {
            let got = match t {
                sys::ValueType::napi_object => "object",
                sys::ValueType::napi_function => "function",
                sys::ValueType::napi_symbol => "symbol",
                sys::ValueType::napi_external => "external",
                _ => raw_value(env, v, "partners")?.type_name(),
            };
            return Err(Error::InvalidType { field: "partners".into(), expected: "an array", got }.into());
        }
        let len = array_len(env, v).map_err(|e| e.into_fail("partners"))?;
        let mut out = Vec::with_capacity(len.min(1 << 20) as usize);
        for i in 0..len {
            let _scope = HandleScope::open(env)?;
            let item = element(env, v, i)?;
            out.push(Partner::from_value(&self.read(env, item, "partner")?)?);
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------
// Value → JS

pub(crate) fn js_string(env: sys::napi_env, s: &str) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    // ASCII (every generated code, most keys) is valid Latin-1, which V8 copies as is.
    let status = if s.is_ascii() {
        unsafe { sys::napi_create_string_latin1(env, s.as_ptr().cast(), s.len() as isize, &mut out) }
    } else {
        unsafe { sys::napi_create_string_utf8(env, s.as_ptr().cast(), s.len() as isize, &mut out) }
    };
    check(status)?;
    Ok(out)
}

fn js_number(env: sys::napi_env, x: f64) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_double(env, x, &mut out) })?;
    Ok(out)
}

fn js_null(env: sys::napi_env) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_get_null(env, &mut out) })?;
    Ok(out)
}

fn js_bool(env: sys::napi_env, b: bool) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_get_boolean(env, b, &mut out) })?;
    Ok(out)
}

fn js_object(env: sys::napi_env) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_object(env, &mut out) })?;
    Ok(out)
}

fn js_array(env: sys::napi_env, len: usize) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_array_with_length(env, len, &mut out) })?;
    Ok(out)
}

fn set(env: sys::napi_env, obj: sys::napi_value, key: &str, v: sys::napi_value) -> napi::Result<()> {
    let key = js_string(env, key)?;
    check(unsafe { sys::napi_set_property(env, obj, key, v) })
}

fn set_element(env: sys::napi_env, array: sys::napi_value, i: usize, v: sys::napi_value) -> napi::Result<()> {
    check(unsafe { sys::napi_set_element(env, array, i as u32, v) })
}

/// A number, or a BigInt when the integer is beyond 2^53 − 1.
fn js_u64(env: sys::napi_env, u: u64) -> napi::Result<sys::napi_value> {
    if u <= MAX_SAFE_INTEGER {
        return js_number(env, u as f64);
    }
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_bigint_uint64(env, u, &mut out) })?;
    Ok(out)
}

fn js_i64(env: sys::napi_env, i: i64) -> napi::Result<sys::napi_value> {
    if i.unsigned_abs() <= MAX_SAFE_INTEGER {
        return js_number(env, i as f64);
    }
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_bigint_int64(env, i, &mut out) })?;
    Ok(out)
}

pub(crate) fn to_js(env: sys::napi_env, v: &Value) -> napi::Result<sys::napi_value> {
    match v {
        Value::Null => js_null(env),
        Value::Bool(b) => js_bool(env, *b),
        Value::Int(i) => js_i64(env, *i),
        Value::UInt(u) => js_u64(env, *u),
        Value::Float(x) => js_number(env, *x),
        Value::String(s) => js_string(env, s),
        Value::Array(items) => {
            let array = js_array(env, items.len())?;
            for (i, item) in items.iter().enumerate() {
                set_element(env, array, i, to_js(env, item)?)?;
            }
            Ok(array)
        }
        Value::Object(entries) => {
            let obj = js_object(env)?;
            for (k, item) in entries {
                set(env, obj, k, to_js(env, item)?)?;
            }
            Ok(obj)
        }
    }
}

/// A JS array of strings, built in chunks so handles do not pile up.
pub(crate) fn string_array<S: AsRef<str>>(env: sys::napi_env, items: &[S]) -> napi::Result<sys::napi_value> {
    let array = js_array(env, items.len())?;
    for (chunk_index, chunk) in items.chunks(4096).enumerate() {
        let _scope = HandleScope::open(env)?;
        for (j, s) in chunk.iter().enumerate() {
            set_element(env, array, chunk_index * 4096 + j, js_string(env, s.as_ref())?)?;
        }
    }
    Ok(array)
}

/// Freezes an object or array (exported constants).
pub(crate) fn freeze(env: sys::napi_env, v: sys::napi_value) -> napi::Result<sys::napi_value> {
    check(unsafe { sys::napi_object_freeze(env, v) })?;
    Ok(v)
}

/// A value handed back to JavaScript as it is (the TypeScript type comes from
/// each function's `ts_return_type`).
pub struct Js(pub sys::napi_value);

impl napi::bindgen_prelude::ToNapiValue for Js {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        Ok(val.0)
    }
}

impl napi::bindgen_prelude::TypeName for Js {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> napi::ValueType {
        napi::ValueType::Unknown
    }
}

// ---------------------------------------------------------------------------
// Errors

/// `new Error(message)` with `.code` and every entry of [`Error::details`].
pub(crate) fn error_object(env: sys::napi_env, e: &Error) -> napi::Result<sys::napi_value> {
    let message = js_string(env, &e.to_string())?;
    let code = js_string(env, e.code().as_str())?;
    let mut obj = ptr::null_mut();
    check(unsafe { sys::napi_create_error(env, code, message, &mut obj) })?;
    if let Value::Object(details) = e.details() {
        for (k, v) in details.iter().filter(|(k, _)| k != "code" && k != "message") {
            set(env, obj, k, to_js(env, v)?)?;
        }
    }
    Ok(obj)
}

/// The `batch_failed` error of `generateAll`: `.codes` (aligned, `null` where a
/// partner failed) and `.errors` (`{index: Error}`).
pub(crate) fn batch_error(env: sys::napi_env, results: &[promocode::Result<String>]) -> napi::Result<sys::napi_value> {
    let failed = results.iter().filter(|r| r.is_err()).count();
    let obj = error_object(env, &Error::BatchFailed { failed, total: results.len() })?;
    let codes = js_array(env, results.len())?;
    let errors = js_object(env)?;
    for (chunk_index, chunk) in results.chunks(4096).enumerate() {
        let _scope = HandleScope::open(env)?;
        for (j, r) in chunk.iter().enumerate() {
            let i = chunk_index * 4096 + j;
            match r {
                Ok(code) => set_element(env, codes, i, js_string(env, code)?)?,
                Err(e) => {
                    set_element(env, codes, i, js_null(env)?)?;
                    set(env, errors, &i.to_string(), error_object(env, e)?)?;
                }
            }
        }
    }
    set(env, obj, "codes", codes)?;
    set(env, obj, "errors", errors)?;
    Ok(obj)
}

/// Throws `obj` (or the failure to build it) and returns the error napi-rs
/// propagates without throwing again.
pub(crate) fn throw(env: sys::napi_env, obj: napi::Result<sys::napi_value>) -> napi::Error {
    match obj {
        Ok(obj) => {
            if unsafe { sys::napi_throw(env, obj) } == sys::Status::napi_ok {
                napi::Error::new(Status::PendingException, "thrown".to_owned())
            } else {
                napi::Error::new(Status::GenericFailure, "could not throw the error".to_owned())
            }
        }
        Err(e) => e,
    }
}
