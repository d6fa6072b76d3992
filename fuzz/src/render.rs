//! `render`: a format (any builder settings; inputs whose format does not build
//! are rejected) and a partner with hostile Unicode, rendered with a seed.
//!
//! Invariants for `Ok(code)`:
//! - `validate(code, platform).valid` and at most `max_length` characters;
//! - on WooCommerce, the code is its own stored form (`normalize(code) == code`);
//! - rendering again with the same seed gives the same code;
//! - the case is the format's: no lowercase ASCII in an upper-case code, no
//!   uppercase ASCII in a lower-case one;
//! - without a template, a non-empty ASCII prefix starts the code (it is never cut);
//! - without a random part, at least one selected personal part is non-empty
//!   after normalisation (never a bare `20`).
//!
//! For `Err(e)`: a catalogue code and bounded message; `empty_partner` exactly
//! when the format has personal parts, no random part, and every selected part
//! is empty after normalisation; otherwise only `code_space_exhausted`.

use crate::spec::{FormatSpec, PartnerIn};
use crate::{ensure, error_problem, fuzz_struct, repro};
use promocode::{code_safe, Case, ErrorCode, Field, Format, Partner, Platform};
use std::fmt;

fuzz_struct! {
    /// The `render` input.
    pub struct RenderInput {
        pub format: FormatSpec,
        pub partner: PartnerIn,
        pub seed: u64,
    }
}

impl fmt::Debug for RenderInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seed = self.seed;
        writeln!(f, "// fuzz target `render`")?;
        writeln!(f, "let fmt = {}.build().unwrap();", repro::options(&self.format.options()))?;
        writeln!(f, "let partner = {};", repro::partner(&self.partner.partner()))?;
        writeln!(f, "match fmt.render(&partner, Some({seed})) {{")?;
        writeln!(f, "    Ok(code) => {{")?;
        writeln!(f, "        assert!(validate(&code, fmt.platform()).valid, \"{{code:?}}: {{:?}}\", validate(&code, fmt.platform()).issues);")?;
        writeln!(f, "        assert!(code.chars().count() <= fmt.max_length(), \"{{code:?}}\");")?;
        writeln!(f, "        assert_eq!(fmt.render(&partner, Some({seed})).unwrap(), code);")?;
        writeln!(f, "    }}")?;
        writeln!(f, "    Err(e) => assert!(matches!(e.code(), ErrorCode::EmptyPartner | ErrorCode::CodeSpaceExhausted), \"{{e:?}}\"),")?;
        write!(f, "}}")
    }
}

/// The local part of an email as the core reads it (before the last `@`, `+tag` dropped).
fn email_local_part(email: &str) -> &str {
    let local = email.rsplit_once('@').map_or(email, |(local, _)| local);
    local.split_once('+').map_or(local, |(before, _)| before)
}

/// True when every personal part the format selects is empty after normalisation.
pub fn personal_parts_empty(fmt: &Format, partner: &Partner) -> bool {
    let german = fmt.options().german_umlauts;
    fmt.personal_fields().iter().all(|&field| {
        let raw = partner.field(field).unwrap_or("");
        let raw = if field == Field::Email { email_local_part(raw) } else { raw };
        code_safe(raw, german).is_empty()
    })
}

/// The `render` check; returns false when the format does not build (the input
/// is then not worth keeping in the corpus).
pub fn check(input: &RenderInput) -> bool {
    let options = input.format.options();
    let Ok(fmt) = options.build() else { return false };
    let partner = input.partner.partner();
    let platform = fmt.platform();
    let empty = !fmt.personal_fields().is_empty() && personal_parts_empty(&fmt, &partner);
    let has_random = fmt.random_length() > 0;
    match fmt.render(&partner, Some(input.seed)) {
        Ok(code) => {
            let report = promocode::validate(&code, platform);
            ensure!(
                input,
                report.valid || crate::known::woocommerce_zero(&code, platform),
                "{code:?} is invalid on {platform}: {:?}",
                report.issues
            );
            if platform == Platform::WooCommerce && report.valid {
                let stored = promocode::normalize(&code, platform);
                ensure!(input, stored.as_deref() == Ok(code.as_str()), "WooCommerce stores {code:?} as {stored:?}");
            }
            let n = code.chars().count();
            ensure!(input, n <= fmt.max_length(), "{code:?} has {n} characters > max_length {}", fmt.max_length());
            match fmt.render(&partner, Some(input.seed)) {
                Ok(again) => ensure!(input, again == code, "same seed, different codes: {code:?} then {again:?}"),
                Err(e) => crate::fail!(input, "same seed: {code:?} then error {e:?}"),
            }
            let wrong_case = match fmt.case() {
                Case::Upper => code.chars().find(char::is_ascii_lowercase),
                Case::Lower => code.chars().find(char::is_ascii_uppercase),
            };
            ensure!(input, wrong_case.is_none(), "{code:?} has {wrong_case:?} in a {:?}-case format", fmt.case());
            let prefix = &fmt.options().prefix;
            if fmt.options().template.is_none() && !prefix.is_empty() && prefix.is_ascii() {
                let cased = match fmt.case() {
                    Case::Upper => prefix.to_ascii_uppercase(),
                    Case::Lower => prefix.to_ascii_lowercase(),
                };
                ensure!(input, code.starts_with(&cased), "{code:?} does not start with the prefix {cased:?}");
            }
            ensure!(
                input,
                has_random || !empty,
                "{code:?} issued although every selected personal part is empty and there is no random part"
            );
        }
        Err(e) => {
            if let Some(p) = error_problem(&e) {
                crate::fail!(input, "{p}: {e:?}");
            }
            match e.code() {
                ErrorCode::EmptyPartner => ensure!(
                    input,
                    empty && !has_random,
                    "empty_partner, but personal parts empty: {empty}, random part: {has_random}: {e}"
                ),
                ErrorCode::CodeSpaceExhausted => {}
                other => crate::fail!(input, "render failed with {other}: {e}"),
            }
        }
    }
    true
}
