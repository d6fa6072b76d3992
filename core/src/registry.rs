//! The set of codes that exist, by canonical key.
//!
//! Each code is stored as a 64-bit fingerprint of its canonical key (foldhash,
//! keyed per registry from the OS random source) in an open-addressing table with
//! linear probing, at most 3/4 full: 8 bytes a slot, so 10.7–21.3 bytes per
//! registered code (a `HashSet<String>` of 8-character codes needs 60+). One probe
//! usually touches one cache line, and bulk generation prefetches the lines of a
//! whole batch of candidates before inserting them, so the cache misses of a table
//! much larger than the CPU cache overlap instead of queueing.
//!
//! Fingerprints can collide: two different keys share one with probability
//! 2^-64 per pair. The effect is one-sided and safe: a fresh candidate may be
//! taken for a used one and redrawn (never a duplicate issued), and
//! [`crate::Generator::contains`] may answer `true` for a code never seen with
//! probability about `len / 2^64` (5 · 10^-13 at ten million codes).

use crate::text::push_canonical_key;
use std::hash::{BuildHasher, Hasher};

/// Empty slots hold 0; a fingerprint that happens to be 0 is stored as 1.
const EMPTY: u64 = 0;

pub(crate) struct Registry {
    slots: Vec<u64>,
    len: usize,
    /// `64 − log2(slots)`: a fingerprint's top bits pick its home slot.
    shift: u32,
    /// The most entries before the table grows (3/4 of the slots).
    limit: usize,
    hasher: foldhash::quality::FixedState,
    key: String,
}

impl Registry {
    pub(crate) fn new() -> Registry {
        let mut seed = [0u8; 8];
        // The key only hardens the table against crafted collisions; should the OS
        // source fail, a fixed key still gives a correct (if predictable) table.
        let seed = match getrandom::fill(&mut seed) {
            Ok(()) => u64::from_le_bytes(seed),
            Err(_) => 0x9E37_79B9_7F4A_7C15,
        };
        Registry {
            slots: Vec::new(),
            len: 0,
            shift: 63, // any shift below 64: nothing probes an empty table
            limit: 0,
            hasher: foldhash::quality::FixedState::with_seed(seed),
            key: String::new(),
        }
    }

    /// The fingerprint of `code`'s canonical key.
    #[inline]
    pub(crate) fn fingerprint(&mut self, code: &str) -> u64 {
        // Short ASCII codes without whitespace at the ends (every code this library
        // makes from ASCII text): the key is the lowercase form, built on the stack.
        let bytes = code.as_bytes();
        let edge_space = |b: Option<&u8>| b.is_some_and(|&b| b == b' ' || (9..=13).contains(&b));
        if bytes.len() <= 64 && !edge_space(bytes.first()) && !edge_space(bytes.last()) {
            // One pass: lowercase copy and ASCII check together.
            let mut lower = [0u8; 64];
            let mut high = 0u8;
            // Control characters leave the fast path: the key drops most of them.
            let mut control = false;
            for (d, &b) in lower.iter_mut().zip(bytes) {
                high |= b;
                control |= b < 0x20 || b == 0x7f;
                *d = b.to_ascii_lowercase();
            }
            if high.is_ascii() && !control {
                return self.fingerprint_key(&lower[..bytes.len()]);
            }
        }
        self.key.clear();
        push_canonical_key(code, &mut self.key);
        self.fingerprint_key(self.key.as_bytes())
    }

    /// The canonical key of `code`, computed again (for the rare callers that
    /// need the text, not just the fingerprint).
    pub(crate) fn key_of(&mut self, code: &str) -> &str {
        self.key.clear();
        push_canonical_key(code, &mut self.key);
        &self.key
    }

    /// The fingerprint of an already canonical key.
    #[inline]
    pub(crate) fn fingerprint_key(&self, key: &[u8]) -> u64 {
        // `hash_one(key)` spelled out (length prefix, then the bytes), so the
        // hasher's steps inline here rather than behind a call.
        let mut h = self.hasher.build_hasher();
        h.write_usize(key.len());
        h.write(key);
        match h.finish() {
            EMPTY => 1,
            fp => fp,
        }
    }

    #[inline]
    fn home(&self, fp: u64) -> usize {
        // The high bits: foldhash mixes them best.
        (fp >> self.shift) as usize
    }

    /// Adds a fingerprint; false when it was already there.
    #[inline]
    pub(crate) fn insert(&mut self, fp: u64) -> bool {
        if self.len >= self.limit {
            self.grow(self.len + 1);
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(fp);
        loop {
            match self.slots[i] {
                EMPTY => {
                    self.slots[i] = fp;
                    self.len += 1;
                    return true;
                }
                s if s == fp => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }

    #[inline]
    pub(crate) fn contains(&self, fp: u64) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(fp);
        loop {
            match self.slots[i] {
                EMPTY => return false,
                s if s == fp => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Asks the CPU to fetch the cache line `fp` will probe first.
    #[inline]
    pub(crate) fn prefetch(&self, fp: u64) {
        if let Some(slot) = self.slots.get(self.home(fp)) {
            prefetch_line(slot);
        }
    }

    /// Takes a fingerprint out again (rolling back a failed bulk request), with
    /// backward-shift deletion so later probes still find their entries.
    pub(crate) fn remove(&mut self, fp: u64) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(fp);
        loop {
            match self.slots[i] {
                EMPTY => return,
                s if s == fp => break,
                _ => i = (i + 1) & mask,
            }
        }
        let mut hole = i;
        let mut j = (i + 1) & mask;
        while self.slots[j] != EMPTY {
            let home = self.home(self.slots[j]);
            // Move slot j into the hole when its home is not in (hole, j].
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(hole) & mask) {
                self.slots[hole] = self.slots[j];
                hole = j;
            }
            j = (j + 1) & mask;
        }
        self.slots[hole] = EMPTY;
        self.len -= 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Makes room for `additional` more codes without growing on the way.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let wanted = self.len.saturating_add(additional);
        if wanted * 4 > self.slots.len() * 3 {
            self.grow(wanted);
        }
    }

    fn grow(&mut self, wanted: usize) {
        let capacity = (wanted.saturating_mul(4) / 3 + 1).next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; capacity]);
        self.shift = 64 - capacity.trailing_zeros();
        self.limit = capacity / 4 * 3;
        self.len = 0;
        for fp in old.into_iter().filter(|&fp| fp != EMPTY) {
            let mask = self.slots.len() - 1;
            let mut i = self.home(fp);
            while self.slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = fp;
            self.len += 1;
        }
    }

    /// Bytes the table holds on the heap.
    pub(crate) fn allocation_size(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<u64>() + self.key.capacity()
    }
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn prefetch_line(p: &u64) {
    // SAFETY: a prefetch is a hint; it never faults and reads nothing into Rust's view.
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((p as *const u64).cast());
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn prefetch_line(_: &u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_remove_keep_every_other_entry_reachable() {
        let mut r = Registry::new();
        let fps: Vec<u64> = (1..5_000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        for &fp in &fps {
            assert!(r.insert(fp));
            assert!(!r.insert(fp));
        }
        for &fp in fps.iter().step_by(3) {
            r.remove(fp);
        }
        for (i, &fp) in fps.iter().enumerate() {
            assert_eq!(r.contains(fp), i % 3 != 0, "{i}");
        }
        assert_eq!(r.len(), fps.len() - fps.len().div_ceil(3));
    }

    #[test]
    fn the_table_stays_between_a_quarter_and_three_quarters_full() {
        let mut r = Registry::new();
        for i in 1..=100_000u64 {
            r.insert(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
        let per_code = (r.slots.len() * 8) as f64 / r.len() as f64;
        assert!((10.6..=21.4).contains(&per_code), "{per_code}");
    }

    #[test]
    fn key_fingerprints_are_the_hasher_s_hash_of_the_key() {
        let r = Registry::new();
        for key in [&b""[..], b"a", b"partner-john-xy", &[b'x'; 100]] {
            assert_eq!(r.fingerprint_key(key), r.hasher.hash_one(key).max(1));
        }
    }

    #[test]
    fn key_fingerprints_equal_code_fingerprints() {
        let mut r = Registry::new();
        let a = r.fingerprint("Partner-JOHN-xy");
        assert_eq!(r.fingerprint_key(b"partner-john-xy"), a);
    }
}
