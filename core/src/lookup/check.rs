//! Check symbols: one character per random part that makes every single
//! substitution and every swap of two adjacent characters detectable.
//!
//! # The scheme (Damm, with a quasigroup for every usable alphabet size)
//!
//! An alphabet of `q` characters stands for the numbers `0..q` (alphabet order).
//! Write `q = 2^k · m` with `m` odd, and a number `x` as the pair
//! `(x mod 2^k, x div 2^k)`. The operation
//!
//! ```text
//! x ∘ y = ( 2·x_a ⊕ y_a  in GF(2^k),   (2·x_b + y_b) mod m )
//! ```
//!
//! is a *totally anti-symmetric quasigroup* when `k ≠ 1`:
//!
//! * quasigroup: `y ↦ x ∘ y` and `x ↦ x ∘ y` are bijections (⊕/+ by `y`, and
//!   multiplication by 2, which is invertible in GF(2^k), k ≥ 2, and mod odd `m`);
//! * total anti-symmetry: `(c ∘ x) ∘ y = (c ∘ y) ∘ x` means
//!   `(a − 1)(x − y) = 0` in each component with `a = 2`, and `a − 1` is invertible
//!   (`3` in GF(2^k) for k ≥ 2, `1` mod `m`), so `x = y`.
//!
//! The check character `c` of data `d₁ … dₙ₋₁` makes the running value
//! `((0 ∘ d₁) ∘ d₂ … ) ∘ c` equal 0 (Damm 2004). A substitution changes one step's
//! result (quasigroup), and every later step keeps values apart (bijective in the
//! left argument); a swap of adjacent characters changes the result by total
//! anti-symmetry. So both are always detected; `tests::every_single_error_is_detected`
//! checks this exhaustively for every alphabet size from 3 to 64 it accepts.
//!
//! For odd `q` (the default alphabet has 27 characters) this is a weighted sum mod
//! `q` with weights that are powers of 2. Sizes `q ≡ 2 (mod 4)` (2, 6, 10, 14, …,
//! 30, 34) have no quasigroup of this form and are refused: add or remove a
//! character. (Damm's thesis constructs tables for those orders except 2 and 6;
//! not implemented.)

/// Irreducible polynomials of GF(2^k), k = 2..=12 (bit k included).
const POLY: [u32; 13] = [0, 0, 0x7, 0xB, 0x13, 0x25, 0x43, 0x83, 0x11B, 0x211, 0x409, 0x805, 0x1053];

/// The check-symbol quasigroup for one alphabet size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Check {
    k: u32,
    m: u32,
}

impl Check {
    /// The scheme for an alphabet of `q` characters; `None` when `q < 3`, `q` is
    /// 2 mod 4, or the power-of-two part exceeds 2^12.
    pub(crate) fn new(q: usize) -> Option<Check> {
        let q = u32::try_from(q).ok()?;
        if q < 3 {
            return None;
        }
        let k = q.trailing_zeros();
        if k == 1 || k as usize >= POLY.len() {
            return None;
        }
        Some(Check { k, m: q >> k })
    }

    /// Multiplies by 2 (the polynomial `x`) in GF(2^k).
    #[inline]
    fn double(&self, a: u32) -> u32 {
        if self.k == 0 {
            return 0;
        }
        let d = a << 1;
        if d >> self.k != 0 {
            d ^ POLY[self.k as usize]
        } else {
            d
        }
    }

    /// `x ∘ y`.
    #[inline]
    pub(crate) fn op(&self, x: u32, y: u32) -> u32 {
        let mask = (1u32 << self.k) - 1;
        let a = self.double(x & mask) ^ (y & mask);
        let b = (2 * (x >> self.k) + (y >> self.k)) % self.m;
        a | (b << self.k)
    }

    /// The running value after `digits`.
    #[inline]
    pub(crate) fn interim(&self, start: u32, digits: impl IntoIterator<Item = u32>) -> u32 {
        digits.into_iter().fold(start, |s, d| self.op(s, d))
    }

    /// The check digit `c` with `s ∘ c = 0`.
    #[inline]
    pub(crate) fn digit_after(&self, s: u32) -> u32 {
        let mask = (1u32 << self.k) - 1;
        let a = self.double(s & mask);
        let b = (self.m - (2 * (s >> self.k)) % self.m) % self.m;
        a | (b << self.k)
    }

    /// The check digit for `data`.
    pub(crate) fn digit(&self, data: &[u8]) -> u32 {
        self.digit_after(self.interim(0, data.iter().map(|&d| u32::from(d))))
    }

    /// True when `digits` (data then check) carry a correct check digit.
    pub(crate) fn valid(&self, digits: impl IntoIterator<Item = u32>) -> bool {
        self.interim(0, digits) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of `len` digits (check included) over `q`: all single
    /// substitutions and adjacent swaps fail the check. Returns how many errors
    /// were tried.
    fn exhaustive(q: u32, len: usize) -> u64 {
        let check = Check::new(q as usize).unwrap();
        let mut tried = 0u64;
        let data_len = len - 1;
        let total = (q as u64).pow(data_len as u32);
        let mut code = vec![0u32; len];
        for n in 0..total {
            let mut rest = n;
            for d in code.iter_mut().take(data_len) {
                *d = (rest % q as u64) as u32;
                rest /= q as u64;
            }
            let data: Vec<u8> = code[..data_len].iter().map(|&d| d as u8).collect();
            code[data_len] = if q <= 256 { check.digit(&data) } else { unreachable!() };
            assert!(check.valid(code.iter().copied()), "q={q} {code:?} must be valid");
            for i in 0..len {
                let orig = code[i];
                for v in 0..q {
                    if v != orig {
                        code[i] = v;
                        assert!(!check.valid(code.iter().copied()), "q={q}: substitution at {i} undetected");
                        tried += 1;
                    }
                }
                code[i] = orig;
                if i + 1 < len && code[i] != code[i + 1] {
                    code.swap(i, i + 1);
                    assert!(!check.valid(code.iter().copied()), "q={q}: swap at {i} undetected");
                    code.swap(i, i + 1);
                    tried += 1;
                }
            }
        }
        tried
    }

    #[test]
    fn every_single_error_is_detected() {
        let mut tried = 0;
        for q in 3..=64u32 {
            match Check::new(q as usize) {
                None => assert!(q % 4 == 2, "q={q} should have a scheme"),
                Some(_) => {
                    assert!(q % 4 != 2);
                    // Every code of 3 characters (q² of them), and of 4 for small q.
                    tried += exhaustive(q, 3);
                    if q <= 16 {
                        tried += exhaustive(q, 4);
                    }
                }
            }
        }
        // The default alphabet: every 4-character code (every 5-character one,
        // 71 million errors, in an optimised build).
        tried += exhaustive(27, if cfg!(debug_assertions) { 4 } else { 5 });
        assert!(tried > 10_000_000, "{tried}");
    }

    #[test]
    fn odd_sizes_are_a_weighted_sum_with_powers_of_two() {
        let c = Check::new(27).unwrap();
        let data = [3u8, 14, 26, 0];
        // 0∘d = d, then s∘d = 2s + d: s = 8·3 + 4·14 + 2·26 + 0 (mod 27), check = −2s.
        let s = (8 * 3 + 4 * 14 + 2 * 26) % 27;
        assert_eq!(c.digit(&data), (27 - (2 * s) % 27) % 27);
    }
}
