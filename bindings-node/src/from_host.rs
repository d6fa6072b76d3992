//! JavaScript → core, by the rules of `promocode::api`:
//!
//! - object → `Object` (own enumerable string keys, in order — what `Object.keys`
//!   and `JSON.stringify` see; for a partner, only the keys the core reads,
//!   [`Partner::FIELDS`]), array → `Array` (holes are `undefined`; longer than
//!   [`api::MAX_ITEMS`] is refused before it is walked), boolean → `Bool`, number
//!   → [`api::js_number`], BigInt → [`api::big_integer`], string → `String` (a lone
//!   surrogate arrives as one U+FFFD), `null`/`undefined` → `Null`. Functions,
//!   symbols and externals are `invalid_type` errors naming their path. Nesting
//!   deeper than [`MAX_DEPTH`] (or a cycle) is `input_too_deep`.
//!
//! Nothing here knows what an option or a coupon is, nor which fields a partner
//! has (the core names them): the core reads the converted values.

use crate::bulk;
use crate::error::{Fail, Res};
use crate::to_host::{check, js_string, HandleScope};
use napi::{sys, Env, JsValue, Unknown};
use promocode::api;
use promocode::value::MAX_DEPTH;
use promocode::{Error, Partner, Value};
use std::ffi::c_char;
use std::ptr;

// ---------------------------------------------------------------------------
// JS → Value

/// A conversion failure, with its path collected while unwinding.
enum ConvFail {
    Unsupported { path: Vec<String>, got: &'static str },
    TooMany { path: Vec<String>, len: u32 },
    Hole { path: Vec<String>, index: u32 },
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
        if let ConvFail::Unsupported { path, .. } | ConvFail::TooMany { path, .. } | ConvFail::Hole { path, .. } =
            &mut self
        {
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
            ConvFail::TooMany { path, len } => match api::check_items(u64::from(len), &field(path)) {
                Err(e) => Fail::Core(e),
                Ok(()) => Fail::Core(Error::InputTooDeep { max: MAX_DEPTH }),
            },
            ConvFail::Hole { path, index } => Fail::Core(api::hole(&format!("{}[{index}]", field(path)))),
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

fn bigint(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Value> {
    let mut count = 0usize;
    check(unsafe { sys::napi_get_value_bigint_words(env, v, ptr::null_mut(), &mut count, ptr::null_mut()) })?;
    let mut words = vec![0u64; count.max(1)];
    let mut sign = 0;
    check(unsafe { sys::napi_get_value_bigint_words(env, v, &mut sign, &mut count, words.as_mut_ptr()) })?;
    words.truncate(count);
    Ok(api::big_integer(sign != 0, &words))
}

fn is_array(env: sys::napi_env, v: sys::napi_value) -> napi::Result<bool> {
    let mut yes = false;
    check(unsafe { sys::napi_is_array(env, v, &mut yes) })?;
    Ok(yes)
}

/// `Array.isArray(v)` for an object `napi_is_array` refused: true for a Proxy of
/// an array, which JS (and the WASM package) treats as an array (issue 19).
fn is_proxy_array(env: sys::napi_env, v: sys::napi_value) -> napi::Result<bool> {
    let mut global = ptr::null_mut();
    check(unsafe { sys::napi_get_global(env, &mut global) })?;
    let mut array = ptr::null_mut();
    check(unsafe { sys::napi_get_named_property(env, global, c"Array".as_ptr(), &mut array) })?;
    let mut is_array = ptr::null_mut();
    check(unsafe { sys::napi_get_named_property(env, array, c"isArray".as_ptr(), &mut is_array) })?;
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_call_function(env, array, is_array, 1, &v, &mut out) })?;
    let mut yes = false;
    check(unsafe { sys::napi_get_value_bool(env, out, &mut yes) })?;
    Ok(yes)
}

/// The `length` of a Proxy of an array, read once, refused past [`api::MAX_ITEMS`].
fn proxy_len(env: sys::napi_env, v: sys::napi_value) -> Result<u32, ConvFail> {
    let mut length = ptr::null_mut();
    check(unsafe { sys::napi_get_named_property(env, v, c"length".as_ptr(), &mut length) })?;
    let mut x = 0.0;
    if type_of(env, length)? == sys::ValueType::napi_number {
        check(unsafe { sys::napi_get_value_double(env, length, &mut x) })?;
    }
    let len = if x.is_finite() && x > 0.0 { x as u64 } else { 0 };
    if api::check_items(len, "").is_err() {
        return Err(ConvFail::TooMany { path: Vec::new(), len: u32::try_from(len).unwrap_or(u32::MAX) });
    }
    Ok(len as u32)
}

fn array_len(env: sys::napi_env, v: sys::napi_value) -> Result<u32, ConvFail> {
    let mut len = 0u32;
    check(unsafe { sys::napi_get_array_length(env, v, &mut len) })?;
    if api::check_items(u64::from(len), "").is_err() {
        return Err(ConvFail::TooMany { path: Vec::new(), len });
    }
    Ok(len)
}

/// Element `i`, or [`ConvFail::Hole`] where the array has none: a sparse array
/// is refused at its first hole instead of being walked slot by slot.
fn element_or_hole(env: sys::napi_env, array: sys::napi_value, i: u32) -> Result<sys::napi_value, ConvFail> {
    let mut has = false;
    check(unsafe { sys::napi_has_element(env, array, i, &mut has) })?;
    if !has {
        return Err(ConvFail::Hole { path: Vec::new(), index: i });
    }
    Ok(element(env, array, i)?)
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
            api::js_number(x)
        }
        sys::ValueType::napi_bigint => bigint(env, v)?,
        sys::ValueType::napi_string => Value::String(read_string(env, v)?),
        sys::ValueType::napi_object => {
            if depth >= MAX_DEPTH {
                return Err(ConvFail::TooDeep);
            }
            let real = is_array(env, v)?;
            if real || is_proxy_array(env, v)? {
                let len = if real { array_len(env, v)? } else { proxy_len(env, v)? };
                let mut items = Vec::with_capacity(len.min(1 << 16) as usize);
                for i in 0..len {
                    let _scope = HandleScope::open(env)?;
                    let item = element_or_hole(env, v, i)?;
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
        self.read_from(env, v, root, 0, Vec::with_capacity(self.keys.len()), None)
    }

    /// Reads the object `v`'s fields from `first` on into `entries` (those
    /// before it already read); `held`: field `first`'s value when it is read already.
    fn read_from(
        &self,
        env: sys::napi_env,
        v: sys::napi_value,
        root: &str,
        first: usize,
        mut entries: Vec<(String, Value)>,
        mut held: Option<sys::napi_value>,
    ) -> Res<Value> {
        for &(name, key) in self.keys.iter().skip(first) {
            let item = match held.take() {
                Some(item) => item,
                None => {
                    let mut item = ptr::null_mut();
                    check(unsafe { sys::napi_get_property(env, v, key, &mut item) })?;
                    item
                }
            };
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
        let real = t == sys::ValueType::napi_object && is_array(env, v)?;
        if !real && (t != sys::ValueType::napi_object || !is_proxy_array(env, v)?) {
            let got = match t {
                sys::ValueType::napi_object => "object",
                sys::ValueType::napi_function => "function",
                sys::ValueType::napi_symbol => "symbol",
                sys::ValueType::napi_external => "external",
                _ => raw_value(env, v, "partners")?.type_name(),
            };
            return Err(Error::InvalidType { field: "partners".into(), expected: "an array", got }.into());
        }
        let len = if real { array_len(env, v) } else { proxy_len(env, v) }.map_err(|e| e.into_fail("partners"))?;
        let mut out = Vec::with_capacity(len.min(1 << 20) as usize);
        let mut i = 0;
        if real {
            i = self.read_bulk(env, v, len as usize, &mut out)?;
        }
        for i in i as u32..len {
            let _scope = HandleScope::open(env)?;
            out.push(self.partner_at(env, v, i)?);
        }
        Ok(out)
    }

    /// Partner `i` of `list`, the exact way.
    fn partner_at(&self, env: sys::napi_env, list: sys::napi_value, i: u32) -> Res<Partner> {
        let item = element_or_hole(env, list, i).map_err(|e| e.into_fail("partners"))?;
        Ok(api::partner_at(i as usize, &self.read(env, item, "partner")?)?)
    }

    /// The partners of the real array `list` by the bulk reader ([`bulk`]), in
    /// order, each partner the reader stops at taken the exact way from what the
    /// reader already read. Returns where it stopped: `len`, or less when the
    /// reader is busy (a getter started another batch) and the rest must be
    /// read the exact way.
    fn read_bulk(&self, env: sys::napi_env, list: sys::napi_value, len: usize, out: &mut Vec<Partner>) -> Res<usize> {
        let helpers = bulk::Helpers::get(env)?;
        let mut read = bulk::Read::default();
        let mut start = 0;
        while start < len {
            let _scope = HandleScope::open(env)?;
            let end = len.min(start + bulk::CHUNK);
            if !helpers.read_partners(env, list, start, end, &mut read)? {
                return Ok(start);
            }
            let mut units = &read.units[..];
            let mut slots = read.lens.iter().zip(&read.nums);
            let mut next = |count: usize| -> [Value; bulk::FIELDS] {
                std::array::from_fn(|f| {
                    let Some((&n, &x)) = slots.next().filter(|_| f < count) else { return Value::Null };
                    match n {
                        n if n >= 0 => {
                            let (text, rest) = units.split_at((n as usize).min(units.len()));
                            units = rest;
                            Value::String(bulk::text(text))
                        }
                        bulk::slot::NUMBER => api::js_number(x),
                        bulk::slot::TRUE => Value::Bool(true),
                        bulk::slot::FALSE => Value::Bool(false),
                        _ => Value::Null, // bulk::slot::ABSENT, or past `count`
                    }
                })
            };
            for i in read.start..read.stop {
                out.push(api::partner_from_fields(next(bulk::FIELDS).map(Some)).map_err(|e| api::in_batch(i, e))?);
            }
            let i = read.stop;
            match read.why {
                bulk::stop::DONE => {}
                bulk::stop::HOLE => {
                    return Err(ConvFail::Hole { path: Vec::new(), index: i as u32 }.into_fail("partners"))
                }
                bulk::stop::ITEM => out.push(api::partner_at(i, &self.read(env, read.held[0], "partner")?)?),
                bulk::stop::FIELD => {
                    let entries = Partner::FIELDS
                        .iter()
                        .zip(next(read.field))
                        .filter(|(_, v)| !matches!(v, Value::Null))
                        .map(|(k, v)| ((*k).to_owned(), v))
                        .collect();
                    let value =
                        self.read_from(env, read.held[0], "partner", read.field, entries, Some(read.held[1]))?;
                    out.push(api::partner_at(i, &value)?);
                }
                bulk::stop::THREW => {
                    // The reader threw at partner `i`: the partners before it come
                    // first (their errors win, as when read one by one), then the
                    // exception, as it was thrown.
                    check(unsafe { sys::napi_throw(env, read.held[0]) })?;
                    return Err(Fail::Js(napi::Error::new(napi::Status::PendingException, "thrown".to_owned())));
                }
                _ => return Err(napi::Error::from_reason("the bulk reader stopped for no known reason").into()),
            }
            start = if read.why == bulk::stop::DONE { i } else { i + 1 };
        }
        Ok(len)
    }
}
