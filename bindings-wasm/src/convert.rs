//! JavaScript values <-> `promocode::Value`, walked with js-sys (smaller than
//! serde-wasm-bindgen, and it keeps `NaN`, `Infinity` and BigInt seeds).

use crate::error::{core_error, JsResult};
use js_sys::{Array, JsString, Object, Reflect};
use promocode::value::{MAX_DEPTH, MAX_SAFE_INTEGER};
use promocode::{Error, Partner, Value};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::{JsCast, JsValue};

/// Converts any JS value; `key` names it in error messages (the nearest object key).
pub fn to_value(v: &JsValue, key: &str) -> JsResult<Value> {
    convert(v, key, 0)
}

fn convert(v: &JsValue, key: &str, depth: usize) -> JsResult<Value> {
    // Most common first: partner fields and codes are strings.
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(n) = v.as_f64() {
        return Ok(number(n));
    }
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if v.is_bigint() {
        return bigint(v, key);
    }
    if v.is_object() {
        if depth >= MAX_DEPTH {
            return Err(core_error(&Error::InputTooDeep { max: MAX_DEPTH }));
        }
        if Array::is_array(v) {
            let array: &Array = v.unchecked_ref();
            check_length(array, key)?;
            // Lists of strings (existing codes, ids) cross in one piece.
            #[cfg(feature = "bulk")]
            if array.length() >= 4 {
                if let Some(strings) = crate::pack::strings(array)? {
                    return Ok(Value::Array(strings.into_iter().map(Value::String).collect()));
                }
            }
            let mut items = Vec::with_capacity(array.length() as usize);
            for i in 0..array.length() {
                items.push(convert(&array.get(i), key, depth + 1)?);
            }
            return Ok(Value::Array(items));
        }
        let keys = Object::keys(v.unchecked_ref::<Object>());
        let mut entries = Vec::with_capacity(keys.length() as usize);
        for i in 0..keys.length() {
            let k = keys.get(i);
            let item = Reflect::get(v, &k)?;
            let k = k.as_string().unwrap_or_default();
            let item = convert(&item, &k, depth + 1)?;
            entries.push((k, item));
        }
        return Ok(Value::Object(entries));
    }
    Err(core_error(&Error::InvalidType {
        field: key.into(),
        expected: "plain data (a string, number, boolean, null, array or object)",
        got: type_name(v),
    }))
}

/// The most items one list may have (as many as one call can hand out): a
/// sparse `new Array(2 ** 32 - 1)` fails at once instead of exhausting memory.
pub const MAX_ITEMS: u32 = promocode::MAX_CODES_PER_CALL as u32;

/// `invalid_value` for a list longer than [`MAX_ITEMS`].
pub fn check_length(array: &Array, key: &str) -> JsResult<()> {
    let len = array.length();
    if len > MAX_ITEMS {
        return Err(core_error(&Error::InvalidValue {
            field: key.into(),
            reason: format!("has {len} items; at most {MAX_ITEMS} are accepted in one call"),
        }));
    }
    Ok(())
}

/// A JS number: safe integers become `Int`, everything else (fractions, huge
/// values, `NaN`, infinities) `Float`, so the core decides what they mean.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER as f64 {
        Value::Int(n as i64)
    } else {
        Value::Float(n)
    }
}

fn bigint(v: &JsValue, key: &str) -> JsResult<Value> {
    if let Some(i) = i64::try_from_js_value_ref(v) {
        return Ok(Value::Int(i));
    }
    if let Some(u) = u64::try_from_js_value_ref(v) {
        return Ok(Value::UInt(u));
    }
    let text: String = v.unchecked_ref::<js_sys::BigInt>().to_string(10).map(String::from).unwrap_or_default();
    Err(core_error(&if key == "seed" {
        Error::InvalidSeed { reason: format!("must be a whole number from 0 to 2^64 − 1, got {text}") }
    } else {
        Error::InvalidValue { field: key.into(), reason: format!("must fit in 64 bits, got the BigInt {text}") }
    }))
}

/// A partner: only `name`, `surname`, `email` and `id` are read (a whole CRM
/// record can be passed; its other fields are never walked). The core checks
/// the types.
pub fn partner(v: &JsValue) -> JsResult<Partner> {
    let value = if v.is_object() && !Array::is_array(v) {
        let mut entries = Vec::with_capacity(4);
        for &key in Partner::FIELDS {
            let item = Reflect::get(v, &JsValue::from_str(key))?;
            if !item.is_undefined() {
                entries.push((key.to_owned(), convert(&item, key, 1)?));
            }
        }
        Value::Object(entries)
    } else {
        to_value(v, "partner")?
    };
    Partner::from_value(&value).map_err(|e| core_error(&e))
}

/// A string argument (`code`, `platform`, ...), or a typed error naming it.
pub fn string(v: &JsValue, field: &str) -> JsResult<String> {
    v.as_string().ok_or_else(|| type_error(v, field, "a string"))
}

/// An optional string argument: `undefined` and `null` are `None`.
pub fn opt_string(v: &JsValue, field: &str) -> JsResult<Option<String>> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string(v, field).map(Some)
    }
}

/// An `invalid_type` error for argument `field`.
pub fn type_error(v: &JsValue, field: &str, expected: &'static str) -> JsValue {
    core_error(&Error::InvalidType { field: field.into(), expected, got: type_name(v) })
}

/// The core's name for the type of a JS value (`integer` for safe integers and BigInts).
fn type_name(v: &JsValue) -> &'static str {
    if let Some(n) = v.as_f64() {
        number(n).type_name()
    } else if v.is_undefined() || v.is_null() {
        "null"
    } else if v.is_string() {
        "string"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_bigint() {
        "integer"
    } else if Array::is_array(v) {
        "array"
    } else if v.is_object() {
        "object"
    } else if v.is_function() {
        "function"
    } else {
        "symbol"
    }
}

/// `Value` -> plain JS data (objects, arrays, numbers, strings, booleans, null).
pub fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Int(i) => JsValue::from_f64(*i as f64),
        Value::UInt(u) => JsValue::from_f64(*u as f64),
        Value::Float(f) => JsValue::from_f64(*f),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(entries) => {
            let obj = Object::new();
            for (k, item) in entries {
                set(&obj, k, &to_js(item));
            }
            obj.into()
        }
    }
}

/// Sets an own data property (also for the key `__proto__`, which a plain
/// assignment would turn into a prototype change).
pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let key = JsValue::from_str(key);
    if key == "__proto__" {
        let desc = Object::new();
        for (k, v) in [
            ("value", value.clone()),
            ("writable", true.into()),
            ("enumerable", true.into()),
            ("configurable", true.into()),
        ] {
            let _ = Reflect::set(&desc, &k.into(), &v);
        }
        Object::define_property(obj, &key, &desc);
    } else {
        let _ = Reflect::set(obj, &key, value);
    }
}

/// Strings to a JS array in one crossing: joined with `\n` (no code can hold a
/// control character) and split on the JS side.
pub fn string_array<S: AsRef<str>>(items: &[S]) -> Array {
    if items.is_empty() || items.iter().any(|s| s.as_ref().contains('\n')) {
        return items.iter().map(|s| JsValue::from_str(s.as_ref())).collect();
    }
    let mut joined = String::with_capacity(items.iter().map(|s| s.as_ref().len() + 1).sum());
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            joined.push('\n');
        }
        joined.push_str(s.as_ref());
    }
    JsString::from(joined).split("\n")
}
