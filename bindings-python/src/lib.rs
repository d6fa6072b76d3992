//! `promocode._promocode`: the native half of the Python package `promocode`.
//!
//! A shell around `promocode::api`: each call converts its arguments
//! ([`from_host`]), calls the api inside the panic guard ([`error::guard`]) and
//! converts the answer back ([`to_host`]). Core errors become the exception
//! classes of `promocode/_errors.py` ([`error`]). Nothing here decides a
//! default, checks a rule or writes a message of its own.

mod error;
mod from_host;
mod to_host;

use error::{core, guard, Conv, Failure};
use promocode::api::{self, KeyStyle::Snake};
use promocode::Value;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use to_host::{PyIssue, PyReport};

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
        guard(|| {
            let inner = core(api::format(&from_host::kwargs(options)?, Snake))?;
            Ok(PyFormat { inner, repr: format!("Format({})", to_host::kwargs_repr(options)) })
        })
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
        guard(|| {
            let options = Value::object([("seed", from_host::arg(seed, "seed")?)]);
            core(api::render(&self.inner, &from_host::partner(partner)?, &options, Snake))
        })
    }

    fn __repr__(&self) -> String {
        self.repr.clone()
    }

    /// One render explained: ``{"code": ..., "warnings": [{"code", "field",
    /// "message"}...], "transliteration_version": n}``. A warning says where the
    /// code is unlikely to be recognisable (an abjad name without vowels, kanji
    /// without a reading, a name cut to fit).
    #[pyo3(signature = (partner, seed = None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        partner: &Bound<'py, PyAny>,
        seed: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = guard(|| {
            let options = Value::object([("seed", from_host::arg(seed, "seed")?)]);
            core(api::explain(&self.inner, &from_host::partner(partner)?, &options, Snake))
        })?;
        to_host::to_py(py, &answer)
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
    #[pyo3(
        signature = (format, existing = None, seed = None, store = None, coupon = None, typo_guard = None, lookup_index = None),
        text_signature = "(format, existing=(), seed=None, store=None, coupon='default', typo_guard=None, lookup_index=False)"
    )]
    #[allow(clippy::too_many_arguments)] // one parameter per Python keyword
    fn new(
        py: Python<'_>,
        format: &Bound<'_, PyAny>,
        existing: Option<&Bound<'_, PyAny>>,
        seed: Option<&Bound<'_, PyAny>>,
        store: Option<&Bound<'_, PyAny>>,
        coupon: Option<&Bound<'_, PyAny>>,
        typo_guard: Option<&Bound<'_, PyAny>>,
        lookup_index: Option<&Bound<'_, PyAny>>,
    ) -> Conv<Self> {
        guard(|| {
            let format = format.cast::<PyFormat>().map_err(|_| {
                Failure::Core(promocode::Error::InvalidType {
                    field: "format".into(),
                    expected: "a promocode.Format",
                    got: from_host::kind(format),
                })
            })?;
            let (store, store_uri) = store_arg(store)?;
            let options = Value::object([
                ("existing", from_host::opt_list(existing, "existing")?),
                ("seed", from_host::arg(seed, "seed")?),
                ("typo_guard", from_host::arg(typo_guard, "typo_guard")?),
                ("lookup_index", from_host::arg(lookup_index, "lookup_index")?),
                ("store", store_uri),
                ("coupon", from_host::arg(coupon, "coupon")?),
            ]);
            let fmt = format.get();
            let inner = core(py.detach(|| api::generator_in(&fmt.inner, &options, store.as_ref(), Snake)))?;
            Ok(PyGenerator { inner, format_repr: fmt.repr.clone() })
        })
    }

    /// A new unique code for ``partner``, registered at once.
    fn generate(&self, py: Python<'_>, partner: &Bound<'_, PyAny>) -> Conv<String> {
        guard(|| {
            let partner = from_host::partner(partner)?;
            core(py.detach(|| self.inner.generate(&partner)))
        })
    }

    /// One code per partner, in input order, from any iterable of dicts.
    /// Raises ``BatchError`` when some partners failed (``.codes`` aligned with
    /// the input, None where failed; ``.errors`` {index: PromocodeError}); no code
    /// is reserved for a partner that failed. Every partner is read (and type
    /// checked) before any code is issued.
    fn generate_all<'py>(&self, py: Python<'py>, partners: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let answer = guard(|| {
            let partners = from_host::partners(partners)?;
            // Packed: one buffer for all codes, each becomes a Python str directly.
            Ok(py.detach(move || api::generate_all_packed(&self.inner, &partners)))
        })?;
        match answer {
            Ok(codes) => PyList::new(py, codes.iter()),
            Err(failure) => Err(error::batch_error(py, failure)),
        }
    }

    /// ``count`` new unique codes for a format without personal parts. All or
    /// nothing; a request larger than what is left fails at once with
    /// ``code_space_exhausted``.
    fn generate_codes<'py>(&self, py: Python<'py>, count: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let codes = guard(|| {
            let count = from_host::value(count, "count")?;
            core(py.detach(|| api::generate_codes(&self.inner, &count)))
        })?;
        // Packed: one buffer for all codes, each becomes a Python str directly.
        PyList::new(py, codes.iter())
    }

    /// Registers codes that already exist (any iterable of strings); returns how
    /// many were new.
    fn add_existing(&self, py: Python<'_>, codes: &Bound<'_, PyAny>) -> Conv<usize> {
        guard(|| {
            let codes = from_host::list(codes, "codes")?;
            core(py.detach(|| api::add_existing(&self.inner, &codes)))
        })
    }

    /// True when a code with the same canonical key exists or was issued.
    fn contains(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> Conv<bool> {
        guard(|| {
            let code = from_host::string(code, "code")?;
            Ok(py.detach(|| self.inner.contains(&code)))
        })
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

    /// The typo guard in force: ``"off"``, ``"warn"`` or ``"avoid"``.
    #[getter]
    fn typo_guard(&self) -> &'static str {
        self.inner.typo_guard().name()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Generator({}, len={})", self.format_repr, self.__len__(py))
    }

    /// What ``entered`` (a code as heard or typed) most likely means: a
    /// ``Lookup`` with ``kind`` ``exact``, ``normalized``, ``suggest``,
    /// ``ambiguous`` or ``not_found``. A suggestion is never applied for you.
    fn lookup(&self, py: Python<'_>, entered: &Bound<'_, PyAny>) -> Conv<to_host::PyLookup> {
        guard(|| {
            let entered = from_host::value(entered, "entered")?;
            Ok(to_host::lookup(&core(py.detach(|| api::lookup(&self.inner, &entered)))?))
        })
    }

    /// The issued codes one edit from ``entered``, best first (at most ``limit``).
    #[pyo3(signature = (entered, limit = None), text_signature = "($self, entered, limit=5)")]
    fn suggest(
        &self,
        py: Python<'_>,
        entered: &Bound<'_, PyAny>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> Conv<Vec<to_host::PySuggestion>> {
        guard(|| {
            let entered = from_host::value(entered, "entered")?;
            let limit = from_host::arg(limit, "limit")?;
            Ok(to_host::suggestions(&core(py.detach(|| api::suggest(&self.inner, &entered, &limit)))?))
        })
    }

    /// Gives ``partner`` (a dict with an ``id``) the hand-picked ``code``:
    /// ``{"code", "reused", "replaced", "warnings": [{"code", "message"}]}``.
    /// Raises ``invalid_code`` (every issue in ``.details["issues"]``),
    /// ``code_taken``, ``partner_has_code`` (``replace=True`` swaps the codes in
    /// one step) or ``partner_id_required``.
    #[pyo3(signature = (partner, code, replace = None), text_signature = "($self, partner, code, replace=False)")]
    fn assign<'py>(
        &self,
        py: Python<'py>,
        partner: &Bound<'py, PyAny>,
        code: &Bound<'py, PyAny>,
        replace: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = guard(|| {
            let partner = from_host::partner(partner)?;
            let code = from_host::value(code, "code")?;
            let options = Value::object([("replace", from_host::arg(replace, "replace")?)]);
            core(py.detach(|| api::assign(&self.inner, &partner, &code, &options, Snake)))
        })?;
        to_host::to_py(py, &answer)
    }
}

/// Checks ``code`` against a platform's rules and lists every problem. Never
/// raises for a bad code; raises only for an unknown platform.
#[pyfunction]
#[pyo3(signature = (code, platform = None), text_signature = "(code, platform='generic')")]
fn validate(code: &Bound<'_, PyAny>, platform: Option<&Bound<'_, PyAny>>) -> Conv<PyReport> {
    guard(|| {
        let platform = from_host::platform(platform)?;
        Ok(to_host::report(&core(api::validate(&from_host::string(code, "code")?, &platform))?))
    })
}

/// The form in which the platform stores ``code`` (WooCommerce lowercases); raises
/// ``invalid_code`` for a code ``validate`` rejects.
#[pyfunction]
#[pyo3(signature = (code, platform = None), text_signature = "(code, platform='generic')")]
fn normalize(code: &Bound<'_, PyAny>, platform: Option<&Bound<'_, PyAny>>) -> Conv<String> {
    guard(|| core(api::normalize(&from_host::string(code, "code")?, &from_host::platform(platform)?)))
}

/// The key two codes collide on: trimmed, NFKC, case-folded, marks stripped.
#[pyfunction]
fn canonical_key(code: &Bound<'_, PyAny>) -> Conv<String> {
    guard(|| Ok(promocode::canonical_key(&from_host::string(code, "code")?)))
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
    let coupon = guard(|| {
        let request = from_host::value(request, "request")?;
        let options = Value::object([
            ("connected", from_host::opt_list(connected, "connected")?),
            ("seed", from_host::arg(seed, "seed")?),
        ]);
        core(api::validate_coupon(&request, &options, Snake))
    })?;
    to_host::to_py(py, &coupon)
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
    let code = guard(|| {
        let request = from_host::value(request, "request")?;
        let options = Value::object([("seed", from_host::arg(seed, "seed")?)]);
        core(api::validate_promotion_code(&request, &options, Snake))
    })?;
    to_host::to_py(py, &code)
}

/// Every reason ``order`` may not redeem ``promotion_code`` of ``coupon``
/// (see ``REDEMPTION_REASONS``); an empty list when it may.
#[pyfunction]
fn check_redemption(
    promotion_code: &Bound<'_, PyAny>,
    coupon: &Bound<'_, PyAny>,
    order: &Bound<'_, PyAny>,
) -> Conv<Vec<&'static str>> {
    guard(|| {
        let promotion_code = from_host::value(promotion_code, "promotion_code")?;
        let coupon = from_host::value(coupon, "coupon")?;
        let order = from_host::value(order, "order")?;
        core(api::check_redemption(&promotion_code, &coupon, &order))
    })
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
) -> PyResult<Bound<'py, PyAny>> {
    let answer = guard(|| {
        let by_code = from_host::arg(promotion_code_partner, "promotion_code_partner")?;
        let by_cookie = from_host::arg(referral_cookie_partner, "referral_cookie_partner")?;
        core(api::attribute(&by_code, &by_cookie, Snake))
    })?;
    to_host::to_py(py, &answer)
}

/// Panics, for the tests of the panic guard: raises a coded ``internal_error``.
#[pyfunction]
fn _panic_for_tests() -> Conv<()> {
    guard(|| panic!("a panic for the tests of the panic guard"))
}

#[pymodule]
fn _promocode(m: &Bound<'_, PyModule>) -> PyResult<()> {
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
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    add_provider_and_lookup(m)?;
    m.add_class::<PyStore>()?;
    to_host::add_constants(m)?;
    // The core's option table, for the test that checks the `.pyi` keywords.
    let options: Vec<&str> = api::FORMAT_OPTIONS.iter().map(|(snake, _)| *snake).collect();
    m.add("_FORMAT_OPTIONS", pyo3::types::PyTuple::new(m.py(), options)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

// -- provider requests (issue 15) ------------------------------------------------

/// The requests that create ``coupon`` (as ``validate_coupon`` returns it) and
/// its ``promotion_codes`` on ``provider`` (``stripe``, ``paddle``, ``shopify``,
/// ``woocommerce``): ``{"requests": [{"method", "path", "headers", "body"}...],
/// "unmapped": [{"field", "reason"}...]}``. Options: ``currency``,
/// ``amount_unit``, ``api_version``, ``starts_at``.
#[pyfunction]
#[pyo3(signature = (coupon, promotion_codes, provider, **options))]
fn provider_requests<'py>(
    py: Python<'py>,
    coupon: &Bound<'py, PyAny>,
    promotion_codes: &Bound<'py, PyAny>,
    provider: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let answer = guard(|| {
        let coupon = from_host::value(coupon, "coupon")?;
        let codes = from_host::value(promotion_codes, "promotion_codes")?;
        let provider = from_host::value(provider, "provider")?;
        core(api::provider_requests(&coupon, &codes, &provider, &from_host::kwargs(options)?, Snake))
    })?;
    to_host::to_py(py, &answer)
}

/// The codes in a provider's list response (a dict, as the provider's API
/// returns it), to feed ``Generator.add_existing``.
#[pyfunction]
fn existing_codes(provider: &Bound<'_, PyAny>, response: &Bound<'_, PyAny>) -> Conv<Vec<String>> {
    guard(|| {
        let provider = from_host::value(provider, "provider")?;
        core(api::existing_codes(&provider, &from_host::value(response, "response")?))
    })
}

fn add_provider_and_lookup(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<to_host::PyLookup>()?;
    m.add_class::<to_host::PySuggestion>()?;
    m.add_function(wrap_pyfunction!(provider_requests, m)?)?;
    m.add_function(wrap_pyfunction!(existing_codes, m)?)
}

/// A program store: every code of a program and who holds it, across runs,
/// processes and machines. ``Store("sqlite:codes.db", program="acme")``; also
/// ``memory:`` and ``postgresql://...``. Pass it (or its address) to
/// ``Generator(fmt, store=...)``. Every call runs without the GIL.
#[pyclass(frozen, module = "promocode", name = "Store")]
struct PyStore {
    inner: promocode::Store,
}

#[pymethods]
impl PyStore {
    #[new]
    #[pyo3(signature = (uri, program = None), text_signature = "(uri, program='default')")]
    fn new(py: Python<'_>, uri: &Bound<'_, PyAny>, program: Option<&Bound<'_, PyAny>>) -> Conv<Self> {
        guard(|| {
            let uri = from_host::value(uri, "uri")?;
            let options = Value::object([("program", from_host::arg(program, "program")?)]);
            let inner = core(py.detach(|| api::store(&uri, &options, Snake)))?;
            Ok(PyStore { inner })
        })
    }

    /// The code ``partner_id`` holds in ``coupon``, or None.
    #[pyo3(signature = (partner_id, coupon = None), text_signature = "($self, partner_id, coupon='default')")]
    fn code_of(
        &self,
        py: Python<'_>,
        partner_id: &Bound<'_, PyAny>,
        coupon: Option<&Bound<'_, PyAny>>,
    ) -> Conv<Option<String>> {
        guard(|| {
            let partner_id = from_host::value(partner_id, "partner_id")?;
            let coupon = from_host::arg(coupon, "coupon")?;
            core(py.detach(|| api::store_code_of(&self.inner, &partner_id, &coupon, Snake)))
        })
    }

    /// True when a code with the same canonical key is held in the program.
    fn contains(&self, py: Python<'_>, code: &Bound<'_, PyAny>) -> Conv<bool> {
        guard(|| {
            let code = from_host::value(code, "code")?;
            core(py.detach(|| api::store_contains(&self.inner, &code)))
        })
    }

    /// Registers codes made elsewhere (any iterable of strings); returns how
    /// many were new to the program.
    fn add_existing(&self, py: Python<'_>, codes: &Bound<'_, PyAny>) -> Conv<u64> {
        guard(|| {
            let codes = from_host::list(codes, "codes")?;
            core(py.detach(|| api::store_add_existing(&self.inner, &codes)))
        })
    }

    /// Frees codes (any iterable of strings) for reuse; returns how many were held.
    fn release(&self, py: Python<'_>, codes: &Bound<'_, PyAny>) -> Conv<u64> {
        guard(|| {
            let codes = from_host::list(codes, "codes")?;
            core(py.detach(|| api::store_release(&self.inner, &codes)))
        })
    }

    /// What ``entered`` most likely means among every code of the program
    /// (issued by any process): a ``Lookup``, codes in their stored form.
    fn lookup(&self, py: Python<'_>, entered: &Bound<'_, PyAny>) -> Conv<to_host::PyLookup> {
        guard(|| {
            let entered = from_host::value(entered, "entered")?;
            Ok(to_host::lookup(&core(py.detach(|| api::store_lookup(&self.inner, &entered)))?))
        })
    }

    /// The program's codes closest to ``entered``, best first (at most ``limit``).
    #[pyo3(signature = (entered, limit = None), text_signature = "($self, entered, limit=5)")]
    fn suggest(
        &self,
        py: Python<'_>,
        entered: &Bound<'_, PyAny>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> Conv<Vec<to_host::PySuggestion>> {
        guard(|| {
            let entered = from_host::value(entered, "entered")?;
            let limit = from_host::arg(limit, "limit")?;
            Ok(to_host::suggestions(&core(py.detach(|| api::store_suggest(&self.inner, &entered, &limit)))?))
        })
    }

    fn __len__(&self, py: Python<'_>) -> Conv<usize> {
        guard(|| Ok(core(py.detach(|| api::store_len(&self.inner)))? as usize))
    }

    /// The program this store works in.
    #[getter]
    fn program(&self) -> String {
        self.inner.program().to_owned()
    }

    fn __repr__(&self) -> String {
        format!("Store({:?}, program={:?})", self.inner.address(), self.inner.program())
    }
}

/// The ``store`` argument of ``Generator``: a ``Store`` object, or its address
/// (a string, opened by the api) as a value.
fn store_arg(store: Option<&Bound<'_, PyAny>>) -> Conv<(Option<promocode::Store>, Value)> {
    match store {
        None => Ok((None, Value::Null)),
        Some(obj) => match obj.cast::<PyStore>() {
            Ok(s) => Ok((Some(s.get().inner.clone()), Value::Null)),
            Err(_) => Ok((None, from_host::value(obj, "store")?)),
        },
    }
}
