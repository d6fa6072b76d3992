//! Building blocks of the fuzz inputs, and their inverse.
//!
//! Inputs are derived with `arbitrary`; the leaves that need care (text, JSON-ish
//! values) implement `Arbitrary` by hand. Every input type also implements
//! [`Encode`], the inverse of its `Arbitrary` decoding, so the hand-written seeds in
//! `seeds.rs` are written as Rust values and turned into bytes; the seeds test
//! checks that decoding the bytes gives the same case back (if `arbitrary`
//! changes its encoding, that test fails instead of the seeds silently rotting).

use arbitrary::{Arbitrary, Result, Unstructured};

/// The inverse of `Arbitrary::arbitrary` for the fuzz inputs.
pub trait Encode {
    /// Appends the bytes that decode to `self`.
    fn encode(&self, out: &mut Vec<u8>);
}

/// The bytes of a whole input.
pub fn to_bytes<T: Encode>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.encode(&mut out);
    out
}

impl Encode for bool {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
}

macro_rules! encode_le {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
encode_le!(u8, u16, u32, u64, usize, i64);

impl Encode for f64 {
    fn encode(&self, out: &mut Vec<u8>) {
        self.to_bits().encode(out);
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.encode(out);
            }
        }
    }
}

/// `arbitrary` reads a "keep going" flag before each element.
impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        for v in self {
            out.push(1);
            v.encode(out);
        }
        out.push(0);
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self, out: &mut Vec<u8>) {
        self.0.encode(out);
        self.1.encode(out);
    }
}

/// The tag of variant `index` of a derived enum with `count` variants: derive
/// reads a `u32` and takes `(tag * count) >> 32`.
pub fn encode_variant(index: usize, count: usize, out: &mut Vec<u8>) {
    let tag = ((index as u64) << 32).div_ceil(count as u64) as u32;
    tag.encode(out);
}

/// A derived struct (fields read in order) that also encodes itself.
#[macro_export]
macro_rules! fuzz_struct {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(arbitrary::Arbitrary, Clone)]
        pub struct $name { $($(#[$fm])* pub $f: $t),* }
        impl $crate::arb::Encode for $name {
            fn encode(&self, out: &mut Vec<u8>) {
                $( $crate::arb::Encode::encode(&self.$f, out); )*
            }
        }
    };
}

/// A derived field-less enum that also encodes itself.
#[macro_export]
macro_rules! fuzz_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($v:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(arbitrary::Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($v),* }
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
        }
        impl $crate::arb::Encode for $name {
            fn encode(&self, out: &mut Vec<u8>) {
                let i = Self::ALL.iter().position(|v| v == self).unwrap_or(0);
                $crate::arb::encode_variant(i, Self::ALL.len(), out);
            }
        }
    };
}

/// Text: a length byte, then up to 255 bytes. Valid UTF-8 stays as is; each byte
/// of an invalid sequence becomes the Latin-1 character of that value (so random
/// bytes give `é`, `ß`, `Ø`, ... rather than a wall of U+FFFD).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl Text {
    /// A text (at most 255 bytes of UTF-8, or its encoding panics).
    pub fn new(s: &str) -> Text {
        Text(s.to_owned())
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// Decodes bytes as UTF-8, mapping each byte of an invalid sequence to U+0080..U+00FF.
pub fn decode_text(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (ok, bad) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(ok).unwrap_or_default());
                out.push(char::from(bad[0]));
                bytes = &bad[1..];
            }
        }
    }
}

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let len = usize::from(u8::arbitrary(u)?);
        let bytes = u.bytes(len.min(u.len()))?;
        Ok(Text(decode_text(bytes)))
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(256))
    }
}

impl Encode for Text {
    fn encode(&self, out: &mut Vec<u8>) {
        let len = u8::try_from(self.0.len()).expect("a seed text is at most 255 bytes");
        out.push(len);
        out.extend_from_slice(self.0.as_bytes());
    }
}

fuzz_struct! {
    /// Text, repeated when `repeat` is 200 or more (20 to 570 copies): long names,
    /// long codes, megabyte-ish junk.
    pub struct LongText {
        pub text: Text,
        pub repeat: u8,
    }
}

impl LongText {
    /// Short text, not repeated.
    pub fn new(s: &str) -> LongText {
        LongText { text: Text::new(s), repeat: 0 }
    }

    /// How many copies.
    pub fn times(&self) -> usize {
        if self.repeat < 200 {
            1
        } else {
            (usize::from(self.repeat) - 198) * 10
        }
    }

    /// The text.
    pub fn value(&self) -> String {
        self.text.0.repeat(self.times())
    }

    /// The text as a Rust expression of type `String`.
    pub fn rust(&self) -> String {
        match self.times() {
            1 => format!("{:?}.to_string()", self.text.0),
            n => format!("{:?}.repeat({n})", self.text.0),
        }
    }
}

fuzz_enum! {
    /// A platform.
    pub enum PlatformPick { Generic, Stripe, StripeLegacy, Paddle, Shopify, WooCommerce, Partnero, PartneroCoupon }
}

impl PlatformPick {
    /// The core's platform.
    pub fn platform(self) -> promocode::Platform {
        use promocode::Platform as P;
        match self {
            PlatformPick::Generic => P::Generic,
            PlatformPick::Stripe => P::Stripe,
            PlatformPick::StripeLegacy => P::StripeLegacy,
            PlatformPick::Paddle => P::Paddle,
            PlatformPick::Shopify => P::Shopify,
            PlatformPick::WooCommerce => P::WooCommerce,
            PlatformPick::Partnero => P::Partnero,
            PlatformPick::PartneroCoupon => P::PartneroCoupon,
        }
    }
}
