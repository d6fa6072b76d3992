//! Random codes for coupons and promotion codes that arrive without one.
//!
//! Everything random in the coupon module goes through [`generate_code`], so it can
//! be swapped for the core's own generator in one place (the vectors pin the
//! seeded output; `PROMOCODE_BLESS=1` rewrites them after a swap).
//!
//! # The seeded algorithm (portable, pinned by the vectors)
//!
//! - Byte stream: the ChaCha20 keystream of `rand_chacha::ChaCha20Rng::from_seed(key)`,
//!   where `key` is the seed as 8 little-endian bytes followed by 24 zero bytes
//!   (nonce/stream 0, block counter from 0), read in 64-byte blocks.
//! - Each character: take the next byte `b`; if `b >= 243` (= 9 × 27) drop it and take
//!   another (rejection sampling, so every character is equally likely); otherwise
//!   the character is `ALPHABET[b % 27]`.
//! - One stream serves a whole request, in this order: the coupon's `uuid_code` (if
//!   absent), then each promotion code without a `code`, in array order. A code whose
//!   canonical key is already taken in the request is dropped and redrawn.
//!
//! Without a seed the bytes come from the operating system (`getrandom`; in the
//! browser `crypto.getRandomValues`).

use crate::error::{Error, Result};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// The unambiguous, vowel-free alphabet of generated codes (27 characters).
pub(crate) const ALPHABET: &[u8; 27] = b"23456789BCDFGHJKMNPQRSTVWXZ";

/// Bytes at or above this are rejected (the largest multiple of 27 below 256).
const REJECT_FROM: u8 = (256 - 256 % ALPHABET.len()) as u8;

/// A source of random bytes: seeded ChaCha20, or the operating system.
pub(crate) struct CodeSource {
    rng: Option<ChaCha20Rng>,
    buf: [u8; 64],
    pos: usize,
}

impl CodeSource {
    /// A seeded source when `seed` is `Some`, the OS CSPRNG otherwise.
    pub(crate) fn new(seed: Option<u64>) -> CodeSource {
        let rng = seed.map(|s| {
            let mut key = [0u8; 32];
            key[..8].copy_from_slice(&s.to_le_bytes());
            ChaCha20Rng::from_seed(key)
        });
        CodeSource { rng, buf: [0; 64], pos: 64 }
    }

    fn next_byte(&mut self) -> Result<u8> {
        if self.pos == self.buf.len() {
            match &mut self.rng {
                Some(rng) => rng.fill_bytes(&mut self.buf),
                None => getrandom::fill(&mut self.buf).map_err(|e| Error::InvalidValue {
                    field: "seed".into(),
                    reason: format!(
                        "is missing and the operating system's random source failed ({e}); pass a seed or fix the platform's randomness"
                    ),
                })?,
            }
            self.pos = 0;
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(b)
    }
}

/// Draws one code of `len` characters from [`ALPHABET`] (unbiased).
///
/// The single place randomness enters the coupon module.
pub(crate) fn generate_code(source: &mut CodeSource, len: usize) -> Result<String> {
    let mut code = String::with_capacity(len);
    while code.len() < len {
        let b = source.next_byte()?;
        if b < REJECT_FROM {
            code.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
        }
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_is_deterministic_and_in_alphabet() {
        let a = generate_code(&mut CodeSource::new(Some(7)), 12).unwrap();
        let b = generate_code(&mut CodeSource::new(Some(7)), 12).unwrap();
        let c = generate_code(&mut CodeSource::new(Some(8)), 12).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|x| ALPHABET.contains(&x)));
    }

    #[test]
    fn stream_is_the_chacha_keystream_regardless_of_code_lengths() {
        let mut one = CodeSource::new(Some(42));
        let whole = generate_code(&mut one, 40).unwrap();
        let mut two = CodeSource::new(Some(42));
        let mut parts = String::new();
        for len in [3, 10, 1, 26] {
            parts.push_str(&generate_code(&mut two, len).unwrap());
        }
        assert_eq!(whole, parts);
    }

    #[test]
    fn os_randomness_works() {
        let code = generate_code(&mut CodeSource::new(None), 10).unwrap();
        assert_eq!(code.len(), 10);
    }

    #[test]
    fn reject_threshold() {
        assert_eq!(REJECT_FROM, 243);
    }
}
