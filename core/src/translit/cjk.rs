//! Hangul, kana and Han characters.

use super::{table, Ctx, KANJI};
use crate::partner::Field;
use crate::text::{push_transliteration, HANGUL_L, HANGUL_V};

/// Finals as Revised Romanization writes them before a consonant or at the end
/// (names are romanized syllable by syllable, without sound changes between them).
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
];

/// Passport spellings of common Korean surnames that differ from Revised Romanization.
const KOREAN_SURNAMES: &[(char, &str)] = &[
    ('김', "kim"),
    ('이', "lee"),
    ('박', "park"),
    ('최', "choi"),
    ('정', "jung"),
    ('강', "kang"),
    ('조', "cho"),
    ('윤', "yoon"),
    ('임', "lim"),
    ('오', "oh"),
    ('신', "shin"),
    ('권', "kwon"),
    ('안', "ahn"),
    ('류', "ryu"),
    ('유', "yoo"),
    ('고', "ko"),
    ('문', "moon"),
    ('백', "baek"),
    ('심', "shim"),
    ('노', "noh"),
    ('곽', "kwak"),
    ('성', "sung"),
    ('주', "joo"),
    ('우', "woo"),
    ('구', "koo"),
    ('천', "chun"),
    ('공', "kong"),
    ('현', "hyun"),
    ('변', "byun"),
    ('추', "choo"),
    ('명', "myung"),
    ('기', "ki"),
    ('금', "keum"),
    ('육', "yook"),
    ('국', "kook"),
    ('경', "kyung"),
    ('엄', "um"),
    ('편', "pyun"),
];

/// Hangul syllables; `surname` when the run starts the `surname` field.
pub(super) fn hangul(run: &[char], surname: bool, out: &mut String) {
    if let (true, [c]) = (surname, run) {
        if let Some((_, s)) = KOREAN_SURNAMES.iter().find(|(k, _)| k == c) {
            out.push_str(s);
            return;
        }
    }
    for &c in run {
        let s = c as usize - 0xAC00;
        out.push_str(HANGUL_L[s / 588]);
        out.push_str(HANGUL_V[(s % 588) / 28]);
        out.push_str(FINALS[s % 28]);
    }
}

fn is_small_y(c: char) -> bool {
    matches!(c, 'ゃ' | 'ゅ' | 'ょ' | 'ャ' | 'ュ' | 'ョ')
}

fn is_small_vowel(c: char) -> bool {
    matches!(c, 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ')
}

/// Kana in passport Hepburn.
pub(super) fn kana(run: &[char], out: &mut String) {
    let mut syl: Vec<String> = Vec::with_capacity(run.len());
    let mut double = false; // a sokuon waits for the next consonant
    for &c in run {
        let mut s = table(c);
        if matches!(c, 'っ' | 'ッ') {
            double = true;
            continue;
        }
        if c == 'ー' || s.is_empty() {
            continue;
        }
        if is_small_y(c) || is_small_vowel(c) {
            if let Some(prev) = syl.last_mut() {
                let v = s.chars().last().unwrap_or('a');
                let base = prev.strip_suffix('i').filter(|_| is_small_y(c) || prev != "i");
                match base {
                    // ki + ya → kya; shi/chi/ji + yo → sho/cho/jo
                    Some(b) if is_small_y(c) => {
                        let y = if b.ends_with("sh") || b.ends_with("ch") || b.ends_with('j') { "" } else { "y" };
                        *prev = format!("{b}{y}{v}");
                    }
                    // shi/chi/ji + e → she/che/je; ti, di
                    _ if prev.ends_with('u') && prev.len() > 1 => {
                        // fu + a → fa; vu + a → va
                        prev.pop();
                        prev.push(v);
                    }
                    Some(b) if v == 'e' => *prev = format!("{b}e"),
                    _ if (prev == "te" || prev == "de") && v == 'i' => {
                        prev.pop();
                        prev.push('i');
                    }
                    _ if prev == "u" => *prev = format!("w{v}"),
                    _ => syl.push(v.to_string()),
                }
                continue;
            }
        }
        if double {
            double = false;
            if s.starts_with("ch") {
                s.insert(0, 't');
            } else if let Some(f) = s.chars().next().filter(|f| !"aeiou".contains(*f)) {
                s.insert(0, f);
            }
        }
        // Long vowels: ou, oo, uu → o, o, u.
        if let Some(prev) = syl.last() {
            if (s == "u" && (prev.ends_with('o') || prev.ends_with('u'))) || (s == "o" && prev.ends_with('o')) {
                continue;
            }
        }
        syl.push(s);
    }
    for (k, s) in syl.iter().enumerate() {
        if s == "n" && syl.get(k + 1).is_some_and(|n| n.starts_with(['b', 'm', 'p'])) {
            out.push('m');
        } else {
            out.push_str(s);
        }
    }
}

/// Chinese surnames whose surname reading differs from the common word's
/// (simplified and traditional forms).
const CHINESE_SURNAMES: &[(&str, &str)] = &[
    ("曾", "zeng"),
    ("单", "shan"),
    ("單", "shan"),
    ("解", "xie"),
    ("仇", "qiu"),
    ("区", "ou"),
    ("區", "ou"),
    ("查", "zha"),
    ("朴", "piao"),
    ("缪", "miao"),
    ("繆", "miao"),
    ("翟", "zhai"),
    ("薄", "bo"),
    ("卜", "bu"),
    ("乐", "yue"),
    ("樂", "yue"),
    ("盖", "ge"),
    ("蓋", "ge"),
    ("覃", "qin"),
    ("种", "chong"),
    ("種", "chong"),
    ("员", "yun"),
    ("員", "yun"),
    ("召", "shao"),
    ("秘", "bi"),
    ("黑", "he"),
    ("句", "gou"),
    ("折", "she"),
    ("乜", "nie"),
    ("藏", "zang"),
    ("重", "chong"),
    ("宓", "fu"),
    ("洗", "xian"),
    ("祭", "zhai"),
    ("单于", "chanyu"),
    ("尉迟", "yuchi"),
    ("尉遲", "yuchi"),
    ("万俟", "moqi"),
    ("萬俟", "moqi"),
    ("澹台", "tantai"),
];

/// Ideographs beyond the tables (U+20000 and up) that names use as variants
/// of a common one: `𠮷` (吉, in 𠮷田 Yoshida), `𡈽` (土).
const VARIANTS: &[(char, char)] = &[('\u{20BB7}', '吉'), ('\u{2123D}', '土')];

/// Han characters: surname readings, `々`, Taiwan's spellings; with `ja`, kanji
/// without a reading are dropped (returns [`KANJI`]).
pub(super) fn han(run: &[char], ctx: &Ctx, first: bool, out: &mut String) -> u8 {
    if ctx.is("ja") {
        return KANJI;
    }
    let mut k = 0;
    let mut prev = String::new();
    while k < run.len() {
        let mut syl = String::new();
        if k == 0 && first && ctx.field == Field::Surname {
            let text: String = run.iter().take(2).collect();
            if let Some((head, s)) = CHINESE_SURNAMES.iter().find(|(h, _)| text.starts_with(h)) {
                syl.push_str(s);
                k += head.chars().count() - 1;
            }
        }
        if syl.is_empty() {
            if run[k] == '々' {
                syl = prev.clone();
            } else if let Some(&(_, base)) = VARIANTS.iter().find(|(v, _)| *v == run[k]) {
                push_transliteration(base, &mut syl);
            } else {
                push_transliteration(run[k], &mut syl);
            }
        }
        k += 1;
        if ctx.is("zh-TW") {
            // Compound surnames are one table entry but several syllables.
            out.push_str(&wade_giles(&syl));
        } else {
            out.push_str(&syl);
        }
        prev = syl;
    }
    0
}

/// Taiwan's passport spelling (Wade–Giles without apostrophes or umlauts) of a
/// pinyin syllable; text that is not one syllable is returned as it is.
pub(crate) fn wade_giles(py: &str) -> String {
    const INITIALS: [(&str, &str); 18] = [
        ("zh", "ch"),
        ("ch", "ch"),
        ("sh", "sh"),
        ("b", "p"),
        ("p", "p"),
        ("m", "m"),
        ("f", "f"),
        ("d", "t"),
        ("t", "t"),
        ("n", "n"),
        ("l", "l"),
        ("g", "k"),
        ("k", "k"),
        ("h", "h"),
        ("j", "ch"),
        ("q", "ch"),
        ("x", "hs"),
        ("r", "j"),
    ];
    let (ini, fin, wg) = match INITIALS.iter().find(|(p, _)| py.starts_with(p)) {
        Some((p, w)) => (*p, &py[p.len()..], *w),
        None => match py.get(..1) {
            Some("z") => ("z", &py[1..], "ts"),
            Some("c") => ("c", &py[1..], "ts"),
            Some("s") => ("s", &py[1..], "s"),
            _ => ("", py, ""),
        },
    };
    let fin = match (ini, fin) {
        ("z", "i") => return "tzu".to_owned(),
        ("c", "i") => return "tsu".to_owned(),
        ("s", "i") => return "szu".to_owned(),
        ("zh" | "ch" | "sh" | "r", "i") => "ih".to_owned(),
        ("g" | "k" | "h", "e") => "o".to_owned(),
        ("", "er") => "erh".to_owned(),
        ("", "ye") => "yeh".to_owned(),
        ("", "yan") => "yen".to_owned(),
        ("", "you") => "yu".to_owned(),
        ("", "yong") => "yung".to_owned(),
        ("", "yue") => "yueh".to_owned(),
        ("", "yuan") => "yuan".to_owned(),
        ("", f) => f.to_owned(),
        (_, f) => {
            let f = match f {
                "ong" => "ung",
                "iong" => "iung",
                "ie" => "ieh",
                "ian" => "ien",
                "ue" => "ueh",
                "ui" if matches!(ini, "g" | "k") => "uei",
                "uo" if !matches!(ini, "g" | "k" | "h" | "sh") => "o",
                other => other,
            };
            f.to_owned()
        }
    };
    format!("{wg}{fin}")
}
