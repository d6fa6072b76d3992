//! Unique code generation against every code that exists.

use crate::error::{Error, Result};
use crate::format::{opt_count, read_options, Format, KeyStyle, Layout, Scratch, Seg};
use crate::partner::Partner;
use crate::random::{Blocklist, Rng};
use crate::registry::Registry;
use crate::text::canonical_key;
use crate::value::{Value, MAX_SAFE_INTEGER};
use std::borrow::Borrow;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Random draws per code before the generator stops drawing blindly and
/// enumerates what is left of the code space.
const MAX_ATTEMPTS: usize = 64;

/// Code spaces up to this many raw candidates can be enumerated (sampled without
/// replacement); larger ones are never that full in practice (it would take
/// tens of millions of registered codes in them).
pub const ENUMERATION_LIMIT: u128 = 1 << 26;

/// The most codes one [`Generator::generate_codes`] call hands out; call again
/// for more (each call's list must fit in memory at once).
pub const MAX_CODES_PER_CALL: usize = 100_000_000;

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
pub struct Generator {
    format: Format,
    inner: Mutex<Inner>,
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
}

impl Generator {
    /// A generator for `format`. With a `seed`, the same calls give the same codes
    /// in every runtime; without one, randomness comes from the OS.
    pub fn new(format: Format, seed: Option<u64>) -> Generator {
        let matcher = SpaceMatcher::new(&format);
        Generator {
            inner: Mutex::new(Inner {
                rng: Rng::new(seed),
                registry: Registry::new(),
                counters: std::collections::HashMap::default(),
                in_space: 0,
                matcher,
                buf: String::new(),
                scratch: Scratch::default(),
            }),
            format,
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
        self.lock().registry.len()
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
        inner.registry.allocation_size() + counters
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
        let mut inner = self.lock();
        inner.generate(&self.format, partner)
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
        let mut inner = self.lock();
        let partners = partners.into_iter();
        let mut out = Vec::with_capacity(partners.size_hint().0);
        inner.registry.reserve(partners.size_hint().0);
        for p in partners {
            out.push(inner.generate(&self.format, p.borrow()));
        }
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
        let mut inner = self.lock();
        let inner = &mut *inner;
        let partners = partners.into_iter();
        inner.registry.reserve(partners.size_hint().0);
        let mut codes = Issued::default();
        let mut errors = Vec::new();
        for (i, p) in partners.enumerate() {
            match inner.generate_into_buf(&self.format, p.borrow()) {
                Ok(()) => codes.push(inner.buf.as_bytes()),
                Err(e) => {
                    errors.push((i, e));
                    codes.push(b"");
                }
            }
        }
        (codes.into_codes(), errors)
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
        let mut issued = Issued::default();
        match inner.generate_codes(&self.format, count, &mut issued) {
            Ok(()) => Ok(issued.into_codes()),
            Err(e) => {
                // Every issued code was registered under its own fingerprint.
                let codes = issued.into_codes();
                for code in codes.iter() {
                    let fp = inner.registry.fingerprint(code);
                    inner.registry.remove(fp);
                }
                inner.in_space = inner.in_space.saturating_sub(codes.len() as u128);
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

/// Bulk candidates drawn, fingerprinted and prefetched together before they are
/// inserted one by one (their cache misses overlap).
const BATCH: usize = 16;

impl Inner {
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
        self.draw_unique(format)?;
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
            if self.registry.insert(fp) {
                return Ok(());
            }
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
        let next = self.counters.entry(base_fp).or_insert(2);
        let mut n = *next;
        // The counter needs room: when the code would get too long, personal parts
        // shrink (the layout is recomputed only when the counter gains a digit).
        let mut shortened: Option<(usize, Layout)> = None;
        loop {
            let width = format.counter_suffix_width(n);
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
            format.push_counter_suffix(n, &mut self.buf);
            let fp = self.registry.fingerprint(&self.buf);
            if self.registry.insert(fp) {
                *next = n + 1;
                return Ok(());
            }
            n += 1;
        }
    }

    fn generate_codes(&mut self, format: &Format, count: usize, issued: &mut Issued) -> Result<()> {
        if !format.has_random() {
            self.scratch = Scratch::default();
            for _ in 0..count {
                self.with_counter(format)?;
                issued.push(self.buf.as_bytes());
            }
            return Ok(());
        }
        let layout = format.layout(&[], 0)?;
        self.registry.reserve(count);
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
            let mut tries = 0;
            loop {
                rng.fill_mapped(&self.lut, 0, drawn, len)?;
                let mut state = 0;
                for (byte, &e) in dst.iter_mut().zip(drawn.iter()) {
                    state = self.blocklist.step_dense(state, e as u8);
                    *byte = (e >> 8) as u8;
                }
                if state != dead {
                    break;
                }
                tries += 1;
                if tries == crate::format::MAX_BLOCKED_REDRAWS {
                    return Err(Error::CodeSpaceExhausted { requested: 1, available: 0 });
                }
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

/// The number of raw candidates (blocked ones included) of a layout's random slots.
fn raw_space(format: &Format, layout: &Layout) -> u128 {
    let n = format.alphabet.len() as u128;
    layout.segs.iter().fold(1u128, |acc, seg| match seg {
        Seg::Random { len, .. } => (0..*len).fold(acc, |a, _| a.saturating_mul(n)),
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
                    for _ in 0..*len {
                        digits.push((rest % n) as usize);
                        rest /= n;
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
        for (&c, &sym) in alphabet.chars.iter().zip(&alphabet.symbols) {
            if let Some(k) = canonical_key(c.encode_utf8(&mut [0; 4])).chars().next() {
                match ascii.get_mut(k as usize) {
                    Some(slot) => *slot = sym + 1,
                    None => {
                        other.insert(k, sym);
                    }
                }
            }
        }
        Some(SpaceMatcher { parts, ascii, other })
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
                    for _ in 0..*len {
                        match chars.next().and_then(|(_, c)| self.symbol(c)) {
                            Some(sym) => {
                                state = blocklist.step(state, sym);
                                if blocklist.is_hit(state) {
                                    return false;
                                }
                            }
                            None => return false,
                        }
                    }
                    rest = chars.next().map_or("", |(i, _)| &rest[i..]);
                }
            }
        }
        rest.is_empty()
    }
}

/// Every generator option, as `(snake_case, camelCase)`.
pub const GENERATOR_OPTIONS: &[(&str, &str)] = &[("existing", "existing"), ("seed", "seed")];

/// Options of a generator as bindings receive them: `existing` codes and a `seed`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratorOptions {
    /// Codes that already exist.
    pub existing: Vec<String>,
    /// A seed for reproducible output.
    pub seed: Option<u64>,
}

impl GeneratorOptions {
    /// Reads `{existing, seed}` from an object; unknown keys are errors.
    ///
    /// ```
    /// use promocode::{GeneratorOptions, KeyStyle, Value};
    /// let v = Value::object([("existing", Value::from(vec!["JOHN20"])), ("seed", Value::Int(7))]);
    /// let o = GeneratorOptions::from_value(&v, KeyStyle::Camel)?;
    /// assert_eq!((o.existing.len(), o.seed), (1, Some(7)));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_value(value: &Value, style: KeyStyle) -> Result<GeneratorOptions> {
        let mut out = GeneratorOptions::default();
        read_options(value, style, GENERATOR_OPTIONS, |key, v| {
            match key {
                "existing" => out.existing = string_list("existing", v)?,
                "seed" => out.seed = parse_seed(v)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(out)
    }
}

/// Reads a list of strings (existing codes).
pub fn string_list(field: &str, value: &Value) -> Result<Vec<String>> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(Error::InvalidType {
                    field: format!("{field}[{i}]"),
                    expected: "a string",
                    got: other.type_name(),
                }),
            })
            .collect(),
        other => Err(Error::InvalidType { field: field.into(), expected: "a list of strings", got: other.type_name() }),
    }
}

/// Reads a seed: `null` (none), or a whole number from 0 to 2^64 − 1. A float
/// (every JavaScript number) must be a safe integer: larger seeds lose precision
/// as floats and must come as integers (BigInt in JavaScript).
///
/// ```
/// use promocode::{parse_seed, Value};
/// assert_eq!(parse_seed(&Value::Float(42.0))?, Some(42));
/// assert_eq!(parse_seed(&Value::UInt(u64::MAX))?, Some(u64::MAX));
/// assert_eq!(parse_seed(&Value::Int(-1)).unwrap_err().code().as_str(), "invalid_seed");
/// assert_eq!(parse_seed(&Value::Float(1e300)).unwrap_err().code().as_str(), "invalid_seed");
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn parse_seed(value: &Value) -> Result<Option<u64>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(i) => u64::try_from(*i)
            .map(Some)
            .map_err(|_| Error::InvalidSeed { reason: format!("must be a whole number from 0 to 2^64 − 1, got {i}") }),
        Value::UInt(u) => Ok(Some(*u)),
        Value::Float(f) => match value.as_u64() {
            Some(u) => Ok(Some(u)),
            None if f.is_finite() && f.fract() == 0.0 && *f > MAX_SAFE_INTEGER as f64 && *f < u64::MAX as f64 => Err(Error::InvalidSeed {
                reason: format!("{value} is above 2^53 − 1 and has lost precision as a float; pass it as an integer (a BigInt in JavaScript)"),
            }),
            None => Err(Error::InvalidSeed { reason: format!("must be a whole number from 0 to 2^64 − 1, got {value}") }),
        },
        other => Err(Error::InvalidType { field: "seed".into(), expected: "a whole number", got: other.type_name() }),
    }
}

/// Reads the `count` of bulk codes from a dynamically typed value.
pub fn parse_count(value: &Value) -> Result<usize> {
    Ok(opt_count("count", value, 0, usize::MAX)?.unwrap_or(0))
}

/// Render options as bindings receive them: just a `seed`.
pub fn parse_render_options(value: &Value, style: KeyStyle) -> Result<Option<u64>> {
    let mut seed = None;
    read_options(value, style, &[("seed", "seed")], |key, v| {
        if key != "seed" {
            return Ok(false);
        }
        seed = parse_seed(v)?;
        Ok(true)
    })?;
    Ok(seed)
}

/// Every option of [`crate::validate_coupon`] as bindings receive them, as
/// `(snake_case, camelCase)`; [`crate::validate_promotion_code`] takes only `seed`.
pub const COUPON_OPTIONS: &[(&str, &str)] = &[("connected", "connected"), ("seed", "seed")];

/// Options of the coupon functions as bindings receive them: the `connected`
/// providers (only for [`crate::validate_coupon`]) and a `seed`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CouponOptions {
    /// Providers connected to the program (`stripe`, `shopify`, ...).
    pub connected: Vec<String>,
    /// A seed for reproducible generated codes.
    pub seed: Option<u64>,
}

impl CouponOptions {
    /// Reads `{connected, seed}` from an object; `null` means no options. With
    /// `with_connected == false` (promotion codes) only `seed` is known. Unknown
    /// keys are errors.
    ///
    /// ```
    /// use promocode::{CouponOptions, KeyStyle, Value};
    /// let v = Value::object([("connected", Value::from(vec!["stripe"])), ("seed", Value::Int(7))]);
    /// let o = CouponOptions::from_value(&v, KeyStyle::Camel, true)?;
    /// assert_eq!((o.connected, o.seed), (vec!["stripe".to_string()], Some(7)));
    /// let err = CouponOptions::from_value(&v, KeyStyle::Camel, false).unwrap_err();
    /// assert_eq!(err.code().as_str(), "unknown_option");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_value(value: &Value, style: KeyStyle, with_connected: bool) -> Result<CouponOptions> {
        let known = if with_connected { COUPON_OPTIONS } else { &COUPON_OPTIONS[1..] };
        let mut out = CouponOptions::default();
        read_options(value, style, known, |key, v| {
            match key {
                "connected" if with_connected => out.connected = string_list("connected", v)?,
                "seed" => out.seed = parse_seed(v)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(out)
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
}
