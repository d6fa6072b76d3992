//! Core → Python: answers (shaped by `promocode::api`) as Python objects.

use promocode::{api, Value};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyModule, PyString, PyTuple};

/// A [`Value`] as a Python object: object → dict, array → list.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::UInt(u) => u.into_pyobject(py)?.into_any(),
        Value::Float(f) => PyFloat::new(py, *f).into_any(),
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(entries) => {
            let dict = PyDict::new(py);
            for (k, item) in entries {
                dict.set_item(k, to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Adds every constant of [`api::constants`] to the module: lists as tuples,
/// objects as dicts, under their exported names.
pub fn add_constants(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    if let Value::Object(entries) = api::constants() {
        for (name, v) in &entries {
            match v {
                Value::Array(items) => {
                    let items = items.iter().map(|item| to_py(py, item)).collect::<PyResult<Vec<_>>>()?;
                    m.add(name.as_str(), PyTuple::new(py, items)?)?
                }
                other => m.add(name.as_str(), to_py(py, other)?)?,
            }
        }
    }
    Ok(())
}

/// One problem with a code: ``code`` (stable), ``message``, ``position``
/// (0-based character index, or None for whole-code issues).
#[pyclass(frozen, eq, hash, module = "promocode", name = "Issue")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyIssue {
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
pub struct PyReport {
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

/// The report `{valid, issues: [{code, message, position}]}` of
/// [`api::validate`] as a `Report` with `Issue`s.
pub fn report(v: &Value) -> PyReport {
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let issues = match v.get("issues") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| PyIssue {
                code: text(i, "code"),
                message: text(i, "message"),
                position: i.get("position").and_then(Value::as_u64).map(|p| p as usize),
            })
            .collect(),
        _ => Vec::new(),
    };
    PyReport { valid: v.get("valid").and_then(Value::as_bool).unwrap_or(false), issues }
}

/// `key=repr(value), ...` of the keyword arguments that are not None (for
/// `Format.__repr__`), each value's repr cut to a readable length.
pub fn kwargs_repr(options: Option<&Bound<'_, PyDict>>) -> String {
    const LIMIT: usize = 60;
    let mut parts = Vec::new();
    for (key, v) in options.into_iter().flat_map(|o| o.iter()) {
        if v.is_none() {
            continue;
        }
        let r = v.repr().map(|r| r.to_string_lossy().into_owned()).unwrap_or_else(|_| "?".into());
        let r = match r.char_indices().nth(LIMIT) {
            Some((i, _)) => format!("{}…", &r[..i]),
            None => r,
        };
        parts.push(format!("{}={r}", key.str().map(|k| k.to_string_lossy().into_owned()).unwrap_or_default()));
    }
    parts.join(", ")
}

// -- lookup (issue 16) -----------------------------------------------------------

/// One "did you mean": an issued ``code``, its edit ``distance`` from what was
/// entered and its ``score`` (higher is likelier).
#[pyclass(frozen, eq, hash, module = "promocode", name = "Suggestion")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PySuggestion {
    #[pyo3(get)]
    code: String,
    #[pyo3(get)]
    distance: u64,
    #[pyo3(get)]
    score: u64,
}

#[pymethods]
impl PySuggestion {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let code = PyString::new(py, &self.code).repr()?;
        Ok(format!("Suggestion(code={code}, distance={}, score={})", self.distance, self.score))
    }
}

/// The answer of ``Generator.lookup``: ``kind`` (``exact``, ``normalized``,
/// ``suggest``, ``ambiguous`` or ``not_found``), ``code`` (exact and
/// normalized), ``rule`` (normalized) and ``suggestions``.
#[pyclass(frozen, eq, hash, module = "promocode", name = "Lookup")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyLookup {
    #[pyo3(get)]
    kind: String,
    #[pyo3(get)]
    code: Option<String>,
    #[pyo3(get)]
    rule: Option<String>,
    suggestions: Vec<PySuggestion>,
}

#[pymethods]
impl PyLookup {
    /// The ranked suggestions, best first (a new list on each access).
    #[getter]
    fn suggestions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.suggestions.iter().cloned())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = |s: &Option<String>| -> PyResult<String> {
            s.as_ref().map_or(Ok("None".to_owned()), |s| Ok(PyString::new(py, s).repr()?.to_string()))
        };
        let suggestions: PyResult<Vec<String>> = self.suggestions.iter().map(|s| s.__repr__(py)).collect();
        Ok(format!(
            "Lookup(kind={}, code={}, rule={}, suggestions=[{}])",
            PyString::new(py, &self.kind).repr()?,
            text(&self.code)?,
            text(&self.rule)?,
            suggestions?.join(", ")
        ))
    }
}

/// `[{code, distance, score}]` of [`api::suggest`] as `Suggestion`s.
pub fn suggestions(v: &Value) -> Vec<PySuggestion> {
    let number = |v: &Value, k: &str| v.get(k).and_then(Value::as_u64).unwrap_or_default();
    match v {
        Value::Array(items) => items
            .iter()
            .map(|s| PySuggestion {
                code: s.get("code").and_then(Value::as_str).unwrap_or_default().to_owned(),
                distance: number(s, "distance"),
                score: number(s, "score"),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `{kind, code, rule, suggestions}` of [`api::lookup`] as a `Lookup`.
pub fn lookup(v: &Value) -> PyLookup {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    PyLookup {
        kind: text("kind").unwrap_or_default(),
        code: text("code"),
        rule: text("rule"),
        suggestions: v.get("suggestions").map(suggestions).unwrap_or_default(),
    }
}
