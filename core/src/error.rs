//! The one error type of the library, with stable snake_case codes.
//!
//! Every failure has a [`ErrorCode`] that never changes between releases (bindings
//! expose it as `.code`), a message that says what was wrong and what to do
//! (lowercase, user input in backticks), and structured [`Error::details`].
//! [`ErrorCode::ALL`] is the public catalogue; the test suite checks that the
//! shared vectors exercise every code in it.

use crate::value::Value;
use std::fmt;

/// Defines [`ErrorCode`] and [`Error::code`] from the one catalogue below.
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $template:literal; )*) => {
        /// A stable, machine-readable error code. `as_str()` gives the snake_case form.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable snake_case code, e.g. `"code_space_exhausted"`.
            ///
            /// ```
            /// assert_eq!(promocode::ErrorCode::EmptyPartner.as_str(), "empty_partner");
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The message template: the message *is* this text with each `{slot}`
            /// filled in (a `{` or `}` that does not enclose a slot name is literal).
            ///
            /// ```
            /// use promocode::{Error, ErrorCode};
            /// assert_eq!(ErrorCode::InputTooDeep.template(), "input nests deeper than {max} levels; flatten it");
            /// assert_eq!(Error::InputTooDeep { max: 64 }.to_string(), "input nests deeper than 64 levels; flatten it");
            /// ```
            pub const fn template(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $template,)*
                }
            }
        }

        impl Error {
            /// The stable code of this error.
            ///
            /// ```
            /// let err = promocode::Platform::from_name("myspace").unwrap_err();
            /// assert_eq!(err.code().as_str(), "unknown_platform");
            /// ```
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(Error::$variant { .. } => ErrorCode::$variant,)*
                }
            }
        }
    };
}

// The catalogue: one line per error (variant = code, message template). Each
// variant of `Error` has the same name; `Error::write_slot` fills the slots.
// New codes go at the end (the order is the published order of `ERROR_CODES`).
catalogue! {
    /// An option key that does not exist (a typo must not be silently ignored).
    UnknownOption = "unknown_option", "unknown option `{name}`; {hint}";
    /// An option or partner field of the wrong type.
    InvalidType = "invalid_type", "`{field}` must be {expected}, got {got}";
    /// An option with a value out of its range.
    InvalidValue = "invalid_value", "`{field}` {reason}";
    /// A platform name that is not one of the profiles.
    UnknownPlatform = "unknown_platform", "unknown platform `{name}`; use one of {platforms}";
    /// A `case` other than `upper` / `lower`, or one the platform does not allow.
    InvalidCase = "invalid_case", "case `{value}` is not allowed; {reason}";
    /// A negative, NaN, infinite or absurdly large discount.
    InvalidDiscount = "invalid_discount", "discount `{value}` is not allowed; {reason}";
    /// A random alphabet that is too small, repeats a character, or has a forbidden one.
    InvalidAlphabet = "invalid_alphabet", "alphabet {reason}";
    /// Literal text (prefix, separator, template) with a character the platform forbids.
    InvalidCharacter = "invalid_character",
        "{field} has `{character}` at position {position}, which {platform} does not allow; remove it or pick another platform";
    /// A template placeholder that does not exist.
    UnknownPlaceholder = "unknown_placeholder",
        "unknown placeholder `{{placeholder}}` at position {position}; use {placeholders}, and write a literal brace as `{{` or `}}`";
    /// A `{` without `}` or a `}` without `{` in a template.
    UnbalancedBrace = "unbalanced_brace",
        "unbalanced `{brace}` at position {position} in the template; close the placeholder, or write a literal brace as `{brace}{brace}`";
    /// A placeholder with a bad width, or one that needs a setting that is missing.
    InvalidPlaceholder = "invalid_placeholder", "placeholder `{{placeholder}}` at position {position}: {reason}";
    /// A setting the template never uses (it would be silently ignored).
    UnusedSetting = "unused_setting",
        "`{setting}` is set but the template has no `{{placeholder}}`; add the placeholder or drop the setting";
    /// A format that selects nothing: every code would be empty.
    EmptyFormat = "empty_format",
        "the format selects nothing; set a prefix, a personal part, a discount, random characters or a template";
    /// The fixed parts of a format do not fit in `max_length`.
    TooLong = "too_long",
        "{what} is {length} characters but the limit is {max}; shorten the prefix or literal text, use fewer random characters, or raise `max_length`";
    /// A partner whose selected personal parts are all empty after normalisation.
    EmptyPartner = "empty_partner",
        "partner has no usable {fields} after normalisation; {hint}, or add random characters to the format";
    /// No unused code is left for a partner or for a bulk request.
    CodeSpaceExhausted = "code_space_exhausted",
        "only {available} unused codes are left but {requested} were asked for; use more random characters or a larger alphabet";
    /// Bulk codes were requested from a format that needs partner data.
    NeedsPartner = "needs_partner",
        "this format uses {fields}, so it needs a partner; generate codes per partner, or drop the personal parts for bulk codes";
    /// A seed that is negative, fractional or not an exact integer.
    InvalidSeed = "invalid_seed", "seed {reason}";
    /// Input nested deeper than [`crate::value::MAX_DEPTH`].
    InputTooDeep = "input_too_deep", "input nests deeper than {max} levels; flatten it";
    /// At least one partner of a batch failed (bindings raise this for `generate_all`).
    BatchFailed = "batch_failed", "{failed} of {total} partners failed; see `errors` for each one";
    /// A coupon or promotion-code request failed validation (the API's 422 body).
    ValidationFailed = "validation_failed", "{message}";
    /// The operating system's random source failed (no seed was given).
    RandomUnavailable = "random_unavailable", "the system's random source failed ({reason}); retry, or pass a seed";
    /// A bug in promocode (a panic caught at the binding boundary); never expected.
    InternalError = "internal_error",
        "internal error in promocode ({reason}); please report it with the input that caused it";
    /// A store address that is not `memory:`, `sqlite:PATH` or `postgresql://…`,
    /// or a backend this build does not include.
    InvalidStore = "invalid_store", "store `{store}` {reason}; use `memory:`, `sqlite:PATH` or `postgresql://user@host/db`";
    /// The store cannot be reached or stopped answering (server down, busy too long).
    StoreUnavailable = "store_unavailable",
        "store `{store}` is unavailable ({reason}); check that it is running and reachable, then run again (committed codes are kept)";
    /// The file or database exists but is not a promocode store.
    NotAStore = "not_a_store", "`{store}` is not a promocode store ({reason}); pass a new file name or the store you meant";
    /// The store's file is damaged.
    StoreCorrupt = "store_corrupt", "store `{store}` is damaged ({reason}); restore it from a backup";
    /// The store was written with another version of the canonical key.
    StoreKeyVersion = "store_key_version",
        "store `{store}` uses key version {found} but this promocode uses {expected}; open it with a promocode release of key version {found}";
    /// The store can only be read (file or directory permissions).
    StoreReadOnly = "store_read_only",
        "store `{store}` is read-only ({reason}); make the file and its directory writable, or use a copy";
    /// A `locale` hint that is not one of [`crate::LOCALES`].
    UnknownLocale = "unknown_locale", "unknown locale `{name}`; {hint}";
    /// A `ja` partner whose kanji have no reading, for a format without random
    /// characters to fall back on.
    ReadingRequired = "reading_required",
        "`{field}` is kanji without a reading; add `{field}_reading` in kana, or add random characters to the format";
    /// `normalize` was given a code that `validate` rejects for the platform: the
    /// platform would store something else, or nothing.
    InvalidCode = "invalid_code", "code is not valid on {platform}: {problem}; fix it first (`validate` lists every problem)";
    /// `assign` for a partner without an `id` (a code is assigned to an id).
    PartnerIdRequired = "partner_id_required", "partner has no `id`; give it an `id` so the code can be assigned to it";
    /// `assign` of a code held by another partner or registered as existing
    /// (compared ignoring case and accents).
    CodeTaken = "code_taken",
        "code `{code}` is taken (another partner's code or an existing code, ignoring case and accents); pick another code";
    /// `assign` to a partner that already has another code in the coupon.
    PartnerHasCode = "partner_has_code",
        "partner `{partner}` already has code `{held}`; pass `replace` to release it and assign `{code}` instead";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every error the library reports. Match on [`Error::code`] for a stable value.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// An option key that does not exist.
    UnknownOption {
        /// The key as given.
        name: String,
        /// The closest known key, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A field or option of the wrong type.
    InvalidType {
        /// The field or option name.
        field: String,
        /// What was expected, e.g. "a string".
        expected: &'static str,
        /// The type that was given.
        got: &'static str,
    },
    /// An option value out of range.
    InvalidValue {
        /// The option name.
        field: String,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// A platform name that is not known.
    UnknownPlatform {
        /// The name as given.
        name: String,
    },
    /// A case setting that is not `upper`/`lower` or conflicts with the platform.
    InvalidCase {
        /// The value as given.
        value: String,
        /// Why it is not allowed.
        reason: String,
    },
    /// A discount that can't be rendered.
    InvalidDiscount {
        /// The amount as text.
        value: String,
        /// Why it is not allowed.
        reason: &'static str,
    },
    /// A bad random alphabet.
    InvalidAlphabet {
        /// What is wrong.
        reason: String,
        /// Character index in the alphabet, where one character is at fault.
        position: Option<usize>,
    },
    /// A forbidden character in literal format text.
    InvalidCharacter {
        /// Which setting holds it: `prefix`, `separator` or `template`.
        field: &'static str,
        /// The character.
        character: char,
        /// Its 0-based character index in that setting.
        position: usize,
        /// The platform name.
        platform: &'static str,
    },
    /// An unknown `{placeholder}`.
    UnknownPlaceholder {
        /// The text between the braces.
        placeholder: String,
        /// Character index of the `{`.
        position: usize,
    },
    /// A brace without its partner.
    UnbalancedBrace {
        /// `{` or `}`.
        brace: char,
        /// Character index of the brace.
        position: usize,
    },
    /// A placeholder with a bad width or a missing setting.
    InvalidPlaceholder {
        /// The text between the braces.
        placeholder: String,
        /// Character index of the `{`.
        position: usize,
        /// What is wrong.
        reason: String,
    },
    /// A setting the template does not use.
    UnusedSetting {
        /// The setting name.
        setting: &'static str,
        /// The placeholder that would use it.
        placeholder: &'static str,
    },
    /// A format that selects nothing.
    EmptyFormat,
    /// The fixed parts do not fit `max_length`.
    TooLong {
        /// What is too long.
        what: &'static str,
        /// Its length in characters.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// A partner with no usable personal data.
    EmptyPartner {
        /// The selected fields, all empty after normalisation.
        fields: Vec<&'static str>,
    },
    /// No more unused codes.
    CodeSpaceExhausted {
        /// How many codes were asked for.
        requested: u128,
        /// How many unused codes are left.
        available: u128,
    },
    /// Bulk codes from a format with personal parts.
    NeedsPartner {
        /// The personal parts the format uses.
        fields: Vec<&'static str>,
    },
    /// A seed that is not a non-negative exact integer below 2^64.
    InvalidSeed {
        /// What is wrong.
        reason: String,
    },
    /// Input nested too deeply.
    InputTooDeep {
        /// The limit.
        max: usize,
    },
    /// Some partners of a batch failed.
    BatchFailed {
        /// How many failed.
        failed: usize,
        /// Batch size.
        total: usize,
    },
    /// A coupon or promotion-code request failed validation.
    ValidationFailed {
        /// The first message, plus `(and N more errors)` when there are more.
        message: String,
        /// Messages per field path, in the order the fields were checked.
        errors: Vec<(String, Vec<String>)>,
    },
    /// The OS random source failed.
    RandomUnavailable {
        /// What the OS reported.
        reason: String,
    },
    /// A bug: a panic caught where a binding calls the core.
    InternalError {
        /// The panic message.
        reason: String,
    },
    /// A store address that cannot be opened by this build.
    InvalidStore {
        /// The address as given (a password is never shown).
        store: String,
        /// What is wrong.
        reason: String,
    },
    /// The store cannot be reached or stopped answering.
    StoreUnavailable {
        /// The store's address (a password is never shown).
        store: String,
        /// What the store or the system reported.
        reason: String,
    },
    /// Not a promocode store.
    NotAStore {
        /// The store's address.
        store: String,
        /// What was found instead.
        reason: String,
    },
    /// A damaged store file.
    StoreCorrupt {
        /// The store's address.
        store: String,
        /// What the store reported.
        reason: String,
    },
    /// A store written with another canonical-key version.
    StoreKeyVersion {
        /// The store's address.
        store: String,
        /// The version the store records.
        found: String,
        /// This library's [`crate::KEY_VERSION`].
        expected: u32,
    },
    /// The store can only be read.
    StoreReadOnly {
        /// The store's address.
        store: String,
        /// What the system reported.
        reason: String,
    },
    /// A locale hint that is not known.
    UnknownLocale {
        /// The hint as given.
        name: String,
        /// The closest known hint, if one is close.
        suggestion: Option<&'static str>,
    },
    /// Kanji without a reading under a `ja` hint, and no random part to fall back on.
    ReadingRequired {
        /// `name` or `surname`.
        field: &'static str,
    },
    /// `normalize` of a code that `validate` rejects.
    InvalidCode {
        /// The platform name.
        platform: &'static str,
        /// The first issue's code (`invalid_character`, `surrounding_whitespace`, ...).
        issue: &'static str,
        /// The first issue's message.
        problem: String,
        /// Character index of the first issue, when it has one.
        position: Option<usize>,
        /// Every issue, as [`crate::validate`] reports them.
        issues: Vec<crate::Issue>,
    },
    /// A partner without an `id` given to `assign`.
    PartnerIdRequired,
    /// A code someone else holds.
    CodeTaken {
        /// The code as it would be stored.
        code: String,
    },
    /// The partner already has another code.
    PartnerHasCode {
        /// The partner's id.
        partner: String,
        /// The code it holds.
        held: String,
        /// The code that was asked for.
        code: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The 0-based character position the error points at, if it points at one.
    pub fn position(&self) -> Option<usize> {
        match self {
            Error::InvalidCharacter { position, .. }
            | Error::UnknownPlaceholder { position, .. }
            | Error::UnbalancedBrace { position, .. }
            | Error::InvalidPlaceholder { position, .. } => Some(*position),
            Error::InvalidAlphabet { position, .. } | Error::InvalidCode { position, .. } => *position,
            _ => None,
        }
    }

    /// The option or field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::UnknownOption { name, .. } => Some(name),
            Error::InvalidType { field, .. } | Error::InvalidValue { field, .. } => Some(field),
            Error::InvalidCharacter { field, .. } => Some(field),
            Error::UnknownPlatform { .. } => Some("platform"),
            Error::InvalidCase { .. } => Some("case"),
            Error::InvalidDiscount { .. } => Some("discount"),
            Error::InvalidAlphabet { .. } => Some("alphabet"),
            Error::UnknownPlaceholder { .. } | Error::UnbalancedBrace { .. } | Error::InvalidPlaceholder { .. } => {
                Some("template")
            }
            Error::UnusedSetting { setting, .. } => Some(setting),
            Error::InvalidSeed { .. } => Some("seed"),
            Error::UnknownLocale { .. } => Some("locale"),
            Error::ReadingRequired { field } => Some(field),
            _ => None,
        }
    }

    /// Structured data about the error, for bindings to attach to their error
    /// objects (`code` and `message` are always present).
    pub fn details(&self) -> Value {
        let mut d: Vec<(String, Value)> =
            vec![("code".into(), self.code().as_str().into()), ("message".into(), self.to_string().into())];
        let mut put = |k: &str, v: Value| d.push((k.to_owned(), v));
        if let Some(p) = self.position() {
            put("position", Value::from(p as u64));
        }
        if let Some(f) = self.field() {
            put("field", f.into());
        }
        match self {
            Error::EmptyPartner { fields } | Error::NeedsPartner { fields } => {
                put("fields", Value::Array(fields.iter().map(|f| Value::from(*f)).collect()))
            }
            Error::CodeSpaceExhausted { requested, available } => {
                put("requested", Value::from(saturate_u64(*requested)));
                put("available", Value::from(saturate_u64(*available)));
            }
            Error::TooLong { length, max, .. } => {
                put("length", Value::from(*length as u64));
                put("max", Value::from(*max as u64));
            }
            Error::ValidationFailed { .. } => put("body", self.validation_body().unwrap_or(Value::Null)),
            Error::InvalidStore { store, .. }
            | Error::StoreUnavailable { store, .. }
            | Error::NotAStore { store, .. }
            | Error::StoreCorrupt { store, .. }
            | Error::StoreKeyVersion { store, .. }
            | Error::StoreReadOnly { store, .. } => put("store", Value::from(store.as_str())),
            Error::InvalidCode { platform, issue, issues, .. } => {
                put("platform", Value::from(*platform));
                put("issue", Value::from(*issue));
                let report = crate::Report { valid: false, issues: issues.clone() };
                put("issues", crate::api::report(&report).get("issues").cloned().unwrap_or(Value::Null));
            }
            Error::CodeTaken { code } => put("requested_code", Value::from(code.as_str())),
            Error::PartnerHasCode { partner, held, code } => {
                put("partner", Value::from(partner.as_str()));
                put("held", Value::from(held.as_str()));
                put("requested_code", Value::from(code.as_str()));
            }
            _ => {}
        }
        Value::Object(d)
    }

    /// For [`Error::ValidationFailed`]: the API's 422 body,
    /// `{"message": ..., "errors": {"field.path": [...]}}`.
    pub fn validation_body(&self) -> Option<Value> {
        match self {
            Error::ValidationFailed { message, errors } => Some(Value::object([
                ("message", Value::from(message.as_str())),
                (
                    "errors",
                    Value::Object(
                        errors
                            .iter()
                            .map(|(k, msgs)| {
                                (k.clone(), Value::Array(msgs.iter().map(|m| Value::from(m.as_str())).collect()))
                            })
                            .collect(),
                    ),
                ),
            ])),
            _ => None,
        }
    }
}

fn saturate_u64(v: u128) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// Shows user text in backticks, escaping control characters and cutting very
/// long input so an error message never carries a megabyte of it.
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 40;
        for (i, c) in self.0.chars().enumerate() {
            if i == LIMIT {
                return f.write_str("…");
            }
            fmt_char(f, c)?;
        }
        Ok(())
    }
}

fn fmt_char(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    if c.is_control() || c == '\u{FFFD}' || c == '`' {
        write!(f, "U+{:04X}", c as u32)
    } else {
        write!(f, "{c}")
    }
}

fn join_fields(f: &mut fmt::Formatter<'_>, fields: &[&str]) -> fmt::Result {
    for (i, name) in fields.iter().enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == fields.len() { " or " } else { ", " })?;
        }
        write!(f, "`{name}`")?;
    }
    Ok(())
}

impl Error {
    /// Writes the value of the template slot `slot`; `Ok(false)` for a slot this
    /// error does not have (a catalogue mistake, caught by the tests).
    fn write_slot(&self, slot: &str, f: &mut fmt::Formatter<'_>) -> Result<bool, fmt::Error> {
        match (self, slot) {
            (Error::UnknownOption { name, .. }, "name") => write!(f, "{}", Quoted(name))?,
            (Error::UnknownOption { suggestion: Some(s), .. }, "hint") => write!(f, "did you mean `{s}`?")?,
            (Error::UnknownOption { suggestion: None, .. }, "hint") => {
                f.write_str("check the spelling against the documented options")?
            }
            // Field paths are built by the library (`promotion_codes.0.code`), never cut.
            (Error::InvalidType { field, .. }, "field") => f.write_str(field)?,
            (Error::InvalidType { expected, .. }, "expected") => f.write_str(expected)?,
            (Error::InvalidType { got, .. }, "got") => f.write_str(got)?,
            (Error::InvalidValue { field, .. }, "field") => write!(f, "{}", Quoted(field))?,
            (Error::InvalidValue { reason, .. }, "reason")
            | (Error::InvalidCase { reason, .. }, "reason")
            | (Error::InvalidAlphabet { reason, .. }, "reason")
            | (Error::InvalidPlaceholder { reason, .. }, "reason")
            | (Error::InvalidSeed { reason }, "reason")
            | (Error::RandomUnavailable { reason }, "reason")
            | (Error::InternalError { reason }, "reason") => f.write_str(reason)?,
            (Error::UnknownPlatform { name }, "name") => write!(f, "{}", Quoted(name))?,
            (Error::UnknownPlatform { .. }, "platforms") => {
                let names: Vec<&str> = crate::Platform::ALL.iter().map(|p| p.name()).collect();
                join_fields(f, &names)?
            }
            (Error::InvalidCase { value, .. }, "value") => write!(f, "{}", Quoted(value))?,
            (Error::InvalidDiscount { value, .. }, "value") => write!(f, "{}", Quoted(value))?,
            (Error::InvalidDiscount { reason, .. }, "reason") => f.write_str(reason)?,
            (Error::InvalidCharacter { field, .. }, "field") => f.write_str(field)?,
            (Error::InvalidCharacter { character, .. }, "character") => fmt_char(f, *character)?,
            (Error::InvalidCharacter { platform, .. }, "platform") => f.write_str(platform)?,
            (
                Error::InvalidCharacter { position, .. }
                | Error::UnknownPlaceholder { position, .. }
                | Error::UnbalancedBrace { position, .. }
                | Error::InvalidPlaceholder { position, .. },
                "position",
            ) => write!(f, "{position}")?,
            (Error::UnknownPlaceholder { placeholder, .. } | Error::InvalidPlaceholder { placeholder, .. }, "placeholder") => {
                write!(f, "{}", Quoted(placeholder))?
            }
            (Error::UnknownPlaceholder { .. }, "placeholders") => f.write_str(
                "{prefix}, {name}, {surname}, {email}, {discount}, {random}, {random:N}, {name:N}, {surname:N} or {email:N}",
            )?,
            (Error::UnbalancedBrace { brace, .. }, "brace") => write!(f, "{brace}")?,
            (Error::UnusedSetting { setting, .. }, "setting") => f.write_str(setting)?,
            (Error::UnusedSetting { placeholder, .. }, "placeholder") => f.write_str(placeholder)?,
            (Error::TooLong { what, .. }, "what") => f.write_str(what)?,
            (Error::TooLong { length, .. }, "length") => write!(f, "{length}")?,
            (Error::TooLong { max, .. } | Error::InputTooDeep { max }, "max") => write!(f, "{max}")?,
            (Error::EmptyPartner { fields } | Error::NeedsPartner { fields }, "fields") => join_fields(f, fields)?,
            (Error::EmptyPartner { fields }, "hint") => {
                f.write_str(if fields.len() == 1 { "fill it in" } else { "fill one of them in" })?
            }
            (Error::CodeSpaceExhausted { available, .. }, "available") => write!(f, "{available}")?,
            (Error::CodeSpaceExhausted { requested, .. }, "requested") => write!(f, "{requested}")?,
            (Error::BatchFailed { failed, .. }, "failed") => write!(f, "{failed}")?,
            (Error::BatchFailed { total, .. }, "total") => write!(f, "{total}")?,
            (Error::ValidationFailed { message, .. }, "message") => f.write_str(message)?,
            (
                Error::InvalidStore { store, .. }
                | Error::StoreUnavailable { store, .. }
                | Error::NotAStore { store, .. }
                | Error::StoreCorrupt { store, .. }
                | Error::StoreKeyVersion { store, .. }
                | Error::StoreReadOnly { store, .. },
                "store",
            ) => write!(f, "{}", Quoted(store))?,
            (
                Error::InvalidStore { reason, .. }
                | Error::StoreUnavailable { reason, .. }
                | Error::NotAStore { reason, .. }
                | Error::StoreCorrupt { reason, .. }
                | Error::StoreReadOnly { reason, .. },
                "reason",
            ) => f.write_str(reason)?,
            (Error::StoreKeyVersion { found, .. }, "found") => write!(f, "{}", Quoted(found))?,
            (Error::StoreKeyVersion { expected, .. }, "expected") => write!(f, "{expected}")?,
            (Error::UnknownLocale { name, .. }, "name") => write!(f, "{}", Quoted(name))?,
            (Error::UnknownLocale { suggestion: Some(s), .. }, "hint") => write!(f, "did you mean `{s}`?")?,
            (Error::UnknownLocale { suggestion: None, .. }, "hint") => {
                f.write_str("use a language tag such as `uk`, `bg`, `zh-TW`, `ja` or `de`, or leave it unset")?
            }
            (Error::ReadingRequired { field }, "field") => f.write_str(field)?,
            (Error::InvalidCode { platform, .. }, "platform") => f.write_str(platform)?,
            (Error::InvalidCode { problem, .. }, "problem") => f.write_str(problem)?,
            (Error::CodeTaken { code } | Error::PartnerHasCode { code, .. }, "code") => write!(f, "{}", Quoted(code))?,
            (Error::PartnerHasCode { partner, .. }, "partner") => write!(f, "{}", Quoted(partner))?,
            (Error::PartnerHasCode { held, .. }, "held") => write!(f, "{}", Quoted(held))?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// Splits a template into literal text and `{slot}` names, in order: `{` starts a
/// slot only when a name of `a-z` and `_` and a `}` follow; every other brace is
/// text. (`Display` does the same in one loop; the tests check both agree.)
#[cfg(test)]
pub(crate) fn template_parts(template: &str) -> impl Iterator<Item = TemplatePart<'_>> {
    let mut rest = template;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let slot_at = |s: &str| -> Option<usize> {
            let inner = s.strip_prefix('{')?;
            let len = inner.find(|c: char| !(c.is_ascii_lowercase() || c == '_'))?;
            (len > 0 && inner[len..].starts_with('}')).then_some(len)
        };
        if let Some(len) = slot_at(rest) {
            let name = &rest[1..1 + len];
            rest = &rest[len + 2..];
            return Some(TemplatePart::Slot(name));
        }
        // Literal text up to the next `{` that starts a slot.
        let end = rest
            .match_indices('{')
            .map(|(i, _)| i)
            .find(|&i| i > 0 && slot_at(&rest[i..]).is_some())
            .unwrap_or(rest.len());
        let (text, tail) = rest.split_at(end);
        rest = tail;
        Some(TemplatePart::Text(text))
    })
}

/// A piece of a message template.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TemplatePart<'a> {
    Text(&'a str),
    Slot(&'a str),
}

impl fmt::Display for Error {
    /// The catalogue template of [`Error::code`] with its slots filled in (a
    /// plain byte loop: this runs in the browser build, where size counts).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let template = self.code().template();
        let bytes = template.as_bytes();
        let (mut i, mut text) = (0, 0);
        while i < bytes.len() {
            if bytes[i] == b'{' {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_lowercase() || bytes[j] == b'_') {
                    j += 1;
                }
                if j > i + 1 && bytes.get(j) == Some(&b'}') {
                    f.write_str(&template[text..i])?;
                    if !self.write_slot(&template[i + 1..j], f)? {
                        f.write_str(&template[i..=j])?;
                    }
                    i = j + 1;
                    text = i;
                    continue;
                }
            }
            i += 1;
        }
        f.write_str(&template[text..])
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of every code, with details that exercise each slot.
    fn samples() -> Vec<Error> {
        vec![
            Error::UnknownOption { name: "max_lenght".into(), suggestion: Some("max_length") },
            Error::UnknownOption { name: "colour\n".into(), suggestion: None },
            Error::InvalidType { field: "partners[3].name".into(), expected: "a string", got: "integer" },
            Error::InvalidValue {
                field: "random".into(),
                reason: "must be a whole number from 0 to 500, got 501".into(),
            },
            Error::UnknownPlatform { name: "myspace".into() },
            Error::InvalidCase { value: "title".into(), reason: "use `upper` or `lower`".into() },
            Error::InvalidDiscount {
                value: "-1".into(),
                reason: "it is negative; give the amount as a positive number",
            },
            Error::InvalidAlphabet { reason: "has only 1 character; give at least 2".into(), position: None },
            Error::InvalidCharacter { field: "prefix", character: '\u{0}', position: 3, platform: "stripe" },
            Error::UnknownPlaceholder { placeholder: "nmae".into(), position: 7 },
            Error::UnbalancedBrace { brace: '{', position: 0 },
            Error::InvalidPlaceholder {
                placeholder: "random:0".into(),
                position: 2,
                reason: "the length must be a whole number from 1 to 500".into(),
            },
            Error::UnusedSetting { setting: "discount", placeholder: "discount" },
            Error::EmptyFormat,
            Error::TooLong { what: "the code", length: 30, max: 20 },
            Error::EmptyPartner { fields: vec!["name"] },
            Error::EmptyPartner { fields: vec!["name", "surname", "email"] },
            Error::CodeSpaceExhausted { requested: 5, available: 4 },
            Error::NeedsPartner { fields: vec!["name", "surname"] },
            Error::InvalidSeed { reason: "must be a whole number from 0 to 2^64 − 1, got -1".into() },
            Error::InputTooDeep { max: 64 },
            Error::BatchFailed { failed: 1, total: 4 },
            Error::ValidationFailed { message: "The code field is required.".into(), errors: vec![] },
            Error::RandomUnavailable { reason: "no entropy".into() },
            Error::InternalError { reason: "index out of bounds".into() },
            Error::InvalidStore { store: "mysql://db".into(), reason: "is not a store address".into() },
            Error::StoreUnavailable { store: "postgresql://db".into(), reason: "connection refused".into() },
            Error::NotAStore { store: "sqlite:notes.txt".into(), reason: "file is not a database".into() },
            Error::StoreCorrupt { store: "sqlite:codes.db".into(), reason: "database disk image is malformed".into() },
            Error::StoreKeyVersion { store: "sqlite:codes.db".into(), found: "1".into(), expected: 2 },
            Error::StoreReadOnly {
                store: "sqlite:codes.db".into(),
                reason: "attempt to write a readonly database".into(),
            },
            Error::UnknownLocale { name: "ua".into(), suggestion: Some("uk") },
            Error::UnknownLocale { name: "klingon".into(), suggestion: None },
            Error::ReadingRequired { field: "surname" },
            Error::InvalidCode {
                platform: "woocommerce",
                issue: "unusable_code",
                problem: "`0` can never be applied".into(),
                position: None,
                issues: vec![],
            },
            Error::PartnerIdRequired,
            Error::CodeTaken { code: "JOHN20".into() },
            Error::PartnerHasCode { partner: "p1".into(), held: "ANN20".into(), code: "JOHN20".into() },
        ]
    }

    #[test]
    fn every_message_is_its_template_with_the_slots_filled_in() {
        let samples = samples();
        for code in ErrorCode::ALL {
            assert!(samples.iter().any(|e| e.code() == *code), "no sample for {code}");
        }
        for e in &samples {
            let message = e.to_string();
            let template = e.code().template();
            // Every slot of the template is one this error fills.
            struct Check<'a>(&'a Error, &'a str);
            impl fmt::Display for Check<'_> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    if self.0.write_slot(self.1, f)? {
                        Ok(())
                    } else {
                        Err(fmt::Error)
                    }
                }
            }
            let mut rebuilt = String::new();
            for part in template_parts(template) {
                match part {
                    TemplatePart::Text(t) => rebuilt.push_str(t),
                    TemplatePart::Slot(slot) => {
                        use fmt::Write;
                        write!(rebuilt, "{}", Check(e, slot))
                            .unwrap_or_else(|_| panic!("{code}: slot `{slot}` is not filled", code = e.code()));
                    }
                }
            }
            assert_eq!(message, rebuilt, "{}", e.code());
            // The fixed text of the template appears in the message, in order.
            let mut rest = message.as_str();
            for part in template_parts(template) {
                if let TemplatePart::Text(t) = part {
                    let at = rest.find(t).unwrap_or_else(|| panic!("{}: `{t}` missing from `{message}`", e.code()));
                    rest = &rest[at + t.len()..];
                }
            }
            assert!(!message.starts_with(char::is_uppercase) || e.code() == ErrorCode::ValidationFailed, "{message}");
        }
    }

    #[test]
    fn braces_that_enclose_no_slot_name_are_text() {
        let parts: Vec<_> = template_parts("a `{{x}}` {y}{ {Z} }}").collect();
        assert_eq!(
            parts,
            [
                TemplatePart::Text("a `{"),
                TemplatePart::Slot("x"),
                TemplatePart::Text("}` "),
                TemplatePart::Slot("y"),
                TemplatePart::Text("{ {Z} }}"),
            ]
        );
    }

    #[test]
    fn messages_are_unchanged_by_the_catalogue() {
        // The wording users saw before the messages were generated from the catalogue.
        assert_eq!(
            Error::UnknownPlaceholder { placeholder: "x".into(), position: 1 }.to_string(),
            "unknown placeholder `{x}` at position 1; use {prefix}, {name}, {surname}, {email}, {discount}, {random}, {random:N}, {name:N}, {surname:N} or {email:N}, and write a literal brace as `{{` or `}}`"
        );
        assert_eq!(
            Error::UnusedSetting { setting: "random", placeholder: "random" }.to_string(),
            "`random` is set but the template has no `{random}`; add the placeholder or drop the setting"
        );
        assert_eq!(
            Error::EmptyPartner { fields: vec!["name", "email"] }.to_string(),
            "partner has no usable `name` or `email` after normalisation; fill one of them in, or add random characters to the format"
        );
        assert_eq!(
            Error::InvalidCharacter { field: "prefix", character: '\u{7}', position: 0, platform: "stripe" }
                .to_string(),
            "prefix has `U+0007` at position 0, which stripe does not allow; remove it or pick another platform"
        );
    }
}
