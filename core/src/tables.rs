//! Compact two-level lookup tables, generated from reference crates by
//! `core/tests/tables.rs` (`make tables` regenerates them; a test fails when the
//! committed files drift from the reference).
//!
//! File layout (integers in the header little-endian):
//! `b"PCT2"`, `u32 shift`, `u32 limit`, `u32 n_top`, `u32 n_blocks`, `u32 n_pool`,
//! then three arrays of `u16`, each stored as byte planes (all low bytes, then all
//! high bytes): `n_top` block ids (one per `1 << shift` code points below
//! `limit`), `n_blocks` × `(1 << shift)` pool indices, and `n_pool + 1` string
//! offsets; then the UTF-8 string pool (under 64 KiB).
//!
//! Byte planes compress much better than interleaved `u16`s (the high bytes are
//! mostly alike): the WebAssembly build, which ships these tables, is about
//! 20 KB smaller gzipped than with plain little-endian arrays.

/// An array of `u16` stored as two byte planes.
#[derive(Clone, Copy)]
struct Planes {
    lo: &'static [u8],
    hi: &'static [u8],
}

impl Planes {
    const EMPTY: Planes = Planes { lo: &[], hi: &[] };

    /// Splits `2 * n` bytes off the front of `b`.
    const fn split(b: &'static [u8], n: usize) -> (Planes, &'static [u8]) {
        let (lo, rest) = b.split_at(n);
        let (hi, rest) = rest.split_at(n);
        (Planes { lo, hi }, rest)
    }

    /// Element `i`, or 0 past the end.
    #[inline]
    fn get(&self, i: usize) -> u16 {
        match (self.lo.get(i), self.hi.get(i)) {
            (Some(&lo), Some(&hi)) => u16::from_le_bytes([lo, hi]),
            _ => 0,
        }
    }

    fn len(&self) -> usize {
        self.lo.len()
    }
}

/// A parsed table; every slice points into the `include_bytes!` data.
pub(crate) struct Table {
    shift: u32,
    limit: u32,
    top: Planes,
    blocks: Planes,
    offsets: Planes,
    pool: &'static [u8],
}

const fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

impl Table {
    /// Parses a table at compile time; an empty or foreign file gives an empty
    /// table (every lookup returns 0), which the table tests catch.
    pub(crate) const fn parse(b: &'static [u8]) -> Table {
        let empty =
            Table { shift: 0, limit: 0, top: Planes::EMPTY, blocks: Planes::EMPTY, offsets: Planes::EMPTY, pool: &[] };
        if b.len() < 24 || b[0] != b'P' || b[1] != b'C' || b[2] != b'T' || b[3] != b'2' {
            return empty;
        }
        let shift = u32_at(b, 4);
        let limit = u32_at(b, 8);
        let n_top = u32_at(b, 12) as usize;
        let n_blocks = u32_at(b, 16) as usize;
        let n_pool = u32_at(b, 20) as usize;
        let n_entries = n_blocks << shift;
        if b.len() < 24 + 2 * (n_top + n_entries + n_pool + 1) {
            return empty;
        }
        let (_, rest) = b.split_at(24);
        let (top, rest) = Planes::split(rest, n_top);
        let (blocks, rest) = Planes::split(rest, n_entries);
        let (offsets, pool) = Planes::split(rest, n_pool + 1);
        Table { shift, limit, top, blocks, offsets, pool }
    }

    /// The pool index stored for `c` (0 when `c` is outside the table).
    #[inline]
    pub(crate) fn index(&self, c: char) -> u16 {
        let cp = c as u32;
        if cp >= self.limit {
            return 0;
        }
        let block = self.top.get((cp >> self.shift) as usize) as usize;
        self.blocks.get((block << self.shift) | (cp & ((1 << self.shift) - 1)) as usize)
    }

    /// Every pool string, split and UTF-8-checked once (call it through a
    /// `OnceLock`, so lookups are a plain index).
    pub(crate) fn strings(&self) -> Vec<&'static str> {
        let pool = self.pool;
        (0..self.offsets.len().saturating_sub(1))
            .map(|i| {
                let (start, end) = (self.offsets.get(i) as usize, self.offsets.get(i + 1) as usize);
                pool.get(start..end).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")
            })
            .collect()
    }

    /// True when the table was parsed from a real file.
    #[cfg(test)]
    pub(crate) fn is_loaded(&self) -> bool {
        self.limit > 0
    }
}
