//! Names as their owners say them: context rules on top of the per-character
//! transliteration tables of [`crate::text`].
//!
//! The tables map one character at a time (from `any_ascii`). That reads well for
//! Latin, Cyrillic and Chinese, but a character alone can't say how a name sounds
//! in scripts where the neighbours decide: a Devanagari consonant carries a vowel
//! unless a sign or a virama follows, Greek `ου` is one sound, a Japanese small
//! `ょ` merges with the kana before it, a Thai vowel is written before the
//! consonant it follows. This module applies those rules to runs of one script
//! and hands everything else to the tables unchanged, so names in other scripts
//! give the same codes as before. No rule guesses what the text does not write:
//! Arabic and Hebrew names without vowel marks stay consonants, and the result
//! says so (see [`Format::explain`](crate::Format::explain)).
//!
//! | script | rule |
//! |---|---|
//! | Devanagari, Bengali, Gurmukhi, Gujarati, Odia | inherent vowel `a` with Hindi-style schwa deletion (word-final, and between single consonants `VC_CV`, right to left); `श ष` → `sh`, `च` → `ch`, `ऋ` → `ri`, `ज्ञ` → `gy`, `ड़` → `r`; anusvara → `n` (`m` before `p b m`) |
//! | Tamil, Telugu, Kannada, Malayalam | inherent vowel exact (every dead consonant is marked); Tamil `ச` → `s` (`j` after `ஞ்`, `ch` doubled), `த` → `th`, `ழ` → `zh`, `க ட த ப` voiced after a nasal |
//! | Greek | ELOT 743: `ου` → `ou`; `αυ ευ ηυ` → `av ev iv` (`af ef if` before a voiceless consonant or at the end); `μπ` → `b` at the start; `γγ γξ γχ` → `ng nx nch` |
//! | Armenian | `ու` → `u`; word-initial `Ե` → `ye`, `Ո` → `vo`; `ռ` → `r` |
//! | Japanese kana | Hepburn as on passports: yōon (`キョ` → `kyo`), sokuon (`ッ` doubles, `tch`), long vowels dropped (`ou oo uu` → `o o u`, `ー`), `n` → `m` before `b m p`; `々` repeats the kanji before it |
//! | Hangul | Revised Romanization finals (`k t p l`), syllable by syllable as for names; passport spellings of common surnames in the `surname` field |
//! | Thai | leading vowels `เ แ โ ใ ไ` after their consonant (or cluster) |
//! | Arabic | `ا` → `a`, word-initial `أ` → `a`, `إ` → `i`, final `ة` → `a` |
//! | Cyrillic | Ukrainian (hint `uk`, or a word with `є ї ґ`, or `і` without Belarusian letters): national 2010 table; Bulgarian (hint `bg`, or `ъ` before a consonant): streamlined system |
//! | Han | heteronym surnames read as surnames in the `surname` field; `zh-TW` gives Taiwan's spellings (Wade–Giles as on passports); with `ja`, kanji need a reading |

mod cjk;
mod indic;
mod scripts;

use crate::error::{Error, Result};
use crate::partner::Field;
use crate::text::{push_code_safe, push_transliteration};

/// The version of the transliteration rules: a code made from a name can change
/// only when this number does. Stores record it next to the key version.
///
/// Version 1 was the plain per-character tables; version 2 adds the context
/// rules, locale hints and readings of this module.
pub const TRANSLITERATION_VERSION: u32 = 2;

/// Locale hints a format or partner may give (`locale`). Region subtags are
/// accepted (`de-AT` reads as `de`); `zh-Hant` and `zh-TW` mean Taiwan's spellings.
/// Hints with rules: `de` (umlauts as `ae oe ue`), `uk`, `bg`, `zh-TW`, `ja`; the
/// others name a language so that no other language's rule applies (a `tr`
/// partner keeps `ö` as `o` even when the format sets `german_umlauts`).
pub const LOCALES: &[&str] = &[
    "ar", "bg", "bn", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "ga", "gu", "he", "hi", "hr", "hu",
    "hy", "id", "is", "it", "ja", "ka", "kn", "ko", "lt", "lv", "ml", "mr", "ms", "nb", "nl", "no", "pa", "pl", "pt",
    "ro", "ru", "sk", "sl", "sq", "sr", "sv", "ta", "te", "th", "tr", "uk", "ur", "vi", "zh", "zh-TW",
];

/// A checked locale hint: one of [`LOCALES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Locale(&'static str);

impl Locale {
    /// Reads a BCP 47 tag (`uk`, `de-AT`, `zh_TW`); an unknown language is an
    /// `unknown_locale` error with the closest hint as a suggestion.
    ///
    /// ```
    /// use promocode::Locale;
    /// assert_eq!(Locale::from_name("de-AT")?.as_str(), "de");
    /// assert_eq!(Locale::from_name("zh-Hant-TW")?.as_str(), "zh-TW");
    /// let err = Locale::from_name("ua").unwrap_err();
    /// assert_eq!(err.to_string(), "unknown locale `ua`; did you mean `uk`?");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<Locale> {
        let tag = name.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        let lang = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let lang = if lang == "zh" && rest.iter().any(|p| *p == "tw" || *p == "hant") { "zh-TW" } else { lang };
        match LOCALES.iter().find(|l| **l == lang) {
            Some(l) => Ok(Locale(l)),
            None => {
                // Country codes people give for a language, then near misses.
                const COUNTRIES: &[(&str, &str)] = &[
                    ("ua", "uk"),
                    ("gr", "el"),
                    ("jp", "ja"),
                    ("kr", "ko"),
                    ("cn", "zh"),
                    ("tw", "zh-TW"),
                    ("dk", "da"),
                    ("se", "sv"),
                    ("cz", "cs"),
                    ("il", "he"),
                ];
                let suggestion = COUNTRIES.iter().find(|(c, _)| *c == lang).map(|(_, l)| *l).or_else(|| {
                    LOCALES
                        .iter()
                        .map(|l| (*l, crate::format::edit_distance(&tag, &l.to_ascii_lowercase())))
                        .filter(|&(_, d)| d <= 1)
                        .min_by_key(|&(_, d)| d)
                        .map(|(l, _)| l)
                });
                Err(Error::UnknownLocale { name: name.into(), suggestion })
            }
        }
    }

    /// The hint, e.g. `"uk"` or `"zh-TW"`.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// What a rule noticed while transliterating one field (for warnings).
pub(crate) const ABJAD: u8 = 1;
/// Kanji were dropped because a `ja` field had no reading.
pub(crate) const KANJI: u8 = 2;

/// The setting one field is transliterated in.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub field: Field,
    pub locale: Option<Locale>,
    /// The format's `german_umlauts` (used when no hint says otherwise).
    pub umlauts: bool,
}

impl Ctx {
    fn is(&self, tag: &str) -> bool {
        self.locale.is_some_and(|l| l.0 == tag)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Indic(u32),
    Greek,
    Armenian,
    Kana,
    Han,
    Hangul,
    Thai,
    Arabic,
    Hebrew,
    Cyrillic,
}

fn family(c: char) -> Option<Family> {
    let cp = c as u32;
    Some(match cp {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Family::Greek,
        0x0400..=0x04FF => Family::Cyrillic,
        0x0531..=0x058F => Family::Armenian,
        0x0590..=0x05FF => Family::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F => Family::Arabic,
        0x0900..=0x0D7F => Family::Indic(cp & !0x7F),
        0x0E00..=0x0E7F => Family::Thai,
        0x3041..=0x30FF => Family::Kana,
        0x3005 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Family::Han,
        0xAC00..=0xD7A3 => Family::Hangul,
        _ => return None,
    })
}

/// Appends the code-safe form of one personal field (lowercase letters and
/// digits, ASCII letters keep their case) and returns what the rules noticed
/// ([`ABJAD`], [`KANJI`]).
pub(crate) fn push(text: &str, ctx: &Ctx, out: &mut String) -> u8 {
    let umlauts = match ctx.locale {
        Some(l) => l.0 == "de",
        None => ctx.umlauts,
    };
    if text.is_ascii() {
        push_code_safe(text, umlauts, out);
        return 0;
    }
    let mut notes = 0;
    let mut plain = 0; // byte offset where the text not yet written starts
    let mut first = true; // no letter written for this field yet
    let mut iter = text.char_indices().peekable();
    // Runs of one script (Greek keeps its combining accents, Indic its joiners).
    while let Some((i, c)) = iter.next() {
        let Some(fam) = family(c) else { continue };
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            let joins = match fam {
                Family::Greek => ('\u{300}'..='\u{36F}').contains(&d),
                Family::Indic(_) => matches!(d, '\u{200C}' | '\u{200D}'),
                _ => false,
            };
            if joins || family(d) == Some(fam) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        if plain < i {
            let before = out.len();
            push_code_safe(&text[plain..i], umlauts, out);
            first &= out.len() == before;
        }
        let run: Vec<char> = text[i..end].chars().collect();
        let before = out.len();
        match fam {
            Family::Indic(base) => indic::push(&run, base, out),
            Family::Greek => scripts::greek(&run, out),
            Family::Armenian => scripts::armenian(&run, out),
            Family::Thai => scripts::thai(&run, out),
            Family::Arabic => scripts::arabic(&run, out),
            Family::Cyrillic => scripts::cyrillic(&run, ctx, out),
            Family::Hangul => cjk::hangul(&run, ctx.field == Field::Surname && first, out),
            Family::Kana => cjk::kana(&run, out),
            Family::Han => notes |= cjk::han(&run, ctx, first, out),
            Family::Hebrew => run.iter().for_each(|&c| push_transliteration(c, out)),
        }
        if matches!(fam, Family::Arabic | Family::Hebrew) && !out[before..].contains(['a', 'e', 'i', 'o', 'u']) {
            notes |= ABJAD;
        }
        first &= out.len() == before;
        plain = end;
    }
    if plain < text.len() {
        push_code_safe(&text[plain..], umlauts, out);
    }
    notes
}

/// The transliteration of one character from the tables, as a new string.
pub(crate) fn table(c: char) -> String {
    let mut s = String::new();
    push_transliteration(c, &mut s);
    s
}
