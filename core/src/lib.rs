//! # promocode
//!
//! Generate and validate affiliate promotion codes — `JOHN20`, `PARTNER-JOHN-XY`,
//! `JOHNDOE15` — that are valid on the payment platform they sync to and unique,
//! ignoring case and accents, across every coupon of a program.
//!
//! ```
//! use promocode::{FormatOptions, Generator, Partner, Platform};
//!
//! // A format: prefix + first name + 2 random characters, for Stripe.
//! let fmt = FormatOptions::new().prefix("PARTNER").name(true).random(2).platform(Platform::Stripe).build()?;
//! let john = Partner::new().name("John").surname("Doe");
//! let preview = fmt.render(&john, Some(42))?;          // one code, e.g. for a live preview
//! assert!(preview.starts_with("PARTNER-JOHN-"));
//!
//! // A generator knows every code in use and never issues a duplicate.
//! let gen = Generator::new(fmt, None);
//! gen.add_existing(["partner-john-xy"]);
//! let codes = gen.generate_all(&[john.clone(), Partner::new().name("José"), Partner::new().name("张伟")]);
//! assert!(codes.iter().all(|c| c.is_ok()));
//!
//! // Validation against a platform's rules lists every problem.
//! let report = promocode::validate("PARTNER-JOHN-XY", Platform::Paddle);
//! assert!(!report.valid);
//! assert_eq!(promocode::canonical_key("ＪＯＨＮ２０"), "john20");
//! # Ok::<(), promocode::Error>(())
//! ```
//!
//! The same core runs in Python (`import promocode`), Node (`require('promocode')`)
//! and the browser (`promocode-wasm`); with the same seed all four give
//! byte-identical codes.
#![deny(missing_docs)]

pub mod api;
pub mod coupon;
mod error;
mod format;
mod generator;
pub mod lookup;
mod partner;
mod platform;
pub mod provider;
pub mod random;
mod registry;
pub mod store;
mod tables;
mod text;
mod translit;
pub mod value;

pub use coupon::{
    attribute, check_redemption, validate_coupon, validate_promotion_code, Attribution, AttributionSource,
    REDEMPTION_REASONS,
};
pub use error::{Error, ErrorCode, Result};
pub use format::{Format, FormatOptions, Warning, MAX_RANDOM, WARNING_CODES};
pub use generator::{AssignWarning, Assigned, ASSIGN_WARNING_CODES};
pub use generator::{Codes, Generator, IssuedCode, ENUMERATION_LIMIT, MAX_CODES_PER_CALL};
pub use lookup::{Lookup, LookupKind, Suggestion, TypoGuard};
pub use partner::{Field, Partner};
pub use platform::{normalize, validate, Case, Issue, Platform, Report, ISSUE_CODES, MAX_LISTED_ISSUES};
pub use provider::{existing_codes, provider_requests, ProviderOptions, PROVIDER_OPTIONS};
pub use random::{BLOCKLIST, DEFAULT_ALPHABET};
pub use store::{Claim, Outcome, Store};
pub use text::{canonical_key, code_safe, code_safe_tables, KEY_VERSION};
pub use translit::{Locale, LOCALES, TRANSLITERATION_VERSION};
pub use value::Value;

// The README's Rust example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}

/// Renders one code for a partner without a registry; see [`Format::render`].
///
/// ```
/// let fmt = promocode::FormatOptions::new().name(true).discount(20.0).build()?;
/// assert_eq!(promocode::render(&fmt, &promocode::Partner::new().name("Zoë"), None)?, "ZOE20");
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn render(format: &Format, partner: &Partner, seed: Option<u64>) -> Result<String> {
    format.render(partner, seed)
}
