//! Text processing: making personal data code-safe, and the canonical key codes
//! collide on. Context rules on top of the tables (how a script is read in its
//! own setting, locale hints) are in `crate::translit`.
//!
//! # Why these tables
//!
//! Transliteration uses the data of [`any_ascii`](https://docs.rs/any_ascii) 0.3.3
//! (ISC licence, the same tables as Python's `anyascii`). Measured on a multilingual
//! name list it reads better than `deunicode` (`李娜`→`LINA` not `LINUO`, `Юлия`→`YULIYA`
//! not `IULIIA`, `Αθηνά`→`ATHINA` not `ATHENA`, `राहुल`→`RAHUL` not `RAAHUL`, `까`→`KKA`
//! not `GGA`) and covers 112k alphanumeric code points against deunicode's 68k.
//! Both crates are too big for the browser build, though: any_ascii is 294 KB
//! gzipped in wasm and deunicode 183 KB, against a 200 KB budget for everything.
//! So `core/tests/tables.rs` derives a compact table from any_ascii holding only
//! what a code can use (letters and digits in, `[a-z0-9]` out): about 66 KB gzipped.
//! Hangul syllables are computed (Revised Romanization, as any_ascii does), and
//! historic scripts (cuneiform, hieroglyphs, Tangut, Khitan, hentaigana, Nüshu, the
//! Bamum supplement) and the CJK extensions beyond the Basic Multilingual Plane are
//! left out: like emoji, they contribute nothing to a code.
//!
//! The canonical key uses a per-character table derived from MariaDB's
//! `utf8mb4_unicode_520_ci` primary weights (`core/tests/data/unicode_520_ci.txt`),
//! `unicode-normalization` (NFKD, combining marks; Unicode 18) and ICU4X
//! `icu_casemap` (full case folding), about 26 KB gzipped; unicode-normalization alone adds 88 KB to the wasm build. A test checks both tables against their
//! reference crates for every code point.

use crate::tables::Table;
use std::sync::OnceLock;

static TRANSLIT: Table = Table::parse(include_bytes!("tables/translit.bin"));
static KEY: Table = Table::parse(include_bytes!("tables/key.bin"));

/// The pool strings of a table, split once on first use.
fn pool(table: &'static Table, cell: &'static OnceLock<Vec<&'static str>>) -> &'static [&'static str] {
    cell.get_or_init(|| table.strings())
}

fn translit_pool() -> &'static [&'static str] {
    static CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
    pool(&TRANSLIT, &CELL)
}

fn key_pool() -> &'static [&'static str] {
    static CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
    pool(&KEY, &CELL)
}

const HANGUL_BASE: u32 = 0xAC00;
const HANGUL_COUNT: u32 = 11172;
pub(crate) const HANGUL_L: [&str; 19] =
    ["g", "kk", "n", "d", "tt", "l", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
pub(crate) const HANGUL_V: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
    "ui", "i",
];
const HANGUL_T: [&str; 28] = [
    "", "g", "kk", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m", "b", "bs", "s",
    "ss", "ng", "j", "ch", "k", "t", "p", "h",
];

/// Appends the ASCII transliteration of one non-ASCII alphanumeric character
/// (lowercase letters and digits; nothing for characters without one).
#[inline]
pub(crate) fn push_transliteration(c: char, out: &mut String) {
    let cp = c as u32;
    if (HANGUL_BASE..HANGUL_BASE + HANGUL_COUNT).contains(&cp) {
        let s = cp - HANGUL_BASE;
        push_short(out, HANGUL_L[(s / 588) as usize]);
        push_short(out, HANGUL_V[((s % 588) / 28) as usize]);
        push_short(out, HANGUL_T[(s % 28) as usize]);
    } else {
        match TRANSLIT.index(c) {
            0 => {}
            i => push_short(out, translit_pool().get(i as usize).copied().unwrap_or("")),
        }
    }
}

/// `out.push_str(s)`, byte by byte when `s` is as short as most
/// transliterations (cheaper than a `memcpy` call). Table output is ASCII.
#[inline(always)]
fn push_short(out: &mut String, s: &str) {
    if s.len() <= 4 && s.is_ascii() {
        for &b in s.as_bytes() {
            out.push(char::from(b));
        }
    } else {
        out.push_str(s);
    }
}

const COMBINING_DIAERESIS: char = '\u{308}';

/// Appends the code-safe form of `text` to `out`: transliterated to ASCII, with
/// everything outside `[A-Za-z0-9]` removed. Symbols, punctuation and emoji are
/// dropped *before* transliterating, so they never turn into words.
/// ASCII letters keep their case; transliterated letters come out lowercase (the
/// format cases the whole code afterwards).
pub(crate) fn push_code_safe(text: &str, german_umlauts: bool, out: &mut String) {
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // Already code-safe (most names): one copy.
        out.push_str(text);
        return;
    }
    if text.is_ascii() {
        // Nothing to transliterate (and no combining diaeresis for the German rule).
        out.extend(text.bytes().filter(u8::is_ascii_alphanumeric).map(char::from));
        return;
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
                if german_umlauts
                    && matches!(c, 'a' | 'o' | 'u' | 'A' | 'O' | 'U')
                    && chars.peek() == Some(&COMBINING_DIAERESIS)
                {
                    out.push('e');
                }
            }
            continue;
        }
        if german_umlauts {
            let base = match c {
                'ä' | 'Ä' => Some('a'),
                'ö' | 'Ö' => Some('o'),
                'ü' | 'Ü' => Some('u'),
                _ => None,
            };
            if let Some(b) = base {
                out.push(b);
                out.push('e');
                continue;
            }
        }
        // The table holds letters and digits only, so symbols, punctuation and
        // emoji find nothing there and are dropped.
        push_transliteration(c, out);
    }
}

/// The code-safe, uppercase form of a personal part: what a name contributes to a
/// code.
///
/// ```
/// use promocode::code_safe;
/// assert_eq!(code_safe("José", false), "JOSE");
/// assert_eq!(code_safe("Straße", false), "STRASSE");
/// assert_eq!(code_safe("O'Brien", false), "OBRIEN");
/// assert_eq!(code_safe("Иван", false), "IVAN");
/// assert_eq!(code_safe("张伟", false), "ZHANGWEI");
/// assert_eq!(code_safe("😀Ann", false), "ANN");
/// assert_eq!(code_safe("Müller", true), "MUELLER");
/// ```
pub fn code_safe(text: &str, german_umlauts: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let ctx = crate::translit::Ctx { field: crate::Field::Name, locale: None, umlauts: german_umlauts };
    crate::translit::push(text, &ctx, &mut out);
    out.make_ascii_uppercase();
    out
}

/// [`code_safe`] from the per-character tables alone, without the context rules
/// of the transliteration module (the tables test compares it with `any_ascii`).
#[doc(hidden)]
pub fn code_safe_tables(text: &str, german_umlauts: bool) -> String {
    let mut out = String::with_capacity(text.len());
    push_code_safe(text, german_umlauts, &mut out);
    out.make_ascii_uppercase();
    out
}

/// The version of the [`canonical_key`] algorithm. Stores that persist keys
/// record it: keys of different versions must not be compared (recompute them
/// from the codes instead).
///
/// - 1: NFKC, full case folding, combining marks stripped, dotless `ı` as `i`.
/// - 2: also every equality of MariaDB's `utf8mb4_unicode_520_ci` (the collation
///   WordPress gives WooCommerce's coupon table): `ø`/`o`, `ł`/`l`, `đ`/`ð`/`d`,
///   `æ`/`ae`, `œ`/`oe`, digits of every script, characters the collation
///   ignores (zero-width space, BOM, word joiner, C0 controls) dropped.
pub const KEY_VERSION: u32 = 2;

/// The key two codes collide on. Two codes with the same key count as the same
/// code everywhere in this library, so `john20`, `JOHN20`, `ＪＯＨＮ２０` and
/// `jöhn20` can never all be issued.
///
/// The key never separates two codes that MariaDB's `utf8mb4_unicode_520_ci`
/// (the collation of WordPress's `wp_posts`, where WooCommerce looks coupons up)
/// calls equal: it is built from that collation's primary weights, so `łukasz20`
/// and `lukasz20`, `ærø` and `aero`, `a\u{200B}b` and `ab` share a key. It also
/// keeps the Unicode equalities of earlier versions where the collation has them
/// too or where they line up letter for letter: compatibility forms (NFKC), case
/// (full case folding), accents, and dotless `ı` as `i`. Whitespace at the ends
/// is trimmed. See [`KEY_VERSION`].
///
/// A few pairs share a key that the collation keeps apart (`ı`/`i`, `й`/`и`,
/// Indic vowel signs): such codes only reserve each other.
///
/// ```
/// use promocode::canonical_key;
/// assert_eq!(canonical_key(" JOHN20 "), "john20");
/// assert_eq!(canonical_key("ＪＯＨＮ２０"), "john20");
/// assert_eq!(canonical_key("jöhn20"), "john20");
/// assert_eq!(canonical_key("STRASSE"), canonical_key("straße"));
/// assert_eq!(canonical_key("ıstanbul"), canonical_key("ISTANBUL"));
/// assert_eq!(canonical_key("Łukasz20"), "lukasz20");
/// assert_eq!(canonical_key("Ærø"), "aero");
/// assert_eq!(canonical_key("jo\u{200B}hn"), "john");
/// ```
pub fn canonical_key(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    push_canonical_key(code, &mut out);
    out
}

/// ASCII characters `utf8mb4_unicode_520_ci` ignores: the C0 controls but tab,
/// line feed, vertical tab, form feed and carriage return, and DEL.
#[inline]
fn ascii_ignored(b: u8) -> bool {
    matches!(b, 0..=8 | 0x0E..=0x1F | 0x7F)
}

/// Appends the canonical key of `code` to `out`.
pub(crate) fn push_canonical_key(code: &str, out: &mut String) {
    let start = out.len();
    if code.is_ascii() && !code.bytes().any(ascii_ignored) {
        let trimmed = code.trim();
        out.push_str(trimmed);
        out[start..].make_ascii_lowercase();
        return;
    }
    let mut jamo = false;
    for c in code.chars() {
        if c.is_ascii() {
            if !ascii_ignored(c as u8) {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        match KEY.index(c) {
            0 => out.push(c),
            i => {
                let mapped = key_pool().get(i as usize).copied().unwrap_or("");
                jamo |= mapped.chars().any(is_jamo);
                out.push_str(mapped);
            }
        }
        jamo |= is_jamo(c);
    }
    if jamo {
        let composed = compose_hangul(&out[start..]);
        out.truncate(start);
        out.push_str(&composed);
    }
    // Whitespace at the ends goes (after mapping: a compatibility space, or one
    // left by an ignored character), in place.
    let kept = out[start..].trim();
    if kept.len() != out.len() - start {
        let (lead, len) = (kept.as_ptr() as usize - out[start..].as_ptr() as usize, kept.len());
        out.drain(start..start + lead);
        out.truncate(start + len);
    }
}

fn is_jamo(c: char) -> bool {
    ('\u{1100}'..='\u{11FF}').contains(&c) || ('\u{16D63}'..='\u{16D69}').contains(&c)
}

/// The canonical compositions whose second character is not a combining mark,
/// apart from Hangul (Kirat Rai vowel signs, Unicode 16). The tables test checks
/// that this list is complete.
const NON_MARK_COMPOSITIONS: [(char, char, char); 3] = [
    ('\u{16D67}', '\u{16D67}', '\u{16D68}'),
    ('\u{16D63}', '\u{16D67}', '\u{16D69}'),
    ('\u{16D69}', '\u{16D67}', '\u{16D6A}'),
];

/// Canonical composition of what is left once combining marks are stripped:
/// conjoining jamo into Hangul syllables, and [`NON_MARK_COMPOSITIONS`].
fn compose_hangul(s: &str) -> String {
    const L_BASE: u32 = 0x1100;
    const V_BASE: u32 = 0x1161;
    const T_BASE: u32 = 0x11A7;
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        let cp = c as u32;
        if let Some(&last) = out.last() {
            if let Some(&(_, _, composed)) = NON_MARK_COMPOSITIONS.iter().find(|(a, b, _)| *a == last && *b == c) {
                out.pop();
                out.push(composed);
                continue;
            }
            let lp = last as u32;
            if (L_BASE..L_BASE + 19).contains(&lp) && (V_BASE..V_BASE + 21).contains(&cp) {
                let syllable = HANGUL_BASE + ((lp - L_BASE) * 21 + (cp - V_BASE)) * 28;
                if let Some(ch) = char::from_u32(syllable) {
                    out.pop();
                    out.push(ch);
                    continue;
                }
            }
            let s_index = lp.wrapping_sub(HANGUL_BASE);
            if s_index < HANGUL_COUNT && s_index % 28 == 0 && (T_BASE + 1..T_BASE + 28).contains(&cp) {
                if let Some(ch) = char::from_u32(lp + (cp - T_BASE)) {
                    out.pop();
                    out.push(ch);
                    continue;
                }
            }
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// True when both generated tables were compiled in (guards against a build from
/// a checkout without the table files).
#[cfg(test)]
fn tables_loaded() -> bool {
    TRANSLIT.is_loaded() && KEY.is_loaded()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_compiled_in() {
        assert!(tables_loaded(), "run `make tables` to generate core/src/tables/*.bin");
    }

    #[test]
    fn hangul_jamo_compose_into_syllables() {
        assert_eq!(canonical_key("\u{1100}\u{1161}\u{11A8}"), "각");
        assert_eq!(canonical_key("가\u{11A8}"), "각");
        assert_eq!(canonical_key("한국"), "한국");
    }

    #[test]
    fn whitespace_left_by_mapping_is_trimmed() {
        assert_eq!(canonical_key("\u{301} john20\u{A0}"), "john20");
        assert_eq!(canonical_key("  "), "");
    }

    #[test]
    fn decomposed_umlauts_follow_the_german_rule() {
        assert_eq!(code_safe("Mu\u{308}ller", true), "MUELLER");
        assert_eq!(code_safe("Mu\u{308}ller", false), "MULLER");
        assert_eq!(code_safe("ÄÖÜ", true), "AEOEUE");
    }
}
