//! `promocode._promocode`: the native half of the Python package `promocode`.
//!
//! A shell around the `promocode` core: every argument goes through
//! [`convert`] (Python → `Value`), then straight into the core; every core error
//! comes back as the exception classes of `promocode/_errors.py`. Nothing here
//! decides a default, checks a rule or writes a message of its own.

mod convert;

use convert::{core, Conv, Failure};
use promocode::{ErrorCode, FormatOptions, KeyStyle, Platform, Value};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

/// A format: what every code looks like, checked against its platform when it
/// is built. Keyword-only: ``Format(prefix="PARTNER", name=True, random=2,
/// platform="stripe")``. Unknown keywords raise ``PromocodeError`` with code
/// ``unknown_option`` (and a suggestion).
#[pyclass(frozen, module = "promocode", name = "Format")]
struct PyFormat {
    inner: promocode::Format,
    repr: String,
}

#[pymethods]
impl PyFormat {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(options: Option<&Bound<'_, PyDict>>) -> Conv<Self> {
        let mut opts = FormatOptions::new();
        let mut repr = Vec::new();
        if let Some(options) = options {
            for (key, v) in options.iter() {
                let key = convert::string(&key, "option")?;
                opts.set(&key, &convert::value(&v, &key)?, KeyStyle::Snake).map_err(Failure::Core)?;
                if !v.is_none() {
                    repr.push(format!("{key}={}", short_repr(&v)));
                }
            }
        }
        let inner = core(opts.build())?;
        Ok(PyFormat { inner, repr: format!("Format({})", repr.join(", ")) })
    }

    /// How many bits an attacker must guess: log2 of the number of distinct
    /// random parts (after the blocklist); 0.0 without a random part.
    #[getter]
    fn entropy_bits(&self) -> f64 {
        self.inner.entropy_bits()
    }

    /// One code for ``partner`` (a dict), without a registry: for previews.
    /// With a ``seed`` (int, 0..2**64-1) the random part is reproducible.
    #[pyo3(signature = (partner, seed = None))]
    fn render(&self, partner: &Bound<'_, PyAny>, seed: Option<&Bound<'_, PyAny>>) -> Conv<String> {
        let partner = convert::partner(partner)?;
        let seed = convert::seed(seed)?;
        core(self.inner.render(&partner, seed))
    }

    fn __repr__(&self) -> String {
        self.repr.clone()
    }
}

/// `repr(v)`, cut to a readable length.
fn short_repr(v: &Bound<'_, PyAny>) -> String {
    const LIMIT: usize = 60;
    let r = v.repr().map(|r| r.to_string_lossy().into_owned()).unwrap_or_else(|_| "?".into());
    match r.char_indices().nth(LIMIT) {
        Some((i, _)) => format!("{}…", &r[..i]),
        None => r,
    }
}

/// Hands out codes in one format, unique (ignoring case and accents) against
/// every existing code and everything it issued. Safe to share between
/// threads; batches run without the GIL.
#[pyclass(frozen, module = "promocode", name = "Generator")]
struct PyGenerator {
    inner: promocode::Generator,
    format_repr: String,
}

#[pymethods]
impl PyGenerator {
    #[new]
    #[pyo3(signature = (format, existing = None, seed = None), text_signature = "(format, existing=(), seed=None)")]
    fn new(
        py: Python<'_>,
        format: &Bound<'_, PyAny>,
        existing: Option<&Bound<'_, PyAny>>,
        seed: Option<&Bound<'_, PyAny>>,
    ) -> Conv<Self> {
        let format = format.cast::<PyFormat>().map_err(|_| {
            Failure::Core(promocode::Error::InvalidType {
                field: "format".into(),
                expected: "a promocode.Format",
                got: convert::kind(format),
            })
        })?;
        let existing = match existing {
            Some(codes) => core(promocode::string_list("existing", &convert::list(codes, "existing")?))?,
            None => Vec::new(),
        };
        let seed = convert::seed(seed)?;
        let fmt = format.get();
        let inner = promocode::Generator::new(fmt.inner.clone(), seed);
        py.detach(|| inner.add_existing(&existing));
        Ok(PyGenerator { inner, format_repr: fmt.repr.clone() })
    }

    /// A new unique code for ``partner``, registered at once.
    fn generate(&self, py: Python<'_>, partner: &Bound<'_, PyAny>) -> Conv<String> {
        let partner = convert::partner(partner)?;
        core(py.detach(|| self.inner.generate(&partner)))
    }

    /// One code per partner, in input order, from any iterable of dicts.
    /// Raises ``BatchError`` when some partners failed (``.codes`` aligned with
    /// the input, None where failed; ``.errors`` {index: PromocodeError}); no code
    /// is reserved for a partner that failed. Every partner is read (and type
    /// checked) before any code is issued.
    fn generate_all<'py>(&self, py: Python<'py>, partners: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let partners = convert::partners(partners)?;
        let results = py.detach(|| self.inner.generate_all(&partners));
        drop(partners);
        if results.iter().all(Result::is_ok) {
            let codes = results.into_iter().map(|r| r.unwrap_or_default());
            return PyList::new(py, codes);
        }
        Err(convert::batch_error(py, results))
    }

    /// ``count`` new unique codes for a format without personal parts. All or
    /// nothing; a request larger than what is left fails at once with
    /// ``code_space_exhausted``.
    fn generate_codes<'py>(&self, py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let count = core(promocode::parse_count(&convert::value(count, "count")?))?;
        // Packed: one buffer for all codes, each becomes a Python str directly.
        let codes = core(py.detach(|| self.inner.generate_codes_packed(count)))?;
        PyList::new(py, codes.iter())
    }

    /// Registers codes that already exist (any iterable of strings); returns how
    /// many were new.
    fn add_existing(&self, py: Python<'_>, codes: &Bound<'_, PyAny>) -> Conv<usize> {
        let codes = core(promocode::string_list("codes", &convert::list(codes, "codes")?))?;
        Ok(py.detach(|| self.inner.add_existing(&codes)))
    }

    /// True when a code with the same canonical key exists or was issued.
    fn contains(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> Conv<bool> {
        let code = convert::string(code, "code")?;
        Ok(py.detach(|| self.inner.contains(&code)))
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        py.detach(|| self.inner.len())
    }

    /// How many more codes ``generate_codes`` can hand out, or None when the
    /// supply is unbounded or depends on each partner.
    #[getter]
    fn remaining(&self, py: Python<'_>) -> Option<u128> {
        py.detach(|| self.inner.remaining())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Generator({}, len={})", self.format_repr, self.__len__(py))
    }
}

/// One problem with a code: ``code`` (stable), ``message``, ``position``
/// (0-based character index, or None for whole-code issues).
#[pyclass(frozen, eq, hash, module = "promocode", name = "Issue")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct PyIssue {
    #[pyo3(get)]
    code: String,
    #[pyo3(get)]
    message: String,
    #[pyo3(get)]
    position: Option<usize>,
}

#[pymethods]
impl PyIssue {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let code = PyString::new(py, &self.code).repr()?;
        let message = PyString::new(py, &self.message).repr()?;
        let position = self.position.map_or("None".to_owned(), |p| p.to_string());
        Ok(format!("Issue(code={code}, position={position}, message={message})"))
    }
}

/// The result of ``validate``: ``valid`` and every ``issue``.
#[pyclass(frozen, eq, hash, module = "promocode", name = "Report")]
#[derive(Clone, PartialEq, Eq, Hash)]
struct PyReport {
    #[pyo3(get)]
    valid: bool,
    issues: Vec<PyIssue>,
}

#[pymethods]
impl PyReport {
    /// Every problem, in order of position (a new list on each access).
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.issues.iter().cloned())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let issues: PyResult<Vec<String>> = self.issues.iter().map(|i| i.__repr__(py)).collect();
        Ok(format!("Report(valid={}, issues=[{}])", if self.valid { "True" } else { "False" }, issues?.join(", ")))
    }
}

fn platform(platform: Option<&Bound<'_, PyAny>>) -> Conv<Platform> {
    match platform {
        None => Ok(Platform::default()),
        Some(p) if p.is_none() => Ok(Platform::default()),
        Some(p) => core(Platform::from_name(&convert::string(p, "platform")?)),
    }
}

/// Checks ``code`` against a platform's rules and lists every problem. Never
/// raises for a bad code; raises only for an unknown platform.
#[pyfunction]
#[pyo3(signature = (code, platform = None), text_signature = "(code, platform='generic')")]
fn validate(code: &Bound<'_, PyAny>, platform: Option<&Bound<'_, PyAny>>) -> Conv<PyReport> {
    let platform = self::platform(platform)?;
    let report = promocode::validate(&convert::string(code, "code")?, platform);
    Ok(PyReport {
        valid: report.valid,
        issues: report
            .issues
            .into_iter()
            .map(|i| PyIssue { code: i.code.to_owned(), message: i.message, position: i.position })
            .collect(),
    })
}

/// The form in which the platform stores ``code`` (WooCommerce lowercases); raises
/// ``invalid_code`` for a code ``validate`` rejects.
#[pyfunction]
#[pyo3(signature = (code, platform = None), text_signature = "(code, platform='generic')")]
fn normalize(code: &Bound<'_, PyAny>, platform: Option<&Bound<'_, PyAny>>) -> Conv<String> {
    let platform = self::platform(platform)?;
    Ok(promocode::normalize(&convert::string(code, "code")?, platform)?)
}

/// The key two codes collide on: trimmed, NFKC, case-folded, marks stripped.
#[pyfunction]
fn canonical_key(code: &Bound<'_, PyAny>) -> Conv<String> {
    Ok(promocode::canonical_key(&convert::string(code, "code")?))
}

/// Checks a create-coupon request (a dict) as the Partnero API does; returns
/// the normalised coupon or raises ``CouponValidationError`` (``.body`` = the
/// API's 422 body).
#[pyfunction]
#[pyo3(signature = (request, connected = None, seed = None), text_signature = "(request, connected=(), seed=None)")]
fn validate_coupon<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    connected: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let request = convert::value(request, "request")?;
    let connected = match connected {
        Some(c) => core(promocode::string_list("connected", &convert::list(c, "connected")?))?,
        None => Vec::new(),
    };
    let connected: Vec<&str> = connected.iter().map(String::as_str).collect();
    let seed = convert::seed(seed)?;
    let coupon = core(promocode::validate_coupon(&request, &connected, seed))?;
    convert::to_py(py, &coupon)
}

/// Checks a create-promotion-code request (a dict); returns the normalised
/// promotion code or raises ``CouponValidationError``.
#[pyfunction]
#[pyo3(signature = (request, seed = None))]
fn validate_promotion_code<'py>(
    py: Python<'py>,
    request: &Bound<'py, PyAny>,
    seed: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let request = convert::value(request, "request")?;
    let seed = convert::seed(seed)?;
    let code = core(promocode::validate_promotion_code(&request, seed))?;
    convert::to_py(py, &code)
}

/// Every reason ``order`` may not redeem ``promotion_code`` of ``coupon``
/// (see ``REDEMPTION_REASONS``); an empty list when it may.
#[pyfunction]
fn check_redemption(
    promotion_code: &Bound<'_, PyAny>,
    coupon: &Bound<'_, PyAny>,
    order: &Bound<'_, PyAny>,
) -> Conv<Vec<&'static str>> {
    let promotion_code = convert::value(promotion_code, "promotion_code")?;
    let coupon = convert::value(coupon, "coupon")?;
    let order = convert::value(order, "order")?;
    core(promocode::check_redemption(&promotion_code, &coupon, &order))
}

/// Who gets the sale: the promotion code's partner beats the referral
/// cookie's. Returns ``{"partner": id, "source": "promotion_code" |
/// "referral_cookie"}``, or None when there is neither.
#[pyfunction]
#[pyo3(signature = (promotion_code_partner = None, referral_cookie_partner = None))]
fn attribute<'py>(
    py: Python<'py>,
    promotion_code_partner: Option<&Bound<'py, PyAny>>,
    referral_cookie_partner: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let id = |v: Option<&Bound<'py, PyAny>>, field: &str| -> Conv<Option<String>> {
        match v {
            Some(v) if !v.is_none() => convert::string(v, field).map(Some),
            _ => Ok(None),
        }
    };
    let by_code = id(promotion_code_partner, "promotion_code_partner")?;
    let by_cookie = id(referral_cookie_partner, "referral_cookie_partner")?;
    match promocode::attribute(by_code.as_deref(), by_cookie.as_deref()) {
        None => Ok(None),
        Some(a) => {
            let v = Value::object([("partner", Value::from(a.partner)), ("source", Value::from(a.source.as_str()))]);
            Ok(Some(convert::to_py(py, &v)?))
        }
    }
}

#[pymodule]
fn _promocode(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyFormat>()?;
    m.add_class::<PyGenerator>()?;
    m.add_class::<PyReport>()?;
    m.add_class::<PyIssue>()?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(canonical_key, m)?)?;
    m.add_function(wrap_pyfunction!(validate_coupon, m)?)?;
    m.add_function(wrap_pyfunction!(validate_promotion_code, m)?)?;
    m.add_function(wrap_pyfunction!(check_redemption, m)?)?;
    m.add_function(wrap_pyfunction!(attribute, m)?)?;
    m.add("DEFAULT_ALPHABET", promocode::DEFAULT_ALPHABET)?;
    m.add("PLATFORMS", PyTuple::new(py, Platform::ALL.iter().map(|p| p.name()))?)?;
    m.add("REDEMPTION_REASONS", PyTuple::new(py, promocode::REDEMPTION_REASONS)?)?;
    let codes = PyDict::new(py);
    for code in ErrorCode::ALL {
        codes.set_item(code.as_str(), code.template())?;
    }
    m.add("ERROR_CODES", codes)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
