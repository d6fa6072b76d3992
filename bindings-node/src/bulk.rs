//! Lists in few crossings. Every N-API call costs a boundary crossing (a
//! handle, an exception check, a `TryCatch`): reading a partner property by
//! property took ~25 of them. Here a small JavaScript function, compiled once
//! per environment, reads a chunk of partners by the core's
//! [`Partner::FIELDS`] (property loads the JIT turns into inline caches) and
//! hands back one string with every text field, their lengths in a shared
//! `Int32Array` and numbers in a shared `Float64Array`.
//!
//! The reader stops at the first partner it can't pass on as plain data
//! (a hole, a non-object or an array, a field of another type, a thrown
//! exception), so the caller takes that partner by the exact path, in order:
//! each property is still read once, in the order of the exact path, and the
//! first problem in input order is the one reported (an exception a getter
//! throws comes after the partners before it are checked). The one thing
//! reading ahead changes: when a partner fails its check (a number as `name`,
//! an unknown `locale`), getters of the partners after it in the same chunk
//! have already run.
//!
//! Codes go back the same way: N-API sets an array element with a full
//! property store each, so the codes' strings are made here and passed to a
//! filler function as the arguments of one call per [`FILL`] codes.

use crate::to_host::{check, js_string};
use napi::{sys, Env};
use promocode::Partner;
use std::cell::Cell;
use std::ptr;

/// Partners a reader call covers (bounds the text of one call).
pub(crate) const CHUNK: usize = 1024;
/// Slots before the field slots in the shared lengths: where the reader
/// stopped, at which field, and why.
pub(crate) const HEADER: usize = 3;
/// Text (UTF-16 units) after which a reader call ends early, far below
/// V8's longest string.
const TEXT_LIMIT: usize = 1 << 24;
/// Fields per partner.
pub(crate) const FIELDS: usize = Partner::FIELDS.len();

/// Why the reader stopped before its end (`lens[2]`).
pub(crate) mod stop {
    /// It read every partner up to where it stopped (the chunk's end, or
    /// earlier when the text grew long).
    pub(crate) const DONE: i32 = 0;
    /// `i in list` is false: a hole.
    pub(crate) const HOLE: i32 = 1;
    /// The item is not an object, or it is an array (or a revoked proxy):
    /// the answer holds it at `[1]`.
    pub(crate) const ITEM: i32 = 2;
    /// A field (`lens[1]`) is an object, BigInt, symbol or function: the
    /// answer holds the partner at `[1]` and the value at `[2]`.
    pub(crate) const FIELD: i32 = 3;
    /// Reading threw: the answer holds the exception at `[1]`.
    pub(crate) const THREW: i32 = 4;
}

/// A field slot: its UTF-16 length (a string), or one of these.
pub(crate) mod slot {
    /// `undefined` or `null`.
    pub(crate) const ABSENT: i32 = -1;
    /// A number, in the same slot of the numbers.
    pub(crate) const NUMBER: i32 = -2;
    pub(crate) const TRUE: i32 = -3;
    pub(crate) const FALSE: i32 = -4;
}

/// The compiled helpers of one environment (its instance data).
pub(crate) struct Helpers {
    read: sys::napi_ref,
    fill: sys::napi_ref,
    /// The reader's `Int32Array` of lengths and `Float64Array` of numbers: the
    /// reader references them, so their memory stays where it is.
    lens: *const i32,
    nums: *const f64,
    /// True while the reader runs: a getter that starts another batch
    /// meanwhile must not overwrite the shared arrays (it takes the exact path).
    busy: Cell<bool>,
}

/// The helpers' source; the reader's property reads spelled from [`Partner::FIELDS`].
fn source() -> String {
    let mut fields = String::new();
    for (f, key) in Partner::FIELDS.iter().enumerate() {
        fields.push_str(&format!(
            "f = {f}; v = p[{key:?}];
        if (typeof v === 'string') {{ lens[k + {f}] = v.length; s += v }}
        else if (v === undefined || v === null) lens[k + {f}] = {ABSENT};
        else if (typeof v === 'number') {{ lens[k + {f}] = {NUMBER}; nums[k + {f}] = v }}
        else if (typeof v === 'boolean') lens[k + {f}] = v ? {TRUE} : {FALSE};
        else {{ why = {FIELD}; a = p; b = v; break }}
        ",
            ABSENT = slot::ABSENT,
            NUMBER = slot::NUMBER,
            TRUE = slot::TRUE,
            FALSE = slot::FALSE,
            FIELD = stop::FIELD,
        ));
    }
    format!(
        "(function (isArray, lens, nums) {{
  'use strict';
  function readPartners(list, start, end) {{
    let s = '', i = start, f = 0, k = {HEADER}, why = {DONE}, a, b;
    try {{
      for (; i < end; i++, k += {FIELDS}) {{
        if (!(i in list)) {{ why = {HOLE}; break }}
        const p = list[i];
        if (typeof p !== 'object' || p === null) {{ why = {ITEM}; a = p; break }}
        let array = true;
        try {{ array = isArray(p) }} catch (_) {{}}
        if (array) {{ why = {ITEM}; a = p; break }}
        let v;
        {fields}if (s.length > {TEXT_LIMIT}) {{ i++; break }}
      }}
    }} catch (e) {{ why = {THREW}; a = e }}
    lens[0] = i; lens[1] = f; lens[2] = why;
    return why === {DONE} || why === {HOLE} ? s : [s, a, b];
  }}
  function fill(out, base) {{
    for (let i = 2, n = arguments.length; i < n; i++) out[base + i - 2] = arguments[i];
  }}
  return [readPartners, fill];
}})",
        DONE = stop::DONE,
        HOLE = stop::HOLE,
        ITEM = stop::ITEM,
        THREW = stop::THREW,
    )
}

fn typed_array(
    env: sys::napi_env,
    kind: sys::napi_typedarray_type,
    len: usize,
    size: usize,
) -> napi::Result<(sys::napi_value, *mut u8)> {
    let mut data = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    check(unsafe { sys::napi_create_arraybuffer(env, len * size, &mut data, &mut buffer) })?;
    let mut array = ptr::null_mut();
    check(unsafe { sys::napi_create_typedarray(env, kind, len, buffer, 0, &mut array) })?;
    Ok((array, data.cast()))
}

fn reference(env: sys::napi_env, v: sys::napi_value) -> napi::Result<sys::napi_ref> {
    let mut r = ptr::null_mut();
    check(unsafe { sys::napi_create_reference(env, v, 1, &mut r) })?;
    Ok(r)
}

fn element(env: sys::napi_env, array: sys::napi_value, i: u32) -> napi::Result<sys::napi_value> {
    let mut v = ptr::null_mut();
    check(unsafe { sys::napi_get_element(env, array, i, &mut v) })?;
    Ok(v)
}

fn number(env: sys::napi_env, n: usize) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check(unsafe { sys::napi_create_double(env, n as f64, &mut out) })?;
    Ok(out)
}

fn call(env: sys::napi_env, f: sys::napi_ref, args: &[sys::napi_value]) -> napi::Result<sys::napi_value> {
    let mut function = ptr::null_mut();
    check(unsafe { sys::napi_get_reference_value(env, f, &mut function) })?;
    let mut undefined = ptr::null_mut();
    check(unsafe { sys::napi_get_undefined(env, &mut undefined) })?;
    let mut answer = ptr::null_mut();
    check(unsafe { sys::napi_call_function(env, undefined, function, args.len(), args.as_ptr(), &mut answer) })?;
    Ok(answer)
}

impl Helpers {
    /// The helpers of `env`, compiled on first use.
    pub(crate) fn get(raw: sys::napi_env) -> napi::Result<&'static Helpers> {
        let env = Env::from_raw(raw);
        if let Some(h) = env.get_instance_data::<Helpers>()? {
            return Ok(h);
        }
        let mut factory = ptr::null_mut();
        check(unsafe { sys::napi_run_script(raw, js_string(raw, &source())?, &mut factory) })?;
        let mut global = ptr::null_mut();
        check(unsafe { sys::napi_get_global(raw, &mut global) })?;
        let mut array = ptr::null_mut();
        check(unsafe { sys::napi_get_named_property(raw, global, c"Array".as_ptr(), &mut array) })?;
        let mut is_array = ptr::null_mut();
        check(unsafe { sys::napi_get_named_property(raw, array, c"isArray".as_ptr(), &mut is_array) })?;
        // (`Array.isArray` as it is now: a later change to it does not reach the reader.)
        let slots = HEADER + CHUNK * FIELDS;
        let (lens, lens_data) = typed_array(raw, sys::TypedarrayType::int32_array, slots, 4)?;
        let (nums, nums_data) = typed_array(raw, sys::TypedarrayType::float64_array, slots, 8)?;
        let args = [is_array, lens, nums];
        let mut made = ptr::null_mut();
        check(unsafe { sys::napi_call_function(raw, global, factory, args.len(), args.as_ptr(), &mut made) })?;
        let helpers = Helpers {
            read: reference(raw, element(raw, made, 0)?)?,
            fill: reference(raw, element(raw, made, 1)?)?,
            lens: lens_data.cast::<i32>().cast_const(),
            nums: nums_data.cast::<f64>().cast_const(),
            busy: Cell::new(false),
        };
        // Kept for the environment's lifetime (its references with it).
        env.set_instance_data(helpers, (), |_| {})?;
        env.get_instance_data::<Helpers>()?
            .map(|h| &*h)
            .ok_or_else(|| napi::Error::from_reason("the bulk helpers were not kept"))
    }

    /// Runs the reader over `list[start..end]` into `read`, or returns false
    /// (reading nothing) when a reader call is already running: a getter started
    /// another batch, which must take the exact path.
    pub(crate) fn read_partners(
        &self,
        env: sys::napi_env,
        list: sys::napi_value,
        start: usize,
        end: usize,
        read: &mut Read,
    ) -> napi::Result<bool> {
        if self.busy.replace(true) {
            return Ok(false);
        }
        let done = self.run_reader(env, list, start, end, read);
        self.busy.set(false);
        done.map(|()| true)
    }

    fn run_reader(
        &self,
        env: sys::napi_env,
        list: sys::napi_value,
        start: usize,
        end: usize,
        read: &mut Read,
    ) -> napi::Result<()> {
        let answer = call(env, self.read, &[list, number(env, start)?, number(env, end)?])?;
        // SAFETY: both arrays hold HEADER + CHUNK * FIELDS slots and stay alive
        // (the reader references them); the reader wrote them synchronously.
        let lens = unsafe { std::slice::from_raw_parts(self.lens, HEADER + CHUNK * FIELDS) };
        let nums = unsafe { std::slice::from_raw_parts(self.nums, HEADER + CHUNK * FIELDS) };
        read.start = start;
        read.stop = (lens[0].max(0) as usize).clamp(start, end);
        read.field = (lens[1].max(0) as usize).min(FIELDS);
        read.why = lens[2];
        let slots = HEADER..HEADER + (read.stop - start + 1).min(CHUNK) * FIELDS;
        read.lens.clear();
        read.lens.extend_from_slice(&lens[slots.clone()]);
        read.nums.clear();
        read.nums.extend_from_slice(&nums[slots]);
        read.held = [ptr::null_mut(); 2];
        let text = if read.why == stop::DONE || read.why == stop::HOLE {
            answer
        } else {
            read.held = [element(env, answer, 1)?, element(env, answer, 2)?];
            element(env, answer, 0)?
        };
        let mut len = 0usize;
        check(unsafe { sys::napi_get_value_string_utf16(env, text, ptr::null_mut(), 0, &mut len) })?;
        read.units.clear();
        read.units.resize(len + 1, 0);
        let mut written = 0usize;
        check(unsafe { sys::napi_get_value_string_utf16(env, text, read.units.as_mut_ptr(), len + 1, &mut written) })?;
        read.units.truncate(written);
        Ok(())
    }

    /// `items` as a JS array of strings (`null` for `None`): each string made
    /// here, handed to the filler as the arguments of one call per batch.
    pub(crate) fn fill<'a>(
        &self,
        env: sys::napi_env,
        items: impl ExactSizeIterator<Item = Option<&'a str>>,
    ) -> napi::Result<sys::napi_value> {
        let array = crate::to_host::js_array(env, items.len())?;
        let mut args = Vec::with_capacity(2 + FILL);
        let mut items = items.peekable();
        let mut base = 0;
        while items.peek().is_some() {
            let _scope = crate::to_host::HandleScope::open(env)?;
            args.clear();
            args.push(array);
            args.push(number(env, base)?);
            for s in items.by_ref().take(FILL) {
                args.push(match s {
                    Some(s) => js_string(env, s)?,
                    None => crate::to_host::js_null(env)?,
                });
            }
            base += args.len() - 2;
            call(env, self.fill, &args)?;
        }
        Ok(array)
    }
}

/// Strings per call to the filler: N-API has no call that sets many elements
/// at once, and `napi_set_element` costs more than making the string; as
/// arguments of one call they cost a stack slot each (measured: 1M codes of
/// 8 characters in ~85 ms instead of ~170 ms; a single string split by
/// `slice` in JavaScript took ~125 ms, and longer codes would be slices
/// that keep the whole text alive).
const FILL: usize = 2048;

/// What one reader call read; its buffers are reused from call to call.
pub(crate) struct Read {
    /// Every text field, in order.
    pub(crate) units: Vec<u16>,
    /// The field slots from `start` on ([`slot`]).
    pub(crate) lens: Vec<i32>,
    pub(crate) nums: Vec<f64>,
    pub(crate) start: usize,
    /// The first partner not read in full (`end` when all were).
    pub(crate) stop: usize,
    /// The field the reader stopped at ([`stop::FIELD`]).
    pub(crate) field: usize,
    pub(crate) why: i32,
    /// What the reader handed back for the exact path ([`stop`]).
    pub(crate) held: [sys::napi_value; 2],
}

impl Default for Read {
    fn default() -> Self {
        Read {
            units: Vec::new(),
            lens: Vec::new(),
            nums: Vec::new(),
            start: 0,
            stop: 0,
            field: 0,
            why: 0,
            held: [ptr::null_mut(); 2],
        }
    }
}

/// A JavaScript string's UTF-16 units as UTF-8, each lone surrogate as one
/// U+FFFD (as V8 writes them).
pub(crate) fn text(units: &[u16]) -> String {
    if units.iter().all(|&u| u < 0x80) {
        let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
        return String::from_utf8(bytes).unwrap_or_default();
    }
    String::from_utf16_lossy(units)
}
