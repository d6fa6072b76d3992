//! The opt-in lookup index: a symmetric-delete index (Garbe's SymSpell at one
//! edit) over each code's compact key (separators removed). Two strings are one
//! edit apart only if `{s} ∪ deletes(s)` meet; every hit is verified.
//!
//! Memory: the keys' text (plus 4 bytes each for where it ends) and `1 + n`
//! entries of 8 bytes (a 32-bit hash and a 32-bit id) per code of `n` compact
//! characters, in a power-of-two table at most 3/4 full: 100–200 bytes per
//! 8-character code depending on where the table last doubled (`benches/`
//! measures it).

use super::edits::{classify, within_one};
use std::hash::BuildHasher;

const EMPTY: u32 = u32::MAX;

pub(crate) struct DeleteIndex {
    hashes: Vec<u32>,
    ids: Vec<u32>,
    entries: usize,
    text: String,
    ends: Vec<u32>,
    hasher: foldhash::fast::FixedState,
}

fn compact(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

impl DeleteIndex {
    pub(crate) fn new() -> DeleteIndex {
        DeleteIndex {
            hashes: Vec::new(),
            ids: Vec::new(),
            entries: 0,
            text: String::new(),
            ends: Vec::new(),
            hasher: foldhash::fast::FixedState::with_seed(0x5EED_1DE7),
        }
    }

    fn hash(&self, s: &[char]) -> u32 {
        let mut buf = [0u8; 256];
        let mut n = 0;
        for c in s {
            let len = c.len_utf8();
            if n + len > buf.len() {
                break;
            }
            c.encode_utf8(&mut buf[n..]);
            n += len;
        }
        (self.hasher.hash_one(&buf[..n]) >> 32) as u32
    }

    fn key(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        &self.text[start..self.ends[id] as usize]
    }

    fn insert_entry(&mut self, h: u32, id: u32) {
        if (self.entries + 1) * 4 > self.hashes.len() * 3 {
            let cap = (self.hashes.len() * 2).max(1024);
            let old_h = std::mem::replace(&mut self.hashes, vec![0; cap]);
            let old_i = std::mem::replace(&mut self.ids, vec![EMPTY; cap]);
            for (h, i) in old_h.into_iter().zip(old_i) {
                if i != EMPTY {
                    self.place(h, i);
                }
            }
        }
        self.place(h, id);
        self.entries += 1;
    }

    fn place(&mut self, h: u32, id: u32) {
        let mask = self.hashes.len() - 1;
        let mut i = h as usize & mask;
        while self.ids[i] != EMPTY {
            if self.hashes[i] == h && self.ids[i] == id {
                return;
            }
            i = (i + 1) & mask;
        }
        self.hashes[i] = h;
        self.ids[i] = id;
    }

    /// Indexes a code by its canonical key.
    pub(crate) fn add(&mut self, key: &str) {
        let Ok(id) = u32::try_from(self.ends.len()) else { return };
        if id == EMPTY {
            return;
        }
        self.text.push_str(key);
        self.ends.push(self.text.len() as u32);
        let c = compact(key);
        self.insert_entry(self.hash(&c), id);
        let mut buf = Vec::with_capacity(c.len());
        for i in 0..c.len() {
            if i > 0 && c[i] == c[i - 1] {
                continue;
            }
            buf.clear();
            buf.extend_from_slice(&c[..i]);
            buf.extend_from_slice(&c[i + 1..]);
            let h = self.hash(&buf);
            self.insert_entry(h, id);
        }
    }

    /// Every indexed key whose compact form is within one edit of `query` (a
    /// compact key), with the slip's score.
    pub(crate) fn candidates(&self, query: &[char], out: &mut Vec<(String, u32)>) {
        if self.hashes.is_empty() {
            return;
        }
        let mask = self.hashes.len() - 1;
        let probe = |s: &[char], out: &mut Vec<(String, u32)>| {
            let h = self.hash(s);
            let mut i = h as usize & mask;
            while self.ids[i] != EMPTY {
                if self.hashes[i] == h {
                    let key = self.key(self.ids[i] as usize);
                    let c = compact(key);
                    if within_one(query, &c) && !out.iter().any(|(k, _)| k == key) {
                        out.push((key.to_owned(), classify(query, &c)));
                    }
                }
                i = (i + 1) & mask;
            }
        };
        probe(query, out);
        let mut buf = Vec::with_capacity(query.len());
        for i in 0..query.len() {
            if i > 0 && query[i] == query[i - 1] {
                continue;
            }
            buf.clear();
            buf.extend_from_slice(&query[..i]);
            buf.extend_from_slice(&query[i + 1..]);
            probe(&buf, out);
        }
    }

    /// Bytes on the heap.
    pub(crate) fn bytes(&self) -> usize {
        self.hashes.capacity() * 4 + self.ids.capacity() * 4 + self.text.capacity() + self.ends.capacity() * 4
    }
}
