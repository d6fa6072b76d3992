//! Random parts: drawn from the alphabet and redrawn, as a whole, while they
//! spell a blocked word. [`draw_clean`] is the one redraw loop; the render,
//! generate and bulk paths all call it, so the same seed gives the same codes
//! on every path by construction.

use super::{Format, Layout, Seg};
use crate::error::{Error, Result};
use crate::lookup::Check;
use crate::random::{Alphabet, Blocklist, Rng};

/// After this many blocked draws in a row for one random part, give up (only a
/// contrived alphabet gets anywhere near: formats whose random parts are mostly
/// blocked are rejected when they are built).
pub(crate) const MAX_BLOCKED_REDRAWS: usize = 100_000;

impl Layout {
    /// Writes a code: fixed text as is, each random part drawn left to right and
    /// redrawn as a whole while it spells a blocked word.
    pub(crate) fn write(&self, format: &Format, rng: &mut Rng, out: &mut String) -> Result<()> {
        for seg in &self.segs {
            match seg {
                Seg::Fixed(s) => out.push_str(s),
                Seg::Random { len, .. } => draw_part(&format.alphabet, *len, format.check.as_ref(), rng, out)?,
            }
        }
        Ok(())
    }
}

/// The one blocklist-redraw loop: fills `buf` with `fill` until `blocked` says
/// the part spells no blocked word, redrawing the whole part each time; gives up
/// with `code_space_exhausted` after [`MAX_BLOCKED_REDRAWS`] blocked draws in a
/// row. Every random part of every path (render, generate, the bulk paths) is
/// drawn through it, so seeded output is the same whichever path draws it; the
/// paths differ only in how they run the blocklist's automaton (`blocked`).
#[inline]
pub(crate) fn redraw_until_clean<B: ?Sized>(
    buf: &mut B,
    mut fill: impl FnMut(&mut B) -> Result<()>,
    blocked: impl Fn(&B) -> bool,
) -> Result<()> {
    for _ in 0..MAX_BLOCKED_REDRAWS {
        fill(buf)?;
        if !blocked(buf) {
            return Ok(());
        }
    }
    Err(Error::CodeSpaceExhausted { requested: 1, available: 0 })
}

/// [`redraw_until_clean`] for a part whose entries spell `symbol` of each.
#[inline]
pub(crate) fn draw_clean<T: Copy>(
    idx: &mut [T],
    symbol: impl Fn(T) -> u8,
    fill: impl FnMut(&mut [T]) -> Result<()>,
) -> Result<()> {
    let blocklist = Blocklist::get();
    redraw_until_clean(idx, fill, |idx: &[T]| blocklist.blocks(idx.iter().map(|&i| symbol(i))))
}

/// Draws one random part of `len` characters that spells no blocked word (with
/// a `check`, `len − 1` random characters and their check character).
pub(crate) fn draw_part(
    alphabet: &Alphabet,
    len: usize,
    check: Option<&Check>,
    rng: &mut Rng,
    out: &mut String,
) -> Result<()> {
    let mut small = [0u8; 64];
    let data = len - usize::from(check.is_some());
    if let (Some(lut), Some(idx)) = (&alphabet.lut, small.get_mut(..len)) {
        // The hot path: byte-table sampling, one automaton step per character.
        draw_clean(
            idx,
            |i| alphabet.symbols.get(i as usize).copied().unwrap_or(0),
            |idx| {
                rng.fill_lut(lut, &mut idx[..data])?;
                if let Some(c) = check {
                    idx[data] = c.digit(&idx[..data]) as u8;
                }
                Ok(())
            },
        )?;
        out.reserve(len);
        match &alphabet.ascii {
            Some(bytes) => out.extend(idx.iter().map(|&i| bytes.get(i as usize).map_or('?', |&b| b as char))),
            None => out.extend(idx.iter().map(|&i| alphabet.chars.get(i as usize).copied().unwrap_or('?'))),
        }
        return Ok(());
    }
    let mut large = vec![0usize; len];
    draw_clean(
        &mut large,
        |i| alphabet.symbols[i],
        |slots| {
            for slot in slots[..data].iter_mut() {
                *slot = alphabet.draw(rng)?;
            }
            if let Some(c) = check {
                let s = c.interim(0, slots[..data].iter().map(|&d| d as u32));
                slots[data] = c.digit_after(s) as usize;
            }
            Ok(())
        },
    )?;
    out.extend(large.iter().map(|&i| alphabet.chars[i]));
    Ok(())
}
