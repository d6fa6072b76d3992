//! Core errors → the exception classes of `promocode._errors`, and the one
//! panic guard: a panic (a bug) becomes a `PromocodeError` with code
//! `internal_error` instead of a `PanicException` that escapes `except Exception`.

use crate::to_host::to_py;
use promocode::{api, Error};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

/// Why a conversion failed: an input the core rejects (raised as a
/// `PromocodeError`), or a Python exception raised while reading the input (a
/// failing iterator, a `Mapping` whose `__getitem__` raises), propagated as is.
pub enum Failure {
    /// The core's error.
    Core(Error),
    /// A Python exception from user code.
    Py(PyErr),
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Py(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Py(e) => e,
            Failure::Core(e) => Python::attach(|py| exception(py, &e)),
        }
    }
}

/// Result of a conversion or a core call.
pub type Conv<T> = Result<T, Failure>;

/// Turns a core result into a Python one (raising the core's error).
pub fn core<T>(r: promocode::Result<T>) -> Conv<T> {
    r.map_err(Failure::Core)
}

/// Runs the body of a call; a panic inside becomes the core's `internal_error`.
pub fn guard<T>(body: impl FnOnce() -> Conv<T>) -> Conv<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(payload) => Err(Failure::Core(api::internal_error(&*payload))),
    }
}

static FROM_CORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static BATCH_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception instance for a core error: `promocode._errors._from_core`
/// picks the class from the code (`PromocodeTypeError` for `invalid_type`,
/// `CouponValidationError` for `validation_failed`, else `PromocodeError`).
pub fn exception_object<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let details = to_py(py, &e.details())?;
    FROM_CORE.import(py, "promocode._errors", "_from_core")?.call1((details,))
}

/// The raisable form of [`exception_object`].
pub fn exception(py: Python<'_>, e: &Error) -> PyErr {
    match exception_object(py, e) {
        Ok(obj) => PyErr::from_value(obj),
        Err(err) => err,
    }
}

/// A `BatchError` for a batch where some partners failed: `codes` aligned with
/// the input (None where a partner failed), `errors` {index: PromocodeError}.
pub fn batch_error(py: Python<'_>, failure: api::BatchFailure) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyAny>> {
        let codes = PyList::new(py, failure.codes)?;
        let errors = PyDict::new(py);
        for (i, e) in &failure.errors {
            errors.set_item(i, exception_object(py, e)?)?;
        }
        let details = to_py(py, &failure.error.details())?;
        BATCH_ERROR.import(py, "promocode._errors", "_batch_error")?.call1((details, codes, errors))
    };
    match build() {
        Ok(obj) => PyErr::from_value(obj),
        Err(err) => err,
    }
}
