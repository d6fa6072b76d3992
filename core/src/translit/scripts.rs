//! Alphabets and abjads whose letters depend on their neighbours.

use super::{table, Ctx};
use crate::text::push_transliteration;

/// The base letter of a Greek character (lowercase, accents dropped) and whether
/// it carries a diaeresis (which keeps two vowels apart).
fn greek_base(c: char) -> (char, bool) {
    let cp = c as u32;
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    match cp {
        0x3AA | 0x3CA | 0x390 | 0x1FD2 | 0x1FD3 | 0x1FD7 => ('ι', true),
        0x3AB | 0x3CB | 0x3B0 | 0x1FE2 | 0x1FE3 | 0x1FE7 => ('υ', true),
        0x386 | 0x3AC => ('α', false),
        0x388 | 0x3AD => ('ε', false),
        0x389 | 0x3AE => ('η', false),
        0x38A | 0x3AF => ('ι', false),
        0x38C | 0x3CC => ('ο', false),
        0x38E | 0x3CD => ('υ', false),
        0x38F | 0x3CE => ('ω', false),
        0x1F00..=0x1FFF => {
            let base = match cp & 0xFFF0 {
                0x1F00 | 0x1F80 | 0x1FB0 => 'α',
                0x1F10 => 'ε',
                0x1F20 | 0x1F90 | 0x1FC0 => 'η',
                0x1F30 | 0x1FD0 => 'ι',
                0x1F40 => 'ο',
                0x1F50 | 0x1FE0 => 'υ',
                0x1F60 | 0x1FA0 | 0x1FF0 => 'ω',
                _ => match cp {
                    0x1F70 | 0x1F71 => 'α',
                    0x1F72 | 0x1F73 => 'ε',
                    0x1F74 | 0x1F75 => 'η',
                    0x1F76 | 0x1F77 => 'ι',
                    0x1F78 | 0x1F79 => 'ο',
                    0x1F7A | 0x1F7B => 'υ',
                    _ => 'ω',
                },
            };
            // Letters of the 1FC0/1FE0 rows that are not vowels (ῤ ῥ Ῥ, ῼ ...).
            match cp {
                0x1FE4 | 0x1FE5 | 0x1FEC => ('ρ', false),
                _ if table(c).is_empty() => (c, false),
                _ => (base, false),
            }
        }
        _ => (lower(c), false),
    }
}

/// Greek by ELOT 743 (the Greek passport standard).
pub(super) fn greek(run: &[char], out: &mut String) {
    let letters: Vec<(char, bool, char)> = run
        .iter()
        .filter(|c| !('\u{300}'..='\u{36F}').contains(*c) || **c == '\u{308}')
        .map(|&c| {
            let (b, d) = greek_base(c);
            (b, d, c)
        })
        .collect();
    // A combining diaeresis marks the letter before it.
    let mut items: Vec<(char, bool, char)> = Vec::with_capacity(letters.len());
    for l in letters {
        if l.2 == '\u{308}' {
            if let Some(last) = items.last_mut() {
                last.1 = true;
            }
        } else {
            items.push(l);
        }
    }
    let at = |k: usize| items.get(k).map(|x| x.0);
    let mut k = 0;
    while k < items.len() {
        let (b, _, c) = items[k];
        let next = at(k + 1);
        let next_plain_upsilon = next == Some('υ') && !items[k + 1].1;
        k += 1;
        match b {
            'ο' if next_plain_upsilon => {
                out.push_str("ou");
                k += 1;
            }
            'α' | 'ε' | 'η' if next_plain_upsilon => {
                out.push_str(match b {
                    'α' => "a",
                    'ε' => "e",
                    _ => "i",
                });
                let voiceless = match at(k + 1) {
                    None => true,
                    Some(n) => "θκξπσςτφχψ".contains(n),
                };
                out.push(if voiceless { 'f' } else { 'v' });
                k += 1;
            }
            'μ' if k == 1 && next == Some('π') => {
                out.push('b');
                k += 1;
            }
            'γ' if matches!(next, Some('γ' | 'ξ' | 'χ')) => out.push('n'),
            _ => push_transliteration(c, out),
        }
    }
}

/// Armenian: `ու` is one vowel; `Ե` and `Ո` start a word as `ye` and `vo`.
pub(super) fn armenian(run: &[char], out: &mut String) {
    let lower: Vec<char> = run.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let mut k = 0;
    while k < lower.len() {
        let c = lower[k];
        let next = lower.get(k + 1).copied();
        match c {
            'ո' if next == Some('ւ') => {
                out.push('u');
                k += 1;
            }
            'ե' if k == 0 => out.push_str("ye"),
            'ո' if k == 0 => out.push_str("vo"),
            'ռ' => out.push('r'),
            _ => push_transliteration(run[k], out),
        }
        k += 1;
    }
}

/// Thai: a leading vowel (`เ แ โ ใ ไ`) is said after its consonant or cluster.
pub(super) fn thai(run: &[char], out: &mut String) {
    let consonant = |c: Option<&char>| c.is_some_and(|c| ('\u{E01}'..='\u{E2E}').contains(c));
    let mut k = 0;
    while k < run.len() {
        let c = run[k];
        k += 1;
        if !('\u{E40}'..='\u{E44}').contains(&c) || !consonant(run.get(k)) {
            push_transliteration(c, out);
            continue;
        }
        push_transliteration(run[k], out);
        // True clusters: ก ข ค ต ป พ ผ + ร ล ว.
        if "กขคตปพผ".contains(run[k]) && matches!(run.get(k + 1), Some('ร' | 'ล' | 'ว')) {
            k += 1;
            push_transliteration(run[k], out);
        }
        k += 1;
        let rest = &run[k..];
        let (vowel, skip) = match (c, rest) {
            ('เ', ['า', 'ะ', ..]) => ("o", 2),
            ('เ', ['า', ..]) => ("ao", 1),
            ('เ', ['ี', 'ย', ..]) => ("ia", 2),
            ('เ', ['ื', 'อ', ..]) => ("uea", 2),
            ('เ', ['อ', ..]) => ("oe", 1),
            _ => (
                match c {
                    'เ' => "e",
                    'แ' => "ae",
                    'โ' => "o",
                    _ => "ai",
                },
                0,
            ),
        };
        out.push_str(vowel);
        k += skip;
    }
}

/// Arabic: the letters that do write a vowel. Short vowels are not written and
/// are not guessed.
pub(super) fn arabic(run: &[char], out: &mut String) {
    for (k, &c) in run.iter().enumerate() {
        match c {
            'ا' | 'ٱ' => out.push('a'),
            'أ' if k == 0 => out.push('a'),
            'إ' if k == 0 => out.push('i'),
            'ة' if k + 1 == run.len() => out.push('a'),
            _ => push_transliteration(c, out),
        }
    }
}

#[derive(PartialEq)]
enum Cyr {
    Russian,
    Ukrainian,
    Bulgarian,
}

/// Cyrillic: Ukrainian and Bulgarian have their own official romanizations.
pub(super) fn cyrillic(run: &[char], ctx: &Ctx, out: &mut String) {
    let lower: Vec<char> = run.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let has = |set: &str| lower.iter().any(|c| set.contains(*c));
    let hard_before_consonant = lower.windows(2).any(|w| w[0] == 'ъ' && "бвгджзклмнпрстфхцчшщ".contains(w[1]));
    let lang = if ctx.is("uk") || (ctx.locale.is_none() && (has("єїґ") || (has("і") && !has("ыэъёў")))) {
        Cyr::Ukrainian
    } else if ctx.is("bg") || (ctx.locale.is_none() && hard_before_consonant) {
        Cyr::Bulgarian
    } else {
        Cyr::Russian
    };
    if lang == Cyr::Russian {
        run.iter().for_each(|&c| push_transliteration(c, out));
        return;
    }
    let n = lower.len();
    for (k, &c) in lower.iter().enumerate() {
        let start = k == 0;
        let s = match (&lang, c) {
            (Cyr::Ukrainian, 'г') if k > 0 && lower[k - 1] == 'з' => "gh",
            (Cyr::Ukrainian, 'г') => "h",
            (Cyr::Ukrainian, 'ґ') => "g",
            (Cyr::Ukrainian, 'и') => "y",
            (Cyr::Ukrainian, 'і') => "i",
            (Cyr::Ukrainian, 'є') => {
                if start {
                    "ye"
                } else {
                    "ie"
                }
            }
            (Cyr::Ukrainian, 'ї') => {
                if start {
                    "yi"
                } else {
                    "i"
                }
            }
            (Cyr::Ukrainian, 'й') => {
                if start {
                    "y"
                } else {
                    "i"
                }
            }
            (Cyr::Ukrainian, 'ю') => {
                if start {
                    "yu"
                } else {
                    "iu"
                }
            }
            (Cyr::Ukrainian, 'я') => {
                if start {
                    "ya"
                } else {
                    "ia"
                }
            }
            (Cyr::Bulgarian, 'х') => "h",
            (Cyr::Bulgarian, 'щ') => "sht",
            (Cyr::Bulgarian, 'ъ') => "a",
            (Cyr::Bulgarian, 'ь') => "y",
            (Cyr::Bulgarian, 'я') if k + 1 == n && k > 0 && lower[k - 1] == 'и' => "a",
            _ => {
                push_transliteration(run[k], out);
                continue;
            }
        };
        out.push_str(s);
    }
}
