//! Random codes for coupons and promotion codes that arrive without one.
//!
//! They come from the core's random stream ([`crate::random`]: ChaCha20 keyed by the
//! seed, or by the OS CSPRNG) and the core's random-part drawing (the default
//! unambiguous alphabet, unbiased sampling, blocklist redraw), so a generated
//! `uuid_code` is as safe as any generated code. One stream serves a whole request,
//! in this order: the coupon's `uuid_code` (if absent), then each promotion code
//! without a `code`, in array order. A code whose canonical key is already taken in
//! the request is redrawn.

use crate::error::Result;
use crate::format::draw_part;
use crate::random::{Alphabet, Rng};

/// A request's random stream: seeded, or keyed from the OS on first use.
pub(crate) struct CodeSource {
    rng: Rng,
}

impl CodeSource {
    /// A seeded source when `seed` is `Some`, the OS CSPRNG otherwise.
    pub(crate) fn new(seed: Option<u64>) -> CodeSource {
        CodeSource { rng: Rng::new(seed) }
    }
}

/// Draws one code of `len` characters from the default alphabet.
pub(crate) fn generate_code(source: &mut CodeSource, len: usize) -> Result<String> {
    let mut code = String::with_capacity(len);
    draw_part(Alphabet::default_upper(), len, None, &mut source.rng, &mut code)?;
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
        assert!(a.chars().all(|x| crate::DEFAULT_ALPHABET.contains(x)));
    }
}
