//! `text`: `validate`, `normalize`, `canonical_key` and `code_safe` on arbitrary
//! strings and platforms.
//!
//! Invariants:
//! - `validate`: `valid` iff no issues; every issue code is in `ISSUE_CODES`;
//!   positioned issues come in order (< the character count) and cover the first
//!   `MAX_LISTED_ISSUES` characters the platform forbids (on WooCommerce also lone
//!   combining marks), and `more_issues` appears when there are more; the
//!   whole-code issues (no position) are exactly `empty` (blank after trimming),
//!   `surrounding_whitespace` and `unusable_code` (WooCommerce only) and
//!   `too_long` (more characters than the platform's maximum);
//! - `normalize`: fails with `invalid_code` iff `validate` finds an issue; else
//!   the code itself on every platform but WooCommerce, and its lowercase there
//!   (idempotent);
//! - `canonical_key`: idempotent, no surrounding whitespace, unchanged by
//!   surrounding whitespace, and blind to case: `key(s) == key(lower(s)) ==
//!   key(upper(s))` (uppercase letter by letter: `ᾳ` → `ΑΙ` adds a letter);
//! - `code_safe`: only `A-Z 0-9`, and idempotent.

use crate::arb::{LongText, PlatformPick};
use crate::{ensure, fuzz_struct, repro};
use promocode::{canonical_key, code_safe, normalize, validate, Platform, ISSUE_CODES, MAX_LISTED_ISSUES};
use std::fmt;

fuzz_struct! {
    /// The `text` input.
    pub struct TextInput {
        pub platform: PlatformPick,
        pub german_umlauts: bool,
        pub text: LongText,
    }
}

impl fmt::Debug for TextInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.text.value();
        writeln!(f, "// fuzz target `text`")?;
        writeln!(f, "let s: String = {};", repro::string(&s))?;
        writeln!(f, "let platform = Platform::{:?};", self.platform.platform())?;
        writeln!(f, "let report = validate(&s, platform);")?;
        writeln!(f, "assert_eq!(report.valid, report.issues.is_empty());")?;
        writeln!(f, "assert_eq!(normalize(&s, platform).is_ok(), report.valid);")?;
        writeln!(f, "let key = canonical_key(&s);")?;
        writeln!(f, "assert_eq!(canonical_key(&key), key, \"idempotent\");")?;
        writeln!(f, "assert_eq!(canonical_key(&s.to_lowercase()), key, \"key(lower(s))\");")?;
        writeln!(f, "let upper: String = s.chars().map(|c| {{ let mut u = c.to_uppercase(); if u.len() == 1 {{ u.next().unwrap_or(c) }} else {{ c }} }}).collect();")?;
        writeln!(f, "assert_eq!(canonical_key(&upper), key, \"key(upper(s))\");")?;
        writeln!(f, "let safe = code_safe(&s, {});", self.german_umlauts)?;
        write!(f, "assert!(safe.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), \"{{safe:?}}\");")
    }
}

fn lower_chars(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn check_validate(input: &TextInput, s: &str, platform: Platform) {
    let report = validate(s, platform);
    ensure!(
        input,
        report.valid == report.issues.is_empty(),
        "valid is {} with {} issues",
        report.valid,
        report.issues.len()
    );
    let chars: Vec<char> = s.chars().collect();
    let forbidden: Vec<usize> = (0..chars.len()).filter(|&i| !platform.allows(chars[i])).collect();
    let mut listed = Vec::new();
    let mut whole = Vec::new();
    for issue in &report.issues {
        ensure!(input, ISSUE_CODES.contains(&issue.code), "issue code {:?} is not in ISSUE_CODES", issue.code);
        ensure!(input, !issue.message.is_empty(), "issue {:?} has no message", issue.code);
        match issue.position {
            Some(p) => {
                ensure!(
                    input,
                    p < chars.len(),
                    "issue {:?} at {p} but the code has {} characters",
                    issue.code,
                    chars.len()
                );
                ensure!(
                    input,
                    platform == Platform::WooCommerce || issue.code == "invalid_character",
                    "issue {:?} has a position",
                    issue.code
                );
                listed.push(p);
            }
            None => {
                ensure!(input, issue.code != "invalid_character", "invalid_character without a position");
                whole.push(issue.code);
            }
        }
    }
    let expected_listed: Vec<usize> = forbidden.iter().copied().take(MAX_LISTED_ISSUES).collect();
    ensure!(input, listed.windows(2).all(|w| w[0] < w[1]), "positions {listed:?} out of order");
    if platform == Platform::WooCommerce {
        // Lone combining marks are listed too (they depend on their neighbour).
        let covered = expected_listed.iter().filter(|p| listed.contains(p)).count();
        ensure!(
            input,
            covered == expected_listed.len() || listed.len() == MAX_LISTED_ISSUES,
            "positions {listed:?} miss forbidden characters {expected_listed:?}"
        );
    } else {
        ensure!(
            input,
            listed == expected_listed,
            "invalid_character positions {listed:?}, expected {expected_listed:?} on {platform}"
        );
    }
    let blank = s.trim().is_empty();
    let mut expected_whole = Vec::new();
    if blank {
        expected_whole.push("empty");
    }
    if forbidden.len() > MAX_LISTED_ISSUES
        || (platform == Platform::WooCommerce && whole.contains(&"more_issues") && listed.len() == MAX_LISTED_ISSUES)
    {
        expected_whole.push("more_issues");
    }
    if platform == Platform::WooCommerce && s == "0" {
        expected_whole.push("unusable_code");
    }
    if platform == Platform::WooCommerce && !blank && s.trim() != s {
        expected_whole.push("surrounding_whitespace");
    }
    if chars.len() > platform.max_length() {
        expected_whole.push("too_long");
    }
    whole.sort_unstable();
    expected_whole.sort_unstable();
    ensure!(input, whole == expected_whole, "whole-code issues {whole:?}, expected {expected_whole:?} on {platform}");
}

fn check_normalize(input: &TextInput, s: &str, platform: Platform) {
    let valid = validate(s, platform).valid;
    let stored = match normalize(s, platform) {
        Ok(stored) => stored,
        Err(e) => {
            ensure!(input, !valid, "normalize refused a valid code: {e}");
            ensure!(input, e.code().as_str() == "invalid_code", "normalize failed with {}", e.code());
            return;
        }
    };
    ensure!(input, valid, "normalize accepted an invalid code as {stored:?}");
    if platform != Platform::WooCommerce {
        ensure!(input, stored == s, "normalize changed the code on {platform}: {stored:?}");
        return;
    }
    ensure!(input, stored == lower_chars(s), "a valid code is stored as {stored:?}, not its lowercase");
    let again = normalize(&stored, platform);
    ensure!(input, again.as_deref() == Ok(stored.as_str()), "normalize(normalize(s)) is {again:?}");
}

fn check_key(input: &TextInput, s: &str) {
    let key = canonical_key(s);
    let again = canonical_key(&key);
    ensure!(input, again == key, "not idempotent: key(s) = {key:?}, key(key(s)) = {again:?}");
    ensure!(input, key.trim() == key, "key {key:?} has surrounding whitespace");
    let padded = canonical_key(&format!(" \t{s}\u{3000}\n"));
    ensure!(input, padded == key, "surrounding whitespace changes the key: {padded:?} vs {key:?}");
    let lower = canonical_key(&s.to_lowercase());
    let upper: String = s
        .chars()
        .map(|c| {
            let mut u = c.to_uppercase();
            // U+0345 (iota subscript) is a combining mark the key drops, but its
            // uppercase is the letter Ι: not a case pair the collation has.
            if u.len() == 1 && c != '\u{345}' {
                u.next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    let upper = canonical_key(&upper);
    ensure!(input, lower == key, "key(lower(s)) = {lower:?} but key(s) = {key:?}");
    ensure!(input, upper == key, "key(upper(s)) = {upper:?} but key(s) = {key:?}");
}

fn check_code_safe(input: &TextInput, s: &str) {
    let g = input.german_umlauts;
    let safe = code_safe(s, g);
    ensure!(input, safe.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), "code_safe gave {safe:?}");
    let again = code_safe(&safe, g);
    ensure!(input, again == safe, "code_safe not idempotent: {safe:?} then {again:?}");
}

/// The `text` check.
pub fn check(input: &TextInput) {
    let s = input.text.value();
    let platform = input.platform.platform();
    check_validate(input, &s, platform);
    check_normalize(input, &s, platform);
    check_key(input, &s);
    check_code_safe(input, &s);
}
