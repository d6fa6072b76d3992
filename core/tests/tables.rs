//! Generates `core/src/tables/*.bin` from the reference crates, and checks the
//! library against those crates for every Unicode code point.
//!
//! `PROMOCODE_REGEN_TABLES=1 cargo test -p promocode --test tables` (or
//! `make tables`) rewrites the files; without it the tests fail when the committed
//! files differ from what the reference crates give.

use std::collections::HashMap;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

// 256-entry blocks: fewer, larger blocks compress best (measured on the wasm build).
const TRANSLIT_SHIFT: u32 = 8;
const TRANSLIT_LIMIT: u32 = 0x20000;
const KEY_SHIFT: u32 = 8;
const KEY_LIMIT: u32 = 0x110000;

/// Scripts a personal name can't sensibly contribute to a code; documented in
/// `core/src/text.rs`. Everything from U+20000 up (rare CJK extensions) is also out.
fn excluded_from_transliteration(cp: u32) -> bool {
    cp >= TRANSLIT_LIMIT
        || (0x12000..=0x1254F).contains(&cp) // cuneiform
        || (0x13000..=0x1467F).contains(&cp) // Egyptian and Anatolian hieroglyphs
        || (0x16800..=0x16A3F).contains(&cp) // Bamum supplement
        || (0x17000..=0x18D8F).contains(&cp) // Tangut, Khitan
        || (0x1B000..=0x1B2FF).contains(&cp) // hentaigana, Nüshu
}

fn is_hangul_syllable(cp: u32) -> bool {
    (0xAC00..=0xD7A3).contains(&cp)
}

/// The reference transliteration of one character as the tables hold it.
fn reference_translit(c: char) -> String {
    let cp = c as u32;
    if c.is_ascii() || !c.is_alphanumeric() || excluded_from_transliteration(cp) {
        return String::new();
    }
    any_ascii::any_ascii_char(c).chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

fn strip_marks(s: &str) -> String {
    s.chars().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect()
}

/// Full Unicode case folding plus one addition: dotless `ı` (U+0131) folds to
/// `i`. Its upper case is `I`, which folds to `i`, so without it the key of `ı`
/// would change with case; `İ` already keys as `i` (its dot is a mark).
fn key_fold(s: &str) -> String {
    icu_casemap::CaseMapper::new().fold_string(s).replace('\u{131}', "i")
}

/// The reference canonical key of one character: NFKD, full case folding, NFKD
/// again, marks stripped, repeated until nothing changes. Folding comes before
/// stripping: U+0345 (iota subscript) is a mark that folds to a letter. Folding
/// is [`key_fold`].
fn reference_key(c: char) -> String {
    let mut s = c.to_string();
    loop {
        let once = strip_marks(&key_fold(&s.nfkd().collect::<String>()).nfkd().collect::<String>());
        if once == s {
            return s;
        }
        s = once;
    }
}

struct Built {
    bytes: Vec<u8>,
}

/// Builds a table file from `entry(cp)`: `None` for "index 0".
fn build(shift: u32, limit: u32, entry: impl Fn(u32) -> Option<String>) -> Built {
    let mut freq: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<(u32, String)> = Vec::new();
    for cp in 0..limit {
        if let Some(c) = char::from_u32(cp) {
            if let Some(s) = entry(cp).filter(|_| !c.is_ascii()) {
                *freq.entry(s.clone()).or_default() += 1;
                entries.push((cp, s));
            }
        }
    }
    let mut pool: Vec<String> = freq.keys().cloned().collect();
    pool.sort_by(|a, b| freq[b].cmp(&freq[a]).then_with(|| a.cmp(b)));
    pool.insert(0, String::new());
    let index: HashMap<&str, u16> =
        pool.iter().enumerate().skip(1).map(|(i, s)| (s.as_str(), u16::try_from(i).expect("pool fits u16"))).collect();
    let map: HashMap<u32, u16> = entries.iter().map(|(cp, s)| (*cp, index[s.as_str()])).collect();
    let size = 1u32 << shift;
    let mut blocks: Vec<Vec<u16>> = Vec::new();
    let mut block_ids: HashMap<Vec<u16>, u16> = HashMap::new();
    let mut top: Vec<u16> = Vec::new();
    for b in 0..limit / size {
        let block: Vec<u16> = (0..size).map(|i| map.get(&(b * size + i)).copied().unwrap_or(0)).collect();
        let next = u16::try_from(blocks.len()).expect("block ids fit u16");
        let id = *block_ids.entry(block.clone()).or_insert_with(|| {
            blocks.push(block);
            next
        });
        top.push(id);
    }
    let mut offsets = vec![0u16];
    for s in &pool {
        let end = usize::from(*offsets.last().unwrap_or(&0)) + s.len();
        offsets.push(u16::try_from(end).expect("string pool fits 64 KiB"));
    }
    let entries: Vec<u16> = blocks.concat();
    let mut bytes = b"PCT2".to_vec();
    for v in [shift, limit, top.len() as u32, blocks.len() as u32, pool.len() as u32] {
        bytes.extend(v.to_le_bytes());
    }
    // Byte planes: every low byte, then every high byte (compresses far better).
    for array in [&top, &entries, &offsets] {
        bytes.extend(array.iter().map(|v| v.to_le_bytes()[0]));
        bytes.extend(array.iter().map(|v| v.to_le_bytes()[1]));
    }
    for s in &pool {
        bytes.extend(s.as_bytes());
    }
    Built { bytes }
}

fn translit_table() -> Built {
    build(TRANSLIT_SHIFT, TRANSLIT_LIMIT, |cp| {
        let c = char::from_u32(cp)?;
        if is_hangul_syllable(cp) {
            return None; // computed
        }
        Some(reference_translit(c)).filter(|s| !s.is_empty())
    })
}

fn key_table() -> Built {
    build(KEY_SHIFT, KEY_LIMIT, |cp| {
        let c = char::from_u32(cp)?;
        if is_hangul_syllable(cp) {
            return None; // NFKC keeps syllables composed
        }
        let k = reference_key(c);
        (k != c.to_string()).then_some(k)
    })
}

fn table_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/tables").join(name)
}

fn check_or_write(name: &str, built: Built) {
    let path = table_path(name);
    if std::env::var_os("PROMOCODE_REGEN_TABLES").is_some() {
        std::fs::write(&path, &built.bytes).expect("write table");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == built.bytes,
        "{} differs from what the reference crates give; run `make tables` and commit the result",
        path.display()
    );
}

#[test]
fn transliteration_table_is_current() {
    check_or_write("translit.bin", translit_table());
}

#[test]
fn key_table_is_current() {
    check_or_write("key.bin", key_table());
}

#[test]
fn code_safe_matches_any_ascii_for_every_code_point() {
    if std::env::var_os("PROMOCODE_REGEN_TABLES").is_some() {
        return; // the binary under test still holds the old tables
    }
    let mut checked = 0;
    for cp in 0x80..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else { continue };
        let expected = if is_hangul_syllable(cp) {
            any_ascii::any_ascii_char(c).to_ascii_uppercase()
        } else {
            reference_translit(c).to_ascii_uppercase()
        };
        assert_eq!(promocode::code_safe_tables(&c.to_string(), false), expected, "U+{cp:04X} {c}");
        checked += 1;
    }
    assert!(checked > 1_000_000);
}

#[test]
fn canonical_key_matches_reference_for_every_code_point() {
    if std::env::var_os("PROMOCODE_REGEN_TABLES").is_some() {
        return;
    }
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else { continue };
        // NFKC composes the jamo a compatibility character decomposes into (㈎ → (가)).
        let expected = if is_hangul_syllable(cp) {
            c.to_string()
        } else {
            reference_key(c).nfc().collect::<String>().trim().to_string()
        };
        assert_eq!(promocode::canonical_key(&c.to_string()), expected, "U+{cp:04X} {c}");
    }
}

#[test]
fn canonical_key_of_mixed_text_matches_nfkc_casefold_without_marks() {
    if std::env::var_os("PROMOCODE_REGEN_TABLES").is_some() {
        return;
    }
    for s in [
        "ῷ",
        "ᾼ",
        "ꟓ",
        "꟒",
        "ＪＯＨＮ２０",
        "jöhn20",
        "Straße",
        "ǅemal",
        "İSTANBUL",
        "ﬁona",
        "Ⅻ-Ⓐ",
        "ΣΊΣΥΦΟΣ",
        "Ꮳ",
        "Ꭰ",
        "ıstanbul",
        "ISTANBUL",
    ] {
        let expected: String = key_fold(&s.nfkd().collect::<String>())
            .nfkd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .collect::<String>()
            .nfkc()
            .collect();
        assert_eq!(promocode::canonical_key(s), expected.trim(), "{s}");
    }
}
