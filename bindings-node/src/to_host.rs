//! Core answers (shaped by `promocode::api`) → JavaScript values, and the N-API
//! plumbing both directions share (status checks, handle scopes).

use napi::{sys, Status};
use promocode::api;
use promocode::value::MAX_SAFE_INTEGER;
use promocode::Value;
use std::ptr;

pub(crate) fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(Status::from(status), "a JavaScript call failed".to_owned()))
    }
}

pub(crate) struct HandleScope {
    env: sys::napi_env,
    scope: sys::napi_handle_scope,
}

impl HandleScope {
    pub(crate) fn open(env: sys::napi_env) -> napi::Result<HandleScope> {
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

pub(crate) fn js_null(env: sys::napi_env) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_get_null(env, &mut out) })?;
    Ok(out)
}

fn js_bool(env: sys::napi_env, b: bool) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_get_boolean(env, b, &mut out) })?;
    Ok(out)
}

pub(crate) fn js_object(env: sys::napi_env) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_object(env, &mut out) })?;
    Ok(out)
}

pub(crate) fn js_array(env: sys::napi_env, len: usize) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_array_with_length(env, len, &mut out) })?;
    Ok(out)
}

/// Sets an own, enumerable data property — also for the key `__proto__`, which
/// a plain assignment would turn into a change of the object's prototype.
pub(crate) fn set(env: sys::napi_env, obj: sys::napi_value, key: &str, v: sys::napi_value) -> napi::Result<()> {
    let name = js_string(env, key)?;
    if key != "__proto__" {
        return check(unsafe { sys::napi_set_property(env, obj, name, v) });
    }
    let desc = sys::napi_property_descriptor {
        utf8name: ptr::null(),
        name,
        method: None,
        getter: None,
        setter: None,
        value: v,
        attributes: sys::PropertyAttributes::writable
            | sys::PropertyAttributes::enumerable
            | sys::PropertyAttributes::configurable,
        data: ptr::null_mut(),
    };
    check(unsafe { sys::napi_define_properties(env, obj, 1, &desc) })
}

pub(crate) fn set_element(
    env: sys::napi_env,
    array: sys::napi_value,
    i: usize,
    v: sys::napi_value,
) -> napi::Result<()> {
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

/// A JS array of codes (`null` for `None`), handed to JS in batches ([`crate::bulk`]).
pub(crate) fn code_array<'a>(
    env: sys::napi_env,
    items: impl ExactSizeIterator<Item = Option<&'a str>>,
) -> napi::Result<sys::napi_value> {
    crate::bulk::Helpers::get(env)?.fill(env, items)
}

/// Freezes an object or array (exported constants).
/// Freezes `js` (made from `v` by [`to_js`]) and every object or array in it.
fn freeze_deep(env: sys::napi_env, js: sys::napi_value, v: &Value) -> napi::Result<()> {
    let children: Vec<(Value, &Value)> = match v {
        Value::Object(entries) => entries.iter().map(|(k, c)| (Value::from(k.as_str()), c)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, c)| (Value::from(i as u64), c)).collect(),
        _ => return Ok(()),
    };
    for (key, child) in children {
        if matches!(child, Value::Array(_) | Value::Object(_)) {
            let key = to_js(env, &key)?;
            let mut inner = ptr::null_mut();
            check(unsafe { sys::napi_get_property(env, js, key, &mut inner) })?;
            freeze_deep(env, inner, child)?;
        }
    }
    freeze(env, js)?;
    Ok(())
}

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

/// Sets every constant of [`api::constants`] on the module's exports, frozen
/// (lists and objects), under its exported name.
pub(crate) fn export_constants(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    if let Value::Object(entries) = api::constants() {
        for (name, v) in &entries {
            let js = to_js(env, v)?;
            freeze_deep(env, js, v)?;
            set(env, exports, name, js)?;
        }
    }
    Ok(())
}
