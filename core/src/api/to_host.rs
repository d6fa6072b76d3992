//! Core answers → host-neutral shapes: every answer a binding hands back is
//! built here once, as a [`Value`] (or, for a batch, a [`BatchFailure`]), and
//! the binding only converts that into native objects.

use crate::coupon::Attribution;
use crate::error::{Error, ErrorCode};
use crate::platform::{Platform, Report};
use crate::value::Value;

/// A validation report: `{valid, issues: [{code, message, position}]}`.
///
/// ```
/// let v = promocode::api::report(&promocode::validate("A B", promocode::Platform::Stripe));
/// assert_eq!(v.get("valid"), Some(&promocode::Value::Bool(false)));
/// ```
pub fn report(report: &Report) -> Value {
    let issues = report.issues.iter().map(|i| {
        Value::object([
            ("code", Value::from(i.code)),
            ("message", Value::from(i.message.as_str())),
            ("position", Value::from(i.position.map(|p| p as u64))),
        ])
    });
    Value::object([("valid", Value::Bool(report.valid)), ("issues", Value::Array(issues.collect()))])
}

/// An attribution: `{partner, source}`, or `null` when there is none.
pub fn attribution(attribution: Option<Attribution<'_>>) -> Value {
    match attribution {
        Some(a) => Value::object([("partner", Value::from(a.partner)), ("source", Value::from(a.source.as_str()))]),
        None => Value::Null,
    }
}

/// The module constants every binding exports, by their exported name:
/// `REDEMPTION_REASONS`, `ERROR_CODES` (code → message template),
/// `DEFAULT_ALPHABET` and `PLATFORMS`. Bindings export each entry as it is
/// (lists frozen or as tuples), so a new constant needs no binding change.
///
/// ```
/// let c = promocode::api::constants();
/// assert_eq!(c.get("DEFAULT_ALPHABET").and_then(|v| v.as_str()), Some(promocode::DEFAULT_ALPHABET));
/// ```
pub fn constants() -> Value {
    let strings = |xs: &mut dyn Iterator<Item = &str>| Value::Array(xs.map(Value::from).collect());
    let errors = ErrorCode::ALL.iter().map(|c| (c.as_str().to_owned(), Value::from(c.template()))).collect();
    Value::object([
        ("REDEMPTION_REASONS", strings(&mut crate::REDEMPTION_REASONS.iter().copied())),
        ("ERROR_CODES", Value::Object(errors)),
        ("DEFAULT_ALPHABET", Value::from(crate::DEFAULT_ALPHABET)),
        ("PLATFORMS", strings(&mut Platform::ALL.iter().map(|p| p.name()))),
        ("PLATFORM_RULES", platform_rules()),
    ])
}

/// `PLATFORM_RULES`: each platform's facts, for pages and help texts to show
/// instead of restating them: `length` (the longest code, in characters),
/// `case` (the default letter case), `lowercased` (the platform stores codes
/// lowercase, whatever the format says), `separator` (`-` is allowed, so repeated
/// codes get `-2`; otherwise a letter, `JOHN20B`) and `characters` (what codes may
/// hold, in words). Keys are single words, the same in every runtime.
///
/// ```
/// use promocode::{api, Value};
/// let rules = api::constants();
/// let woo = rules.get("PLATFORM_RULES").and_then(|r| r.get("woocommerce")).unwrap();
/// assert_eq!(woo.get("lowercased"), Some(&Value::Bool(true)));
/// let paddle = rules.get("PLATFORM_RULES").and_then(|r| r.get("paddle")).unwrap();
/// assert_eq!(paddle.get("separator"), Some(&Value::Bool(false)));
/// ```
fn platform_rules() -> Value {
    Value::Object(
        Platform::ALL
            .iter()
            .map(|&p| {
                let rules = Value::object([
                    ("length", Value::from(p.max_length() as u64)),
                    ("case", Value::from(p.default_case().name())),
                    ("lowercased", Value::Bool(p.forced_case() == Some(crate::platform::Case::Lower))),
                    ("separator", Value::Bool(p.allows_dash())),
                    ("characters", Value::from(p.allowed_description())),
                ]);
                (p.name().to_owned(), rules)
            })
            .collect(),
    )
}

/// What a binding raises when some partners of a batch failed: the
/// `batch_failed` error, the codes aligned with the input (`None` where a
/// partner failed; the others are issued and registered) and each failure by
/// its index.
#[derive(Debug)]
pub struct BatchFailure {
    /// The `batch_failed` error itself (message, counts).
    pub error: Box<Error>,
    /// One entry per partner, `None` where it failed.
    pub codes: Vec<Option<String>>,
    /// The error of each failed partner, by index, in order.
    pub errors: Vec<(usize, Error)>,
}

/// The answer of `generate_all`: every code, or a [`BatchFailure`] when any
/// partner failed.
///
/// ```
/// use promocode::{api, FormatOptions, Generator, Partner};
/// let gen = Generator::new(FormatOptions::new().name(true).build()?, None);
/// let failure = api::batch(gen.generate_all(&[Partner::new().name("Ann"), Partner::new()])).unwrap_err();
/// assert_eq!(failure.error.to_string(), "1 of 2 partners failed; see `errors` for each one");
/// assert_eq!(failure.codes, [Some("ANN".to_string()), None]);
/// assert_eq!(failure.errors[0].0, 1);
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn batch(results: Vec<crate::Result<String>>) -> Result<Vec<String>, BatchFailure> {
    if results.iter().all(Result::is_ok) {
        return Ok(results.into_iter().filter_map(Result::ok).collect());
    }
    let total = results.len();
    let mut codes = Vec::with_capacity(total);
    let mut errors = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(code) => codes.push(Some(code)),
            Err(e) => {
                codes.push(None);
                errors.push((i, e));
            }
        }
    }
    Err(BatchFailure { error: Box::new(Error::BatchFailed { failed: errors.len(), total }), codes, errors })
}

/// [`batch`] for the packed answer of [`crate::Generator::generate_all_packed`]
/// with at least one failure.
pub(crate) fn batch_packed(codes: &crate::Codes, errors: Vec<(usize, Error)>) -> BatchFailure {
    let total = codes.len();
    let codes = codes.issued(&errors).map(|code| code.map(str::to_owned)).collect();
    BatchFailure { error: Box::new(Error::BatchFailed { failed: errors.len(), total }), codes, errors }
}

/// The coded error for a panic caught at a binding's boundary (`internal_error`),
/// from the panic's payload.
pub fn internal_error(payload: &(dyn std::any::Any + Send)) -> Error {
    let reason = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    Error::InternalError { reason }
}
