//! Payment-platform rules, as data: which characters a code may hold, how long it
//! may be, how the platform cases and stores it.
//!
//! Sources for every rule are in `shared/research/platform-rules.md`; the short
//! version is the table below.
//!
//! # WooCommerce: `normalize` refuses what `validate` rejects
//!
//! WooCommerce stores a coupon code through a chain of PHP filters
//! (`html_entity_decode`, WordPress's `trim` and `wp_kses`, `stripslashes`,
//! `mb_strtolower`); each filter turns some input into something else (`&#65;` into
//! `a`, `a&b` into `a&amp;b`, a lone `<` into `&lt;`, an HTML comment kept, a
//! trailing NBSP kept but a trailing tab removed, C0 controls removed). Modelling
//! all of it would tie this library to one WordPress version, and every such code is
//! one the customer can't type anyway. So [`Platform::validate`] rejects every
//! character and shape the chain would change or that no customer can type, and
//! [`Platform::normalize`] fails with `invalid_code` for any code `validate`
//! rejects. For a code `validate` accepts, the stored form is exactly the PHP 8.2
//! `mb_strtolower` of it; `oracles/run.sh` checks that against WordPress's own
//! functions and PHP on a hostile corpus.
//!
//! WooCommerce-only issues: `unusable_code` (`0`: stored, but PHP's `empty('0')`
//! means it never applies), `invisible_character` (format characters, line and
//! paragraph separators, default-ignorable code points: zero-width space, BOM,
//! U+202E), `lone_combining_mark` (a mark at the start or after whitespace),
//! `untypeable_lowercase` (`İ`, which `mb_strtolower` stores as `i` + U+0307) and
//! `unportable_case` (letters whose case mapping is newer than PHP 8.2's mbstring,
//! Unicode 14: PHP stores them as typed, this library would lowercase them).
//!
//! | platform          | characters                                   | max | case |
//! |-------------------|----------------------------------------------|-----|------|
//! | `generic`         | `A-Z a-z 0-9 - _`                            | 255 | upper by default |
//! | `stripe`          | `A-Z a-z 0-9 -`                              | 500 | insensitive |
//! | `stripe-legacy`   | `A-Z a-z 0-9` (API versions before 2026-02)  | 500 | insensitive |
//! | `paddle`          | `A-Z a-z 0-9`                                | 32  | insensitive |
//! | `shopify`         | `A-Z a-z 0-9 - _` (URL-safe share links)     | 255 | insensitive |
//! | `woocommerce`     | any text but `< > \ &`, control and invisible characters, `İ`, case pairs newer than PHP 8.2 | 255 | stored lowercase |
//! | `partnero`        | `A-Z a-z 0-9 - _` (promotion `code`)         | 100 | — |
//! | `partnero-coupon` | `A-Z a-z 0-9 - _` (coupon `uuid_code`)       | 255 | — |

use crate::error::{Error, Quoted, Result};
use std::fmt;

/// Letter case of generated codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Case {
    /// `JOHN20`
    Upper,
    /// `john20`
    Lower,
}

impl Case {
    /// Parses `upper` or `lower` (ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<Case> {
        if name.eq_ignore_ascii_case("upper") {
            Some(Case::Upper)
        } else if name.eq_ignore_ascii_case("lower") {
            Some(Case::Lower)
        } else {
            None
        }
    }

    /// `upper` or `lower`.
    pub fn name(self) -> &'static str {
        match self {
            Case::Upper => "upper",
            Case::Lower => "lower",
        }
    }

    /// True when the full case mapping of `c` is more than one character (`İ`
    /// lowercases to `i` + U+0307).
    pub(crate) fn expands(self, c: char) -> bool {
        !c.is_ascii()
            && match self {
                Case::Upper => c.to_uppercase().len() != 1,
                Case::Lower => c.to_lowercase().len() != 1,
            }
    }

    /// Appends the full case mapping of `c` (possibly several characters: what a
    /// platform that lowercases codes stores).
    pub(crate) fn push_full(self, c: char, out: &mut String) {
        match self {
            Case::Upper => out.extend(c.to_uppercase()),
            Case::Lower => out.extend(c.to_lowercase()),
        }
    }

    /// Applies the case to one character (full Unicode mapping, first character
    /// only where a mapping expands, so lengths never change).
    pub(crate) fn apply(self, c: char) -> char {
        if c.is_ascii() {
            return match self {
                Case::Upper => c.to_ascii_uppercase(),
                Case::Lower => c.to_ascii_lowercase(),
            };
        }
        let mapped = match self {
            Case::Upper => {
                let mut it = c.to_uppercase();
                (it.len() == 1).then(|| it.next()).flatten()
            }
            Case::Lower => {
                let mut it = c.to_lowercase();
                (it.len() == 1).then(|| it.next()).flatten()
            }
        };
        mapped.unwrap_or(c)
    }
}

#[derive(Clone, Copy, Debug)]
enum Charset {
    /// ASCII letters and digits, plus optionally `-` and `_`.
    Ascii { dash: bool, underscore: bool },
    /// Any text except `< > \ &` and control characters (WooCommerce).
    Text,
}

#[derive(Debug)]
struct Rules {
    name: &'static str,
    charset: Charset,
    max_length: usize,
    default_case: Case,
    forced_case: Option<Case>,
    allowed: &'static str,
}

/// A target platform whose rules a code must follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Platform {
    /// `A-Z a-z 0-9 - _`, at most 255: valid almost anywhere.
    #[default]
    Generic,
    /// Stripe promotion codes (current API: dashes allowed).
    Stripe,
    /// Stripe promotion codes on API versions before 2026-02 (no dashes).
    StripeLegacy,
    /// Paddle Billing discount codes.
    Paddle,
    /// Shopify discount codes.
    Shopify,
    /// WooCommerce coupons (stored lowercase).
    WooCommerce,
    /// Partnero promotion codes.
    Partnero,
    /// Partnero coupon `uuid_code`s.
    PartneroCoupon,
}

const RULES: [Rules; 8] = [
    Rules {
        name: "generic",
        charset: Charset::Ascii { dash: true, underscore: true },
        max_length: 255,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z, 0-9, `-` and `_`",
    },
    Rules {
        name: "stripe",
        charset: Charset::Ascii { dash: true, underscore: false },
        max_length: 500,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z, 0-9 and `-`",
    },
    Rules {
        name: "stripe-legacy",
        charset: Charset::Ascii { dash: false, underscore: false },
        max_length: 500,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z and 0-9",
    },
    Rules {
        name: "paddle",
        charset: Charset::Ascii { dash: false, underscore: false },
        max_length: 32,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z and 0-9",
    },
    Rules {
        name: "shopify",
        charset: Charset::Ascii { dash: true, underscore: true },
        max_length: 255,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z, 0-9, `-` and `_`",
    },
    Rules {
        name: "woocommerce",
        charset: Charset::Text,
        max_length: 255,
        default_case: Case::Lower,
        forced_case: Some(Case::Lower),
        allowed: "any text but `<`, `>`, `\\`, `&`, control and invisible characters",
    },
    Rules {
        name: "partnero",
        charset: Charset::Ascii { dash: true, underscore: true },
        max_length: 100,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z, 0-9, `-` and `_`",
    },
    Rules {
        name: "partnero-coupon",
        charset: Charset::Ascii { dash: true, underscore: true },
        max_length: 255,
        default_case: Case::Upper,
        forced_case: None,
        allowed: "A-Z, a-z, 0-9, `-` and `_`",
    },
];

impl Platform {
    /// Every platform, in documentation order.
    pub const ALL: &'static [Platform] = &[
        Platform::Generic,
        Platform::Stripe,
        Platform::StripeLegacy,
        Platform::Paddle,
        Platform::Shopify,
        Platform::WooCommerce,
        Platform::Partnero,
        Platform::PartneroCoupon,
    ];

    fn rules(self) -> &'static Rules {
        &RULES[self as usize]
    }

    /// Looks a platform up by name (`stripe`, `stripe-legacy`, `woocommerce`, ...),
    /// ignoring ASCII case and accepting `_` for `-`.
    ///
    /// ```
    /// use promocode::Platform;
    /// assert_eq!(Platform::from_name("WooCommerce").unwrap(), Platform::WooCommerce);
    /// assert_eq!(Platform::from_name("stripe_legacy").unwrap(), Platform::StripeLegacy);
    /// assert_eq!(Platform::from_name("myspace").unwrap_err().code().as_str(), "unknown_platform");
    /// ```
    pub fn from_name(name: &str) -> Result<Platform> {
        Platform::ALL
            .iter()
            .copied()
            .find(|p| {
                let n = p.name();
                n.len() == name.len()
                    && n.bytes().zip(name.bytes()).all(|(a, b)| a == b.to_ascii_lowercase() || (a == b'-' && b == b'_'))
            })
            .ok_or_else(|| Error::UnknownPlatform { name: name.to_owned() })
    }

    /// The platform's name as used in options and messages.
    pub fn name(self) -> &'static str {
        self.rules().name
    }

    /// The longest code the platform accepts, in characters.
    pub fn max_length(self) -> usize {
        self.rules().max_length
    }

    /// The case codes get unless the format says otherwise.
    pub fn default_case(self) -> Case {
        self.rules().default_case
    }

    /// The case the platform imposes, if any (WooCommerce stores lowercase).
    pub fn forced_case(self) -> Option<Case> {
        self.rules().forced_case
    }

    /// A human description of the allowed characters, for messages.
    pub fn allowed_description(self) -> &'static str {
        self.rules().allowed
    }

    /// Whether `-` may appear in a code (the default separator).
    pub fn allows_dash(self) -> bool {
        self.allows('-')
    }

    /// Whether `c` may appear in a code on this platform.
    ///
    /// ```
    /// use promocode::Platform;
    /// assert!(Platform::Stripe.allows('-'));
    /// assert!(!Platform::Paddle.allows('-'));
    /// assert!(Platform::WooCommerce.allows('é'));
    /// assert!(!Platform::WooCommerce.allows('&'));
    /// assert!(!Platform::WooCommerce.allows('\u{200B}'));
    /// assert!(!Platform::WooCommerce.allows('İ'));
    /// ```
    pub fn allows(self, c: char) -> bool {
        match self.rules().charset {
            Charset::Ascii { dash, underscore } => {
                c.is_ascii_alphanumeric() || (dash && c == '-') || (underscore && c == '_')
            }
            Charset::Text => text_problem(c).is_none(),
        }
    }

    /// Checks `code` against every rule and lists each problem.
    ///
    /// Never fails: a bad code gives a report with `valid == false`.
    ///
    /// ```
    /// use promocode::Platform;
    /// let report = Platform::Paddle.validate("PARTNER-JOHN-XY");
    /// assert!(!report.valid);
    /// assert_eq!(report.issues.len(), 2);
    /// assert_eq!(report.issues[0].code, "invalid_character");
    /// assert_eq!(report.issues[0].position, Some(7));
    /// assert!(Platform::Stripe.validate("PARTNER-JOHN-XY").valid);
    /// ```
    pub fn validate(self, code: &str) -> Report {
        let rules = self.rules();
        let mut issues = Vec::new();
        let mut length = 0usize;
        let mut unlisted = 0usize;
        let text = matches!(rules.charset, Charset::Text);
        let mut previous: Option<char> = None;
        for (position, c) in code.chars().enumerate() {
            length += 1;
            let problem = if text {
                text_problem(c).or_else(|| {
                    let base = previous.filter(|p| !p.is_whitespace() && !is_invisible(*p));
                    (base.is_none() && is_mark(c)).then_some(TextProblem::LoneMark)
                })
            } else {
                (!self.allows(c)).then_some(TextProblem::Invalid)
            };
            previous = Some(c);
            let Some(problem) = problem else { continue };
            if issues.len() >= MAX_LISTED_ISSUES {
                unlisted += 1;
                continue;
            }
            let shown = Quoted(c.encode_utf8(&mut [0; 4])).to_string();
            let (code, message) = match problem {
                TextProblem::Invalid => (
                    "invalid_character",
                    format!("`{shown}` at position {position} is not allowed on {}; use {}", rules.name, rules.allowed),
                ),
                TextProblem::Invisible => (
                    "invisible_character",
                    format!(
                        "U+{:04X} at position {position} is invisible: {} keeps it but no customer can type it; remove it",
                        c as u32, rules.name
                    ),
                ),
                TextProblem::LoneMark => (
                    "lone_combining_mark",
                    format!(
                        "combining mark U+{:04X} at position {position} has no letter to sit on; remove it or put it after a letter",
                        c as u32
                    ),
                ),
                TextProblem::ExpandingLowercase => {
                    let lower: String = c.to_lowercase().collect();
                    (
                        "untypeable_lowercase",
                        format!(
                            "`{shown}` at position {position} is stored by {} as `{}` ({} characters, with a combining mark), which customers can't type; use `{}` instead",
                            rules.name,
                            lower,
                            lower.chars().count(),
                            lower.chars().next().unwrap_or(c).to_uppercase()
                        ),
                    )
                }
                TextProblem::NewerCase => (
                    "unportable_case",
                    format!(
                        "`{shown}` at position {position} has a case mapping newer than PHP 8.2's mbstring (Unicode 14), so {} may store it in another case than predicted; remove it",
                        rules.name
                    ),
                ),
            };
            issues.push(Issue { code, message, position: Some(position) });
        }
        if unlisted > 0 {
            issues.push(Issue {
                code: "more_issues",
                message: format!(
                    "{unlisted} more characters are not allowed on {}; they are not listed one by one",
                    rules.name
                ),
                position: None,
            });
        }
        if text && code == "0" {
            issues.push(Issue {
                code: "unusable_code",
                message: format!(
                    "`0` is stored by {} but can never be applied (PHP treats `0` as empty); use another code",
                    rules.name
                ),
                position: None,
            });
        }
        if code.trim().is_empty() {
            issues.insert(
                0,
                Issue {
                    code: "empty",
                    message: "code is empty; a code needs at least one character".into(),
                    position: None,
                },
            );
        } else if matches!(rules.charset, Charset::Text) && code.trim() != code {
            issues.push(Issue {
                code: "surrounding_whitespace",
                message: format!(
                    "code starts or ends with whitespace, which {} trims away when it stores the code; remove it",
                    rules.name
                ),
                position: None,
            });
        }
        if length > rules.max_length {
            issues.push(Issue {
                code: "too_long",
                message: format!("code is {length} characters; {} allows at most {}", rules.name, rules.max_length),
                position: None,
            });
        }
        Report { valid: issues.is_empty(), issues }
    }

    /// The form in which the platform stores `code`, for a code [`Platform::validate`]
    /// accepts; any other code fails with `invalid_code` (naming the first issue).
    ///
    /// WooCommerce stores codes lowercased (PHP's `mb_strtolower`); the other
    /// platforms store codes as given. See the module documentation for why
    /// input WooCommerce would rewrite (tags, entities, backslashes, whitespace at
    /// the ends) is refused rather than predicted.
    ///
    /// ```
    /// use promocode::Platform;
    /// assert_eq!(Platform::WooCommerce.normalize("JOHN20")?, "john20");
    /// assert_eq!(Platform::WooCommerce.normalize("ÉLODIE-20")?, "élodie-20");
    /// assert_eq!(Platform::Stripe.normalize("John20")?, "John20");
    /// let err = Platform::WooCommerce.normalize("  JOHN<b>20</b> ").unwrap_err();
    /// assert_eq!(err.code().as_str(), "invalid_code");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn normalize(self, code: &str) -> Result<String> {
        let report = self.validate(code);
        if let Some(first) = report.issues.first() {
            return Err(Error::InvalidCode {
                platform: self.name(),
                issue: first.code,
                problem: first.message.clone(),
                position: first.position,
                issues: report.issues,
            });
        }
        // Letter by letter, like PHP's mb_strtolower: no final-sigma rule (`ΟΔΟΣ`
        // is stored as `οδοσ`, not `οδος`).
        let mut out = String::with_capacity(code.len());
        match self.rules().forced_case {
            Some(case) => code.chars().for_each(|c| case.push_full(c, &mut out)),
            None => out.push_str(code),
        }
        Ok(out)
    }
}

/// Why WooCommerce can't take a character as it is, whatever surrounds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextProblem {
    /// `< > \ &` (rewritten by WordPress) or a control character (removed).
    Invalid,
    /// A format character, line or paragraph separator, or default-ignorable code point.
    Invisible,
    /// A combining mark at the start or after whitespace (context: see `validate`).
    LoneMark,
    /// A letter whose lowercase is longer (`İ` → `i` + U+0307).
    ExpandingLowercase,
    /// A case mapping newer than PHP 8.2's mbstring.
    NewerCase,
}

fn text_problem(c: char) -> Option<TextProblem> {
    if c.is_ascii() {
        return (matches!(c, '<' | '>' | '\\' | '&') || c.is_ascii_control()).then_some(TextProblem::Invalid);
    }
    if c.is_control() {
        Some(TextProblem::Invalid)
    } else if is_invisible(c) {
        Some(TextProblem::Invisible)
    } else if Case::Lower.expands(c) {
        Some(TextProblem::ExpandingLowercase)
    } else if in_ranges(NEWER_CASE, c) {
        Some(TextProblem::NewerCase)
    } else {
        None
    }
}

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn is_invisible(c: char) -> bool {
    !c.is_ascii() && in_ranges(crate::tables::INVISIBLE, c)
}

pub(crate) fn is_mark(c: char) -> bool {
    !c.is_ascii() && in_ranges(crate::tables::MARKS, c)
}

/// Letters whose lowercase or uppercase mapping differs between this library
/// (Rust's Unicode) and PHP 8.2's mbstring (Unicode 14), both sides of each pair:
/// found by comparing every code point (`oracles/run.sh` checks the list).
const NEWER_CASE: &[(u32, u32)] = &[
    (0x19B, 0x19B),
    (0x264, 0x264),
    (0x1C89, 0x1C8A),
    (0xA7CB, 0xA7CF),
    (0xA7D2, 0xA7D5),
    (0xA7DA, 0xA7DC),
    (0x10D50, 0x10D65),
    (0x10D70, 0x10D85),
    (0x16EA0, 0x16EB8),
    (0x16EBB, 0x16ED3),
];

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Platform {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Platform::from_name(s)
    }
}

/// At most this many `invalid_character` issues are listed one by one; the rest
/// are counted in one `more_issues` issue (a megabyte of junk stays a short report).
pub const MAX_LISTED_ISSUES: usize = 100;

/// The result of [`validate`]: whether the code is valid, and every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// True when `issues` is empty.
    pub valid: bool,
    /// Every problem, in order of position; whole-code issues have no position.
    pub issues: Vec<Issue>,
}

/// One problem with a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Stable code: `empty`, `invalid_character`, `too_long`,
    /// `surrounding_whitespace`, `more_issues`, `check_failed` ([`crate::Format::validate`]),
    /// and for WooCommerce `unusable_code`, `invisible_character`,
    /// `lone_combining_mark`, `untypeable_lowercase` and `unportable_case`.
    pub code: &'static str,
    /// What is wrong and what to do.
    pub message: String,
    /// 0-based character index, or `None` for whole-code issues such as length.
    pub position: Option<usize>,
}

/// Every issue code [`validate`] can report.
pub const ISSUE_CODES: &[&str] = &[
    "empty",
    "invalid_character",
    "too_long",
    "surrounding_whitespace",
    "more_issues",
    "unusable_code",
    "invisible_character",
    "lone_combining_mark",
    "untypeable_lowercase",
    "unportable_case",
    "check_failed",
];

/// Checks `code` against a platform's rules; see [`Platform::validate`].
///
/// ```
/// use promocode::{validate, Platform};
/// let report = validate("JOHN_20", Platform::Stripe);
/// assert!(!report.valid);
/// assert_eq!(report.issues[0].position, Some(4));
/// ```
pub fn validate(code: &str, platform: Platform) -> Report {
    platform.validate(code)
}

/// The form in which a platform stores `code`; see [`Platform::normalize`].
///
/// ```
/// assert_eq!(promocode::normalize("JOHN20", promocode::Platform::WooCommerce)?, "john20");
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn normalize(code: &str, platform: Platform) -> Result<String> {
    platform.normalize(code)
}
