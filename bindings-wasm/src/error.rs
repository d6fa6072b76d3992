//! Core errors -> real JS `Error` objects with `.code` and the structured data
//! of `Error::details()` (`position`, `field`, `fields`, `body`, ...).

use crate::convert::{set, to_js};
use js_sys::Object;
use promocode::{Error, Value};
use wasm_bindgen::{JsCast, JsValue};

/// What every binding function returns: a thrown value is a JS `Error`.
pub type JsResult<T> = Result<T, JsValue>;

/// `new Error(message)` with `code` and every detail of the core error.
pub fn core_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    if let Value::Object(details) = e.details() {
        for (k, v) in &details {
            if k != "message" {
                set(err.unchecked_ref::<Object>(), k, &to_js(v));
            }
        }
    }
    err.into()
}

/// The `batch_failed` error of `generateAll`: `codes` (aligned, `null` where a
/// partner failed) and `errors` (`{index: Error}`).
pub fn batch_error(results: &[Result<String, Error>]) -> JsValue {
    let failed = results.iter().filter(|r| r.is_err()).count();
    let err = core_error(&Error::BatchFailed { failed, total: results.len() });
    let codes = js_sys::Array::new_with_length(results.len() as u32);
    let errors = Object::new();
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(code) => codes.set(i as u32, JsValue::from_str(code)),
            Err(e) => {
                codes.set(i as u32, JsValue::NULL);
                set(&errors, &i.to_string(), &core_error(e));
            }
        }
    }
    let obj = err.unchecked_ref::<Object>();
    set(obj, "codes", &codes);
    set(obj, "errors", &errors);
    err
}

/// Unwraps a core result, turning its error into a JS `Error`.
pub trait OrThrow<T> {
    /// `Err(core error)` -> `Err(JS Error)`.
    fn or_throw(self) -> JsResult<T>;
}

impl<T> OrThrow<T> for Result<T, Error> {
    fn or_throw(self) -> JsResult<T> {
        self.map_err(|e| core_error(&e))
    }
}
