//! The set of codes that exist, by canonical key.
//!
//! Each code is stored as a 64-bit fingerprint of its canonical key (foldhash,
//! keyed per registry from the OS random source), in an open-addressing table
//! with one control byte per slot: 9 bytes a slot, at most 7/8 full, so 10–21
//! bytes per registered code, against 60+ for a `HashSet<String>` of 8-character
//! codes.
//!
//! Fingerprints can collide: two different keys share one with probability
//! 2^-64 per pair. The effect is one-sided and safe: a fresh candidate may be
//! taken for a used one and redrawn (never a duplicate issued), and
//! [`crate::Generator::contains`] may answer `true` for a code never seen with
//! probability about `len / 2^64` (5 · 10^-13 at ten million codes).

use crate::text::push_canonical_key;
use hashbrown::HashTable;
use std::hash::BuildHasher;

pub(crate) struct Registry {
    table: HashTable<u64>,
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
        Registry { table: HashTable::new(), hasher: foldhash::quality::FixedState::with_seed(seed), key: String::new() }
    }

    /// The fingerprint of `code`'s canonical key.
    #[inline]
    pub(crate) fn fingerprint(&mut self, code: &str) -> u64 {
        self.key.clear();
        push_canonical_key(code, &mut self.key);
        self.hasher.hash_one(self.key.as_str())
    }

    /// Adds a fingerprint; false when it was already there.
    #[inline]
    pub(crate) fn insert(&mut self, fp: u64) -> bool {
        match self.table.entry(fp, |&x| x == fp, |&x| x) {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(fp);
                true
            }
        }
    }

    #[inline]
    pub(crate) fn contains(&self, fp: u64) -> bool {
        self.table.find(fp, |&x| x == fp).is_some()
    }

    /// Takes a fingerprint out again (rolling back a failed bulk request).
    pub(crate) fn remove(&mut self, fp: u64) {
        if let Ok(entry) = self.table.find_entry(fp, |&x| x == fp) {
            entry.remove();
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    pub(crate) fn reserve(&mut self, additional: usize) {
        self.table.reserve(additional, |&x| x);
    }

    /// Bytes the table holds on the heap.
    pub(crate) fn allocation_size(&self) -> usize {
        self.table.allocation_size()
    }
}
