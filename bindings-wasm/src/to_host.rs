//! Core answers (shaped by `promocode::api`) → plain JS data.

use js_sys::{Array, JsString, Object, Reflect};
use promocode::value::MAX_SAFE_INTEGER;
use promocode::Value;
use wasm_bindgen::JsValue;

/// `Value` -> plain JS data (objects, arrays, numbers, strings, booleans, null).
pub fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        // Integers beyond 2^53 − 1 stay exact, as BigInts (as in the Node package).
        Value::Int(i) if i.unsigned_abs() > MAX_SAFE_INTEGER => js_sys::BigInt::from(*i).into(),
        Value::UInt(u) if *u > MAX_SAFE_INTEGER => js_sys::BigInt::from(*u).into(),
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
    // A joined string past V8's string limit (~2^29 units) would fail after the
    // codes were issued: such lists cross one string at a time.
    const JOIN_LIMIT: usize = 1 << 28;
    let joined_len: usize = items.iter().map(|s| s.as_ref().len() + 1).sum();
    if items.is_empty() || joined_len > JOIN_LIMIT || items.iter().any(|s| s.as_ref().contains('\n')) {
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
