//! A partner's layout: the format's pieces with the personal values filled in,
//! empty parts collapsed with their separators and long parts cut to fit.

use super::template::Piece;
use super::{draw_part, Format, Scratch};
use crate::error::{Error, Result};
use crate::random::Rng;

impl Format {
    /// Writes the code straight from the pieces when no personal part is empty and
    /// nothing needs cutting (the common case); returns false, writing nothing,
    /// when the general [`Format::layout`] is needed. Both give the same code.
    #[inline]
    pub(crate) fn write_fast(&self, s: &Scratch, rng: &mut Rng, out: &mut String) -> Result<bool> {
        let mut personal = 0;
        for &(a, b) in &s.ranges {
            if a == b {
                return Ok(false);
            }
            personal += b - a;
        }
        if self.fixed_chars + personal > self.max_length {
            return Ok(false);
        }
        let mut i = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) | Piece::Sep(t) => out.push_str(t),
                Piece::Personal { .. } => {
                    let (a, b) = s.ranges[i];
                    out.push_str(&s.text[a..b]);
                    i += 1;
                }
                Piece::Random(n) => draw_part(&self.alphabet, *n, self.check.as_ref(), rng, out)?,
            }
        }
        Ok(true)
    }
    /// Resolves the layout for these personal values: empty parts collapsed with
    /// their separators, personal parts shortened (longest first) so the code,
    /// plus `reserve` characters for a counter, fits `max_length`.
    pub(crate) fn layout(&self, values: &[&str], reserve: usize) -> Result<Layout> {
        let values = self.fit(values, reserve)?;
        let toks = self.collapse(&values);
        Ok(self.assemble(&toks, &values))
    }

    /// The personal values of [`Format::layout`], shortened to fit.
    pub(super) fn fit<'v>(&self, values: &[&'v str], reserve: usize) -> Result<Vec<&'v str>> {
        let mut values: Vec<&str> = values.to_vec();
        for _ in 0..2 {
            let toks = self.collapse(&values);
            let mut total = reserve;
            let mut personal = 0usize;
            for t in &toks {
                match *t {
                    Tok::Text(s) => total += s.chars().count(),
                    Tok::Personal(i) => personal += values[i].len(),
                    Tok::Random(n) => total += n,
                }
            }
            if total + personal <= self.max_length {
                return Ok(values);
            }
            let budget = self
                .max_length
                .checked_sub(total)
                .filter(|b| *b > 0)
                .ok_or(Error::CodeSpaceExhausted { requested: 1, available: 0 })?;
            let present: Vec<usize> =
                toks.iter().filter_map(|t| if let Tok::Personal(i) = t { Some(*i) } else { None }).collect();
            let lens: Vec<usize> = present.iter().map(|&i| values[i].len()).collect();
            for (&i, len) in present.iter().zip(fit_lengths(&lens, budget)) {
                values[i] = &values[i][..len];
            }
        }
        Ok(values)
    }

    /// The layout's tokens with empty personal parts removed along with the
    /// separator characters they would leave leading, trailing or doubled.
    fn collapse<'a>(&'a self, values: &[&str]) -> Vec<Tok<'a>> {
        #[derive(Clone, Copy)]
        enum T<'a> {
            Tok(Tok<'a>),
            Sep(&'a str),
            Hole,
        }
        let mut toks: Vec<T<'a>> = Vec::with_capacity(self.pieces.len());
        let mut personal = 0;
        for piece in &self.pieces {
            toks.push(match piece {
                Piece::Text(s) => T::Tok(Tok::Text(s)),
                Piece::Sep(s) => T::Sep(s),
                Piece::Random(n) => T::Tok(Tok::Random(*n)),
                Piece::Personal { .. } => {
                    personal += 1;
                    if values[personal - 1].is_empty() {
                        T::Hole
                    } else {
                        T::Tok(Tok::Personal(personal - 1))
                    }
                }
            });
        }
        let mut i = 0;
        while i < toks.len() {
            if !matches!(toks[i], T::Hole) {
                i += 1;
                continue;
            }
            let mut a = i;
            while a > 0 && matches!(toks[a - 1], T::Sep(_)) {
                a -= 1;
            }
            let mut b = i + 1;
            while b < toks.len() && matches!(toks[b], T::Sep(_)) {
                b += 1;
            }
            let content_before = a > 0;
            let content_after = toks[b..].iter().any(|t| matches!(t, T::Tok(_)));
            if !content_before || (content_after && a < i && b > i + 1) {
                toks.drain(i..b); // the hole and the separators after it
            } else if !content_after {
                toks.drain(a..=i); // trailing separators and the hole
                i = a;
            } else {
                toks.remove(i);
            }
        }
        toks.into_iter()
            .map(|t| match t {
                T::Tok(t) => t,
                T::Sep(s) => Tok::Text(s),
                T::Hole => Tok::Text(""),
            })
            .collect()
    }

    fn assemble(&self, toks: &[Tok<'_>], values: &[&str]) -> Layout {
        let mut segs: Vec<Seg> = Vec::new();
        let mut part = 0;
        let push_text = |segs: &mut Vec<Seg>, s: &str| {
            if s.is_empty() {
                return;
            }
            if let Some(Seg::Fixed(last)) = segs.last_mut() {
                last.push_str(s);
            } else {
                segs.push(Seg::Fixed(s.to_owned()));
            }
        };
        for t in toks {
            match *t {
                Tok::Text(s) => {
                    push_text(&mut segs, s);
                }
                Tok::Personal(i) => {
                    push_text(&mut segs, values[i]);
                }
                Tok::Random(n) => {
                    segs.push(Seg::Random { part, len: n });
                    part += 1;
                }
            }
        }
        Layout { segs }
    }
}

/// A resolved layout token.
#[derive(Clone, Copy, Debug)]
enum Tok<'a> {
    Text(&'a str),
    Personal(usize),
    Random(usize),
}

/// A layout with its personal parts filled in: fixed text and random slots.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Layout {
    pub(crate) segs: Vec<Seg>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Seg {
    Fixed(String),
    Random { part: usize, len: usize },
}

/// Shortens lengths (longest first; among equals, the later one first) until
/// their sum fits `budget`.
fn fit_lengths(lens: &[usize], budget: usize) -> Vec<usize> {
    let total: usize = lens.iter().sum();
    if total <= budget {
        return lens.to_vec();
    }
    // The largest cap L with sum(min(len, L)) <= budget; leftovers go, one
    // character each, to the earliest parts still longer than L.
    let (mut lo, mut hi) = (0usize, lens.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if lens.iter().map(|&l| l.min(mid)).sum::<usize>() <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut out: Vec<usize> = lens.iter().map(|&l| l.min(lo)).collect();
    let mut left = budget - out.iter().sum::<usize>();
    for (o, &l) in out.iter_mut().zip(lens) {
        if left == 0 {
            break;
        }
        if l > lo {
            *o += 1;
            left -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatOptions;
    use crate::platform::Case;

    fn fmt(opts: FormatOptions) -> Format {
        opts.build().unwrap()
    }

    #[test]
    fn lengths_are_cut_longest_first() {
        assert_eq!(fit_lengths(&[10, 3], 8), vec![5, 3]);
        assert_eq!(fit_lengths(&[4, 4], 5), vec![3, 2]);
        assert_eq!(fit_lengths(&[2, 9, 2], 6), vec![2, 2, 2]);
        assert_eq!(fit_lengths(&[5], 9), vec![5]);
    }

    #[test]
    fn empty_personal_parts_take_their_separators_with_them() {
        let f = fmt(FormatOptions::new().template("{prefix}-{name}-{random:2}").prefix("P").case(Case::Upper));
        assert_eq!(f.layout(&[""], 0).unwrap().segs[0], Seg::Fixed("P-".into()));
        let f = fmt(FormatOptions::new().template("{name}_{surname}").name(true).surname(true));
        let l = f.layout(&["", "DOE"], 0).unwrap();
        assert_eq!(l.segs, vec![Seg::Fixed("DOE".into())]);
        let l = f.layout(&["JOHN", ""], 0).unwrap();
        assert_eq!(l.segs, vec![Seg::Fixed("JOHN".into())]);
    }
}
