//! Unique code generation against every code that exists.

use crate::api::from_host::opt_count;
use crate::error::{Error, Result};
use crate::format::{Format, Layout, Scratch, Seg};
use crate::lookup::{has_neighbour, DeleteIndex, Lookup, RegistrySet, Suggestion, TypoGuard};
use crate::partner::Partner;
use crate::platform::{Case, Platform};
use crate::random::{Blocklist, Rng};
use crate::registry::Registry;
use crate::text::canonical_key;
use crate::value::Value;
use std::borrow::Borrow;
use std::sync::{Mutex, MutexGuard, PoisonError};

mod stored;
pub use stored::IssuedCode;
mod assign;
pub use assign::{AssignWarning, Assigned, ASSIGN_WARNING_CODES};

/// Random draws per code before the generator stops drawing blindly and
/// enumerates what is left of the code space.
const MAX_ATTEMPTS: usize = 64;

/// Code spaces up to this many raw candidates can be enumerated (sampled without
/// replacement); larger ones are never that full in practice (it would take
/// tens of millions of registered codes in them).
pub const ENUMERATION_LIMIT: u128 = 1 << 26;

/// The most codes one [`Generator::generate_codes`] call hands out; call again
/// for more (each call's list must fit in memory at once): 100,000,000, or
/// 10,000,000 in the 32-bit WASM build, whose memory and JS strings are smaller.
pub const MAX_CODES_PER_CALL: usize = if cfg!(target_arch = "wasm32") { 10_000_000 } else { 100_000_000 };

/// Hands out codes in one format that are unique, ignoring case and accents,
/// against every code that exists (all coupons of a program) and everything it
/// has issued itself.
///
/// A generator is `Sync`: share it between threads (the state sits behind a
/// mutex). It draws its randomness from one stream, keyed once (from the seed,
/// or from the OS CSPRNG on first use).
///
/// ```
/// use promocode::{FormatOptions, Generator, Partner};
/// let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
/// let gen = Generator::new(fmt, None);
/// gen.add_existing(["john20"]);
/// let john = Partner::new().name("John");
/// assert_eq!(gen.generate(&john)?, "JOHN20-2");
/// assert_eq!(gen.generate(&john)?, "JOHN20-3");
/// assert!(gen.contains("John20-2"));
/// assert_eq!(gen.len(), 3);
/// # Ok::<(), promocode::Error>(())
/// ```
///
/// Without a random part, a repeated code gets a collision counter: the separator
/// and a number (`JOHN20`, `JOHN20-2`, `JOHN20-3`). Where the format has no
/// separator (Paddle, `stripe-legacy`, or `separator("")`), a number would run
/// into the digits before it (`JOHN202` reads as a 202 % discount), so the
/// counter is letters instead, from the letters of the unambiguous alphabet
/// [`DEFAULT_ALPHABET`](crate::DEFAULT_ALPHABET) in the format's case:
/// `JOHN20`, `JOHN20B`, `JOHN20C`, … `JOHN20Z` (the 20th), `JOHN20BB` (the 21st).
///
/// ```
/// use promocode::{FormatOptions, Generator, Partner, Platform};
/// let fmt = FormatOptions::new().name(true).discount(20.0).platform(Platform::Paddle).build()?;
/// let gen = Generator::new(fmt, None);
/// let john = Partner::new().name("John");
/// let codes: Vec<String> = (0..3).map(|_| gen.generate(&john)).collect::<Result<_, _>>()?;
/// assert_eq!(codes, ["JOHN20", "JOHN20B", "JOHN20C"]);
/// # Ok::<(), promocode::Error>(())
/// ```
pub struct Generator {
    format: Format,
    inner: Mutex<Inner>,
    /// The program store and coupon codes are claimed in (`None`: this
    /// generator's own memory, as before stores existed).
    store: Option<stored::Bound>,
}

struct Inner {
    rng: Rng,
    registry: Registry,
    /// Next counter to try, per base code (only for names that collided).
    counters: std::collections::HashMap<u64, u64, BuildFingerprint>,
    /// Registered keys inside the bulk code space (for `remaining`).
    in_space: u128,
    matcher: Option<SpaceMatcher>,
    buf: String,
    scratch: Scratch,
    guard: TypoGuard,
    /// Characters the `avoid` guard builds neighbours from.
    guard_alphabet: Vec<char>,
    index: Option<DeleteIndex>,
    /// Layouts (as [`layout_key`]) whose every code is taken: the next partner
    /// with the same layout fails at once instead of redrawing and enumerating.
    /// Codes are only ever added, so a full layout stays full (a rolled-back
    /// bulk request clears the set).
    full: std::collections::HashSet<String>,
    /// Codes the platform stores but can never apply (WooCommerce's `0`),
    /// registered as taken at the start and not counted by `len`.
    reserved: usize,
    /// Without a store: partner id -> the code [`Generator::assign`] gave it.
    assigned: std::collections::HashMap<String, String>,
}

impl Generator {
    /// A generator for `format`. With a `seed`, the same calls give the same codes
    /// in every runtime; without one, randomness comes from the OS.
    pub fn new(format: Format, seed: Option<u64>) -> Generator {
        let matcher = SpaceMatcher::new(&format);
        let guard = if format.is_bulk() { TypoGuard::Off } else { TypoGuard::Warn };
        let guard_alphabet = crate::lookup::Shape::new(Some(&format)).alphabet;
        let gen = Generator {
            inner: Mutex::new(Inner {
                rng: Rng::new(seed),
                registry: Registry::new(),
                counters: std::collections::HashMap::default(),
                in_space: 0,
                matcher,
                buf: String::new(),
                scratch: Scratch::memoized(),
                guard,
                guard_alphabet,
                index: None,
                full: std::collections::HashSet::new(),
                reserved: 0,
                assigned: std::collections::HashMap::new(),
            }),
            format,
            store: None,
        };
        if gen.format.platform() == Platform::WooCommerce {
            // PHP's `empty('0')` is true: WooCommerce saves the coupon `0` but never
            // applies it (`validate` reports `unusable_code`), so it is never issued.
            gen.add_existing(["0"]);
            gen.lock().reserved = 1;
        }
        gen
    }

    /// Applies the options bindings pass, after the seed and store: typo guard,
    /// lookup index, then the existing codes.
    ///
    /// ```
    /// use promocode::api::{GeneratorOptions, KeyStyle};
    /// use promocode::{FormatOptions, Generator, TypoGuard, Value};
    /// let v = Value::object([("typoGuard", Value::from("avoid")), ("existing", Value::from(vec!["JOHN20"]))]);
    /// let opts = GeneratorOptions::from_value(&v, KeyStyle::Camel)?;
    /// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, opts.seed).with_options(&opts);
    /// assert_eq!((gen.typo_guard(), gen.len()), (TypoGuard::Avoid, 1));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn with_options(mut self, options: &crate::api::GeneratorOptions) -> Generator {
        if let Some(guard) = options.typo_guard {
            self = self.with_typo_guard(guard);
        }
        if options.lookup_index {
            self = self.with_lookup_index(true);
        }
        self.add_existing(&options.existing);
        self
    }

    /// Sets the typo guard (default: `warn` when codes contain personal parts,
    /// else `off`); see [`TypoGuard`].
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, TypoGuard};
    /// let gen = Generator::new(FormatOptions::new().random(3).alphabet("ABC").build()?, Some(1))
    ///     .with_typo_guard(TypoGuard::Avoid);
    /// let codes = gen.generate_codes(2)?; // no two of them one edit apart
    /// assert_eq!(codes.len(), 2);
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn with_typo_guard(mut self, guard: TypoGuard) -> Generator {
        self.inner.get_mut().unwrap_or_else(PoisonError::into_inner).guard = guard;
        self
    }

    /// The typo guard in force.
    pub fn typo_guard(&self) -> TypoGuard {
        self.lock().guard
    }

    /// Keeps a delete index for one-edit lookups (about 100–300 bytes per code
    /// more, lookups several times faster; see `benches/`). The index holds the
    /// codes registered from now on (the registry keeps no text to index the
    /// earlier ones), so turn it on before `add_existing`, as
    /// [`Generator::with_options`] does; lookups of earlier codes then still work
    /// by probing, but one-edit suggestions come from the index only.
    pub fn with_lookup_index(self, on: bool) -> Generator {
        {
            let mut inner = self.lock();
            inner.index = on.then(DeleteIndex::new);
        }
        self
    }

    /// How `entered` relates to the registered codes: `exact`, `normalized`,
    /// `suggest`, `ambiguous` or `not_found` (see [`crate::lookup`]).
    ///
    /// This asks this generator's own memory only (it cannot fail). A
    /// generator with a store ([`Generator::with_store`]) knows just the codes
    /// it issued or saw; [`Generator::lookup_stored`] (what bindings call) asks
    /// the store, for codes every process issued.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, LookupKind};
    /// let gen = Generator::new(FormatOptions::new().prefix("PARTNER").name(true).random(2).build()?, None);
    /// gen.add_existing(["PARTNER-JOHN-XY"]);
    /// let a = gen.lookup("partner john xy");
    /// assert_eq!((a.kind, a.code.as_deref(), a.rule), (LookupKind::Normalized, Some("PARTNER-JOHN-XY"), Some("separators")));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn lookup(&self, entered: &str) -> Lookup {
        let inner = self.lock();
        let mut set = RegistrySet { registry: &inner.registry, case: self.format.case() };
        let index = inner.index.as_ref().map(|ix| (ix, self.format.case()));
        crate::lookup::run(&mut set, Some(&self.format), entered, false, index).0
    }

    /// Every candidate for `entered`, best first, at most `limit` (exact and fold
    /// hits first, with distance 0). This generator's own memory only, as
    /// [`Generator::lookup`]; see [`Generator::suggest_stored`].
    pub fn suggest(&self, entered: &str, limit: usize) -> Vec<Suggestion> {
        let inner = self.lock();
        let mut set = RegistrySet { registry: &inner.registry, case: self.format.case() };
        let index = inner.index.as_ref().map(|ix| (ix, self.format.case()));
        let mut list = crate::lookup::run(&mut set, Some(&self.format), entered, true, index).1;
        list.truncate(limit);
        list
    }

    /// [`Generator::lookup`] for bindings: the entered text as a [`Value`] (a
    /// string, else `invalid_type`), the answer as `{kind, code, rule, suggestions}`.
    /// A generator with a store answers for the program
    /// ([`Generator::lookup_stored`]), so codes other processes issued are found.
    pub fn lookup_value(&self, entered: &Value) -> Result<Value> {
        let entered = crate::lookup::entered_text(entered)?;
        let answer = match &self.store {
            Some(_) => self.lookup_stored(entered)?,
            None => self.lookup(entered),
        };
        Ok(answer.to_value())
    }

    /// [`Generator::suggest`] for bindings: `[{code, distance, score}]`; with a
    /// store, [`Generator::suggest_stored`].
    pub fn suggest_value(&self, entered: &Value, limit: &Value) -> Result<Value> {
        let limit = opt_count("limit", limit, 0, usize::MAX)?.unwrap_or(crate::lookup::SUGGESTION_LIMIT);
        let entered = crate::lookup::entered_text(entered)?;
        let list = match &self.store {
            Some(_) => self.suggest_stored(entered, limit)?,
            None => self.suggest(entered, limit),
        };
        Ok(crate::lookup::suggestions_value(&list))
    }

    /// Registered codes one plausible slip from `code` (score at least
    /// [`crate::lookup::PLAUSIBLE_SCORE`]), other than `code` itself: what the
    /// `warn` guard reports for a code just issued.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, Partner};
    /// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
    /// gen.generate(&Partner::new().name("John"))?;
    /// let jon = gen.generate(&Partner::new().name("Jon"))?;
    /// assert_eq!(gen.near(&jon, 5)[0].code, "JOHN20");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn near(&self, code: &str, limit: usize) -> Vec<Suggestion> {
        let own = canonical_key(code);
        let mut list = self.suggest(code, usize::MAX);
        list.retain(|s| s.distance == 1 && s.score >= crate::lookup::PLAUSIBLE_SCORE && canonical_key(&s.code) != own);
        list.truncate(limit);
        list
    }

    fn index_codes<'a>(&self, codes: impl IntoIterator<Item = &'a str>) {
        let mut inner = self.lock();
        if let Some(ix) = inner.index.as_mut() {
            for code in codes {
                ix.add(&canonical_key(code));
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The format codes are generated in.
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// Registers codes that already exist (any text; compared by canonical key).
    /// Returns how many were new.
    pub fn add_existing<I, S>(&self, codes: I) -> usize
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut inner = self.lock();
        let inner = &mut *inner;
        let codes = codes.into_iter();
        inner.registry.reserve(codes.size_hint().0);
        let mut added = 0;
        for code in codes {
            let code = code.as_ref();
            let fp = inner.registry.fingerprint(code);
            if inner.registry.insert(fp) {
                added += 1;
                if let Some(ix) = inner.index.as_mut() {
                    ix.add(inner.registry.key_of(code));
                }
                if let Some(m) = &inner.matcher {
                    if m.matches(inner.registry.key_of(code)) {
                        inner.in_space += 1;
                    }
                }
            }
        }
        added
    }

    /// True when a code with the same canonical key exists or was issued.
    pub fn contains(&self, code: &str) -> bool {
        let mut inner = self.lock();
        let fp = inner.registry.fingerprint(code);
        inner.registry.contains(fp)
    }

    /// How many distinct codes are registered (existing and issued).
    pub fn len(&self) -> usize {
        let inner = self.lock();
        inner.registry.len() - inner.reserved
    }

    /// True when no code is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many more codes [`Generator::generate_codes`] can hand out, for a
    /// format whose only variable part is random; `None` when the supply is
    /// unbounded (a counter) or depends on each partner (personal parts).
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator};
    /// let gen = Generator::new(FormatOptions::new().random(2).alphabet("AB").build()?, Some(1));
    /// assert_eq!(gen.remaining(), Some(4));
    /// gen.generate_codes(3)?;
    /// assert_eq!(gen.remaining(), Some(1));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn remaining(&self) -> Option<u128> {
        let inner = self.lock();
        self.bulk_space().map(|space| space.saturating_sub(inner.in_space))
    }

    /// Bytes of heap the registry uses (for capacity planning and the benchmarks).
    pub fn memory_bytes(&self) -> usize {
        let inner = self.lock();
        // The counter memo: one u64 pair plus a control byte a slot, at most 7/8 full.
        let counters = inner.counters.capacity() * (2 * std::mem::size_of::<u64>() + 1) * 8 / 7;
        inner.registry.allocation_size() + counters + inner.index.as_ref().map_or(0, DeleteIndex::bytes)
    }

    fn bulk_space(&self) -> Option<u128> {
        if self.format.is_bulk() {
            self.format.random_space()
        } else {
            None
        }
    }

    /// A new unique code for `partner`, registered at once (the "partner joined"
    /// hook).
    pub fn generate(&self, partner: &Partner) -> Result<String> {
        if let Some(bound) = &self.store {
            return self.generate_stored(bound, &[partner]).pop().unwrap_or(Err(Error::EmptyFormat)).map(|c| c.code);
        }
        let code = self.lock().generate(&self.format, partner)?;
        self.index_codes([code.as_str()]);
        Ok(code)
    }

    /// One result per partner, in input order: a code, or the reason this partner
    /// got none. Nothing is dropped, no code is issued twice, and no code is
    /// reserved for a partner that failed.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, Partner};
    /// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
    /// let out = gen.generate_all(&[Partner::new().name("Ann"), Partner::new(), Partner::new().name("ann")]);
    /// assert_eq!(out[0].as_deref().ok(), Some("ANN20"));
    /// assert_eq!(out[1].as_ref().unwrap_err().code().as_str(), "empty_partner");
    /// assert_eq!(out[2].as_deref().ok(), Some("ANN20-2"));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn generate_all<I, P>(&self, partners: I) -> Vec<Result<String>>
    where
        I: IntoIterator<Item = P>,
        P: Borrow<Partner>,
    {
        if let Some(bound) = &self.store {
            let partners: Vec<P> = partners.into_iter().collect();
            let refs: Vec<&Partner> = partners.iter().map(Borrow::borrow).collect();
            return self.generate_stored(bound, &refs).into_iter().map(|r| r.map(|c| c.code)).collect();
        }
        let mut inner = self.lock();
        let partners = partners.into_iter();
        let mut out = Vec::with_capacity(partners.size_hint().0);
        inner.registry.reserve(partners.size_hint().0);
        for p in partners {
            out.push(inner.generate(&self.format, p.borrow()));
        }
        drop(inner);
        self.index_codes(out.iter().filter_map(|r| r.as_deref().ok()));
        out
    }

    /// [`Generator::generate_all`] with the codes in one buffer instead of one
    /// `String` each (what bindings use to build native strings directly):
    /// `codes.get(i)` is partner `i`'s code, empty when that partner got none,
    /// and `errors` holds `(i, reason)` for each of those, in order.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, Partner};
    /// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
    /// let (codes, errors) = gen.generate_all_packed(&[Partner::new().name("Ann"), Partner::new(), Partner::new().name("ann")]);
    /// assert_eq!(codes.iter().collect::<Vec<_>>(), ["ANN20", "", "ANN20-2"]);
    /// assert_eq!((errors.len(), errors[0].0, errors[0].1.code().as_str()), (1, 1, "empty_partner"));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn generate_all_packed<I, P>(&self, partners: I) -> (Codes, Vec<(usize, Error)>)
    where
        I: IntoIterator<Item = P>,
        P: Borrow<Partner>,
    {
        let mut codes = Issued::default();
        let mut errors = Vec::new();
        if self.store.is_some() {
            // Claimed in the store: the stored path, packed afterwards.
            for (i, r) in self.generate_all(partners).into_iter().enumerate() {
                match r {
                    Ok(code) => codes.push(code.as_bytes()),
                    Err(e) => {
                        errors.push((i, e));
                        codes.push(b"");
                    }
                }
            }
            return (codes.into_codes(), errors);
        }
        {
            let mut inner = self.lock();
            let inner = &mut *inner;
            let partners = partners.into_iter();
            inner.registry.reserve(partners.size_hint().0);
            for (i, p) in partners.enumerate() {
                match inner.generate_into_buf(&self.format, p.borrow()) {
                    Ok(()) => codes.push(inner.buf.as_bytes()),
                    Err(e) => {
                        errors.push((i, e));
                        codes.push(b"");
                    }
                }
            }
        }
        let codes = codes.into_codes();
        if self.lock().index.is_some() {
            self.index_codes(codes.issued(&errors).flatten());
        }
        (codes, errors)
    }

    /// `count` new unique codes, for a format without personal parts (bulk
    /// coupons). A request larger than what is left fails at once with
    /// `code_space_exhausted`, before any work; a feasible one succeeds, even
    /// when it takes every code left. All or nothing: on failure no code stays
    /// registered.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator};
    /// let gen = Generator::new(FormatOptions::new().prefix("SUMMER").random(2).build()?, Some(3));
    /// let all = gen.generate_codes(gen.remaining().unwrap() as usize)?; // the whole space
    /// assert!(all.iter().all(|c| c.starts_with("SUMMER-") && c.len() == 9));
    /// assert_eq!(gen.generate_codes(1).unwrap_err().code().as_str(), "code_space_exhausted");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn generate_codes(&self, count: usize) -> Result<Vec<String>> {
        self.generate_codes_packed(count).map(Codes::into_vec)
    }

    /// [`Generator::generate_codes`], with the codes in one buffer instead of one
    /// allocation each — what bindings use to build native strings directly.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator};
    /// let gen = Generator::new(FormatOptions::new().random(8).build()?, Some(42));
    /// let codes = gen.generate_codes_packed(3)?;
    /// assert_eq!(codes.len(), 3);
    /// assert!(codes.iter().all(|c| c.len() == 8));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn generate_codes_packed(&self, count: usize) -> Result<Codes> {
        if !self.format.is_bulk() {
            return Err(Error::NeedsPartner {
                fields: self.format.personal_fields().iter().map(|f| f.as_str()).collect(),
            });
        }
        let mut inner = self.lock();
        if let Some(space) = self.format.random_space() {
            let remaining = space.saturating_sub(inner.in_space);
            if count as u128 > remaining {
                return Err(Error::CodeSpaceExhausted { requested: count as u128, available: remaining });
            }
        }
        if count > MAX_CODES_PER_CALL {
            return Err(Error::InvalidValue {
                field: "count".into(),
                reason: format!("must be at most {MAX_CODES_PER_CALL} per call, got {count}; call again for more"),
            });
        }
        if let Some(bound) = &self.store {
            return self.generate_codes_stored(bound, &mut inner, count);
        }
        let mut issued = Issued::default();
        match inner.generate_codes(&self.format, count, &mut issued) {
            Ok(()) => {
                drop(inner);
                let codes = issued.into_codes();
                self.index_codes(codes.iter());
                Ok(codes)
            }
            Err(e) => {
                // Every issued code was registered under its own fingerprint.
                let codes = issued.into_codes();
                for code in codes.iter() {
                    let fp = inner.registry.fingerprint(code);
                    inner.registry.remove(fp);
                }
                inner.in_space = inner.in_space.saturating_sub(codes.len() as u128);
                inner.full.clear();
                Err(e)
            }
        }
    }
}

/// Codes in one string buffer, in order (see [`Generator::generate_codes_packed`]).
#[derive(Clone, Debug, Default)]
pub struct Codes {
    text: String,
    count: usize,
    /// The end of each code in `text`; empty when every code is `stride` bytes
    /// long (bulk codes of one ASCII layout).
    ends: Vec<usize>,
    stride: usize,
}

impl PartialEq for Codes {
    fn eq(&self, other: &Codes) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Codes {}

impl Codes {
    /// How many codes there are.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The `i`-th code.
    pub fn get(&self, i: usize) -> Option<&str> {
        if i >= self.count {
            return None;
        }
        if self.ends.is_empty() {
            return self.text.get(i * self.stride..(i + 1) * self.stride);
        }
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// The codes in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The codes of a packed batch ([`Generator::generate_all_packed`]) in order,
    /// `None` at each index `errors` lists (its indices ascending).
    pub(crate) fn issued<'a>(&'a self, errors: &'a [(usize, Error)]) -> impl Iterator<Item = Option<&'a str>> + 'a {
        let mut failed = errors.iter().map(|(i, _)| *i).peekable();
        self.iter().enumerate().map(move |(i, code)| if failed.next_if_eq(&i).is_some() { None } else { Some(code) })
    }

    /// One `String` per code.
    pub fn into_vec(self) -> Vec<String> {
        self.iter().map(String::from).collect()
    }
}

/// Codes issued by one bulk call (registered; rolled back by fingerprinting
/// them again).
#[derive(Default)]
struct Issued {
    text: Vec<u8>,
    count: usize,
    /// The end of each code in `text`; empty while every code is `stride` bytes.
    ends: Vec<usize>,
    stride: usize,
}

impl Issued {
    fn push(&mut self, code: &[u8]) {
        if self.count == 0 {
            self.stride = code.len();
        } else if self.ends.is_empty() && code.len() != self.stride {
            self.ends = (1..=self.count).map(|i| i * self.stride).collect();
        }
        self.text.extend_from_slice(code);
        if !self.ends.is_empty() || code.len() != self.stride {
            self.ends.push(self.text.len());
        }
        self.count += 1;
    }

    fn len(&self) -> usize {
        self.count
    }

    /// An empty list (bulk calls size it as codes come).
    fn with_capacity(_codes: usize) -> Issued {
        Issued::default()
    }

    /// Code `i`.
    fn get(&self, i: usize) -> &str {
        let (start, end) = if self.ends.is_empty() {
            (i * self.stride, (i + 1) * self.stride)
        } else {
            (if i == 0 { 0 } else { self.ends[i - 1] }, self.ends[i])
        };
        std::str::from_utf8(self.text.get(start..end).unwrap_or_default()).unwrap_or_default()
    }

    fn first(&self) -> String {
        let end = if self.ends.is_empty() { self.stride } else { self.ends[0] };
        String::from_utf8_lossy(self.text.get(..end).unwrap_or_default()).into_owned()
    }

    /// The codes; every push was a whole `&str`, so the text is valid UTF-8.
    fn into_codes(self) -> Codes {
        let text = String::from_utf8(self.text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Codes { text, count: self.count, ends: self.ends, stride: self.stride }
    }
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator").field("format", &self.format).field("len", &self.len()).finish_non_exhaustive()
    }
}

/// Keys that are fingerprints already (well-mixed 64-bit hashes) need no hashing.
#[derive(Default, Clone, Copy)]
struct BuildFingerprint;

struct FingerprintHasher(u64);

impl std::hash::BuildHasher for BuildFingerprint {
    type Hasher = FingerprintHasher;
    fn build_hasher(&self) -> FingerprintHasher {
        FingerprintHasher(0)
    }
}

impl std::hash::Hasher for FingerprintHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The letters of collision counters in formats without a separator: the
/// letters of [`DEFAULT_ALPHABET`](crate::DEFAULT_ALPHABET) (no vowels, no `I`,
/// `L`, `O`), so a counter never reads as a digit or spells a word.
const COUNTER_LETTERS: &[u8; 19] = b"BCDFGHJKMNPQRSTVWXZ";

/// Appends the counter of collision number `n` (2 for the first repeat): the
/// separator and the number (`-2`), or where the format has no separator,
/// letters that cannot run into a number before them: `n − 1` in bijective
/// base 19 over [`COUNTER_LETTERS`] (`B` for 2, `Z` for 20, `BB` for 21), in
/// the format's case.
fn push_counter(format: &Format, n: u64, out: &mut String) {
    if !format.separator().is_empty() {
        format.push_counter_suffix(n, out);
        return;
    }
    let mut letters = [0u8; 16]; // 19^15 > u64::MAX
    let mut i = letters.len();
    let mut k = n.saturating_sub(1).max(1);
    while k > 0 {
        k -= 1;
        i -= 1;
        letters[i] = COUNTER_LETTERS[(k % 19) as usize];
        k /= 19;
    }
    let lower = format.case() == Case::Lower;
    out.extend(letters[i..].iter().map(|&b| char::from(if lower { b.to_ascii_lowercase() } else { b })));
}

/// The length in characters of [`push_counter`]'s suffix for `n`.
fn counter_width(format: &Format, n: u64) -> usize {
    if !format.separator().is_empty() {
        return format.counter_suffix_width(n);
    }
    let mut k = n.saturating_sub(1).max(1);
    let mut width = 0;
    while k > 0 {
        k = (k - 1) / 19;
        width += 1;
    }
    width
}

/// Bulk candidates drawn, fingerprinted and prefetched together before they are
/// inserted one by one (their cache misses overlap).
const BATCH: usize = 16;

impl Inner {
    /// Under the `avoid` guard: true when the free candidate in `buf` (with
    /// fingerprint `fp`) lies one edit from a registered code.
    fn guarded(&self, fp: u64) -> bool {
        self.guard == TypoGuard::Avoid
            && !self.registry.contains(fp)
            && has_neighbour(&self.registry, &canonical_key(&self.buf), &self.guard_alphabet)
    }

    fn generate(&mut self, format: &Format, partner: &Partner) -> Result<String> {
        self.generate_into_buf(format, partner)?;
        Ok(self.buf.clone())
    }

    /// [`Inner::generate`], leaving the code in `self.buf`.
    fn generate_into_buf(&mut self, format: &Format, partner: &Partner) -> Result<()> {
        format.personal_into(partner, &mut self.scratch)?;
        if !format.has_random() {
            return self.with_counter(format);
        }
        if !self.full.is_empty() && self.full.contains(&layout_key(&format.layout(&self.scratch.values(), 0)?)) {
            return Err(Error::CodeSpaceExhausted { requested: 1, available: 0 });
        }
        match self.draw_unique(format) {
            Err(e @ Error::CodeSpaceExhausted { .. }) => {
                // Enumerated and found nothing free: remember the layout as full.
                let layout = format.layout(&self.scratch.values(), 0)?;
                if raw_space(format, &layout) <= ENUMERATION_LIMIT {
                    self.full.insert(layout_key(&layout));
                }
                return Err(e);
            }
            other => other?,
        };
        if format.is_bulk() {
            self.in_space += 1;
        }
        Ok(())
    }

    /// Draws until a code is free; after [`MAX_ATTEMPTS`] misses, picks uniformly
    /// among the free codes of this partner's layout (or gives up when there are none).
    fn draw_unique(&mut self, format: &Format) -> Result<()> {
        let mut layout: Option<Layout> = None;
        for _ in 0..MAX_ATTEMPTS {
            self.buf.clear();
            match &layout {
                Some(l) => l.write(format, &mut self.rng, &mut self.buf)?,
                None if format.write_fast(&self.scratch, &mut self.rng, &mut self.buf)? => {}
                None => {
                    let l = format.layout(&self.scratch.values(), 0)?;
                    l.write(format, &mut self.rng, &mut self.buf)?;
                    layout = Some(l);
                }
            }
            let fp = self.registry.fingerprint(&self.buf);
            if self.guarded(fp) {
                continue;
            }
            if self.registry.insert(fp) {
                return Ok(());
            }
        }
        if self.guard == TypoGuard::Avoid {
            return Err(Error::CodeSpaceExhausted { requested: 1, available: 0 });
        }
        let layout = match layout {
            Some(l) => l,
            None => format.layout(&self.scratch.values(), 0)?,
        };
        let mut picked = Issued::default();
        self.sample_free(format, &layout, 1, &mut picked)?;
        self.buf = picked.first();
        Ok(())
    }

    /// Counter policy for layouts without random parts: `JOHN20`, `JOHN20-2`, ...
    fn with_counter(&mut self, format: &Format) -> Result<()> {
        self.buf.clear();
        let fast = format.write_fast(&self.scratch, &mut self.rng, &mut self.buf)?;
        if !fast {
            format.layout(&self.scratch.values(), 0)?.write(format, &mut self.rng, &mut self.buf)?;
        }
        let base_fp = self.registry.fingerprint(&self.buf);
        if self.registry.insert(base_fp) {
            return Ok(());
        }
        let base_len = self.buf.len();
        let mut n = self.counters.get(&base_fp).copied().unwrap_or(2);
        // The counter needs room: when the code would get too long, personal parts
        // shrink (the layout is recomputed only when the counter gains a digit).
        let mut shortened: Option<(usize, Layout)> = None;
        loop {
            let width = counter_width(format, n);
            if fast && format.fast_fits(&self.scratch, width) {
                self.buf.truncate(base_len);
            } else {
                if shortened.as_ref().is_none_or(|(w, _)| *w != width) {
                    shortened = Some((width, format.layout(&self.scratch.values(), width)?));
                }
                self.buf.clear();
                if let Some((_, layout)) = &shortened {
                    layout.write(format, &mut self.rng, &mut self.buf)?;
                }
            }
            push_counter(format, n, &mut self.buf);
            let fp = self.registry.fingerprint(&self.buf);
            if self.guarded(fp) {
                n += 1;
                continue;
            }
            if self.registry.insert(fp) {
                self.counters.insert(base_fp, n + 1);
                return Ok(());
            }
            n += 1;
        }
    }

    fn generate_codes(&mut self, format: &Format, count: usize, issued: &mut Issued) -> Result<()> {
        if !format.has_random() {
            self.scratch.clear();
            for _ in 0..count {
                self.with_counter(format)?;
                issued.push(self.buf.as_bytes());
            }
            return Ok(());
        }
        let layout = format.layout(&[], 0)?;
        self.registry.reserve(count);
        if self.guard == TypoGuard::Avoid {
            // One candidate at a time, each checked against its one-edit neighbours.
            let mut misses = 0;
            while issued.len() < count {
                self.buf.clear();
                layout.write(format, &mut self.rng, &mut self.buf)?;
                let fp = self.registry.fingerprint(&self.buf);
                if !self.guarded(fp) && self.registry.insert(fp) {
                    self.in_space += 1;
                    issued.push(self.buf.as_bytes());
                    misses = 0;
                } else {
                    misses += 1;
                    if misses >= MAX_ATTEMPTS {
                        let left = (count - issued.len()) as u128;
                        return Err(Error::CodeSpaceExhausted { requested: left, available: 0 });
                    }
                }
            }
            return Ok(());
        }
        let raw = raw_space(format, &layout);
        let remaining = format.random_space().unwrap_or(0).saturating_sub(self.in_space);
        // When the request takes a large share of what is left, blind draws would
        // mostly miss: enumerate the free codes and sample without replacement.
        if raw <= ENUMERATION_LIMIT && (count as u128).saturating_mul(4) >= remaining {
            self.sample_free(format, &layout, count, issued)?;
            self.in_space += count as u128;
            return Ok(());
        }
        let done = match AsciiBulk::new(format, &layout) {
            Some(fast) if fast.len <= 16 => self.bulk_ascii::<16>(&fast, count, issued)?,
            Some(fast) => self.bulk_ascii::<ASCII_MAX>(&fast, count, issued)?,
            None => self.bulk_general(format, &layout, count, issued)?,
        };
        if !done {
            let left = count - issued.len();
            if raw > ENUMERATION_LIMIT {
                return Err(Error::CodeSpaceExhausted { requested: left as u128, available: 0 });
            }
            self.sample_free(format, &layout, left, issued)?;
            self.in_space += left as u128;
        }
        Ok(())
    }

    /// Bulk generation through [`AsciiBulk`]: candidates written straight into
    /// the output buffer, `CAP` bytes at a time (codes are at most `CAP` long), a
    /// batch of them fingerprinted and prefetched before they are inserted in
    /// stream order. Returns false after [`MAX_ATTEMPTS`] taken candidates in a
    /// row (the caller enumerates what is left).
    fn bulk_ascii<const CAP: usize>(&mut self, fast: &AsciiBulk, count: usize, issued: &mut Issued) -> Result<bool> {
        // Called first in a bulk request, so `issued` holds no codes yet.
        debug_assert_eq!(issued.len(), 0);
        let stride = fast.len;
        let target = issued.len() + count;
        let mut done = issued.len();
        let mut text = std::mem::take(&mut issued.text);
        // Every code has `stride` bytes; `CAP` bytes of slack let each candidate
        // be written as one fixed-size block.
        text.resize(target * stride + CAP, 0);
        let mut misses = 0;
        let mut drawn = [0u16; 64];
        let result = loop {
            if done == target {
                break Ok(true);
            }
            // Candidates are drawn in stream order and accepted unless taken, exactly
            // as if drawn one at a time; a batch never draws more than is still needed.
            let k = BATCH.min(target - done);
            let mut fps = [0u64; BATCH];
            let mut failed = None;
            for (c, fp) in fps.iter_mut().enumerate().take(k) {
                let Some(slot) = text.get_mut((done + c) * stride..).and_then(|t| t.first_chunk_mut::<CAP>()) else {
                    break;
                };
                if let Err(e) = fast.write(&mut self.rng, slot, &mut drawn) {
                    failed = Some(e);
                    break;
                }
                let mut key = *slot;
                ascii_lowercase_words(&mut key);
                *fp = self.registry.fingerprint_key(&key[..stride]);
                self.registry.prefetch(*fp);
            }
            if let Some(e) = failed {
                break Err(e);
            }
            let mut kept = 0;
            for (c, &fp) in fps.iter().enumerate().take(k) {
                if self.registry.insert(fp) {
                    if kept != c {
                        // A taken candidate left a gap: close it (rare).
                        let from = (done + c) * stride;
                        text.copy_within(from..from + stride, (done + kept) * stride);
                    }
                    kept += 1;
                    misses = 0;
                } else {
                    misses += 1;
                }
            }
            done += kept;
            self.in_space += kept as u128;
            if misses >= MAX_ATTEMPTS {
                break Ok(false);
            }
        };
        text.truncate(done * stride);
        issued.text = text;
        issued.stride = stride;
        issued.count = done;
        result
    }

    /// Bulk generation for any layout (non-ASCII text or alphabet): batched like
    /// [`Inner::bulk_ascii`], one code at a time through [`Layout::write`].
    fn bulk_general(&mut self, format: &Format, layout: &Layout, count: usize, issued: &mut Issued) -> Result<bool> {
        let target = issued.len() + count;
        let mut misses = 0;
        let mut batch: Vec<u8> = Vec::new();
        let mut text = String::new();
        while issued.len() < target {
            let k = BATCH.min(target - issued.len());
            let mut fps = [0u64; BATCH];
            let mut ends = [0usize; BATCH];
            batch.clear();
            for (fp, end) in fps.iter_mut().zip(ends.iter_mut()).take(k) {
                text.clear();
                layout.write(format, &mut self.rng, &mut text)?;
                batch.extend_from_slice(text.as_bytes());
                *fp = self.registry.fingerprint(&text);
                self.registry.prefetch(*fp);
                *end = batch.len();
            }
            let mut start = 0;
            for (fp, &end) in fps.iter().zip(ends.iter()).take(k) {
                if self.registry.insert(*fp) {
                    self.in_space += 1;
                    issued.push(&batch[start..end]);
                    misses = 0;
                } else {
                    misses += 1;
                }
                start = end;
            }
            if misses >= MAX_ATTEMPTS {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Picks `k` codes uniformly among the free codes of `layout`, without
    /// replacement (Knuth's selection sampling over the enumerated space, then a
    /// shuffle), registers them and appends them to `out`.
    fn sample_free(&mut self, format: &Format, layout: &Layout, k: usize, out: &mut Issued) -> Result<()> {
        let raw = raw_space(format, layout);
        if raw > ENUMERATION_LIMIT {
            return Err(Error::CodeSpaceExhausted { requested: k as u128, available: 0 });
        }
        let mut free = 0u64;
        enumerate(format, layout, raw as u64, &mut self.buf, |code| {
            let fp = self.registry.fingerprint(code);
            free += u64::from(!self.registry.contains(fp));
            true
        });
        if (k as u64) > free {
            return Err(Error::CodeSpaceExhausted { requested: k as u128, available: u128::from(free) });
        }
        let mut picked: Vec<(String, u64)> = Vec::with_capacity(k);
        let (mut seen, mut error) = (0u64, None);
        let mut buf = String::new();
        enumerate(format, layout, raw as u64, &mut buf, |code| {
            let fp = self.registry.fingerprint(code);
            if self.registry.contains(fp) {
                return true;
            }
            let wanted = (k - picked.len()) as u64;
            match self.rng.below(free - seen) {
                Ok(r) if r < wanted => picked.push((code.to_owned(), fp)),
                Ok(_) => {}
                Err(e) => error = Some(e),
            }
            seen += 1;
            error.is_none() && picked.len() < k
        });
        if let Some(e) = error {
            return Err(e);
        }
        for i in (1..picked.len()).rev() {
            let j = self.rng.below((i + 1) as u64)? as usize;
            picked.swap(i, j);
        }
        for (code, fp) in &picked {
            self.registry.insert(*fp);
            out.push(code.as_bytes());
        }
        Ok(())
    }
}

/// The byte-level fast path for bulk layouts of plain ASCII (letters, digits,
/// `-`, `_`) up to 64 characters: the canonical key is the lowercase form, and
/// each random part is drawn exactly as [`crate::format::draw_part`] draws it
/// (the same indices from the same bytes, the same whole-part redraw when it
/// spells a blocked word), with each stream byte mapped at once to its
/// character and blocklist symbol.
struct AsciiBulk {
    /// Code length in bytes.
    len: usize,
    /// The code with its fixed text in place (zeros elsewhere).
    template: [u8; ASCII_MAX],
    /// `(offset, length)` of each random part.
    parts: Vec<(usize, usize)>,
    /// Stream byte → `symbol | character << 8` of alphabet index `b mod n`, or 0
    /// for a rejected byte (every character is a nonzero byte).
    lut: Box<[u16; 256]>,
    blocklist: &'static Blocklist,
}

/// The longest code the ASCII fast path handles.
const ASCII_MAX: usize = 64;

impl AsciiBulk {
    fn new(format: &Format, layout: &Layout) -> Option<AsciiBulk> {
        // Check symbols take the portable path (the same codes: it draws the data
        // characters the same way and appends the check character).
        if format.check.is_some() {
            return None;
        }
        let alphabet = &format.alphabet;
        let code_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        let bytes = alphabet.ascii.as_deref().filter(|b| b.iter().all(|&c| code_byte(c)))?;
        let index_lut = alphabet.lut.as_deref()?;
        let mut template = [0u8; ASCII_MAX];
        let mut parts = Vec::new();
        let mut len = 0;
        for seg in &layout.segs {
            let n = match seg {
                Seg::Fixed(s) => s.len(),
                Seg::Random { len, .. } => *len,
            };
            let slot = template.get_mut(len..len + n)?;
            match seg {
                Seg::Fixed(s) => {
                    s.bytes().all(code_byte).then_some(())?;
                    slot.copy_from_slice(s.as_bytes());
                }
                Seg::Random { .. } => parts.push((len, n)),
            }
            len += n;
        }
        let mut lut = Box::new([0u16; 256]);
        for (entry, &i) in lut.iter_mut().zip(index_lut.iter()) {
            if i != crate::random::REJECT {
                let i = i as usize;
                *entry = u16::from(alphabet.symbols[i]) | u16::from(bytes[i]) << 8;
            }
        }
        Some(AsciiBulk { len, template, parts, lut, blocklist: Blocklist::get() })
    }

    /// Writes a code into `code[..self.len]` (the rest of `code` is zeroed);
    /// `drawn` is scratch space.
    #[inline]
    fn write<const CAP: usize>(&self, rng: &mut Rng, code: &mut [u8; CAP], drawn: &mut [u16; 64]) -> Result<()> {
        code.copy_from_slice(&self.template[..CAP]);
        let dead = self.blocklist.dead();
        for &(offset, len) in &self.parts {
            let Some(dst) = code.get_mut(offset..offset + len) else { continue };
            // The dense automaton: a blocked word ends in the absorbing `dead` state.
            crate::format::redraw_until_clean(
                drawn,
                |d| rng.fill_mapped(&self.lut, 0, d, len),
                |d| d[..len].iter().fold(0, |state, &e| self.blocklist.step_dense(state, e as u8)) == dead,
            )?;
            for (byte, &e) in dst.iter_mut().zip(drawn.iter()) {
                *byte = (e >> 8) as u8;
            }
        }
        Ok(())
    }
}

/// `make_ascii_lowercase`, eight bytes at a time (`CAP` is a multiple of 8).
#[inline(always)]
fn ascii_lowercase_words<const CAP: usize>(bytes: &mut [u8; CAP]) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = LO * 0x80;
    for word in bytes.chunks_exact_mut(8) {
        let Ok(chunk) = <&mut [u8; 8]>::try_from(word) else { continue };
        let x = u64::from_le_bytes(*chunk);
        let low7 = x & !HI;
        // Top bit of each byte: low7 ≥ 'A', low7 > 'Z' (no carries between bytes).
        let from_a = low7 + LO * (0x80 - u64::from(b'A'));
        let past_z = low7 + LO * (0x80 - u64::from(b'Z') - 1);
        let upper = from_a & !past_z & !x & HI;
        *chunk = (x | (upper >> 2)).to_le_bytes();
    }
}

/// Identifies a layout (its fixed text and random slots) in [`Inner::full`].
fn layout_key(layout: &Layout) -> String {
    let mut key = String::new();
    for seg in &layout.segs {
        match seg {
            Seg::Fixed(s) => key.push_str(s),
            Seg::Random { part, len } => key.push_str(&format!("\u{0}{part}:{len}\u{0}")),
        }
    }
    key
}

/// The number of raw candidates (blocked ones included) of a layout's random slots.
fn raw_space(format: &Format, layout: &Layout) -> u128 {
    let n = format.alphabet.len() as u128;
    layout.segs.iter().fold(1u128, |acc, seg| match seg {
        Seg::Random { len, .. } => {
            (0..*len - usize::from(format.check.is_some())).fold(acc, |a, _| a.saturating_mul(n))
        }
        Seg::Fixed(_) => acc,
    })
}

/// Calls `visit` with every blocklist-free code of `layout`, in index order,
/// until it returns false.
fn enumerate(format: &Format, layout: &Layout, raw: u64, buf: &mut String, mut visit: impl FnMut(&str) -> bool) {
    let alphabet = &format.alphabet;
    let n = alphabet.len() as u64;
    let blocklist = Blocklist::get();
    let mut digits: Vec<usize> = Vec::new();
    'codes: for index in 0..raw {
        let mut rest = index;
        buf.clear();
        for seg in &layout.segs {
            match seg {
                Seg::Fixed(s) => buf.push_str(s),
                Seg::Random { len, .. } => {
                    digits.clear();
                    for _ in 0..*len - usize::from(format.check.is_some()) {
                        digits.push((rest % n) as usize);
                        rest /= n;
                    }
                    if let Some(c) = &format.check {
                        let s = c.interim(0, digits.iter().map(|&d| d as u32));
                        digits.push(c.digit_after(s) as usize);
                    }
                    if blocklist.blocks(digits.iter().map(|&d| alphabet.symbols[d])) {
                        continue 'codes;
                    }
                    buf.extend(digits.iter().map(|&d| alphabet.chars[d]));
                }
            }
        }
        if !visit(buf) {
            return;
        }
    }
}

/// Tells whether a canonical key lies in a bulk format's code space: its fixed
/// text, then random characters from the alphabet spelling no blocked word.
struct SpaceMatcher {
    parts: Vec<MatchPart>,
    /// Blocklist symbol + 1 of each alphabet character's key (0: not in the
    /// alphabet), by ASCII value; `other` for the rest.
    ascii: [u8; 128],
    other: std::collections::HashMap<char, u8>,
    /// Alphabet index of each character's key (with a check symbol).
    index: std::collections::HashMap<char, u32>,
    check: Option<crate::lookup::Check>,
}

enum MatchPart {
    Fixed(String),
    Random(usize),
}

impl SpaceMatcher {
    fn new(format: &Format) -> Option<SpaceMatcher> {
        if !format.is_bulk() || format.random_space().is_none() {
            return None;
        }
        let layout = format.layout(&[], 0).ok()?;
        let parts = layout
            .segs
            .iter()
            .map(|seg| match seg {
                Seg::Fixed(s) => MatchPart::Fixed(canonical_key(s)),
                Seg::Random { len, .. } => MatchPart::Random(*len),
            })
            .collect();
        let alphabet = &format.alphabet;
        let mut ascii = [0u8; 128];
        let mut other = std::collections::HashMap::new();
        let mut index = std::collections::HashMap::new();
        for (i, (&c, &sym)) in alphabet.chars.iter().zip(&alphabet.symbols).enumerate() {
            if let Some(k) = canonical_key(c.encode_utf8(&mut [0; 4])).chars().next() {
                index.insert(k, i as u32);
                match ascii.get_mut(k as usize) {
                    Some(slot) => *slot = sym + 1,
                    None => {
                        other.insert(k, sym);
                    }
                }
            }
        }
        Some(SpaceMatcher { parts, ascii, other, index, check: format.check })
    }

    fn symbol(&self, c: char) -> Option<u8> {
        match self.ascii.get(c as usize) {
            Some(0) => None,
            Some(&s) => Some(s - 1),
            None => self.other.get(&c).copied(),
        }
    }

    fn matches(&self, key: &str) -> bool {
        let blocklist = Blocklist::get();
        let mut rest = key;
        for part in &self.parts {
            match part {
                MatchPart::Fixed(text) => match rest.strip_prefix(text.as_str()) {
                    Some(r) => rest = r,
                    None => return false,
                },
                MatchPart::Random(len) => {
                    let mut chars = rest.char_indices();
                    let mut state = blocklist.start();
                    let mut interim = 0;
                    for _ in 0..*len {
                        let next = chars.next();
                        if let (Some(check), Some((_, c))) = (&self.check, next) {
                            match self.index.get(&c) {
                                Some(&d) => interim = check.op(interim, d),
                                None => return false,
                            }
                        }
                        match next.and_then(|(_, c)| self.symbol(c)) {
                            Some(sym) => {
                                state = blocklist.step(state, sym);
                                if blocklist.is_hit(state) {
                                    return false;
                                }
                            }
                            None => return false,
                        }
                    }
                    if self.check.is_some() && interim != 0 {
                        return false;
                    }
                    rest = chars.next().map_or("", |(i, _)| &rest[i..]);
                }
            }
        }
        rest.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FormatOptions;

    #[test]
    fn word_lowercasing_is_ascii_lowercasing() {
        let mut all = [0u8; 256];
        for (i, b) in all.iter_mut().enumerate() {
            *b = i as u8;
        }
        for chunk in all.chunks_exact(16) {
            let mut words: [u8; 16] = chunk.try_into().unwrap();
            ascii_lowercase_words(&mut words);
            assert_eq!(words, chunk.to_ascii_lowercase().as_slice());
        }
    }

    #[test]
    fn a_failed_bulk_request_registers_nothing() {
        let gen = Generator::new(FormatOptions::new().random(2).alphabet("AB").build().unwrap(), Some(1));
        assert!(gen.generate_codes(5).is_err());
        assert_eq!((gen.len(), gen.remaining()), (0, Some(4)));
    }

    #[test]
    fn existing_codes_in_the_space_reduce_what_remains() {
        let gen = Generator::new(FormatOptions::new().prefix("X").random(2).alphabet("AB").build().unwrap(), Some(1));
        assert_eq!(gen.add_existing(["x-ab", "X-AB", "X-AC", "Y-AA"]), 3);
        assert_eq!(gen.remaining(), Some(3));
        let codes = gen.generate_codes(3).unwrap();
        assert!(!codes.contains(&"X-AB".to_string()));
        assert_eq!(gen.remaining(), Some(0));
    }

    #[test]
    fn letter_counters_use_the_letters_of_the_unambiguous_alphabet() {
        let letters: String = crate::DEFAULT_ALPHABET.chars().filter(char::is_ascii_alphabetic).collect();
        assert_eq!(letters.as_bytes(), COUNTER_LETTERS);
    }

    #[test]
    fn letter_counters_count_without_gaps_and_their_width_is_exact() {
        let upper = FormatOptions::new().name(true).separator("").build().unwrap();
        let lower = FormatOptions::new().name(true).separator("").case(crate::Case::Lower).build().unwrap();
        let suffix = |f: &Format, n: u64| {
            let mut s = String::new();
            push_counter(f, n, &mut s);
            assert_eq!(s.chars().count(), counter_width(f, n), "width of {n}");
            s
        };
        let seq: Vec<String> = [2, 3, 4, 20, 21, 22, 381, 382, u64::MAX].iter().map(|&n| suffix(&upper, n)).collect();
        assert_eq!(seq[..8], ["B", "C", "D", "Z", "BB", "BC", "ZZ", "BBB"]);
        assert_eq!(seq[8].len(), 16);
        assert_eq!(suffix(&lower, 2), "b");
        let mut seen = std::collections::HashSet::new();
        assert!((2..2000).all(|n| seen.insert(suffix(&upper, n))), "every counter is different");
        let dashed = FormatOptions::new().name(true).build().unwrap();
        assert_eq!((suffix(&dashed, 2), suffix(&dashed, 10)), ("-2".to_owned(), "-10".to_owned()));
    }

    #[test]
    fn a_full_layout_fails_the_rest_of_its_group_at_once() {
        let fmt = FormatOptions::new().name(true).random(2).alphabet("AB").build().unwrap();
        let gen = Generator::new(fmt, Some(5));
        let john = Partner::new().name("John");
        let mut batch = vec![john.clone(); 6];
        batch.push(Partner::new().name("Ann"));
        let out = gen.generate_all(&batch);
        let codes: std::collections::HashSet<&str> = out.iter().filter_map(|r| r.as_deref().ok()).collect();
        assert_eq!(codes.len(), 5, "{out:?}");
        assert!(out[..4].iter().all(|r| r.as_deref().is_ok_and(|c| c.starts_with("JOHN-"))));
        for r in &out[4..6] {
            assert_eq!(r.as_ref().map_err(|e| e.code()), Err(crate::ErrorCode::CodeSpaceExhausted));
        }
        assert!(out[6].as_deref().is_ok_and(|c| c.starts_with("ANN-")), "another layout still gets a code");
        assert_eq!(gen.lock().full.len(), 1, "the John layout is remembered as full");
        // A code added later can't make a full layout free again; a new partner
        // of the same layout fails at once.
        assert!(gen.generate(&john).is_err());
    }
}
