//! Randomness: the portable random stream, unbiased sampling, the random alphabet
//! and the blocklist.
//!
//! # The stream (stable across releases and runtimes)
//!
//! Every random draw comes from a ChaCha20 keystream (20 rounds, 64-bit block
//! counter starting at 0, 64-bit nonce 0 — the original Bernstein layout, which
//! equals RFC 8439 for the first 2^32 blocks), consumed one byte at a time:
//!
//! * with a **seed** `s` (a `u64`), the 32-byte key is `s` as 8 little-endian bytes
//!   followed by 24 zero bytes; the same seed gives the same codes in Rust, Python,
//!   Node and WASM, on every machine and in every release (the shared vectors pin it);
//! * without a seed, the key is 32 bytes from the operating system's CSPRNG
//!   (`getrandom`; `crypto.getRandomValues` in the browser), drawn once per
//!   [`crate::Generator`] (or once per [`crate::Format::render`] call), never per code.
//!
//! A draw below `n` (alphabet index, shuffle position) is unbiased by rejection:
//! for `n ≤ 256` take one byte `b`, reject it while `b ≥ 256 − 256 mod n`, answer
//! `b mod n`; for larger `n` do the same with 8 bytes read as a little-endian `u64`.

use crate::error::{Error, Quoted, Result};
use crate::platform::{Case, Platform};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use std::sync::OnceLock;

/// The default random alphabet: unambiguous (no `0 O 1 I L`) and word-free (no
/// vowels): 27 characters, 4.75 bits each.
pub const DEFAULT_ALPHABET: &str = "23456789BCDFGHJKMNPQRSTVWXZ";

const BUFFER: usize = 256;

/// The random stream described in the module docs.
pub(crate) struct Rng {
    state: State,
    buf: [u8; BUFFER],
    pos: usize,
}

enum State {
    /// OS randomness not drawn yet: drawn on first use, once.
    Unseeded,
    Ready(Box<ChaCha20Rng>),
}

impl Rng {
    /// The deterministic stream of `seed`.
    pub(crate) fn seeded(seed: u64) -> Rng {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        Rng { state: State::Ready(Box::new(ChaCha20Rng::from_seed(key))), buf: [0; BUFFER], pos: BUFFER }
    }

    /// A stream keyed from the OS CSPRNG on first use.
    pub(crate) fn from_os() -> Rng {
        Rng { state: State::Unseeded, buf: [0; BUFFER], pos: BUFFER }
    }

    /// `Some(seed)` → seeded stream, `None` → OS stream.
    pub(crate) fn new(seed: Option<u64>) -> Rng {
        seed.map_or_else(Rng::from_os, Rng::seeded)
    }

    #[cold]
    fn refill(&mut self) -> Result<()> {
        if let State::Unseeded = self.state {
            let mut key = [0u8; 32];
            getrandom::fill(&mut key).map_err(|e| Error::RandomUnavailable { reason: e.to_string() })?;
            self.state = State::Ready(Box::new(ChaCha20Rng::from_seed(key)));
        }
        if let State::Ready(rng) = &mut self.state {
            rng.fill_bytes(&mut self.buf);
        }
        self.pos = 0;
        Ok(())
    }

    #[inline]
    pub(crate) fn byte(&mut self) -> Result<u8> {
        if self.pos == BUFFER {
            self.refill()?;
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(b)
    }

    /// A uniform draw in `0..n` for `2 ≤ n ≤ 256`.
    #[inline]
    pub(crate) fn below_small(&mut self, n: u32, zone: u32) -> Result<u32> {
        loop {
            let b = u32::from(self.byte()?);
            if b < zone {
                return Ok(b % n);
            }
        }
    }

    /// Fills `out` (at most 64 long) with uniform alphabet indices through a byte
    /// table (`lut[b]` is `b mod n`, or [`REJECT`]): the same draws as repeated
    /// [`Rng::below_small`] calls, straight from the buffer, without a division or
    /// a branch per byte.
    #[inline]
    pub(crate) fn fill_lut(&mut self, lut: &[u8; 256], out: &mut [u8]) -> Result<()> {
        let want = out.len().min(64);
        let mut picked = [0u8; 64];
        self.fill_mapped(lut, REJECT, &mut picked, want)?;
        out[..want].copy_from_slice(&picked[..want]);
        Ok(())
    }

    /// The first `want` (at most 64) accepted entries of `table` for the next
    /// stream bytes, into `out[..want]`: byte `b` stands for `table[b]`, or is
    /// rejected (consumed, skipped) when that is `reject`. With `table[b]` a
    /// function of `b mod n` for `b < 256 − 256 mod n` and `reject` above, these
    /// are the draws of [`Rng::fill_lut`] (and of repeated [`Rng::below_small`]),
    /// consuming the same bytes, already mapped to what the caller needs.
    #[inline]
    pub(crate) fn fill_mapped<T: Copy + PartialEq>(
        &mut self,
        table: &[T; 256],
        reject: T,
        out: &mut [T; 64],
        want: usize,
    ) -> Result<()> {
        let want = want.min(64);
        let mut filled = 0;
        while filled < want {
            if self.pos >= BUFFER {
                self.refill()?;
            }
            // At least `want - filled` more bytes are needed: take that many (or
            // what the buffer holds) with no count check per byte. The last chunk
            // fills `out` only when all its bytes are accepted, so exactly the
            // bytes up to the last accepted one are consumed.
            let n = (want - filled).min(BUFFER - self.pos);
            for &b in &self.buf[self.pos..self.pos + n] {
                let e = table[b as usize];
                out[filled & 63] = e;
                filled += usize::from(e != reject);
            }
            self.pos += n;
        }
        Ok(())
    }

    /// A uniform draw in `0..n` for any `n ≥ 1`.
    pub(crate) fn below(&mut self, n: u64) -> Result<u64> {
        if n <= 1 {
            return Ok(0);
        }
        if n <= 256 {
            let n32 = n as u32;
            return self.below_small(n32, 256 - 256 % n32).map(u64::from);
        }
        let zone = u64::MAX - (u64::MAX % n + 1) % n; // values ≤ zone are unbiased
        loop {
            let mut bytes = [0u8; 8];
            for b in &mut bytes {
                *b = self.byte()?;
            }
            let x = u64::from_le_bytes(bytes);
            if x <= zone {
                return Ok(x % n);
            }
        }
    }
}

/// The characters of the random part, checked and cased.
#[derive(Clone, Debug)]
pub(crate) struct Alphabet {
    pub(crate) chars: Vec<char>,
    /// Each character's blocklist symbol (see [`skeleton`]).
    pub(crate) symbols: Vec<u8>,
    /// Rejection zone for byte sampling (`256 − 256 mod n`), when `n ≤ 256`.
    pub(crate) zone: u32,
    /// Byte → alphabet index (`b mod n`), or [`REJECT`] for `b ≥ zone`, when `n < 256`.
    pub(crate) lut: Option<Box<[u8; 256]>>,
    /// The characters as bytes, when all are ASCII.
    pub(crate) ascii: Option<Vec<u8>>,
}

/// Marks a rejected byte in [`Alphabet::lut`].
pub(crate) const REJECT: u8 = u8::MAX;

/// At most this many characters in a random alphabet.
pub const MAX_ALPHABET: usize = 4096;

impl Alphabet {
    /// Checks and cases `text` for `platform`.
    pub(crate) fn new(text: &str, case: Case, platform: Platform) -> Result<Alphabet> {
        let mut chars: Vec<char> = Vec::new();
        let mut seen: std::collections::HashMap<String, (usize, char)> = std::collections::HashMap::new();
        for (position, raw) in text.chars().enumerate() {
            if position >= MAX_ALPHABET {
                return Err(Error::InvalidAlphabet {
                    reason: format!("has more than {MAX_ALPHABET} characters; use a shorter one"),
                    position: None,
                });
            }
            let c = case.apply(raw);
            if case.expands(raw) {
                return Err(Error::InvalidAlphabet {
                    reason: format!(
                        "has `{}` at position {position}, which becomes more than one character in {} case; remove it",
                        Quoted(raw.encode_utf8(&mut [0; 4])),
                        case.name()
                    ),
                    position: Some(position),
                });
            }
            if c.is_whitespace() || !platform.allows(c) {
                return Err(Error::InvalidAlphabet {
                    reason: format!(
                        "has `{}` at position {position}, which {} does not allow in a code; use {}",
                        Quoted(raw.encode_utf8(&mut [0; 4])),
                        platform.name(),
                        if c.is_whitespace() {
                            "characters other than whitespace"
                        } else {
                            platform.allowed_description()
                        }
                    ),
                    position: Some(position),
                });
            }
            let key = crate::text::canonical_key(c.encode_utf8(&mut [0; 4]));
            if key.chars().count() != 1 {
                return Err(Error::InvalidAlphabet {
                    reason: format!(
                        "has `{}` at position {position}, which does not stand for exactly one character once codes are compared ignoring case and accents; remove it",
                        Quoted(raw.encode_utf8(&mut [0; 4]))
                    ),
                    position: Some(position),
                });
            }
            if let Some((first, other)) = seen.get(&key) {
                let same = if *other == raw {
                    format!("repeats `{}` (positions {first} and {position})", Quoted(raw.encode_utf8(&mut [0; 4])))
                } else {
                    format!(
                        "has `{}` at position {first} and `{}` at position {position}, which are the same character once codes are compared ignoring case and accents",
                        Quoted(other.encode_utf8(&mut [0; 4])),
                        Quoted(raw.encode_utf8(&mut [0; 4]))
                    )
                };
                return Err(Error::InvalidAlphabet {
                    reason: format!("{same}; each character may appear once"),
                    position: Some(position),
                });
            }
            seen.insert(key, (position, raw));
            chars.push(c);
        }
        if chars.len() < 2 {
            return Err(Error::InvalidAlphabet {
                reason: format!("has {} character(s); it needs at least 2 different ones", chars.len()),
                position: None,
            });
        }
        Ok(Alphabet::from_chars(chars))
    }

    fn from_chars(chars: Vec<char>) -> Alphabet {
        let symbols = chars.iter().map(|&c| skeleton(c)).collect();
        let n = chars.len() as u32;
        let zone = if n <= 256 { 256 - 256 % n } else { 0 };
        let lut = (n < 256).then(|| {
            let mut lut = Box::new([REJECT; 256]);
            for (b, slot) in lut.iter_mut().enumerate().take(zone as usize) {
                *slot = (b as u32 % n) as u8;
            }
            lut
        });
        let ascii = chars.iter().all(char::is_ascii).then(|| chars.iter().map(|&c| c as u8).collect());
        Alphabet { chars, symbols, zone, lut, ascii }
    }

    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// [`DEFAULT_ALPHABET`] in upper case, valid on every platform.
    pub(crate) fn default_upper() -> &'static Alphabet {
        static DEFAULT: OnceLock<Alphabet> = OnceLock::new();
        DEFAULT.get_or_init(|| Alphabet::from_chars(DEFAULT_ALPHABET.chars().collect()))
    }

    /// A uniform index into the alphabet.
    #[inline]
    pub(crate) fn draw(&self, rng: &mut Rng) -> Result<usize> {
        if self.zone > 0 {
            rng.below_small(self.chars.len() as u32, self.zone).map(|i| i as usize)
        } else {
            rng.below(self.chars.len() as u64).map(|i| i as usize)
        }
    }
}

// ---------------------------------------------------------------------------
// Blocklist
// ---------------------------------------------------------------------------

/// Words a random part must not spell, in any leet disguise. Checked on the random
/// part only (never on names or the prefix: Dick and Cockburn are real surnames),
/// as a substring of each random part after mapping look-alike characters together
/// (`0`→O, `1`/`L`/`!`/`|`→I, `3`→E, `4`/`@`→A, `5`/`$`→S, `6`/`9`→G, `7`/`+`→T,
/// `8`→B, `2`→Z, `V`→U), so `5H1T`, `SH17` and `F4G` are caught.
pub const BLOCKLIST: &[&str] = &[
    "ANAL", "ANUS", "ARSCH", "ARSE", "ASS", "BASTARD", "BITCH", "BOOB", "BUTT", "CACA", "CAZZO", "CLIT", "COCK",
    "COON", "CRAP", "CULO", "CUM", "CUNT", "DICK", "DIKE", "DILDO", "DYKE", "FAG", "FECK", "FICK", "FOTZE", "FUCK",
    "FUK", "FUX", "GOOK", "HOMO", "HURE", "JIZZ", "KIKE", "KKK", "KILL", "MERDE", "MIERDA", "NAZI", "NIGA", "NIGG",
    "NIGR", "PAKI", "PENIS", "PISS", "POOP", "PORN", "PRICK", "PUBE", "PUSSY", "PUTA", "PUTE", "RAPE", "RETARD",
    "SCHLAMPE", "SEX", "SHAG", "SHIT", "SLUT", "SMEG", "SPAST", "SPIC", "SPUNK", "TITS", "TWAT", "VAGINA", "WANK",
    "WHORE", "WICHSER", "WOG", "XXX",
];

/// Blocklist symbols: 1..=26 for the letters A..Z after leet folding, 0 for
/// anything that can't be part of a word.
pub(crate) fn skeleton(c: char) -> u8 {
    let folded = match c.to_ascii_uppercase() {
        '0' => 'O',
        '1' | 'L' | '!' | '|' => 'I',
        '3' => 'E',
        '4' | '@' => 'A',
        '5' | '$' => 'S',
        '6' | '9' => 'G',
        '7' | '+' => 'T',
        '8' => 'B',
        '2' => 'Z',
        'V' => 'U',
        other => other,
    };
    if folded.is_ascii_uppercase() {
        folded as u8 - b'A' + 1
    } else {
        0
    }
}

const SYMBOLS: usize = 27;

/// An Aho–Corasick automaton over blocklist symbols, as one flat transition
/// table. A state is the offset of its row (`state number × 27`); entry
/// `state + symbol` is the next state, with [`HIT`] set when a blocked word ends
/// there (directly or as a suffix).
pub(crate) struct Blocklist {
    trans: Vec<u32>,
    /// The automaton for drawing a random part in one go: entry `state + symbol`
    /// is the next state's row offset, and every transition into a state where a
    /// word ends leads to [`Blocklist::DEAD`] instead, which never leaves.
    dense: Box<[u16; DENSE]>,
}

/// Entries of [`Blocklist::dense`] (a power of two, so an index is masked, not checked).
const DENSE: usize = 8192;

/// Flag bit of a transition into a state where a blocked word ends.
pub(crate) const HIT: u32 = 1 << 31;

impl Blocklist {
    fn build(words: &[&str]) -> Blocklist {
        let mut next: Vec<[u16; SYMBOLS]> = vec![[0; SYMBOLS]];
        let mut hit = vec![false];
        let mut has_edge: Vec<[bool; SYMBOLS]> = vec![[false; SYMBOLS]];
        for word in words {
            let mut state = 0usize;
            for c in word.chars() {
                let s = skeleton(c) as usize;
                if !has_edge[state][s] {
                    next.push([0; SYMBOLS]);
                    hit.push(false);
                    has_edge.push([false; SYMBOLS]);
                    let id = next.len() - 1;
                    next[state][s] = id as u16;
                    has_edge[state][s] = true;
                }
                state = next[state][s] as usize;
            }
            hit[state] = true;
        }
        // Breadth-first: fill missing transitions with the failure state's.
        let mut fail = vec![0usize; next.len()];
        let mut queue = std::collections::VecDeque::new();
        for s in 0..SYMBOLS {
            if has_edge[0][s] {
                let child = next[0][s] as usize;
                fail[child] = 0;
                queue.push_back(child);
            }
        }
        while let Some(state) = queue.pop_front() {
            hit[state] = hit[state] || hit[fail[state]];
            for s in 0..SYMBOLS {
                if has_edge[state][s] {
                    let child = next[state][s] as usize;
                    fail[child] = next[fail[state]][s] as usize;
                    queue.push_back(child);
                } else {
                    next[state][s] = next[fail[state]][s];
                }
            }
        }
        let trans: Vec<u32> = next
            .iter()
            .flat_map(|row| row.iter().map(|&n| ((n as u32) * SYMBOLS as u32) | if hit[n as usize] { HIT } else { 0 }))
            .collect();
        // The dead state is the row after the last one.
        let dead = trans.len();
        assert!(dead + SYMBOLS <= DENSE && dead <= usize::from(u16::MAX), "blocklist automaton too large");
        let mut dense = Box::new([dead as u16; DENSE]);
        for (slot, &t) in dense.iter_mut().zip(&trans) {
            if t & HIT == 0 {
                *slot = t as u16;
            }
        }
        Blocklist { trans, dense }
    }

    /// The row of the dense automaton's dead state (a blocked word was seen).
    #[inline]
    pub(crate) fn dead(&self) -> usize {
        self.trans.len()
    }

    /// The dense automaton's state after `symbol` (see [`Blocklist::dense`]).
    #[inline]
    pub(crate) fn step_dense(&self, state: usize, symbol: u8) -> usize {
        usize::from(self.dense[(state + usize::from(symbol)) & (DENSE - 1)])
    }

    /// The built-in automaton.
    pub(crate) fn get() -> &'static Blocklist {
        static LIST: OnceLock<Blocklist> = OnceLock::new();
        LIST.get_or_init(|| Blocklist::build(BLOCKLIST))
    }

    fn states(&self) -> usize {
        self.trans.len() / SYMBOLS
    }

    /// True when the symbol sequence contains a blocked word.
    #[inline]
    pub(crate) fn blocks(&self, symbols: impl IntoIterator<Item = u8>) -> bool {
        let mut state = self.start();
        for s in symbols {
            state = self.step(state, s);
            if self.is_hit(state) {
                return true;
            }
        }
        false
    }

    /// The state before any symbol.
    pub(crate) fn start(&self) -> u32 {
        0
    }

    /// The state after `symbol` (with [`HIT`] set when a word ends there).
    #[inline]
    pub(crate) fn step(&self, state: u32, symbol: u8) -> u32 {
        self.trans.get((state & !HIT) as usize + symbol as usize).copied().unwrap_or(0)
    }

    /// True when a blocked word ends at this state.
    #[inline]
    pub(crate) fn is_hit(&self, state: u32) -> bool {
        state & HIT != 0
    }

    /// How many strings of `len` characters from `alphabet` contain no blocked
    /// word: exact (saturating at `u128::MAX`), with its base-2 logarithm.
    pub(crate) fn count_clean(&self, alphabet: &Alphabet, len: usize) -> (u128, f64) {
        let states = self.states();
        let mut exact = vec![0u128; states];
        let mut scaled = vec![0f64; states];
        exact[0] = 1;
        scaled[0] = 1.0;
        let mut log2_scale = 0f64;
        for _ in 0..len {
            let mut e2 = vec![0u128; states];
            let mut s2 = vec![0f64; states];
            for st in 0..states {
                if exact[st] == 0 && scaled[st] == 0.0 {
                    continue;
                }
                for &sym in &alphabet.symbols {
                    let nx = self.step((st * SYMBOLS) as u32, sym);
                    if !self.is_hit(nx) {
                        let nx = nx as usize / SYMBOLS;
                        e2[nx] = e2[nx].saturating_add(exact[st]);
                        s2[nx] += scaled[st];
                    }
                }
            }
            let total: f64 = s2.iter().sum();
            if total > 0.0 {
                for v in &mut s2 {
                    *v /= total;
                }
                log2_scale += total.log2();
            }
            exact = e2;
            scaled = s2;
        }
        let count = exact.iter().fold(0u128, |a, &b| a.saturating_add(b));
        let log2 = if count == 0 { f64::NEG_INFINITY } else { log2_scale + scaled.iter().sum::<f64>().log2() };
        (count, log2)
    }

    /// [`Blocklist::count_clean`] for random parts whose last character is a check
    /// symbol: `len − 1` free characters, then the check, none spelling a blocked
    /// word. Dynamic programming over (automaton state, running check value).
    pub(crate) fn count_clean_checked(
        &self,
        alphabet: &Alphabet,
        len: usize,
        check: &crate::lookup::Check,
    ) -> (u128, f64) {
        let states = self.states();
        let q = alphabet.len();
        let cell = |st: usize, s: usize| st * q + s;
        let mut exact = vec![0u128; states * q];
        let mut scaled = vec![0f64; states * q];
        exact[0] = 1;
        scaled[0] = 1.0;
        let mut log2_scale = 0f64;
        let mut step = |exact: &mut Vec<u128>, scaled: &mut Vec<f64>, last: bool| {
            let mut e2 = vec![0u128; states * q];
            let mut s2 = vec![0f64; states * q];
            for st in 0..states {
                for s in 0..q {
                    let (e, f) = (exact[cell(st, s)], scaled[cell(st, s)]);
                    if e == 0 && f == 0.0 {
                        continue;
                    }
                    let digits: Vec<u32> =
                        if last { vec![check.digit_after(s as u32)] } else { (0..q as u32).collect() };
                    for d in digits {
                        let nx = self.step((st * SYMBOLS) as u32, alphabet.symbols[d as usize]);
                        if !self.is_hit(nx) {
                            let to = cell(nx as usize / SYMBOLS, check.op(s as u32, d) as usize);
                            e2[to] = e2[to].saturating_add(e);
                            s2[to] += f;
                        }
                    }
                }
            }
            let total: f64 = s2.iter().sum();
            if total > 0.0 {
                for v in &mut s2 {
                    *v /= total;
                }
                log2_scale += total.log2();
            }
            *exact = e2;
            *scaled = s2;
        };
        for i in 0..len {
            step(&mut exact, &mut scaled, i + 1 == len);
        }
        let count = exact.iter().fold(0u128, |a, &b| a.saturating_add(b));
        let log2 = if count == 0 { f64::NEG_INFINITY } else { log2_scale + scaled.iter().sum::<f64>().log2() };
        (count, log2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet(s: &str) -> Alphabet {
        Alphabet::new(s, Case::Upper, Platform::Generic).unwrap()
    }

    #[test]
    fn leet_spellings_are_blocked() {
        let bl = Blocklist::get();
        for word in ["SHIT", "5H1T", "SH17", "F4G", "XFUCKX", "PHVK"] {
            let blocked = bl.blocks(word.chars().map(skeleton));
            assert_eq!(blocked, word != "PHVK", "{word}");
        }
    }

    #[test]
    fn the_dense_automaton_blocks_what_the_full_one_blocks() {
        let bl = Blocklist::get();
        let a = alphabet("FUCKSH1T4GANZV");
        let n = a.len();
        for len in 0..=4 {
            for mut i in 0..n.pow(len as u32) {
                let mut syms = Vec::new();
                for _ in 0..len {
                    syms.push(a.symbols[i % n]);
                    i /= n;
                }
                let dense = syms.iter().fold(0, |st, &s| bl.step_dense(st, s));
                assert_eq!(dense == bl.dead(), bl.blocks(syms.iter().copied()), "{syms:?}");
            }
        }
    }

    #[test]
    fn clean_count_matches_brute_force() {
        let a = alphabet("FUCKSH1T4G");
        let bl = Blocklist::get();
        for len in 0..=5 {
            let n = a.len();
            let mut brute = 0u128;
            for mut i in 0..n.pow(len as u32) {
                let mut syms = Vec::new();
                for _ in 0..len {
                    syms.push(a.symbols[i % n]);
                    i /= n;
                }
                if !bl.blocks(syms) {
                    brute += 1;
                }
            }
            let (count, log2) = bl.count_clean(&a, len);
            assert_eq!(count, brute, "len {len}");
            assert!((log2 - (brute as f64).log2()).abs() < 1e-9);
        }
    }

    #[test]
    fn seeded_stream_is_the_documented_chacha20_keystream() {
        // ChaCha20, key = 42 LE || 0^24, nonce 0, counter 0: first keystream bytes.
        let mut key = [0u8; 32];
        key[0] = 42;
        let mut reference = [0u8; 16];
        ChaCha20Rng::from_seed(key).fill_bytes(&mut reference);
        let mut rng = Rng::seeded(42);
        let ours: Vec<u8> = (0..16).map(|_| rng.byte().unwrap()).collect();
        assert_eq!(ours, reference);
    }

    #[test]
    fn sampling_is_unbiased_for_awkward_sizes() {
        let mut rng = Rng::seeded(7);
        let n = 27u32;
        let mut counts = [0u32; 27];
        for _ in 0..270_000 {
            counts[rng.below_small(n, 256 - 256 % n).unwrap() as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (9_400..=10_600).contains(&c)), "{counts:?}");
        assert!((0..1000).all(|_| rng.below(1_000_003).unwrap() < 1_000_003));
    }

    #[test]
    fn alphabets_reject_repeats_case_twins_and_forbidden_characters() {
        let err = |s: &str, p: Platform| Alphabet::new(s, Case::Upper, p).unwrap_err();
        assert_eq!(err("ABCA", Platform::Generic).position(), Some(3));
        assert_eq!(err("abA", Platform::Generic).position(), Some(2));
        assert_eq!(err("AB-", Platform::Paddle).position(), Some(2));
        assert_eq!(err("A", Platform::Generic).position(), None);
        assert!(Alphabet::new("éèe", Case::Lower, Platform::WooCommerce).is_err());
        assert_eq!(Alphabet::new("abc", Case::Upper, Platform::Generic).unwrap().chars, vec!['A', 'B', 'C']);
    }
}
