//! Core errors → real JS `Error` objects with `.code` and the structured data
//! of `Error::details()` (`position`, `field`, `fields`, `body`, ...), and the
//! one panic guard: a panic (a bug) is thrown as a coded `internal_error`.

use crate::to_host::{set, to_js};
use js_sys::Object;
use promocode::{api, Error, Value};
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
pub fn batch_error(failure: &api::BatchFailure) -> JsValue {
    let err = core_error(&failure.error);
    let codes: js_sys::Array =
        failure.codes.iter().map(|c| c.as_deref().map_or(JsValue::NULL, JsValue::from_str)).collect();
    let errors = Object::new();
    for (i, e) in &failure.errors {
        set(&errors, &i.to_string(), &core_error(e));
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

thread_local! {
    /// The coded `internal_error` of the last panic, for the JS wrapper to throw.
    static PANIC: std::cell::Cell<Option<JsValue>> = const { std::cell::Cell::new(None) };
}

/// Installs the panic guard. wasm cannot unwind: a panic ends in an `unreachable`
/// trap, which the JS wrapper (`js/index.*`) catches and replaces with the error
/// this hook records ([`take_panic`]). The hook returns instead of throwing: a
/// hook that throws leaves std "inside the panic hook", and the next panic would
/// abort before reaching it.
pub fn install_panic_guard() {
    std::panic::set_hook(Box::new(|_info| {
        #[cfg(feature = "panic-message")]
        let e = api::internal_error(_info.payload());
        #[cfg(not(feature = "panic-message"))]
        let e = Error::InternalError { reason: "a panic".into() };
        PANIC.with(|p| p.set(Some(core_error(&e))));
    }));
}

/// The error to throw for a trap: the recorded panic's `internal_error`, or an
/// `internal_error` naming the trap. (The browser build is built with
/// `panic = immediate-abort`: its panics trap at `unreachable` without the hook,
/// and are reported as "a panic".)
pub fn take_panic(trap: &str) -> JsValue {
    PANIC.with(|p| p.take()).unwrap_or_else(|| {
        let reason = if trap == "unreachable" { "a panic" } else { trap };
        core_error(&Error::InternalError { reason: reason.into() })
    })
}
