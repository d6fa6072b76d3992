//! Brahmic scripts (Devanagari to Malayalam share one block layout): the
//! inherent vowel, schwa deletion and the sounds the tables spell poorly.

use super::table;

/// One written syllable part.
struct Unit {
    /// Consonant (or independent vowel / other sign) as romanized.
    text: String,
    kind: Kind,
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    /// A consonant with its inherent vowel (maybe deleted later).
    Schwa,
    /// A consonant with a vowel sign (already in `text`).
    Voiced,
    /// A consonant with a virama: part of a cluster.
    Dead,
    /// An independent vowel.
    Vowel,
    /// Anusvara, visarga, digits, anything else.
    Other,
}

const VIRAMA: u32 = 0x4D;
const NUKTA: u32 = 0x3C;

fn is_consonant(off: u32) -> bool {
    (0x15..=0x39).contains(&off) || (0x58..=0x5F).contains(&off) || off == 0x4E || (0x7A..=0x7F).contains(&off)
}

fn is_vowel_sign(off: u32) -> bool {
    ((0x3E..=0x4C).contains(&off) && off != VIRAMA) || (0x55..=0x57).contains(&off) || (0x62..=0x63).contains(&off)
}

/// Appends one run of a Brahmic block starting at `base`.
pub(super) fn push(run: &[char], base: u32, out: &mut String) {
    let tamil = base == 0x0B80;
    // Telugu, Kannada, Malayalam (and Tamil) pronounce every unmarked inherent vowel.
    let exact = base >= 0x0B80;
    let mut units: Vec<Unit> = Vec::with_capacity(run.len());
    let mut i = 0;
    while i < run.len() {
        let c = run[i];
        let off = (c as u32).wrapping_sub(base);
        let next = run.get(i + 1).map(|&n| (n as u32).wrapping_sub(base));
        i += 1;
        if off >= 0x80 {
            continue; // a joiner
        }
        if is_consonant(off) {
            let text = match off {
                0x36 | 0x37 => "sh".to_owned(),
                0x1A if tamil => "s".to_owned(),
                0x1A => "ch".to_owned(),
                0x24 if tamil => "th".to_owned(),
                0x34 if tamil => "zh".to_owned(),
                0x21 | 0x22 | 0x5C | 0x5D if next == Some(NUKTA) || off >= 0x5C => {
                    if off == 0x22 || off == 0x5D { "rh" } else { "r" }.to_owned()
                }
                0x4E | 0x7A..=0x7F => {
                    // Bengali khanda ta, Malayalam chillus: dead consonants.
                    units.push(Unit { text: table(c), kind: Kind::Dead });
                    continue;
                }
                _ => table(c),
            };
            units.push(Unit { text, kind: Kind::Schwa });
        } else if off == NUKTA {
            continue;
        } else if is_vowel_sign(off) {
            let v = if off == 0x43 { "ri".to_owned() } else { table(c) };
            match units.last_mut() {
                Some(u) if u.kind == Kind::Schwa => {
                    u.text.push_str(&v);
                    u.kind = Kind::Voiced;
                }
                _ => units.push(Unit { text: v, kind: Kind::Vowel }),
            }
        } else if off == VIRAMA {
            if let Some(u) = units.last_mut().filter(|u| u.kind == Kind::Schwa) {
                u.kind = Kind::Dead;
            }
        } else if (0x04..=0x14).contains(&off) || off == 0x60 || off == 0x61 {
            let text = if off == 0x0B { "ri".to_owned() } else { table(c) };
            units.push(Unit { text, kind: Kind::Vowel });
        } else if matches!(off, 0x01 | 0x02 | 0x70) {
            // Candrabindu, anusvara, Gurmukhi tippi: a nasal, `m` before a labial.
            let labial = next.is_some_and(|n| (0x2A..=0x2E).contains(&n));
            units.push(Unit { text: if labial { "m" } else { "n" }.to_owned(), kind: Kind::Other });
        } else if off == 0x71 {
            // Gurmukhi addak: the next consonant is doubled.
            let doubled = run.get(i).map(|&n| table(n)).unwrap_or_default();
            units.push(Unit { text: doubled.chars().take(1).collect(), kind: Kind::Other });
        } else {
            units.push(Unit { text: table(c), kind: Kind::Other });
        }
    }
    // ज्ञ (j + virama + ñ) is said `gy`.
    for k in 1..units.len() {
        if units[k - 1].kind == Kind::Dead && units[k - 1].text == "j" && units[k].text.starts_with('n') {
            units[k - 1].text = "g".into();
            units[k].text.replace_range(..1, "y");
        }
    }
    if tamil {
        tamil_sounds(&mut units);
    }
    let mut keep: Vec<bool> = units.iter().map(|u| u.kind == Kind::Schwa).collect();
    if !exact {
        let syllables = units.iter().filter(|u| u.kind != Kind::Dead && u.kind != Kind::Other).count();
        let n = units.len();
        let cluster = |k: usize| k > 0 && units[k - 1].kind == Kind::Dead;
        // Word-final schwa goes, unless it ends a cluster or the only syllable.
        if n > 0 && units[n - 1].kind == Kind::Schwa && syllables > 1 && !cluster(n - 1) {
            keep[n - 1] = false;
        }
        let sounded = |k: usize, keep: &[bool]| match units[k].kind {
            Kind::Schwa => keep[k],
            Kind::Voiced | Kind::Vowel => true,
            _ => false,
        };
        // V C a C V → V C C V, right to left.
        for k in (1..n.saturating_sub(1)).rev() {
            if units[k].kind == Kind::Schwa
                && !cluster(k)
                && sounded(k - 1, &keep)
                && matches!(units[k + 1].kind, Kind::Schwa | Kind::Voiced)
                && sounded(k + 1, &keep)
            {
                keep[k] = false;
            }
        }
    }
    for (u, vowel) in units.iter().zip(keep) {
        out.push_str(&u.text);
        if vowel {
            out.push('a');
        }
    }
}

/// Tamil writes one letter for voiced and voiceless stops: voiced after a nasal,
/// and `ச` is `s` alone, `j` after `ஞ்`, `ch` doubled.
fn tamil_sounds(units: &mut [Unit]) {
    for k in 1..units.len() {
        let (before, rest) = units.split_at_mut(k);
        let prev = &mut before[k - 1];
        let cur = &mut rest[0];
        if prev.kind != Kind::Dead || cur.kind == Kind::Vowel || cur.kind == Kind::Other {
            continue;
        }
        let nasal = matches!(prev.text.as_str(), "n" | "m");
        let voiced = match cur.text.get(..1) {
            Some("k") if nasal => Some("g"),
            Some("t") if nasal => Some("d"),
            Some("p") if nasal => Some("b"),
            Some("s") if nasal => Some("j"),
            _ => None,
        };
        if let Some(v) = voiced {
            let len = if cur.text.starts_with("th") { 2 } else { 1 };
            cur.text.replace_range(..len, v);
        } else if prev.text == cur.text.get(..prev.text.len()).unwrap_or("") && prev.text == "s" {
            prev.text.clear();
            cur.text.replace_range(..1, "ch");
        } else if prev.text == "th" && cur.text.starts_with("th") {
            prev.text.clear();
        }
    }
}
