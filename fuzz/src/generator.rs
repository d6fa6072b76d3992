//! `generator`: a format with a small random part (0 to 4 characters, small
//! alphabets) or personal parts, existing codes (arbitrary text, or codes of the
//! format itself), then a sequence of operations: `generate`, `generate_all`,
//! `generate_codes` (small, everything that is left, or more than is left),
//! `add_existing`, `contains`.
//!
//! Invariants, against a model (the set of canonical keys registered):
//! - every issued code is new by `canonical_key` (against existing codes,
//!   earlier codes and the rest of its batch), valid on the platform (on
//!   WooCommerce also its own stored form), within `max_length`, and
//!   `contains` it afterwards;
//! - `len` is the model's size after every operation; `add_existing` returns
//!   how many keys were new; `contains` agrees with the model;
//! - `generate_all` returns one result per partner, and `len` grows by the
//!   number of codes;
//! - per-partner errors are `empty_partner` (exactly when every selected personal
//!   part is empty and there is no random part) or `code_space_exhausted` (and
//!   then 64 renders of that partner with other seeds all give taken codes);
//! - `generate_codes(n)`: `Ok` has `n` codes and `remaining` drops by exactly
//!   `n`; when `n <= remaining` it must succeed; `Err` leaves `len` and
//!   `remaining` unchanged (a failed bulk request registers nothing), and is
//!   `needs_partner` exactly for formats with personal parts;
//! - `remaining` never grows; a bulk `generate` takes exactly one;
//! - the same seed and the same operations give the same results.

use crate::arb::{encode_variant, Encode, LongText, PlatformPick, Text};
use crate::render::personal_parts_empty;
use crate::spec::{CasePick, Count, Discount, FormatSpec, PartnerIn, Template};
use crate::{ensure, error_problem, fuzz_enum, fuzz_struct, repro};
use arbitrary::Arbitrary;
use promocode::{canonical_key, ErrorCode, Format, FormatOptions, Generator, Partner, Platform, MAX_CODES_PER_CALL};
use std::collections::HashSet;
use std::fmt;

fuzz_enum! {
    /// Alphabets that make small, crowded code spaces.
    pub enum AlphaPick { Default, Ab, Abc, Digits, LowerAb, Accented, MixedScript }
}

impl AlphaPick {
    fn text(self) -> &'static str {
        match self {
            AlphaPick::Default => promocode::DEFAULT_ALPHABET,
            AlphaPick::Ab => "AB",
            AlphaPick::Abc => "ABC",
            AlphaPick::Digits => "2345",
            AlphaPick::LowerAb => "ab",
            AlphaPick::Accented => "ÀBÇ",
            AlphaPick::MixedScript => "AΩЖ",
        }
    }
}

/// An alphabet.
#[derive(Arbitrary, Clone)]
pub enum Alpha {
    /// A small one.
    Pick(AlphaPick),
    /// Anything.
    Raw(Text),
}

impl Encode for Alpha {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Alpha::Pick(p) => {
                encode_variant(0, 2, out);
                p.encode(out);
            }
            Alpha::Raw(t) => {
                encode_variant(1, 2, out);
                t.encode(out);
            }
        }
    }
}

fuzz_struct! {
    /// A format with a small code space.
    pub struct GenFormat {
        pub platform: PlatformPick,
        pub prefix: Option<Text>,
        pub name: bool,
        pub surname: bool,
        pub email: bool,
        pub discount: Option<u8>,
        /// `% 5`: 0 to 4 random characters.
        pub random: u8,
        pub alphabet: Option<Alpha>,
        pub template: Option<Template>,
        pub separator: Option<Text>,
        pub case: Option<CasePick>,
        pub max_length: Option<u8>,
        pub german_umlauts: bool,
    }
}

impl GenFormat {
    /// The options: the same builder calls as [`FormatSpec::options`].
    pub fn options(&self) -> FormatOptions {
        let alphabet = match &self.alphabet {
            Some(Alpha::Pick(p)) => Some(Text(p.text().to_owned())),
            Some(Alpha::Raw(t)) => Some(t.clone()),
            None => None,
        };
        FormatSpec {
            platform: self.platform,
            prefix: self.prefix.clone(),
            name: self.name,
            surname: self.surname,
            email: self.email,
            discount: self.discount.map(Discount::Whole),
            random: Count::Small(self.random % 5),
            template: self.template.clone(),
            separator: self.separator.clone(),
            case: self.case,
            alphabet,
            max_length: self.max_length.map(Count::Small),
            german_umlauts: self.german_umlauts,
        }
        .options()
    }
}

/// An existing code.
#[derive(Arbitrary, Clone)]
pub enum Existing {
    /// Any text.
    Raw(LongText),
    /// What the format renders for a partner (or nobody) with a seed, maybe lowercased.
    Rendered(Option<PartnerIn>, u64, bool),
}

impl Encode for Existing {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Existing::Raw(t) => {
                encode_variant(0, 2, out);
                t.encode(out);
            }
            Existing::Rendered(p, seed, lower) => {
                encode_variant(1, 2, out);
                p.encode(out);
                seed.encode(out);
                lower.encode(out);
            }
        }
    }
}

impl Existing {
    fn resolve(&self, fmt: &Format) -> String {
        match self {
            Existing::Raw(t) => t.value(),
            Existing::Rendered(p, seed, lower) => {
                let partner = p.as_ref().map(PartnerIn::partner).unwrap_or_default();
                let code = fmt.render(&partner, Some(*seed)).unwrap_or_default();
                if *lower {
                    code.to_lowercase()
                } else {
                    code
                }
            }
        }
    }
}

/// One operation.
#[derive(Arbitrary, Clone)]
pub enum Op {
    /// `generate(partner)`
    Generate(PartnerIn),
    /// `generate_all(partners)` (at most 64).
    GenerateAll(Vec<PartnerIn>),
    /// `generate_codes(n % 2001)`
    Codes(u16),
    /// `generate_codes(remaining)` when at most 5000 are left.
    CodesAll,
    /// `generate_codes(n)` with `n` more than is left.
    CodesTooMany(u16),
    /// `add_existing(codes)`
    AddExisting(Vec<Existing>),
    /// `contains(text)`
    Contains(LongText),
}

impl Encode for Op {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Op::Generate(p) => {
                encode_variant(0, 7, out);
                p.encode(out);
            }
            Op::GenerateAll(ps) => {
                encode_variant(1, 7, out);
                ps.encode(out);
            }
            Op::Codes(n) => {
                encode_variant(2, 7, out);
                n.encode(out);
            }
            Op::CodesAll => encode_variant(3, 7, out),
            Op::CodesTooMany(n) => {
                encode_variant(4, 7, out);
                n.encode(out);
            }
            Op::AddExisting(codes) => {
                encode_variant(5, 7, out);
                codes.encode(out);
            }
            Op::Contains(t) => {
                encode_variant(6, 7, out);
                t.encode(out);
            }
        }
    }
}

fuzz_struct! {
    /// The `generator` input.
    pub struct GeneratorInput {
        pub format: GenFormat,
        pub seed: u64,
        pub existing: Vec<Existing>,
        /// At most 12 are run.
        pub ops: Vec<Op>,
    }
}

const MAX_OPS: usize = 12;
const MAX_BATCH: usize = 64;
const MAX_ALL: u128 = 5000;

/// An operation with everything resolved (what actually runs).
enum Step {
    Add(Vec<String>),
    Generate(Partner),
    GenerateAll(Vec<Partner>),
    Codes(usize),
    CodesAll,
    CodesTooMany(u16),
    Contains(String),
}

impl GeneratorInput {
    fn steps(&self, fmt: &Format) -> (Vec<String>, Vec<Step>) {
        let existing = self.existing.iter().take(MAX_BATCH).map(|e| e.resolve(fmt)).collect();
        let steps = self
            .ops
            .iter()
            .take(MAX_OPS)
            .map(|op| match op {
                Op::Generate(p) => Step::Generate(p.partner()),
                Op::GenerateAll(ps) => Step::GenerateAll(ps.iter().take(MAX_BATCH).map(PartnerIn::partner).collect()),
                Op::Codes(n) => Step::Codes(usize::from(*n) % 2001),
                Op::CodesAll => Step::CodesAll,
                Op::CodesTooMany(n) => Step::CodesTooMany(*n),
                Op::AddExisting(codes) => Step::Add(codes.iter().take(MAX_BATCH).map(|e| e.resolve(fmt)).collect()),
                Op::Contains(t) => Step::Contains(t.value()),
            })
            .collect();
        (existing, steps)
    }
}

/// `generate_codes(n)` for `CodesTooMany`: more than is left.
fn too_many(remaining: Option<u128>, n: u16) -> usize {
    match remaining {
        Some(r) => usize::try_from(r.saturating_add(1 + u128::from(n))).unwrap_or(usize::MAX),
        None => MAX_CODES_PER_CALL + 1 + usize::from(n),
    }
}

impl fmt::Debug for GeneratorInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opts = self.format.options();
        writeln!(f, "// fuzz target `generator`: every issued code is new by canonical_key, len() counts the")?;
        writeln!(f, "// registered keys, remaining() drops by exactly what generate_codes issues, and a failed")?;
        writeln!(f, "// generate_codes leaves len() and remaining() unchanged.")?;
        writeln!(f, "let fmt = {}.build().unwrap();", repro::options(&opts))?;
        let Ok(fmt) = opts.build() else { return Ok(()) };
        writeln!(f, "let gen = Generator::new(fmt.clone(), Some({}));", self.seed)?;
        let (existing, steps) = self.steps(&fmt);
        writeln!(f, "gen.add_existing({});", repro::str_list_arg(&existing))?;
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::Add(codes) => writeln!(f, "let r{i} = gen.add_existing({});", repro::str_list_arg(codes))?,
                Step::Generate(p) => writeln!(f, "let r{i} = gen.generate(&{});", repro::partner(p))?,
                Step::GenerateAll(ps) => {
                    let ps: Vec<String> = ps.iter().map(repro::partner).collect();
                    writeln!(f, "let r{i} = gen.generate_all(&[{}]);", ps.join(", "))?
                }
                Step::Codes(n) => writeln!(f, "let r{i} = gen.generate_codes({n});")?,
                Step::CodesAll => writeln!(
                    f,
                    "let r{i} = gen.remaining().filter(|n| *n <= {MAX_ALL}).map(|n| gen.generate_codes(n as usize));"
                )?,
                Step::CodesTooMany(n) => writeln!(
                    f,
                    "let r{i} = gen.generate_codes(gen.remaining().map_or({}, |r| (r + {}) as usize));",
                    MAX_CODES_PER_CALL + 1 + usize::from(*n),
                    1 + u32::from(*n)
                )?,
                Step::Contains(s) => writeln!(f, "let r{i} = gen.contains({});", repro::str_ref(s))?,
            }
        }
        write!(f, "let _ = (gen.len(), gen.remaining());")
    }
}

/// The model and the checks shared by the operations.
struct Check<'a> {
    input: &'a GeneratorInput,
    fmt: &'a Format,
    gen: Generator,
    keys: HashSet<String>,
    /// Keys taken from the start and not counted by `len` (WooCommerce's `0`).
    reserved: usize,
    transcript: Vec<String>,
}

impl Check<'_> {
    fn issued(&mut self, what: &str, code: &str) {
        let input = self.input;
        let key = canonical_key(code);
        ensure!(input, self.keys.insert(key.clone()), "{what}: {code:?} (key {key:?}) was already registered");
        let platform = self.fmt.platform();
        let report = promocode::validate(code, platform);
        ensure!(
            input,
            report.valid,
            "{what}: {code:?} is invalid on {platform}: {:?}",
            report.issues
        );
        if platform == Platform::WooCommerce && report.valid {
            let stored = promocode::normalize(code, platform);
            ensure!(input, stored.as_deref() == Ok(code), "{what}: WooCommerce stores {code:?} as {stored:?}");
        }
        let n = code.chars().count();
        ensure!(input, n <= self.fmt.max_length(), "{what}: {code:?} is longer than {}", self.fmt.max_length());
    }

    fn partner_error(&mut self, what: &str, partner: &Partner, e: &promocode::Error) {
        let input = self.input;
        if let Some(p) = error_problem(e) {
            crate::fail!(input, "{what}: {p}: {e:?}");
        }
        let has_random = self.fmt.random_length() > 0;
        match e.code() {
            ErrorCode::EmptyPartner => ensure!(
                input,
                !has_random && personal_parts_empty(self.fmt, partner),
                "{what}: empty_partner for a partner with usable data or a format with a random part"
            ),
            ErrorCode::CodeSpaceExhausted if has_random => {
                for seed in 0..64 {
                    if let Ok(code) = self.fmt.render(partner, Some(seed)) {
                        ensure!(
                            input,
                            self.gen.contains(&code),
                            "{what}: code_space_exhausted, but {code:?} (render seed {seed}) is free"
                        );
                    }
                }
            }
            ErrorCode::CodeSpaceExhausted => {}
            other => crate::fail!(input, "{what}: failed with {other}: {e}"),
        }
    }

    fn len_is_model(&self, what: &str) {
        let (len, model) = (self.gen.len(), self.keys.len() - self.reserved);
        ensure!(self.input, len == model, "{what}: len() is {len}, {model} distinct keys are registered");
    }

    fn codes(&mut self, what: &str, n: usize) {
        let input = self.input;
        let (len0, rem0) = (self.gen.len(), self.gen.remaining());
        let bulk = self.fmt.personal_fields().is_empty();
        match self.gen.generate_codes(n) {
            Ok(codes) => {
                self.transcript.push(format!("{codes:?}"));
                ensure!(input, bulk, "{what}: generate_codes({n}) succeeded for a format with personal parts");
                ensure!(input, codes.len() == n, "{what}: asked for {n} codes, got {}", codes.len());
                for c in &codes {
                    self.issued(what, c);
                }
                let rem1 = self.gen.remaining();
                if let Some(r0) = rem0 {
                    let expected = r0.checked_sub(n as u128);
                    ensure!(input, rem1 == expected, "{what}: remaining went {r0} -> {rem1:?} after {n} codes");
                }
            }
            Err(e) => {
                self.transcript.push(format!("{:?}", e.code()));
                if let Some(p) = error_problem(&e) {
                    crate::fail!(input, "{what}: {p}: {e:?}");
                }
                let (len1, rem1) = (self.gen.len(), self.gen.remaining());
                ensure!(input, len1 == len0, "{what}: failed ({}) but len went {len0} -> {len1}", e.code());
                ensure!(input, rem1 == rem0, "{what}: failed ({}) but remaining went {rem0:?} -> {rem1:?}", e.code());
                match e.code() {
                    ErrorCode::NeedsPartner => ensure!(input, !bulk, "{what}: needs_partner for a bulk format"),
                    ErrorCode::InvalidValue => {
                        ensure!(input, n > MAX_CODES_PER_CALL, "{what}: invalid_value for {n} codes: {e}")
                    }
                    ErrorCode::CodeSpaceExhausted => {
                        ensure!(input, bulk, "{what}: code_space_exhausted for a format with personal parts");
                        if let Some(r0) = rem0 {
                            ensure!(
                                input,
                                n as u128 > r0,
                                "{what}: {n} codes asked, {r0} remaining, but code_space_exhausted: {e}"
                            );
                        }
                    }
                    other => crate::fail!(input, "{what}: failed with {other}: {e}"),
                }
            }
        }
        self.len_is_model(what);
    }

    fn run(&mut self, existing: &[String], steps: &[Step]) {
        let input = self.input;
        let added = self.gen.add_existing(existing);
        let new: usize = existing.iter().filter(|c| self.keys.insert(canonical_key(c))).count();
        ensure!(input, added == new, "add_existing(existing) returned {added}, {new} keys were new");
        self.len_is_model("existing");
        let bulk = self.fmt.personal_fields().is_empty();
        for (i, step) in steps.iter().enumerate() {
            let what = format!("r{i}");
            let what = what.as_str();
            let rem0 = self.gen.remaining();
            match step {
                Step::Add(codes) => {
                    let added = self.gen.add_existing(codes);
                    let new: usize = codes.iter().filter(|c| self.keys.insert(canonical_key(c))).count();
                    self.transcript.push(added.to_string());
                    ensure!(input, added == new, "{what}: add_existing returned {added}, {new} keys were new");
                    let rem1 = self.gen.remaining();
                    if let (Some(r0), Some(r1)) = (rem0, rem1) {
                        ensure!(
                            input,
                            r1 <= r0 && r0 - r1 <= added as u128,
                            "{what}: remaining {r0} -> {r1} after {added} new codes"
                        );
                    }
                }
                Step::Generate(p) => {
                    let r = self.gen.generate(p);
                    self.transcript.push(format!("{:?}", r.as_ref().map_err(|e| e.code())));
                    match r {
                        Ok(code) => {
                            self.issued(what, &code);
                            ensure!(
                                input,
                                self.gen.contains(&code),
                                "{what}: contains({code:?}) is false after issuing it"
                            );
                            if let (true, Some(r0)) = (bulk, rem0) {
                                let r1 = self.gen.remaining();
                                ensure!(input, r1 == Some(r0 - 1), "{what}: remaining {r0} -> {r1:?} after one code");
                            }
                        }
                        Err(e) => {
                            self.partner_error(what, p, &e);
                            ensure!(input, self.gen.remaining() == rem0, "{what}: a failed generate changed remaining");
                        }
                    }
                }
                Step::GenerateAll(ps) => {
                    let results = self.gen.generate_all(ps);
                    let summary: Vec<_> = results.iter().map(|r| r.as_ref().map_err(|e| e.code())).collect();
                    self.transcript.push(format!("{summary:?}"));
                    ensure!(
                        input,
                        results.len() == ps.len(),
                        "{what}: {} results for {} partners",
                        results.len(),
                        ps.len()
                    );
                    for (j, (r, p)) in results.iter().zip(ps).enumerate() {
                        let what = format!("{what}[{j}]");
                        match r {
                            Ok(code) => self.issued(&what, code),
                            Err(e) => self.partner_error(&what, p, e),
                        }
                    }
                }
                Step::Codes(n) => self.codes(what, *n),
                Step::CodesAll => {
                    if let Some(n) = rem0.filter(|n| *n <= MAX_ALL) {
                        self.codes(what, n as usize);
                    }
                }
                Step::CodesTooMany(n) => {
                    let count = too_many(rem0, *n);
                    self.codes(what, count);
                }
                Step::Contains(s) => {
                    let got = self.gen.contains(s);
                    let want = self.keys.contains(&canonical_key(s));
                    self.transcript.push(got.to_string());
                    ensure!(input, got == want, "{what}: contains({s:?}) is {got}, the model says {want}");
                }
            }
            self.len_is_model(what);
            if let (Some(r0), Some(r1)) = (rem0, self.gen.remaining()) {
                ensure!(input, r1 <= r0, "{what}: remaining grew from {r0} to {r1}");
            }
        }
    }
}

/// The `generator` check; returns false when the format does not build.
pub fn check(input: &GeneratorInput) -> bool {
    let Ok(fmt) = input.format.options().build() else { return false };
    let (existing, steps) = input.steps(&fmt);
    let mut transcripts = Vec::new();
    for _ in 0..2 {
        let mut c = Check {
            input,
            fmt: &fmt,
            gen: Generator::new(fmt.clone(), Some(input.seed)),
            keys: HashSet::new(),
            reserved: 0,
            transcript: Vec::new(),
        };
        if fmt.platform() == Platform::WooCommerce {
            // `0` can never be applied there: the generator holds it as taken.
            c.keys.insert("0".to_owned());
            c.reserved = 1;
        }
        c.run(&existing, &steps);
        transcripts.push(c.transcript);
    }
    ensure!(
        input,
        transcripts[0] == transcripts[1],
        "same seed, different results:\n{:?}\n{:?}",
        transcripts[0],
        transcripts[1]
    );
    true
}
