//! Compact two-level lookup tables, generated from reference crates by
//! `core/tests/tables.rs` (`make tables` regenerates them; a test fails when the
//! committed files drift from the reference).
//!
//! File layout (all integers little-endian):
//! `b"PCT1"`, `u32 shift`, `u32 limit`, `u32 n_top`, `u32 n_blocks`, `u32 n_pool`,
//! then `n_top` × `u16` block ids (one per `1 << shift` code points below `limit`),
//! `n_blocks` × `(1 << shift)` × `u16` pool indices, `n_pool + 1` × `u32` string
//! offsets, and the UTF-8 string pool.

/// A parsed table; every slice points into the `include_bytes!` data.
pub(crate) struct Table {
    shift: u32,
    limit: u32,
    top: &'static [u8],
    blocks: &'static [u8],
    offsets: &'static [u8],
    pool: &'static [u8],
}

const fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

#[inline]
fn u16_at(b: &[u8], i: usize) -> u16 {
    match b.get(2 * i..2 * i + 2) {
        Some(&[lo, hi]) => u16::from_le_bytes([lo, hi]),
        _ => 0,
    }
}

impl Table {
    /// Parses a table at compile time; an empty or foreign file gives an empty
    /// table (every lookup returns 0), which the table tests catch.
    pub(crate) const fn parse(b: &'static [u8]) -> Table {
        let empty = Table { shift: 0, limit: 0, top: &[], blocks: &[], offsets: &[], pool: &[] };
        if b.len() < 24 || b[0] != b'P' || b[1] != b'C' || b[2] != b'T' || b[3] != b'1' {
            return empty;
        }
        let shift = u32_at(b, 4);
        let limit = u32_at(b, 8);
        let n_top = u32_at(b, 12) as usize;
        let n_blocks = u32_at(b, 16) as usize;
        let n_pool = u32_at(b, 20) as usize;
        let top_len = 2 * n_top;
        let blocks_len = 2 * (n_blocks << shift);
        let offsets_len = 4 * (n_pool + 1);
        if b.len() < 24 + top_len + blocks_len + offsets_len {
            return empty;
        }
        let (_, rest) = b.split_at(24);
        let (top, rest) = rest.split_at(top_len);
        let (blocks, rest) = rest.split_at(blocks_len);
        let (offsets, pool) = rest.split_at(offsets_len);
        Table { shift, limit, top, blocks, offsets, pool }
    }

    /// The pool index stored for `c` (0 when `c` is outside the table).
    #[inline]
    pub(crate) fn index(&self, c: char) -> u16 {
        let cp = c as u32;
        if cp >= self.limit {
            return 0;
        }
        let block = u16_at(self.top, (cp >> self.shift) as usize) as usize;
        u16_at(self.blocks, (block << self.shift) | (cp & ((1 << self.shift) - 1)) as usize)
    }

    /// Every pool string, split and UTF-8-checked once (call it through a
    /// `OnceLock`, so lookups are a plain index).
    pub(crate) fn strings(&self) -> Vec<&'static str> {
        let n = (self.offsets.len() / 4).saturating_sub(1);
        (0..n)
            .map(|i| {
                let start = u32_at(self.offsets, 4 * i) as usize;
                let end = u32_at(self.offsets, 4 * i + 4) as usize;
                self.pool.get(start..end).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")
            })
            .collect()
    }

    /// True when the table was parsed from a real file.
    #[cfg(test)]
    pub(crate) fn is_loaded(&self) -> bool {
        self.limit > 0
    }
}
