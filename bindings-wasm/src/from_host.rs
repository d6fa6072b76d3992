//! JavaScript → core, by the rules of `promocode::api` (walked with js-sys:
//! smaller than serde-wasm-bindgen, and it keeps `NaN`, `Infinity` and BigInts):
//! numbers through [`api::js_number`], BigInts through [`api::big_integer_hex`]
//! beyond 64 bits, lists longer than [`api::MAX_ITEMS`] refused before they are
//! walked, partners read by [`Partner::FIELDS`] only.
//!
//! With the `bulk` feature, lists cross the boundary in bulk (see `js/pack.js`):
//! one string and one array of UTF-16 lengths instead of one call per item and
//! field. Items the bulk path can't take go through the exact per-value
//! conversion, so errors are the core's.

use crate::error::{core_error, JsResult, OrThrow};
use js_sys::{Array, Object, Reflect};
use promocode::api;
use promocode::value::MAX_DEPTH;
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
        return Ok(bigint(v));
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
                if let Some(strings) = bulk::strings(array)? {
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

/// `invalid_value` for a list longer than [`api::MAX_ITEMS`].
pub fn check_length(array: &Array, key: &str) -> JsResult<()> {
    api::check_items(u64::from(array.length()), key).or_throw()
}

/// A JS number, by the core's rule.
fn number(n: f64) -> Value {
    api::js_number(n)
}

/// A BigInt: `Int`/`UInt` when it fits 64 bits, else the core's rule for
/// larger integers (the nearest float, which every range check reports).
fn bigint(v: &JsValue) -> Value {
    if let Some(i) = i64::try_from_js_value_ref(v) {
        return Value::Int(i);
    }
    if let Some(u) = u64::try_from_js_value_ref(v) {
        return Value::UInt(u);
    }
    let hex: String = v.unchecked_ref::<js_sys::BigInt>().to_string(16).map(String::from).unwrap_or_default();
    api::big_integer_hex(&hex).unwrap_or(Value::Float(f64::NAN))
}

/// A partner's fields: of an object, only [`Partner::FIELDS`] are read (a whole
/// CRM record can be passed; its other fields are never walked); any other
/// value as it is, for the core to report.
fn partner_value(v: &JsValue) -> JsResult<Value> {
    if v.is_object() && !Array::is_array(v) {
        let mut entries = Vec::with_capacity(Partner::FIELDS.len());
        for &key in Partner::FIELDS {
            let item = Reflect::get(v, &JsValue::from_str(key))?;
            if !item.is_undefined() {
                entries.push((key.to_owned(), convert(&item, key, 1)?));
            }
        }
        Ok(Value::Object(entries))
    } else {
        to_value(v, "partner")
    }
}

/// A partner argument.
pub fn partner(v: &JsValue) -> JsResult<Partner> {
    Partner::from_value(&partner_value(v)?).or_throw()
}

/// Every partner of an array argument, in order; the first that can't be read
/// throws, its field naming its place (`partners[3].name`).
pub fn partners(v: &JsValue) -> JsResult<Vec<Partner>> {
    if !Array::is_array(v) {
        return Err(type_error(v, "partners", "an array of partners"));
    }
    let list: &Array = v.unchecked_ref();
    check_length(list, "partners")?;
    #[cfg(feature = "bulk")]
    return bulk::partners(list);
    #[cfg(not(feature = "bulk"))]
    (0..list.length()).map(|i| partner_at(list, i)).collect()
}

/// Partner `i` of `list`, read one value at a time.
fn partner_at(list: &Array, i: u32) -> JsResult<Partner> {
    api::partner_at(i as usize, &partner_value(&list.get(i))?).or_throw()
}

/// A string argument (`code`, `platform`, ...), or a typed error naming it.
pub fn string(v: &JsValue, field: &str) -> JsResult<String> {
    v.as_string().ok_or_else(|| type_error(v, field, "a string"))
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

/// Lists in one crossing (`js/pack.js`), for the Node build.
#[cfg(feature = "bulk")]
mod bulk {
    use super::partner_at;
    use crate::error::{JsResult, OrThrow};
    use js_sys::{Array, Int32Array};
    use promocode::{api, Partner, Value};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/pack.js")]
    extern "C" {
        #[wasm_bindgen(js_name = packStrings, catch)]
        fn pack_strings(list: &JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = packPartners, catch)]
        fn pack_partners(list: &JsValue) -> Result<JsValue, JsValue>;
    }

    /// Reads strings off the packed text by their UTF-16 lengths.
    struct Unpacker<'a> {
        text: &'a str,
    }

    impl Unpacker<'_> {
        /// The next string of `units` UTF-16 units, then skips the U+0000 separator.
        fn take(&mut self, units: i32) -> String {
            let (mut n, mut end) = (0usize, 0usize);
            let bytes = self.text.as_bytes();
            while n < units as usize && end < bytes.len() {
                let b = bytes[end];
                // UTF-8 lead byte -> (bytes, UTF-16 units): 4-byte sequences are surrogate pairs.
                let (len, u) = match b {
                    0..=0x7F => (1, 1),
                    0xC0..=0xDF => (2, 1),
                    0xE0..=0xEF => (3, 1),
                    _ => (4, 2),
                };
                end += len;
                n += u;
            }
            let end = end.min(bytes.len());
            let s = self.text.get(..end).unwrap_or_default().to_owned();
            // Skip the separator.
            self.text = self.text.get(end + 1..).unwrap_or_default();
            s
        }
    }

    /// `[text, lengths]` as the helpers return it.
    fn unpack(packed: &JsValue) -> (String, Vec<i32>) {
        let pair: &Array = packed.unchecked_ref();
        let text = pair.get(0).as_string().unwrap_or_default();
        let lens = Int32Array::from(pair.get(1)).to_vec();
        (text, lens)
    }

    /// The strings of a JS array in one crossing, or `None` when some item is not a
    /// string (the caller then converts item by item for the exact error).
    pub fn strings(list: &Array) -> JsResult<Option<Vec<String>>> {
        let packed = pack_strings(list)?;
        if packed.is_null() {
            return Ok(None);
        }
        let (text, lens) = unpack(&packed);
        let mut u = Unpacker { text: &text };
        Ok(Some(lens.iter().map(|&n| u.take(n)).collect()))
    }

    /// Every partner of a JS array, in order; the first that can't be read throws.
    pub fn partners(list: &Array) -> JsResult<Vec<Partner>> {
        // js/pack.js reads these keys in this order; should the core ever read
        // others, every partner takes the exact path.
        const PACKED: [&str; 7] = ["name", "surname", "email", "id", "locale", "name_reading", "surname_reading"];
        if Partner::FIELDS != PACKED {
            return (0..list.length()).map(|i| partner_at(list, i)).collect();
        }
        let (text, lens) = unpack(&pack_partners(list)?);
        let mut u = Unpacker { text: &text };
        let mut out = Vec::with_capacity(lens.len() / PACKED.len());
        for (i, f) in lens.chunks_exact(PACKED.len()).enumerate() {
            if f[0] == -2 {
                out.push(partner_at(list, i as u32)?);
                continue;
            }
            // Every field is a string or absent here; the core still checks them
            // (an unknown `locale` is its error, named by the partner's place).
            let fields = PACKED
                .iter()
                .zip(f)
                .filter(|(_, &n)| n >= 0)
                .map(|(&k, &n)| (k.to_owned(), Value::String(u.take(n))))
                .collect();
            out.push(api::partner_at(i, &Value::Object(fields)).or_throw()?);
        }
        Ok(out)
    }
}
