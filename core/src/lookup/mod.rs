//! Looking up codes as people enter them: heard on a podcast, read off a poster,
//! typed on a phone.
//!
//! [`crate::Generator::lookup`] (and [`lookup_in`] over any [`CodeSet`]; a
//! program store answers with [`crate::Store::lookup`], which fetches every
//! probe in one backend call) answers one of:
//!
//! * **`exact`**: the canonical key is registered (case, accents, fullwidth forms
//!   never matter). Always wins, even when another code looks more likely.
//! * **`normalized`**: exactly one code is hit after a meaning-preserving fold,
//!   named by `rule`, tried in this order:
//!   `spaces` (whitespace removed), `separators` (separators removed, then put back
//!   where the format puts them), `number_words` (whole tokens only: `JOHN TWENTY`
//!   → `JOHN20`, `twenty five` → `25`, `double seven` → `77`; `JONES` stays
//!   `JONES`), `look_alike` (Cyrillic/Greek letters that look Latin, then the
//!   folds O/0, I/L/1, S/5, Z/2, B/8 spread to every preimage, at most 256
//!   variants). The first rule with a hit decides; two different codes hit by it
//!   give `ambiguous`. A normalized answer may be applied automatically.
//! * **`suggest`**: codes one edit away (substitution, insertion, deletion,
//!   adjacent swap), ranked by [`score`](Suggestion::score). Never apply a
//!   suggestion without asking.
//! * **`ambiguous`**: the two best candidates score less than
//!   [`AMBIGUITY_MARGIN`] apart (or a fold hit two codes); all are listed.
//! * **`not_found`**.
//!
//! # Scores
//!
//! A suggestion's score (0–100) is the plausibility of the slip that turns the
//! code into what was entered; ties go to the code that sorts first, so every
//! runtime ranks identically:
//!
//! | slip | score |
//! |---|---|
//! | two adjacent characters swapped | 90 |
//! | look-alike substitution (O/0/Q, I/L/1, S/5, Z/2, B/8, G/6, U/V) | 90 |
//! | sound-alike substitution (E-set B C D E G P T V Z, M/N, F/S/X, A/J/K, I/Y, Q/U) | 85 |
//! | keyboard-neighbour substitution (QWERTY) | 80 |
//! | other substitution | 50 |
//! | a doubled letter dropped (`ANA` for `ANNA`), a silent `H` dropped (`JON` for `JOHN`) | 85 |
//! | a vowel dropped | 70 |
//! | another letter dropped | 60 |
//! | a letter typed twice | 80 |
//! | an extra keyboard-neighbour letter | 70 |
//! | another extra letter | 40 |
//!
//! With `check_symbol` formats, a candidate whose random part fails the check
//! (a foreign code, not one this format issued) loses 20. Exact and normalized
//! hits appear in [`suggest_in`] lists with distance 0 and score 100.
//!
//! # Cost
//!
//! The default costs no memory: the registry keeps 64-bit fingerprints, not
//! text, so a lookup generates the candidate keys (variants, then every
//! one-edit neighbour over `a–z`, `0–9`, the separators and the format's
//! alphabet: about 620 for an 8-character code) and probes each. Answers come
//! back as the canonical key in the format's letter case — the issued form of
//! every code the generator made; an `add_existing` code typed in another case
//! comes back in the format's case. A lookup never probes more than
//! [`MAX_VARIANTS`] variants plus [`MAX_PROBES`] neighbours, and text longer than
//! [`MAX_LOOKUP_CHARS`] characters (after the key is taken) gets `not_found`
//! after the exact probe. [`crate::Generator::with_lookup_index`] trades memory
//! for speed (a delete index; see `benches/` for both).
//!
//! # Check symbols
//!
//! See the `check` module: `check_symbol` formats end each random part with a
//! Damm check character; every single substitution and adjacent swap there is
//! detected ([`crate::Format::validate`] reports `check_failed`).

mod check;
pub(crate) mod edits;
mod index;

pub(crate) use check::Check;
pub(crate) use index::DeleteIndex;

use crate::error::{Error, Result};
use crate::format::Format;
use crate::platform::Case;
use crate::text::canonical_key;
use crate::value::Value;
use std::collections::HashMap;

/// Longer entered text (in key characters) gets only the exact probe.
pub const MAX_LOOKUP_CHARS: usize = 64;
/// The most fold variants one lookup probes.
pub const MAX_VARIANTS: usize = 512;
/// The most one-edit candidates one lookup probes.
pub const MAX_PROBES: usize = 16_384;
/// How many candidates a `suggest` or `ambiguous` answer lists.
pub const SUGGESTION_LIMIT: usize = 5;
/// Candidates whose scores differ by less than this are too close to call.
pub const AMBIGUITY_MARGIN: u32 = 10;
/// The least score of a confusion `warn` reports ([`crate::Generator::near`]).
pub const PLAUSIBLE_SCORE: u32 = 70;

/// What kind of answer a lookup gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupKind {
    /// The code exists as entered (ignoring case and accents).
    Exact,
    /// One code matched after a meaning-preserving fold.
    Normalized,
    /// Codes one edit away, best first.
    Suggest,
    /// Several codes fit about equally well.
    Ambiguous,
    /// Nothing close.
    NotFound,
}

impl LookupKind {
    /// `exact`, `normalized`, `suggest`, `ambiguous` or `not_found`.
    pub fn as_str(self) -> &'static str {
        match self {
            LookupKind::Exact => "exact",
            LookupKind::Normalized => "normalized",
            LookupKind::Suggest => "suggest",
            LookupKind::Ambiguous => "ambiguous",
            LookupKind::NotFound => "not_found",
        }
    }
}

/// A candidate code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The code, in its issued form.
    pub code: String,
    /// Edits between the entered text and the code (0 for exact and fold hits).
    pub distance: u32,
    /// How plausible the slip is, 0–100 (module docs).
    pub score: u32,
}

/// The answer of a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    /// What kind of answer this is.
    pub kind: LookupKind,
    /// The code, for `exact` and `normalized`.
    pub code: Option<String>,
    /// The fold that matched, for `normalized`: `spaces`, `separators`,
    /// `number_words` or `look_alike`.
    pub rule: Option<&'static str>,
    /// Candidates for `suggest` and `ambiguous`, best first.
    pub suggestions: Vec<Suggestion>,
}

impl Lookup {
    fn not_found() -> Lookup {
        Lookup { kind: LookupKind::NotFound, code: None, rule: None, suggestions: Vec::new() }
    }

    /// The answer as bindings hand it over: `{kind, code, rule, suggestions:
    /// [{code, distance, score}]}`, `null` where a field does not apply.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, Value};
    /// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
    /// gen.add_existing(["JOHN20"]);
    /// let v = gen.lookup("jon20").to_value();
    /// assert_eq!(v.get("kind"), Some(&Value::from("suggest")));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        let opt = |s: Option<&str>| s.map_or(Value::Null, Value::from);
        Value::object([
            ("kind", Value::from(self.kind.as_str())),
            ("code", opt(self.code.as_deref())),
            ("rule", opt(self.rule)),
            ("suggestions", suggestions_value(&self.suggestions)),
        ])
    }
}

/// A list of suggestions as bindings hand it over: `[{code, distance, score}]`.
pub fn suggestions_value(list: &[Suggestion]) -> Value {
    Value::Array(
        list.iter()
            .map(|s| {
                Value::object([
                    ("code", Value::from(s.code.as_str())),
                    ("distance", Value::Int(i64::from(s.distance))),
                    ("score", Value::Int(i64::from(s.score))),
                ])
            })
            .collect(),
    )
}

/// The text to look up, from a binding's value: a string, or `invalid_type`.
pub fn entered_text(value: &Value) -> Result<&str> {
    value.as_str().ok_or_else(|| Error::InvalidType {
        field: "code".into(),
        expected: "a string",
        got: value.type_name(),
    })
}

/// Where a lookup probes: a set of codes by canonical key.
pub trait CodeSet {
    /// For each canonical key, the code's issued form when a code with that key
    /// exists. One call per lookup stage (a store answers it with one query).
    fn find(&mut self, keys: &[String]) -> Vec<Option<String>>;
}

/// A [`crate::Generator`]'s registry as a [`CodeSet`]: answers are keys in the
/// format's letter case.
pub(crate) struct RegistrySet<'a> {
    pub(crate) registry: &'a crate::registry::Registry,
    pub(crate) case: Case,
}

impl CodeSet for RegistrySet<'_> {
    fn find(&mut self, keys: &[String]) -> Vec<Option<String>> {
        // In batches whose table lines are prefetched together, so the cache
        // misses of a large registry overlap.
        let mut out = Vec::with_capacity(keys.len());
        for batch in keys.chunks(PROBE_BATCH) {
            let mut fps = [0u64; PROBE_BATCH];
            for (fp, k) in fps.iter_mut().zip(batch) {
                *fp = self.registry.fingerprint_key(k.as_bytes());
                self.registry.prefetch(*fp);
            }
            for (fp, k) in fps.iter().zip(batch) {
                out.push(self.registry.contains(*fp).then(|| issued_form(k, self.case)));
            }
        }
        out
    }
}

/// Registry probes prefetched together.
const PROBE_BATCH: usize = 16;

/// A canonical key in `case`.
pub(crate) fn issued_form(key: &str, case: Case) -> String {
    match case {
        Case::Upper => key.to_uppercase(),
        Case::Lower => key.to_owned(),
    }
}

/// What a lookup knows about the codes' shape (from their format, when known).
pub(crate) struct Shape<'a> {
    format: Option<&'a Format>,
    /// Separators of the format, by position in the compact text: counted from
    /// the start, and from the end.
    front: Vec<(usize, String)>,
    back: Vec<(usize, String)>,
    /// The separator before a collision counter (names without random parts).
    counter: Option<String>,
    /// Characters candidates are built from.
    pub(crate) alphabet: Vec<char>,
}

impl<'a> Shape<'a> {
    pub(crate) fn new(format: Option<&'a Format>) -> Shape<'a> {
        let mut alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let mut extra = |c: char| {
            if !alphabet.contains(&c) && alphabet.len() < 128 {
                alphabet.push(c);
            }
        };
        let (front, back, counter) = match format {
            Some(f) => {
                for c in f
                    .alphabet
                    .chars
                    .iter()
                    .flat_map(|c| canonical_key(c.encode_utf8(&mut [0; 4])).chars().collect::<Vec<_>>())
                {
                    extra(c);
                }
                let (front, back) = f.separator_gaps();
                for c in front.iter().chain(&back).flat_map(|(_, s)| s.chars()) {
                    extra(c);
                }
                let counter = (!f.has_random() && !f.separator().is_empty()).then(|| canonical_key(f.separator()));
                if let Some(c) = &counter {
                    c.chars().for_each(&mut extra);
                }
                (front, back, counter)
            }
            None => {
                extra('-');
                extra('_');
                (Vec::new(), Vec::new(), Some("-".to_owned()))
            }
        };
        Shape { format, front, back, counter, alphabet }
    }

    /// `compact` with separators put back: every subset of the format's gaps
    /// (`all == false`) or just all of them, and each of those with a counter
    /// separator before 1–3 trailing digits.
    fn placements(&self, compact: &[char], all: bool, out: &mut Vec<String>) {
        let n = compact.len();
        let mut gaps: Vec<(usize, &str)> = Vec::new();
        for (p, s) in &self.front {
            if *p > 0 && *p < n && !gaps.iter().any(|g| g.0 == *p) {
                gaps.push((*p, s));
            }
        }
        for (d, s) in &self.back {
            if *d > 0 && *d < n && !gaps.iter().any(|g| g.0 == n - d) {
                gaps.push((n - d, s));
            }
        }
        gaps.truncate(4);
        let masks: Vec<usize> = if all { vec![(1 << gaps.len()) - 1] } else { (0..1 << gaps.len()).collect() };
        let digits = compact.iter().rev().take_while(|c| c.is_ascii_digit()).count().min(3);
        for mask in masks {
            let mut chosen: Vec<(usize, &str)> =
                gaps.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, g)| *g).collect();
            out.push(place(compact, &chosen));
            if let Some(sep) = &self.counter {
                for d in 1..=digits {
                    if d < n && !chosen.iter().any(|g| g.0 == n - d) {
                        chosen.push((n - d, sep));
                        out.push(place(compact, &chosen));
                        chosen.pop();
                    }
                }
            }
        }
    }

    /// The check-symbol adjustment of a candidate's score.
    fn adjust(&self, code: &str, score: u32) -> u32 {
        match self.format.and_then(|f| f.check_passes(code)) {
            Some(false) => score.saturating_sub(20),
            _ => score,
        }
    }
}

fn place(compact: &[char], gaps: &[(usize, &str)]) -> String {
    let mut gaps = gaps.to_vec();
    gaps.sort();
    let mut out = String::with_capacity(compact.len() + gaps.len());
    let mut g = gaps.iter().peekable();
    for (i, c) in compact.iter().enumerate() {
        while let Some((p, s)) = g.peek() {
            if *p == i {
                out.push_str(s);
                g.next();
            } else {
                break;
            }
        }
        out.push(*c);
    }
    out
}

fn compact(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Number words, as whole tokens.
const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

fn unit(t: &str) -> Option<u32> {
    if t == "oh" {
        return Some(0);
    }
    UNITS.iter().position(|u| *u == t).map(|i| i as u32)
}

/// The key with whole-token number words as digits (`None` when it has none).
fn number_words(key: &str) -> Option<String> {
    let tokens: Vec<&str> = key.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    let mut out = String::new();
    let mut changed = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if let Some(tens) = TENS.iter().position(|x| *x == t) {
            let tens = (tens as u32 + 2) * 10;
            match tokens.get(i + 1).and_then(|n| unit(n)).filter(|u| (1..10).contains(u)) {
                Some(u) => {
                    out.push_str(&(tens + u).to_string());
                    i += 1;
                }
                None => out.push_str(&tens.to_string()),
            }
            changed = true;
        } else if let Some(u) = unit(t) {
            out.push_str(&u.to_string());
            changed = true;
        } else if let (Some(times), Some(next)) =
            (["single", "double", "triple"].iter().position(|x| *x == t), tokens.get(i + 1))
        {
            let item = match unit(next).filter(|u| *u < 10) {
                Some(u) => u.to_string(),
                None if next.chars().count() == 1 => (*next).to_owned(),
                None => {
                    out.push_str(t);
                    i += 1;
                    continue;
                }
            };
            out.push_str(&item.repeat(times + 1));
            changed = true;
            i += 1;
        } else {
            out.push_str(t);
        }
        i += 1;
    }
    changed.then_some(out)
}

/// Cyrillic and Greek letters (as keys: lower case) that look like Latin ones.
const HOMOGLYPHS: [(char, char); 29] = [
    ('а', 'a'),
    ('в', 'b'),
    ('е', 'e'),
    ('ё', 'e'),
    ('к', 'k'),
    ('м', 'm'),
    ('н', 'h'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('т', 't'),
    ('у', 'y'),
    ('х', 'x'),
    ('ѕ', 's'),
    ('і', 'i'),
    ('ј', 'j'),
    ('α', 'a'),
    ('β', 'b'),
    ('ε', 'e'),
    ('ζ', 'z'),
    ('η', 'h'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('μ', 'm'),
    ('ν', 'v'),
    ('ο', 'o'),
    ('ρ', 'p'),
    ('τ', 't'),
    ('χ', 'x'),
];

/// Look-alike folds, spread back to every member.
const FOLDS: [&str; 5] = ["o0", "il1", "s5", "z2", "b8"];

fn fold_variants(base: &[char], cap: usize) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = vec![Vec::with_capacity(base.len())];
    for &c in base {
        let class = FOLDS.iter().find(|f| f.contains(c));
        let options: Vec<char> = match class {
            Some(f) => f.chars().collect(),
            None => vec![c],
        };
        if out.len() * options.len() > cap {
            out.iter_mut().for_each(|v| v.push(c));
            continue;
        }
        out = out
            .into_iter()
            .flat_map(|v| {
                options.iter().map(move |&o| {
                    let mut w = v.clone();
                    w.push(o);
                    w
                })
            })
            .collect();
    }
    out
}

/// Candidate keys with what they would mean, in probe order, deduplicated.
#[derive(Default)]
struct Probes {
    keys: Vec<String>,
    meta: Vec<(Option<&'static str>, u32)>,
    seen: HashMap<String, usize>,
}

impl Probes {
    /// Adds a one-edit candidate without deduplicating (answers are deduplicated
    /// by code; a repeated key costs one probe, not two allocations).
    fn push_edit(&mut self, key: String, score: u32) {
        if !key.is_empty() {
            self.keys.push(key);
            self.meta.push((None, score));
        }
    }

    fn push(&mut self, key: String, rule: Option<&'static str>, score: u32) {
        if key.is_empty() {
            return;
        }
        match self.seen.get(&key) {
            Some(&i) => {
                if self.meta[i].0.is_none() && rule.is_none() && score > self.meta[i].1 {
                    self.meta[i].1 = score;
                }
            }
            None => {
                self.seen.insert(key.clone(), self.keys.len());
                self.keys.push(key);
                self.meta.push((rule, score));
            }
        }
    }
}

/// The fold variants of `key`, by rule.
fn variants(key: &str, shape: &Shape<'_>, probes: &mut Probes) {
    let push_all = |probes: &mut Probes, list: Vec<String>, rule: &'static str| {
        for k in list {
            if probes.keys.len() >= MAX_VARIANTS {
                return;
            }
            probes.push(k, Some(rule), 100);
        }
    };
    let tight: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    probes.push(key.to_owned(), None, 100); // seen already (the exact probe)
    push_all(probes, vec![tight.clone()], "spaces");
    let mut list = Vec::new();
    let c = compact(&tight);
    shape.placements(&c, false, &mut list);
    push_all(probes, list, "separators");
    let spoken = number_words(key);
    if let Some(nw) = &spoken {
        let mut list = Vec::new();
        shape.placements(&compact(nw), false, &mut list);
        push_all(probes, list, "number_words");
    }
    let base = spoken.unwrap_or(tight);
    let latin: String = base.chars().map(|c| HOMOGLYPHS.iter().find(|h| h.0 == c).map_or(c, |h| h.1)).collect();
    let mut list = Vec::new();
    if latin != base {
        shape.placements(&compact(&latin), false, &mut list);
    }
    for v in fold_variants(&compact(&latin), 256) {
        shape.placements(&v, true, &mut list);
    }
    push_all(probes, list, "look_alike");
}

/// The bases one-edit candidates are built from: the entered key without
/// whitespace (probed as is), and its compact forms (separators put back after
/// the edit).
fn edit_candidates(key: &str, shape: &Shape<'_>, probes: &mut Probes) {
    let tight: Vec<char> = key.chars().filter(|c| !c.is_whitespace()).collect();
    let budget = probes.keys.len() + MAX_PROBES;
    let full = |probes: &mut Probes, k: String, score: u32| {
        if probes.keys.len() < budget {
            probes.push_edit(k, score);
        }
        probes.keys.len() < budget
    };
    edits::neighbours(&tight, &shape.alphabet, |cand, score| full(probes, cand.iter().collect(), score));
    let mut compacts = vec![compact(key)];
    if let Some(nw) = number_words(key) {
        compacts.push(compact(&nw));
    }
    let mut placed = Vec::new();
    for base in compacts {
        // Without separators to put back, the compact form adds nothing to the
        // entered text's own neighbours (a counter's missing separator plus a
        // typo is two slips).
        if base == tight && shape.front.is_empty() && shape.back.is_empty() {
            continue;
        }
        edits::neighbours(&base, &shape.alphabet, |cand, score| {
            placed.clear();
            shape.placements(cand, true, &mut placed);
            placed.iter().all(|k| full(probes, k.clone(), score))
        });
    }
}

/// The best score with which the probes reach `code` through `base` (a compact
/// entered key): one edit from `base` to some `code` without some of its
/// separators, which [`Shape::placements`] then puts back as `code`.
fn placed_score(shape: &Shape<'_>, base: &[char], code: &[char]) -> Option<u32> {
    let seps: Vec<usize> = (0..code.len()).filter(|&i| !code[i].is_alphanumeric()).take(6).collect();
    let want: String = code.iter().collect();
    let mut placed = Vec::new();
    let mut best = None;
    for mask in 0..1usize << seps.len() {
        let stripped: Vec<char> = (0..code.len())
            .filter(|i| seps.iter().position(|s| s == i).is_none_or(|b| mask >> b & 1 == 0))
            .map(|i| code[i])
            .collect();
        if !edits::reachable(base, &stripped, &shape.alphabet) {
            continue;
        }
        placed.clear();
        shape.placements(&stripped, true, &mut placed);
        if placed.contains(&want) {
            best = best.max(Some(edits::classify(base, &stripped)));
        }
    }
    best
}

/// Looks `entered` up in `set`; see the module docs.
///
/// ```
/// use promocode::{FormatOptions, Generator, LookupKind};
/// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
/// gen.add_existing(["JOHN20", "MARY20"]);
/// assert_eq!(gen.lookup("john20").kind, LookupKind::Exact);
/// let heard = gen.lookup("John twenty");
/// assert_eq!((heard.kind, heard.code.as_deref(), heard.rule), (LookupKind::Normalized, Some("JOHN20"), Some("number_words")));
/// let typo = gen.lookup("JON20");
/// assert_eq!((typo.kind, typo.suggestions[0].code.as_str()), (LookupKind::Suggest, "JOHN20"));
/// assert_eq!(gen.lookup("PETER20").kind, LookupKind::NotFound);
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn lookup_in(set: &mut dyn CodeSet, format: Option<&Format>, entered: &str) -> Lookup {
    run(set, format, entered, false, None).0
}

/// Every candidate for `entered`, best first, at most `limit`: an exact hit, fold
/// hits (distance 0, score 100), then one-edit candidates by score.
pub fn suggest_in(set: &mut dyn CodeSet, format: Option<&Format>, entered: &str, limit: usize) -> Vec<Suggestion> {
    let mut list = run(set, format, entered, true, None).1;
    list.truncate(limit);
    list
}

pub(crate) fn run(
    set: &mut dyn CodeSet,
    format: Option<&Format>,
    entered: &str,
    all: bool,
    index: Option<(&DeleteIndex, Case)>,
) -> (Lookup, Vec<Suggestion>) {
    let key = canonical_key(entered);
    if key.is_empty() {
        return (Lookup::not_found(), Vec::new());
    }
    let mut list: Vec<Suggestion> = Vec::new();
    if let Some(Some(code)) = set.find(std::slice::from_ref(&key)).pop() {
        let answer = Lookup { kind: LookupKind::Exact, code: Some(code.clone()), rule: None, suggestions: Vec::new() };
        if !all {
            return (answer, list);
        }
        list.push(Suggestion { code, distance: 0, score: 100 });
    }
    if key.chars().count() > MAX_LOOKUP_CHARS {
        return (Lookup::not_found(), list);
    }
    let shape = Shape::new(format);
    let mut probes = Probes::default();
    variants(&key, &shape, &mut probes);
    let found = set.find(&probes.keys[1..]);
    let mut first_rule: Option<(&'static str, Vec<String>)> = None;
    for (hit, (rule, _)) in found.into_iter().zip(&probes.meta[1..]) {
        let (Some(code), Some(rule)) = (hit, rule) else { continue };
        match &mut first_rule {
            None => first_rule = Some((rule, vec![code.clone()])),
            Some((r, codes)) if r == rule && !codes.contains(&code) => codes.push(code.clone()),
            _ => {}
        }
        if !list.iter().any(|s| s.code == code) {
            list.push(Suggestion { code, distance: 0, score: 100 });
        }
    }
    if let Some((rule, codes)) = &first_rule {
        if !all && list.first().is_none_or(|s| s.distance == 0) {
            let mut codes = codes.clone();
            codes.sort();
            return if codes.len() == 1 {
                (
                    Lookup {
                        kind: LookupKind::Normalized,
                        code: codes.pop(),
                        rule: Some(rule),
                        suggestions: Vec::new(),
                    },
                    list,
                )
            } else {
                let suggestions = codes.into_iter().map(|code| Suggestion { code, distance: 0, score: 100 }).collect();
                (Lookup { kind: LookupKind::Ambiguous, code: None, rule: None, suggestions }, list)
            };
        }
    }
    let raw: Vec<(String, u32)> = match index {
        Some((ix, case)) => {
            // The index matches compact keys (separators removed), a superset of
            // what the probes below find; keep just what they find, with their
            // scores: the index only changes speed.
            let tight: Vec<char> = key.chars().filter(|c| !c.is_whitespace()).collect();
            let mut bases = vec![compact(&key)];
            bases.extend(number_words(&key).map(|nw| compact(&nw)));
            let (mut raw, mut found) = (Vec::new(), Vec::new());
            for base in &bases {
                let placed_too = !(*base == tight && shape.front.is_empty() && shape.back.is_empty());
                found.clear();
                ix.candidates(base, &mut found);
                for (k, _) in found.drain(..) {
                    let kc: Vec<char> = k.chars().collect();
                    let as_typed = edits::reachable(&tight, &kc, &shape.alphabet).then(|| edits::classify(&tight, &kc));
                    let as_placed = if placed_too { placed_score(&shape, base, &kc) } else { None };
                    if let Some(score) = as_typed.max(as_placed) {
                        raw.push((issued_form(&k, case), score));
                    }
                }
            }
            raw
        }
        None => {
            let start = probes.keys.len();
            edit_candidates(&key, &shape, &mut probes);
            let found = set.find(&probes.keys[start..]);
            found.into_iter().zip(&probes.meta[start..]).filter_map(|(hit, m)| hit.map(|c| (c, m.1))).collect()
        }
    };
    let mut edits: Vec<Suggestion> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (code, score) in raw {
        if list.iter().any(|s| s.code == code) {
            continue;
        }
        let score = shape.adjust(&code, score);
        match index.get(&code) {
            Some(&i) => edits[i].score = edits[i].score.max(score),
            None => {
                index.insert(code.clone(), edits.len());
                edits.push(Suggestion { code, distance: u32::from(score < 100), score });
            }
        }
    }
    edits.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.code.cmp(&b.code)));
    list.extend(edits.iter().cloned());
    let kind = match edits.as_slice() {
        [] => return (Lookup::not_found(), list),
        [a, b, ..] if a.score - b.score < AMBIGUITY_MARGIN => LookupKind::Ambiguous,
        _ => LookupKind::Suggest,
    };
    edits.truncate(SUGGESTION_LIMIT);
    (Lookup { kind, code: None, rule: None, suggestions: edits }, list)
}

/// True when a registered code other than `key` itself lies one edit from `key`
/// (the `avoid` guard).
pub(crate) fn has_neighbour(registry: &crate::registry::Registry, key: &str, alphabet: &[char]) -> bool {
    let chars: Vec<char> = key.chars().collect();
    let mut buf = String::new();
    let mut fps = [0u64; PROBE_BATCH];
    let mut n = 0;
    let mut hit = false;
    edits::neighbours(&chars, alphabet, |cand, _| {
        buf.clear();
        buf.extend(cand);
        fps[n] = registry.fingerprint_key(buf.as_bytes());
        registry.prefetch(fps[n]);
        n += 1;
        if n == PROBE_BATCH {
            hit = fps.iter().any(|&fp| registry.contains(fp));
            n = 0;
        }
        !hit
    });
    hit || fps[..n].iter().any(|&fp| registry.contains(fp))
}

/// How the generator guards against codes one slip apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypoGuard {
    /// No check.
    Off,
    /// Issue the code; [`crate::Generator::near`] lists plausible confusions (the
    /// default when codes contain names).
    Warn,
    /// Never issue a random part or counter one edit from an existing code
    /// (names themselves are never blocked).
    Avoid,
}

impl TypoGuard {
    /// `off`, `warn` or `avoid`.
    pub fn name(self) -> &'static str {
        match self {
            TypoGuard::Off => "off",
            TypoGuard::Warn => "warn",
            TypoGuard::Avoid => "avoid",
        }
    }

    /// Parses `off`, `warn` or `avoid`.
    pub fn from_name(name: &str) -> Result<TypoGuard> {
        match name {
            "off" => Ok(TypoGuard::Off),
            "warn" => Ok(TypoGuard::Warn),
            "avoid" => Ok(TypoGuard::Avoid),
            other => Err(Error::InvalidValue {
                field: "typo_guard".into(),
                reason: format!("must be `off`, `warn` or `avoid`, got `{}`", crate::error::Quoted(other)),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_are_whole_tokens() {
        assert_eq!(number_words("john twenty").as_deref(), Some("john20"));
        assert_eq!(number_words("john-twenty-five").as_deref(), Some("john25"));
        assert_eq!(number_words("double seven oh").as_deref(), Some("770"));
        assert_eq!(number_words("jones"), None);
        assert_eq!(number_words("kristen10"), None);
    }

    #[test]
    fn fold_variants_are_capped() {
        let v = fold_variants(&"o0o0o0o0o0".chars().collect::<Vec<_>>(), 256);
        assert!(v.len() <= 256 && v.len() >= 128);
    }
}
