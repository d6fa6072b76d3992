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
use js_sys::{Array, Reflect};
use promocode::api;
use promocode::value::MAX_DEPTH;
use promocode::{Error, Partner, Value};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

// Every JS call that can run user code (a getter, a Proxy trap) is imported with
// `catch`: an exception thrown through wasm frames would leak the shadow stack,
// and after a few thousand the module traps for good.
#[wasm_bindgen]
extern "C" {
    /// `Array.isArray` (throws for a revoked Proxy).
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys` (runs a Proxy's `ownKeys` trap).
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    /// `Number(v)`: for a BigInt, the nearest float (never throws for one).
    #[wasm_bindgen(js_name = Number)]
    fn number_of(v: &JsValue) -> f64;
}

/// The length of an array, read once (a Proxy's `length` may throw, or change
/// between reads), refused past [`api::MAX_ITEMS`] before anything is allocated.
fn length(array: &JsValue, key: &str) -> JsResult<u32> {
    let len = Reflect::get(array, &JsValue::from_str("length"))?.as_f64().unwrap_or(0.0);
    api::check_items(len as u64, key).or_throw()?;
    Ok(len as u32)
}

/// Element `i` of an array; a hole is refused where it is met, so a sparse
/// `new Array(1e8)` costs one step, not a walk of every slot.
fn element(array: &JsValue, i: u32, key: &str) -> JsResult<JsValue> {
    if !Reflect::has(array, &JsValue::from_f64(f64::from(i)))? {
        return Err(core_error(&api::hole(&format!("{key}[{i}]"))));
    }
    Reflect::get_u32(array, i)
}

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
        if is_array(v)? {
            let len = length(v, key)?;
            // Lists of strings (existing codes, ids) cross in one piece.
            #[cfg(feature = "bulk")]
            if len >= 4 {
                if let Some(strings) = bulk::strings(v, len)? {
                    return Ok(Value::Array(strings.into_iter().map(Value::String).collect()));
                }
            }
            let mut items = Vec::with_capacity(len.min(1 << 16) as usize);
            for i in 0..len {
                items.push(convert(&element(v, i, key)?, key, depth + 1)?);
            }
            return Ok(Value::Array(items));
        }
        let keys = object_keys(v)?;
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
    // Past 64 bits: the nearest float (`Number(v)`), the rule of api::big_integer.
    Value::Float(number_of(v))
}

/// A partner's fields: of an object, only [`Partner::FIELDS`] are read (a whole
/// CRM record can be passed; its other fields are never walked); any other
/// value as it is, for the core to report.
fn partner_value(v: &JsValue) -> JsResult<Value> {
    if v.is_object() && !is_array(v)? {
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
    if !is_array(v)? {
        return Err(type_error(v, "partners", "an array of partners"));
    }
    let len = length(v, "partners")?;
    #[cfg(feature = "bulk")]
    return bulk::partners(v, len);
    #[cfg(not(feature = "bulk"))]
    (0..len).map(|i| partner_at(v, i)).collect()
}

/// Partner `i` of `list`, read one value at a time.
fn partner_at(list: &JsValue, i: u32) -> JsResult<Partner> {
    let item = element(list, i, "partners")?;
    api::partner_at(i as usize, &partner_value(&item)?).or_throw()
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
    use crate::error::JsResult;
    use js_sys::{Array, Int32Array};
    use promocode::Partner;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/pack.js")]
    extern "C" {
        #[wasm_bindgen(js_name = packStrings, catch)]
        fn pack_strings(list: &JsValue, len: u32) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = packPartners, catch)]
        fn pack_partners(list: &JsValue, len: u32) -> Result<JsValue, JsValue>;
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
    pub fn strings(list: &JsValue, len: u32) -> JsResult<Option<Vec<String>>> {
        let packed = pack_strings(list, len)?;
        if packed.is_null() {
            return Ok(None);
        }
        let (text, lens) = unpack(&packed);
        let mut u = Unpacker { text: &text };
        Ok(Some(lens.iter().map(|&n| u.take(n)).collect()))
    }

    /// Every partner of a JS array, in order; the first that can't be read throws.
    pub fn partners(list: &JsValue, len: u32) -> JsResult<Vec<Partner>> {
        // js/pack.js reads these keys in this order; should the core ever read
        // others, every partner takes the exact path.
        const N: usize = 7;
        if Partner::FIELDS != ["name", "surname", "email", "id", "locale", "name_reading", "surname_reading"] {
            return (0..len).map(|i| partner_at(list, i)).collect();
        }
        let (text, lens) = unpack(&pack_partners(list, len)?);
        let mut u = Unpacker { text: &text };
        let mut out = Vec::with_capacity(lens.len() / N);
        for (i, f) in lens.chunks_exact(N).enumerate() {
            if f[0] == -2 {
                out.push(partner_at(list, i as u32)?);
                continue;
            }
            let mut field = |n: i32| (n >= 0).then(|| u.take(n));
            let p = Partner {
                name: field(f[0]),
                surname: field(f[1]),
                email: field(f[2]),
                id: field(f[3]),
                locale: field(f[4]),
                name_reading: field(f[5]),
                surname_reading: field(f[6]),
            };
            // An unknown locale is the reading error the exact path words.
            if p.locale.as_deref().is_some_and(|l| promocode::Locale::from_name(l).is_err()) {
                out.push(partner_at(list, i as u32)?);
                continue;
            }
            out.push(p);
        }
        Ok(out)
    }
}
