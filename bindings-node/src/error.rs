//! Core errors → thrown JS `Error`s with `.code` and the structured
//! [`promocode::Error::details`] (`position`, `field`, `body`, ...) as properties;
//! a batch failure also gets `.codes` and `.errors`. [`run`] is the one panic
//! guard: a panic (a bug) is thrown as a coded `internal_error`.

use crate::to_host::{check, code_array, js_object, js_string, set, to_js, HandleScope};
use napi::{sys, Env, Status};
use promocode::{api, Error, Value};
use std::ptr;

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
        Err(panic) => Err(throw(env.raw(), error_object(env.raw(), &api::internal_error(&*panic)))),
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
pub(crate) fn batch_error(env: sys::napi_env, failure: &api::BatchFailure) -> napi::Result<sys::napi_value> {
    let obj = error_object(env, &failure.error)?;
    let codes = code_array(env, failure.codes.iter().map(Option::as_deref))?;
    let errors = js_object(env)?;
    for (i, e) in &failure.errors {
        let _scope = HandleScope::open(env)?;
        set(env, errors, &i.to_string(), error_object(env, e)?)?;
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
