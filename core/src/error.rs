//! The one error type of the library, with stable snake_case codes.
//!
//! Every failure has a [`ErrorCode`] that never changes between releases (bindings
//! expose it as `.code`), a message that says what was wrong and what to do
//! (lowercase, user input in backticks), and structured [`Error::details`].
//! [`ErrorCode::ALL`] is the public catalogue; the test suite checks that the
//! shared vectors exercise every code in it.

use crate::value::Value;
use std::fmt;

/// A stable, machine-readable error code. `as_str()` gives the snake_case form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// An option key that does not exist (a typo must not be silently ignored).
    UnknownOption,
    /// An option or partner field of the wrong type.
    InvalidType,
    /// An option with a value out of its range.
    InvalidValue,
    /// A platform name that is not one of the profiles.
    UnknownPlatform,
    /// A `case` other than `upper` / `lower`, or one the platform does not allow.
    InvalidCase,
    /// A negative, NaN, infinite or absurdly large discount.
    InvalidDiscount,
    /// A random alphabet that is too small, repeats a character, or has a forbidden one.
    InvalidAlphabet,
    /// Literal text (prefix, separator, template) with a character the platform forbids.
    InvalidCharacter,
    /// A template placeholder that does not exist.
    UnknownPlaceholder,
    /// A `{` without `}` or a `}` without `{` in a template.
    UnbalancedBrace,
    /// A placeholder with a bad width, or one that needs a setting that is missing.
    InvalidPlaceholder,
    /// A setting the template never uses (it would be silently ignored).
    UnusedSetting,
    /// A format that selects nothing: every code would be empty.
    EmptyFormat,
    /// The fixed parts of a format do not fit in `max_length`.
    TooLong,
    /// A partner whose selected personal parts are all empty after normalisation.
    EmptyPartner,
    /// No unused code is left for a partner or for a bulk request.
    CodeSpaceExhausted,
    /// Bulk codes were requested from a format that needs partner data.
    NeedsPartner,
    /// A seed that is negative, fractional or not an exact integer.
    InvalidSeed,
    /// Input nested deeper than [`crate::value::MAX_DEPTH`].
    InputTooDeep,
    /// At least one partner of a batch failed (bindings raise this for `generate_all`).
    BatchFailed,
    /// A coupon or promotion-code request failed validation (the API's 422 body).
    ValidationFailed,
    /// The operating system's random source failed (no seed was given).
    RandomUnavailable,
    /// A store address that is not `memory:`, `sqlite:PATH` or `postgresql://…`,
    /// or a backend this build does not include.
    InvalidStore,
    /// The store cannot be reached or stopped answering (server down, busy too long).
    StoreUnavailable,
    /// The file or database exists but is not a promocode store.
    NotAStore,
    /// The store's file is damaged.
    StoreCorrupt,
    /// The store was written with another version of the canonical key.
    StoreKeyVersion,
    /// The store can only be read (file or directory permissions).
    StoreReadOnly,
    /// A `locale` hint that is not one of [`crate::LOCALES`].
    UnknownLocale,
    /// A `ja` partner whose kanji have no reading, for a format without random
    /// characters to fall back on.
    ReadingRequired,
}

impl ErrorCode {
    /// Every code, in catalogue order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::UnknownOption,
        ErrorCode::InvalidType,
        ErrorCode::InvalidValue,
        ErrorCode::UnknownPlatform,
        ErrorCode::InvalidCase,
        ErrorCode::InvalidDiscount,
        ErrorCode::InvalidAlphabet,
        ErrorCode::InvalidCharacter,
        ErrorCode::UnknownPlaceholder,
        ErrorCode::UnbalancedBrace,
        ErrorCode::InvalidPlaceholder,
        ErrorCode::UnusedSetting,
        ErrorCode::EmptyFormat,
        ErrorCode::TooLong,
        ErrorCode::EmptyPartner,
        ErrorCode::CodeSpaceExhausted,
        ErrorCode::NeedsPartner,
        ErrorCode::InvalidSeed,
        ErrorCode::InputTooDeep,
        ErrorCode::BatchFailed,
        ErrorCode::ValidationFailed,
        ErrorCode::RandomUnavailable,
        ErrorCode::InvalidStore,
        ErrorCode::StoreUnavailable,
        ErrorCode::NotAStore,
        ErrorCode::StoreCorrupt,
        ErrorCode::StoreKeyVersion,
        ErrorCode::StoreReadOnly,
        ErrorCode::UnknownLocale,
        ErrorCode::ReadingRequired,
    ];

    /// The stable snake_case code, e.g. `"code_space_exhausted"`.
    ///
    /// ```
    /// assert_eq!(promocode::ErrorCode::EmptyPartner.as_str(), "empty_partner");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownOption => "unknown_option",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::UnknownPlatform => "unknown_platform",
            ErrorCode::InvalidCase => "invalid_case",
            ErrorCode::InvalidDiscount => "invalid_discount",
            ErrorCode::InvalidAlphabet => "invalid_alphabet",
            ErrorCode::InvalidCharacter => "invalid_character",
            ErrorCode::UnknownPlaceholder => "unknown_placeholder",
            ErrorCode::UnbalancedBrace => "unbalanced_brace",
            ErrorCode::InvalidPlaceholder => "invalid_placeholder",
            ErrorCode::UnusedSetting => "unused_setting",
            ErrorCode::EmptyFormat => "empty_format",
            ErrorCode::TooLong => "too_long",
            ErrorCode::EmptyPartner => "empty_partner",
            ErrorCode::CodeSpaceExhausted => "code_space_exhausted",
            ErrorCode::NeedsPartner => "needs_partner",
            ErrorCode::InvalidSeed => "invalid_seed",
            ErrorCode::InputTooDeep => "input_too_deep",
            ErrorCode::BatchFailed => "batch_failed",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::RandomUnavailable => "random_unavailable",
            ErrorCode::InvalidStore => "invalid_store",
            ErrorCode::StoreUnavailable => "store_unavailable",
            ErrorCode::NotAStore => "not_a_store",
            ErrorCode::StoreCorrupt => "store_corrupt",
            ErrorCode::StoreKeyVersion => "store_key_version",
            ErrorCode::StoreReadOnly => "store_read_only",
            ErrorCode::UnknownLocale => "unknown_locale",
            ErrorCode::ReadingRequired => "reading_required",
        }
    }

    /// The message template of the catalogue: `{name}` marks where details go.
    pub const fn template(self) -> &'static str {
        match self {
            ErrorCode::UnknownOption => "unknown option `{name}`; did you mean `{suggestion}`?",
            ErrorCode::InvalidType => "`{field}` must be {expected}, got {got}",
            ErrorCode::InvalidValue => "`{field}` {reason}",
            ErrorCode::UnknownPlatform => "unknown platform `{name}`; use one of {platforms}",
            ErrorCode::InvalidCase => "case `{value}` is not allowed; {reason}",
            ErrorCode::InvalidDiscount => "discount `{value}` is not allowed; {reason}",
            ErrorCode::InvalidAlphabet => "alphabet {reason}",
            ErrorCode::InvalidCharacter => "{field} has `{character}` at position {position}, which {platform} does not allow",
            ErrorCode::UnknownPlaceholder => "unknown placeholder `{{placeholder}}` at position {position}; use one of {placeholders}",
            ErrorCode::UnbalancedBrace => "unbalanced `{brace}` at position {position} in the template",
            ErrorCode::InvalidPlaceholder => "placeholder `{{placeholder}}` at position {position}: {reason}",
            ErrorCode::UnusedSetting => "`{setting}` is set but the template has no `{{placeholder}}`; add it or drop the setting",
            ErrorCode::EmptyFormat => "the format selects nothing; set a prefix, a personal part, a discount, random characters or a template",
            ErrorCode::TooLong => "{what} is {length} characters but the limit is {max}; {hint}",
            ErrorCode::EmptyPartner => "partner has no usable {fields} after normalisation; fill one of them in, or add random characters to the format",
            ErrorCode::CodeSpaceExhausted => "only {available} unused codes are left but {requested} were asked for; use more random characters or a larger alphabet",
            ErrorCode::NeedsPartner => "this format uses {fields}; generate codes per partner, or drop the personal parts for bulk codes",
            ErrorCode::InvalidSeed => "seed {reason}",
            ErrorCode::InputTooDeep => "input nests deeper than {max} levels; flatten it",
            ErrorCode::BatchFailed => "{failed} of {total} partners failed; see `errors` for each one",
            ErrorCode::ValidationFailed => "{message}",
            ErrorCode::RandomUnavailable => "the system's random source failed ({reason}); retry, or pass a seed",
            ErrorCode::InvalidStore => "store `{store}` {reason}; use `memory:`, `sqlite:PATH` or `postgresql://user@host/db`",
            ErrorCode::StoreUnavailable => "store `{store}` is unavailable ({reason}); check that it is running and reachable, then run again (committed codes are kept)",
            ErrorCode::NotAStore => "`{store}` is not a promocode store ({reason}); pass a new file name or the store you meant",
            ErrorCode::StoreCorrupt => "store `{store}` is damaged ({reason}); restore it from a backup",
            ErrorCode::StoreKeyVersion => "store `{store}` uses key version {found} but this promocode uses {expected}; open it with a promocode release of key version {found}",
            ErrorCode::StoreReadOnly => "store `{store}` is read-only ({reason}); make the file and its directory writable, or use a copy",
            ErrorCode::UnknownLocale => "unknown locale `{name}`; did you mean `{suggestion}`?",
            ErrorCode::ReadingRequired => "`{field}` is kanji without a reading; add `{field}_reading` in kana, or add random characters to the format",
        }
    }
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
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code of this error.
    ///
    /// ```
    /// let err = promocode::Platform::from_name("myspace").unwrap_err();
    /// assert_eq!(err.code().as_str(), "unknown_platform");
    /// ```
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::UnknownOption { .. } => ErrorCode::UnknownOption,
            Error::InvalidType { .. } => ErrorCode::InvalidType,
            Error::InvalidValue { .. } => ErrorCode::InvalidValue,
            Error::UnknownPlatform { .. } => ErrorCode::UnknownPlatform,
            Error::InvalidCase { .. } => ErrorCode::InvalidCase,
            Error::InvalidDiscount { .. } => ErrorCode::InvalidDiscount,
            Error::InvalidAlphabet { .. } => ErrorCode::InvalidAlphabet,
            Error::InvalidCharacter { .. } => ErrorCode::InvalidCharacter,
            Error::UnknownPlaceholder { .. } => ErrorCode::UnknownPlaceholder,
            Error::UnbalancedBrace { .. } => ErrorCode::UnbalancedBrace,
            Error::InvalidPlaceholder { .. } => ErrorCode::InvalidPlaceholder,
            Error::UnusedSetting { .. } => ErrorCode::UnusedSetting,
            Error::EmptyFormat => ErrorCode::EmptyFormat,
            Error::TooLong { .. } => ErrorCode::TooLong,
            Error::EmptyPartner { .. } => ErrorCode::EmptyPartner,
            Error::CodeSpaceExhausted { .. } => ErrorCode::CodeSpaceExhausted,
            Error::NeedsPartner { .. } => ErrorCode::NeedsPartner,
            Error::InvalidSeed { .. } => ErrorCode::InvalidSeed,
            Error::InputTooDeep { .. } => ErrorCode::InputTooDeep,
            Error::BatchFailed { .. } => ErrorCode::BatchFailed,
            Error::ValidationFailed { .. } => ErrorCode::ValidationFailed,
            Error::RandomUnavailable { .. } => ErrorCode::RandomUnavailable,
            Error::InvalidStore { .. } => ErrorCode::InvalidStore,
            Error::StoreUnavailable { .. } => ErrorCode::StoreUnavailable,
            Error::NotAStore { .. } => ErrorCode::NotAStore,
            Error::StoreCorrupt { .. } => ErrorCode::StoreCorrupt,
            Error::StoreKeyVersion { .. } => ErrorCode::StoreKeyVersion,
            Error::StoreReadOnly { .. } => ErrorCode::StoreReadOnly,
            Error::UnknownLocale { .. } => ErrorCode::UnknownLocale,
            Error::ReadingRequired { .. } => ErrorCode::ReadingRequired,
        }
    }

    /// The 0-based character position the error points at, if it points at one.
    pub fn position(&self) -> Option<usize> {
        match self {
            Error::InvalidCharacter { position, .. }
            | Error::UnknownPlaceholder { position, .. }
            | Error::UnbalancedBrace { position, .. }
            | Error::InvalidPlaceholder { position, .. } => Some(*position),
            Error::InvalidAlphabet { position, .. } => *position,
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownOption { name, suggestion } => {
                write!(f, "unknown option `{}`", Quoted(name))?;
                match suggestion {
                    Some(s) => write!(f, "; did you mean `{s}`?"),
                    None => f.write_str("; check the spelling against the documented options"),
                }
            }
            // Field paths are built by the library (`promotion_codes.0.code`), never cut.
            Error::InvalidType { field, expected, got } => write!(f, "`{field}` must be {expected}, got {got}"),
            Error::InvalidValue { field, reason } => write!(f, "`{}` {reason}", Quoted(field)),
            Error::UnknownPlatform { name } => {
                write!(f, "unknown platform `{}`; use one of ", Quoted(name))?;
                let names: Vec<&str> = crate::Platform::ALL.iter().map(|p| p.name()).collect();
                join_fields(f, &names)
            }
            Error::InvalidCase { value, reason } => {
                write!(f, "case `{}` is not allowed; {reason}", Quoted(value))
            }
            Error::InvalidDiscount { value, reason } => {
                write!(f, "discount `{}` is not allowed; {reason}", Quoted(value))
            }
            Error::InvalidAlphabet { reason, .. } => write!(f, "alphabet {reason}"),
            Error::InvalidCharacter { field, character, position, platform } => {
                write!(f, "{field} has `")?;
                fmt_char(f, *character)?;
                write!(f, "` at position {position}, which {platform} does not allow; remove it or pick another platform")
            }
            Error::UnknownPlaceholder { placeholder, position } => write!(
                f,
                "unknown placeholder `{{{}}}` at position {position}; use {{prefix}}, {{name}}, {{surname}}, {{email}}, {{discount}}, {{random}}, {{random:N}}, {{name:N}}, {{surname:N}} or {{email:N}}, and write a literal brace as `{{{{` or `}}}}`",
                Quoted(placeholder)
            ),
            Error::UnbalancedBrace { brace, position } => write!(
                f,
                "unbalanced `{brace}` at position {position} in the template; close the placeholder, or write a literal brace as `{brace}{brace}`"
            ),
            Error::InvalidPlaceholder { placeholder, position, reason } => {
                write!(f, "placeholder `{{{}}}` at position {position}: {reason}", Quoted(placeholder))
            }
            Error::UnusedSetting { setting, placeholder } => write!(
                f,
                "`{setting}` is set but the template has no `{{{placeholder}}}`; add the placeholder or drop the setting"
            ),
            Error::EmptyFormat => f.write_str(
                "the format selects nothing; set a prefix, a personal part, a discount, random characters or a template",
            ),
            Error::TooLong { what, length, max } => write!(
                f,
                "{what} is {length} characters but the limit is {max}; shorten the prefix or literal text, use fewer random characters, or raise `max_length`"
            ),
            Error::EmptyPartner { fields } => {
                f.write_str("partner has no usable ")?;
                join_fields(f, fields)?;
                f.write_str(if fields.len() == 1 { " after normalisation; fill it in" } else { " after normalisation; fill one of them in" })?;
                f.write_str(", or add random characters to the format")
            }
            Error::CodeSpaceExhausted { requested, available } => write!(
                f,
                "only {available} unused codes are left but {requested} were asked for; use more random characters or a larger alphabet"
            ),
            Error::NeedsPartner { fields } => {
                f.write_str("this format uses ")?;
                join_fields(f, fields)?;
                f.write_str(", so it needs a partner; generate codes per partner, or drop the personal parts for bulk codes")
            }
            Error::InvalidSeed { reason } => write!(f, "seed {reason}"),
            Error::InputTooDeep { max } => write!(f, "input nests deeper than {max} levels; flatten it"),
            Error::BatchFailed { failed, total } => {
                write!(f, "{failed} of {total} partners failed; see `errors` for each one")
            }
            Error::ValidationFailed { message, .. } => f.write_str(message),
            Error::RandomUnavailable { reason } => {
                write!(f, "the system's random source failed ({reason}); retry, or pass a seed")
            }
            Error::InvalidStore { store, reason } => write!(
                f,
                "store `{}` {reason}; use `memory:`, `sqlite:PATH` or `postgresql://user@host/db`",
                Quoted(store)
            ),
            Error::StoreUnavailable { store, reason } => write!(
                f,
                "store `{}` is unavailable ({reason}); check that it is running and reachable, then run again (committed codes are kept)",
                Quoted(store)
            ),
            Error::NotAStore { store, reason } => write!(
                f,
                "`{}` is not a promocode store ({reason}); pass a new file name or the store you meant",
                Quoted(store)
            ),
            Error::StoreCorrupt { store, reason } => {
                write!(f, "store `{}` is damaged ({reason}); restore it from a backup", Quoted(store))
            }
            Error::StoreKeyVersion { store, found, expected } => write!(
                f,
                "store `{}` uses key version {} but this promocode uses {expected}; open it with a promocode release of key version {}",
                Quoted(store),
                Quoted(found),
                Quoted(found)
            ),
            Error::StoreReadOnly { store, reason } => write!(
                f,
                "store `{}` is read-only ({reason}); make the file and its directory writable, or use a copy",
                Quoted(store)
            ),
            Error::UnknownLocale { name, suggestion } => {
                write!(f, "unknown locale `{}`; ", Quoted(name))?;
                match suggestion {
                    Some(s) => write!(f, "did you mean `{s}`?"),
                    None => f.write_str("use a language tag such as `uk`, `bg`, `zh-TW`, `ja` or `de`, or leave it unset"),
                }
            }
            Error::ReadingRequired { field } => write!(
                f,
                "`{field}` is kanji without a reading; add `{field}_reading` in kana, or add random characters to the format"
            ),
        }
    }
}

impl std::error::Error for Error {}
