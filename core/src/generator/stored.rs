//! Generation against a program store ([`crate::Store`]).
//!
//! The generator's own registry becomes a cache of keys known to be taken
//! (never trusted for "free"): candidates are drawn exactly as without a store,
//! then claimed in the store in batches. Partners with an id first get the code
//! they already hold in the coupon (one round trip); a candidate another writer
//! took is redrawn; counters (`JOHN20-2`) start after the taken ones, found in
//! one query per round.

use super::{Generator, Inner, Issued};
use crate::error::{Error, Result};
use crate::format::Format;
use crate::partner::Partner;
use crate::store::{check_name, Item, Origin, Outcome, Store, CHUNK};
use crate::text::{canonical_key, push_canonical_key};
use crate::Codes;
use std::borrow::Borrow;
use std::collections::HashMap;

/// Claim rounds for formats with random parts before a partner gets
/// `code_space_exhausted` (each round redraws only what another writer took).
const MAX_ROUNDS: usize = 64;
/// Counter formats advance at least one counter per round; this only bounds a
/// store that keeps answering "taken".
const MAX_COUNTER_ROUNDS: usize = 100_000;
/// Keys read per counter base and round (taken counters of one name).
const PREFIX_LIMIT: usize = 100_000;

pub(crate) struct Bound {
    pub(super) store: Store,
    pub(super) coupon: String,
}

/// A code handed to a partner by [`Generator::generate_all_issued`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedCode {
    /// The code.
    pub code: String,
    /// True when the partner already had it (an earlier run, another process,
    /// or an earlier row with the same id); false when it was issued now.
    pub reused: bool,
}

fn id_of(p: &Partner) -> Option<&str> {
    p.id.as_deref().filter(|s| !s.is_empty())
}

impl Generator {
    /// A generator that claims its codes in `store` (its program) for `coupon`:
    /// codes are unique across every coupon of the program and every process
    /// using the store, and a partner with an `id` gets exactly one code per
    /// coupon — the same one on every later call.
    ///
    /// [`Generator::add_existing`], [`Generator::contains`] and
    /// [`Generator::len`] keep answering for this generator's own memory (codes
    /// it must avoid, codes it has seen); ask the [`Store`] for the program.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, Partner, Store};
    /// let store = Store::open("memory:")?;
    /// let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
    /// let gen = Generator::with_store(fmt.clone(), None, store.clone(), "summer")?;
    /// let john = Partner::new().name("John").id("p1");
    /// assert_eq!(gen.generate(&john)?, "JOHN20");
    /// // Another generator (another process, another day): same partner, same code.
    /// let again = Generator::with_store(fmt, None, store.clone(), "summer")?;
    /// assert_eq!(again.generate(&john)?, "JOHN20");
    /// assert_eq!(again.generate(&Partner::new().name("John").id("p2"))?, "JOHN20-2");
    /// assert_eq!(store.code_of("p1", "summer")?.as_deref(), Some("JOHN20"));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn with_store(format: Format, seed: Option<u64>, store: Store, coupon: &str) -> Result<Generator> {
        check_name("coupon", coupon)?;
        let mut gen = Generator::new(format, seed);
        gen.store = Some(Bound { store, coupon: coupon.to_owned() });
        Ok(gen)
    }

    /// The store codes are claimed in, if any.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref().map(|b| &b.store)
    }

    /// The coupon codes are issued for, with a store.
    pub fn coupon(&self) -> Option<&str> {
        self.store.as_ref().map(|b| b.coupon.as_str())
    }

    /// [`Generator::lookup`] across the program: with a store, the answer comes
    /// from the store's rows (codes any process issued, in their stored form),
    /// then, for keys the store does not hold, from this generator's own memory
    /// (codes given to its [`Generator::add_existing`]; also the keys it saw
    /// taken, so a code another process released since may still be found).
    /// Without a store it is [`Generator::lookup`]. One backend call per lookup.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, LookupKind, Partner, Store};
    /// let store = Store::open("memory:")?;
    /// let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
    /// let one = Generator::with_store(fmt.clone(), None, store.clone(), "summer")?;
    /// one.generate(&Partner::new().name("John").id("p1"))?;
    /// let other = Generator::with_store(fmt, None, store, "summer")?; // another process
    /// assert_eq!(other.lookup("JON20").kind, LookupKind::NotFound); // its own memory
    /// assert_eq!(other.lookup_stored("JON20")?.suggestions[0].code, "JOHN20");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn lookup_stored(&self, entered: &str) -> Result<crate::Lookup> {
        let Some(bound) = &self.store else { return Ok(self.lookup(entered)) };
        let mut set = bound.store.fetch(entered, Some(&self.format))?;
        let inner = self.lock();
        let mut own = crate::lookup::RegistrySet { registry: &inner.registry, case: self.format.case() };
        set.fallback = Some(&mut own);
        Ok(crate::lookup::run(&mut set, Some(&self.format), entered, false, None).0)
    }

    /// [`Generator::suggest`] across the program, as [`Generator::lookup_stored`].
    pub fn suggest_stored(&self, entered: &str, limit: usize) -> Result<Vec<crate::Suggestion>> {
        let Some(bound) = &self.store else { return Ok(self.suggest(entered, limit)) };
        let mut set = bound.store.fetch(entered, Some(&self.format))?;
        let inner = self.lock();
        let mut own = crate::lookup::RegistrySet { registry: &inner.registry, case: self.format.case() };
        set.fallback = Some(&mut own);
        let mut list = crate::lookup::run(&mut set, Some(&self.format), entered, true, None).1;
        list.truncate(limit);
        Ok(list)
    }

    /// [`Generator::generate_all`], telling for each code whether the partner
    /// already had it (`reused`). Without a store every code is new.
    pub fn generate_all_issued<I, P>(&self, partners: I) -> Vec<Result<IssuedCode>>
    where
        I: IntoIterator<Item = P>,
        P: Borrow<Partner>,
    {
        let partners: Vec<P> = partners.into_iter().collect();
        match &self.store {
            Some(bound) => {
                let refs: Vec<&Partner> = partners.iter().map(Borrow::borrow).collect();
                self.generate_stored(bound, &refs)
            }
            None => self
                .generate_all(partners)
                .into_iter()
                .map(|r| r.map(|code| IssuedCode { code, reused: false }))
                .collect(),
        }
    }

    pub(super) fn generate_stored(&self, bound: &Bound, partners: &[&Partner]) -> Vec<Result<IssuedCode>> {
        let n = partners.len();
        let mut out: Vec<Option<Result<IssuedCode>>> = vec![None; n];
        let mut inner = self.lock();
        let inner = &mut *inner;
        inner.registry.reserve(n);

        // Rows repeating an id take the first row's result.
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut repeat_of: Vec<Option<usize>> = vec![None; n];
        for (i, p) in partners.iter().enumerate() {
            if let Some(id) = id_of(p) {
                match first.get(id) {
                    Some(&f) => repeat_of[i] = Some(f),
                    None => {
                        if let Err(e) = check_name("partner id", id) {
                            out[i] = Some(Err(e));
                        }
                        first.insert(id, i);
                    }
                }
            }
        }

        // Codes partners already hold, in one round trip.
        let asked: Vec<usize> =
            (0..n).filter(|&i| repeat_of[i].is_none() && out[i].is_none() && id_of(partners[i]).is_some()).collect();
        let ids: Vec<&str> = asked.iter().filter_map(|&i| id_of(partners[i])).collect();
        match bound.store.codes_of(&ids, &bound.coupon) {
            Ok(codes) => {
                for (&i, code) in asked.iter().zip(codes) {
                    if let Some(code) = code {
                        let fp = inner.registry.fingerprint(&code);
                        inner.registry.insert(fp);
                        out[i] = Some(Ok(IssuedCode { code, reused: true }));
                    }
                }
            }
            Err(e) => return vec![Err(e); n],
        }

        let counter = !self.format.has_random();
        let mut pending: Vec<usize> = (0..n).filter(|&i| repeat_of[i].is_none() && out[i].is_none()).collect();
        let mut rounds = 0;
        let mut failure: Option<Error> = None;
        while !pending.is_empty() && failure.is_none() {
            rounds += 1;
            if rounds > if counter { MAX_COUNTER_ROUNDS } else { MAX_ROUNDS } {
                for &i in &pending {
                    out[i] = Some(Err(Error::CodeSpaceExhausted { requested: 1, available: 0 }));
                }
                break;
            }
            if counter {
                if let Err(e) = inner.preload_counters(&self.format, &bound.store, partners, &pending) {
                    failure = Some(e);
                    break;
                }
            }
            // Draw one candidate per partner, in input order (the same draws as
            // without a store while nobody else takes them).
            let mut drawn: Vec<(usize, String, u64, String)> = Vec::with_capacity(pending.len());
            for &i in &pending {
                match inner.generate(&self.format, partners[i]) {
                    Ok(code) => {
                        let fp = inner.registry.fingerprint(&code);
                        let key = canonical_key(&code);
                        drawn.push((i, code, fp, key));
                    }
                    Err(e) => out[i] = Some(Err(e)),
                }
            }
            if drawn.len() > CHUNK {
                // One range of keys per chunk (see `generate_codes_stored`).
                drawn.sort_unstable_by(|a, b| a.3.cmp(&b.3));
            }
            let mut next = Vec::new();
            let mut chunks = drawn.chunks(CHUNK);
            for chunk in chunks.by_ref() {
                let items: Vec<Item<'_>> =
                    chunk.iter().map(|(i, code, _, key)| Item { key, code, partner: id_of(partners[*i]) }).collect();
                match bound.store.claim_keys(Some(&bound.coupon), Origin::Generated, &items) {
                    Ok(outcomes) => {
                        for ((i, code, fp, _), o) in chunk.iter().zip(outcomes) {
                            match o {
                                Outcome::Claimed => {
                                    out[*i] = Some(Ok(IssuedCode { code: code.clone(), reused: false }))
                                }
                                Outcome::PartnerHas(held) => {
                                    // Another writer gave this partner a code meanwhile: the
                                    // candidate is not taken after all.
                                    inner.unregister(&self.format, *fp);
                                    let held_fp = inner.registry.fingerprint(&held);
                                    inner.registry.insert(held_fp);
                                    out[*i] = Some(Ok(IssuedCode { code: held, reused: true }));
                                }
                                // Stays in the registry: known taken. Redrawn next round.
                                Outcome::KeyTaken => next.push(*i),
                            }
                        }
                    }
                    Err(e) => {
                        for (_, _, fp, _) in chunk {
                            inner.unregister(&self.format, *fp);
                        }
                        failure = Some(e);
                        break;
                    }
                }
            }
            // Candidates never sent (a chunk failed) are not reserved either.
            for chunk in chunks {
                for (_, _, fp, _) in chunk {
                    inner.unregister(&self.format, *fp);
                }
            }
            next.sort_unstable();
            pending = next;
        }
        if let Some(e) = failure {
            for slot in out.iter_mut().filter(|o| o.is_none()) {
                *slot = Some(Err(e.clone()));
            }
        }
        for i in 0..n {
            if let Some(f) = repeat_of[i] {
                out[i] = Some(match &out[f] {
                    Some(Ok(c)) => Ok(IssuedCode { code: c.code.clone(), reused: true }),
                    Some(Err(e)) => Err(e.clone()),
                    None => Err(Error::CodeSpaceExhausted { requested: 1, available: 0 }),
                });
            }
        }
        out.into_iter().map(|o| o.unwrap_or(Err(Error::CodeSpaceExhausted { requested: 1, available: 0 }))).collect()
    }

    /// `count` bulk codes claimed in the store; all or nothing (on failure the
    /// codes claimed so far are taken back, unless the store has gone away).
    pub(super) fn generate_codes_stored(&self, bound: &Bound, inner: &mut Inner, count: usize) -> Result<Codes> {
        let mut result = Issued::with_capacity(count.min(1 << 20));
        let mut rounds = 0;
        let failed = |inner: &mut Inner, result: &Issued, e: Error| -> Error {
            let keys: Vec<String> = (0..result.len()).map(|i| canonical_key(result.get(i))).collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            // Best effort: a store that is gone keeps them (never issued twice, only unused).
            let _ = bound.store.rollback(&refs);
            for i in 0..result.len() {
                let fp = inner.registry.fingerprint(result.get(i));
                inner.unregister(&self.format, fp);
            }
            e
        };
        while result.len() < count {
            rounds += 1;
            let need = count - result.len();
            if rounds > MAX_ROUNDS {
                return Err(failed(
                    inner,
                    &result,
                    Error::CodeSpaceExhausted { requested: need as u128, available: 0 },
                ));
            }
            let mut drawn = Issued::with_capacity(need.min(1 << 20));
            if let Err(e) = inner.generate_codes(&self.format, need, &mut drawn) {
                for i in 0..drawn.len() {
                    let fp = inner.registry.fingerprint(drawn.get(i));
                    inner.unregister(&self.format, fp);
                }
                return Err(failed(inner, &result, e));
            }
            // Claimed in key order, chunk by chunk: each chunk then covers one
            // range of keys and touches only that part of the store's index
            // (a random chunk would rewrite most of its pages on every commit).
            // The result keeps the draw order.
            let mut keys = String::with_capacity(drawn.len() * 9);
            let mut ends = Vec::with_capacity(drawn.len());
            for i in 0..drawn.len() {
                push_canonical_key(drawn.get(i), &mut keys);
                ends.push(keys.len());
            }
            let key = |i: usize| &keys[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
            // Sorted on each key's first 8 bytes (big-endian, zero-padded: the
            // same order as the bytes), the whole key only on a tie.
            let mut sorted: Vec<(u64, usize)> = (0..drawn.len())
                .map(|i| {
                    let mut head = [0u8; 8];
                    let k = key(i).as_bytes();
                    let n = k.len().min(8);
                    head[..n].copy_from_slice(&k[..n]);
                    (u64::from_be_bytes(head), i)
                })
                .collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| key(a.1).cmp(key(b.1))));
            let order: Vec<usize> = sorted.into_iter().map(|(_, i)| i).collect();
            let mut claimed = vec![false; drawn.len()];
            // Each chunk's keys and codes are copied together, in claim order:
            // the store then reads them in sequence instead of all over memory.
            let (mut chunk_text, mut chunk_ends) = (String::new(), Vec::new());
            for (c, chunk) in order.chunks(CHUNK).enumerate() {
                chunk_text.clear();
                chunk_ends.clear();
                for &i in chunk {
                    chunk_text.push_str(key(i));
                    chunk_ends.push(chunk_text.len());
                    chunk_text.push_str(drawn.get(i));
                    chunk_ends.push(chunk_text.len());
                }
                let text = |j: usize| &chunk_text[if j == 0 { 0 } else { chunk_ends[j - 1] }..chunk_ends[j]];
                let items: Vec<Item<'_>> =
                    (0..chunk.len()).map(|j| Item { key: text(2 * j), code: text(2 * j + 1), partner: None }).collect();
                match bound.store.claim_keys(Some(&bound.coupon), Origin::Generated, &items) {
                    Ok(outcomes) => {
                        for (&i, o) in chunk.iter().zip(outcomes) {
                            // Taken: stays in the registry as known taken.
                            claimed[i] = o == Outcome::Claimed;
                        }
                    }
                    Err(e) => {
                        // This round's claims so far are taken back with the result's.
                        for &i in order[..c * CHUNK].iter().filter(|&&i| claimed[i]) {
                            result.push(drawn.get(i).as_bytes());
                        }
                        for &i in &order[c * CHUNK..] {
                            let fp = inner.registry.fingerprint(drawn.get(i));
                            inner.unregister(&self.format, fp);
                        }
                        return Err(failed(inner, &result, e));
                    }
                }
            }
            for (i, &ok) in claimed.iter().enumerate() {
                if ok {
                    result.push(drawn.get(i).as_bytes());
                }
            }
        }
        Ok(result.into_codes())
    }
}

impl Inner {
    /// Forgets a candidate that was not claimed (nothing stays reserved).
    fn unregister(&mut self, format: &Format, fp: u64) {
        if self.registry.contains(fp) {
            self.registry.remove(fp);
            if format.is_bulk() {
                self.in_space = self.in_space.saturating_sub(1);
            }
        }
    }

    /// Loads the taken keys starting with each pending partner's base code
    /// (`john20`, `john20-2`, …) into the registry, so the counter starts after them.
    fn preload_counters(
        &mut self,
        format: &Format,
        store: &Store,
        partners: &[&Partner],
        pending: &[usize],
    ) -> Result<()> {
        let mut bases: Vec<String> = Vec::new();
        for &i in pending {
            if format.personal_into(partners[i], &mut self.scratch).is_err() {
                continue; // the draw reports the error
            }
            self.buf.clear();
            let fast = format.write_fast(&self.scratch, &mut self.rng, &mut self.buf)?;
            if !fast {
                format.layout(&self.scratch.values(), 0)?.write(format, &mut self.rng, &mut self.buf)?;
            }
            let key = canonical_key(&self.buf);
            if !key.is_empty() {
                bases.push(key);
            }
        }
        bases.sort_unstable();
        bases.dedup();
        let refs: Vec<&str> = bases.iter().map(String::as_str).collect();
        for chunk in refs.chunks(CHUNK) {
            for key in store.keys_with_prefix(chunk, PREFIX_LIMIT)? {
                let fp = self.registry.fingerprint_key(key.as_bytes());
                self.registry.insert(fp);
            }
        }
        Ok(())
    }
}
