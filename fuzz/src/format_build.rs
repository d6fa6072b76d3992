//! `format_build`: options through the builder, `FormatOptions::set` (any key, any
//! value, either key style) and `FormatOptions::from_value`, then `build`.
//!
//! Invariants:
//! - nothing panics; every error has a catalogue code and a bounded message;
//! - `set` fails with `unknown_option` exactly when the key is not an option in
//!   that key style;
//! - a built format has finite `entropy_bits` ≥ 0 (0 without a random part), a
//!   `max_length` from 1 to the platform's, a random space exactly when it has
//!   random characters, and a separator the platform allows;
//! - a built format renders a plain partner (seed 1) to a code valid on its
//!   platform and within `max_length`, or fails with `empty_partner` /
//!   `code_space_exhausted`.

use crate::arb::{Encode, Text};
use crate::spec::{FValue, FormatSpec};
use crate::{ensure, error_problem, fuzz_enum, fuzz_struct, repro};
use arbitrary::Arbitrary;
use promocode::api::{KeyStyle, FORMAT_OPTIONS};
use promocode::{ErrorCode, Format, FormatOptions, Partner, Result, Value};
use std::fmt;

fuzz_enum! {
    /// An option name (index into `FORMAT_OPTIONS`).
    pub enum OptName { Prefix, Name, Surname, Email, Discount, Random, Template, Separator, Platform, Case, Alphabet, MaxLength, GermanUmlauts }
}

/// A key for `set`: an option name in either spelling, or any text.
#[derive(Arbitrary, Clone)]
pub enum OptKey {
    /// `(name, spelled in camelCase)`
    Known(OptName, bool),
    /// Anything.
    Raw(Text),
}

impl Encode for OptKey {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            OptKey::Known(n, camel) => {
                crate::arb::encode_variant(0, 2, out);
                n.encode(out);
                camel.encode(out);
            }
            OptKey::Raw(t) => {
                crate::arb::encode_variant(1, 2, out);
                t.encode(out);
            }
        }
    }
}

impl OptKey {
    /// The key as written.
    pub fn key(&self) -> String {
        match self {
            OptKey::Known(n, camel) => {
                let i = OptName::ALL.iter().position(|x| x == n).unwrap_or(0);
                let (snake, camel_name) = FORMAT_OPTIONS[i];
                if *camel { camel_name } else { snake }.to_owned()
            }
            OptKey::Raw(t) => t.0.clone(),
        }
    }
}

fuzz_struct! {
    /// One `FormatOptions::set` call.
    pub struct SetCall {
        pub key: OptKey,
        pub value: FValue,
    }
}

fuzz_struct! {
    /// The `format_build` input.
    pub struct FormatBuildInput {
        pub spec: FormatSpec,
        /// Key style of the `set` calls and of `from_value`.
        pub camel: bool,
        pub sets: Vec<SetCall>,
    }
}

impl FormatBuildInput {
    fn style(&self) -> KeyStyle {
        if self.camel {
            KeyStyle::Camel
        } else {
            KeyStyle::Snake
        }
    }

    fn calls(&self) -> Vec<(String, Value)> {
        self.sets.iter().map(|c| (c.key.key(), c.value.value())).collect()
    }
}

impl fmt::Debug for FormatBuildInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let style = format!("KeyStyle::{:?}", self.style());
        writeln!(f, "// fuzz target `format_build`")?;
        let calls = self.calls();
        let binding = if calls.is_empty() { "let" } else { "let mut" };
        writeln!(f, "{binding} opts = {};", repro::options(&self.spec.options()))?;
        for (k, v) in &calls {
            writeln!(f, "let _ = opts.set({}, &{}, {style});", repro::str_ref(k), repro::value(v))?;
        }
        writeln!(f, "if let Ok(fmt) = opts.build() {{")?;
        writeln!(f, "    assert!(fmt.entropy_bits().is_finite() && fmt.entropy_bits() >= 0.0);")?;
        writeln!(f, "    if let Ok(code) = fmt.render(&Partner::new().name(\"Ann\").surname(\"Lee\").email(\"ann@example.com\"), Some(1)) {{")?;
        writeln!(f, "        assert!(validate(&code, fmt.platform()).valid, \"{{code:?}}\");")?;
        writeln!(f, "    }}")?;
        writeln!(f, "}}")?;
        let object: Vec<String> =
            calls.iter().map(|(k, v)| format!("({}, {})", repro::string(k), repro::value(v))).collect();
        writeln!(
            f,
            "let from_value = FormatOptions::from_value(&Value::Object(vec![{}]), {style});",
            object.join(", ")
        )?;
        write!(f, "let _ = from_value.map(FormatOptions::build);")
    }
}

/// A plain partner for the render check.
fn ann() -> Partner {
    Partner::new().name("Ann").surname("Lee").email("ann@example.com")
}

/// Checks one `build` outcome.
pub fn check_build<T: fmt::Debug>(input: &T, built: Result<Format>) {
    let fmt = match built {
        Ok(fmt) => fmt,
        Err(e) => {
            if let Some(p) = error_problem(&e) {
                crate::fail!(input, "build: {p}: {e:?}");
            }
            return;
        }
    };
    let bits = fmt.entropy_bits();
    ensure!(input, bits.is_finite() && bits >= 0.0, "entropy_bits is {bits}");
    let platform = fmt.platform();
    ensure!(
        input,
        (1..=platform.max_length()).contains(&fmt.max_length()),
        "max_length {} is outside 1..={} on {platform}",
        fmt.max_length(),
        platform.max_length()
    );
    ensure!(
        input,
        fmt.random_space().is_some() == (fmt.random_length() > 0),
        "random_space {:?} but random_length {}",
        fmt.random_space(),
        fmt.random_length()
    );
    ensure!(input, fmt.random_length() > 0 || bits == 0.0, "entropy_bits {bits} without a random part");
    ensure!(
        input,
        fmt.separator().chars().all(|c| platform.allows(c)),
        "separator {:?} has a character {platform} forbids",
        fmt.separator()
    );
    match fmt.render(&ann(), Some(1)) {
        Ok(code) => {
            let report = promocode::validate(&code, platform);
            ensure!(
                input,
                report.valid || crate::known::woocommerce_zero(&code, platform),
                "rendered {code:?} is invalid on {platform}: {:?}",
                report.issues
            );
            let n = code.chars().count();
            ensure!(
                input,
                n <= fmt.max_length(),
                "rendered {code:?} has {n} characters > max_length {}",
                fmt.max_length()
            );
        }
        Err(e) => {
            if let Some(p) = error_problem(&e) {
                crate::fail!(input, "render: {p}: {e:?}");
            }
            ensure!(
                input,
                matches!(e.code(), ErrorCode::EmptyPartner | ErrorCode::CodeSpaceExhausted),
                "render of a built format failed with {}: {e}",
                e.code()
            );
        }
    }
}

/// The `format_build` check.
pub fn check(input: &FormatBuildInput) {
    let style = input.style();
    let calls = input.calls();
    let mut opts = input.spec.options();
    for (key, value) in &calls {
        let known = FORMAT_OPTIONS.iter().any(|(s, c)| key == if style == KeyStyle::Snake { s } else { c });
        match opts.set(key, value, style) {
            Ok(()) => ensure!(input, known, "set({key:?}) accepted an unknown key"),
            Err(e) => {
                if let Some(p) = error_problem(&e) {
                    crate::fail!(input, "set({key:?}, {value}): {p}: {e:?}");
                }
                ensure!(
                    input,
                    (e.code() == ErrorCode::UnknownOption) != known,
                    "set({key:?}, {value}) failed with {} (known key: {known}): {e}",
                    e.code()
                );
            }
        }
    }
    check_build(input, opts.build());

    let object = Value::Object(calls);
    match FormatOptions::from_value(&object, style) {
        Ok(o) => check_build(input, o.build()),
        Err(e) => {
            if let Some(p) = error_problem(&e) {
                crate::fail!(input, "from_value: {p}: {e:?}");
            }
        }
    }
}
