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

/// One collation element of `utf8mb4_unicode_520_ci` at the primary level: an
/// explicit weight, or the implicit weight pair of one code point (unique to it).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Atom {
    Weight(u16),
    Implicit(u32),
}

impl Atom {
    fn id(self) -> usize {
        match self {
            Atom::Weight(w) => w as usize,
            Atom::Implicit(cp) => 0x10000 + cp as usize,
        }
    }
}

/// The primary weights of every code point under MariaDB's
/// `utf8mb4_unicode_520_ci`, from `core/tests/data/unicode_520_ci.txt` (dumped
/// by `oracles/mariadb-weights.sh`). A code point without a line has implicit
/// weights of its own.
fn collation_atoms() -> HashMap<u32, Vec<Atom>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/unicode_520_ci.txt");
    let text = std::fs::read_to_string(&path).expect("read unicode_520_ci.txt");
    let hex = |s: &str| u32::from_str_radix(s, 16).expect("hex");
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let mut fields = line.split(' ');
        let first = fields.next().unwrap_or_default();
        if let Some((a, b)) = first.split_once("..") {
            for cp in hex(a)..=hex(b) {
                map.insert(cp, Vec::new());
            }
            continue;
        }
        let weights: Vec<u32> = fields.map(hex).collect();
        let mut atoms = Vec::new();
        let mut i = 0;
        while i < weights.len() {
            let w = weights[i];
            if (0xFB40..=0xFBFF).contains(&w) && i + 1 < weights.len() {
                atoms.push(Atom::Implicit(((w & 0x3F) << 15) | (weights[i + 1] & 0x7FFF)));
                i += 2;
            } else {
                atoms.push(Atom::Weight(u16::try_from(w).expect("16-bit weight")));
                i += 1;
            }
        }
        map.insert(hex(first), atoms);
    }
    map
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut a: usize) -> usize {
        while self.0[a] != a {
            self.0[a] = self.0[self.0[a]];
            a = self.0[a];
        }
        a
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// The canonical key of every code point (but Hangul syllables, which stay as
/// they are): a function of the code point's collation elements, so two strings
/// `utf8mb4_unicode_520_ci` calls equal always get the same key.
///
/// Each primary weight stands for a string. Weights are grouped so that the
/// key also keeps every equality of the Unicode key ([`reference_key`]: NFKD,
/// case folding, marks stripped) where the two line up element by element
/// (`й`/`и`, `ı`/`i`, new letters and their case pairs); each group stands for its
/// lowest member that is its own Unicode key (`o` for `o`, `ø`, `Ö`, ...), or for
/// nothing when every member is a mark the Unicode key strips. Characters the
/// collation ignores key as nothing.
fn collation_keys() -> HashMap<u32, String> {
    let atoms = collation_atoms();
    let atoms_of = |cp: u32| atoms.get(&cp).cloned().unwrap_or_else(|| vec![Atom::Implicit(cp)]);
    let string_atoms = |s: &str| s.chars().flat_map(|c| atoms_of(c as u32)).collect::<Vec<_>>();
    let chars: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
    let unicode: HashMap<u32, String> = chars.iter().map(|&c| (c as u32, reference_key(c))).collect();
    let mut groups = UnionFind((0..0x10000 + 0x110000).collect());
    for &c in &chars {
        let (mine, keyed) = (atoms_of(c as u32), string_atoms(&unicode[&(c as u32)]));
        if mine.len() == keyed.len() {
            for (a, b) in mine.iter().zip(&keyed) {
                groups.union(a.id(), b.id());
            }
        }
    }
    // Single-element members of each group.
    let mut members: HashMap<usize, Vec<char>> = HashMap::new();
    for &c in &chars {
        if let [a] = atoms_of(c as u32)[..] {
            members.entry(groups.find(a.id())).or_default().push(c);
        }
    }
    let mut stands_for: HashMap<usize, String> = HashMap::new();
    // Groups without such a member stand for what their lowest member's Unicode
    // key stands for (`ꟹ` → `œ` → `oe`), resolved once those groups are.
    let mut pending: Vec<(usize, String)> = Vec::new();
    for (group, list) in &members {
        let fixed = list.iter().copied().filter(|&c| unicode[&(c as u32)] == c.to_string()).min();
        match fixed {
            Some(c) => {
                stands_for.insert(*group, c.to_string());
            }
            None if list.iter().all(|&c| unicode[&(c as u32)].is_empty()) => {
                stands_for.insert(*group, String::new());
            }
            None => pending.push((*group, unicode[&(*list.iter().min().expect("non-empty") as u32)].clone())),
        }
    }
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|(group, key)| {
            let parts: Option<String> =
                string_atoms(key).iter().map(|a| stands_for.get(&groups.find(a.id())).cloned()).collect();
            match parts {
                Some(value) => {
                    stands_for.insert(*group, value);
                    false
                }
                None => true,
            }
        });
        assert!(pending.len() < before, "groups that stand for each other: {pending:?}");
    }
    let mut keys = HashMap::new();
    for &c in &chars {
        let key: String = atoms_of(c as u32)
            .iter()
            .map(|a| stands_for.get(&groups.find(a.id())).cloned().expect("every element has a single-element member"))
            .collect();
        keys.insert(c as u32, key);
    }
    keys
}

/// [`collation_keys`], computed once per test binary.
fn keys() -> &'static HashMap<u32, String> {
    static KEYS: std::sync::OnceLock<HashMap<u32, String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(collation_keys)
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
    let entries: Vec<u16> = blocks.concat();
    let mut bytes = b"PCT3".to_vec();
    for v in [shift, limit, top.len() as u32, blocks.len() as u32, pool.len() as u32] {
        bytes.extend(v.to_le_bytes());
    }
    // 12-bit values as a plane of low bytes, then one of high nibbles, two to a
    // byte (compresses far better than interleaved `u16`s).
    for array in [&top, &entries] {
        assert!(array.iter().all(|&v| v < 1 << 12), "table values fit 12 bits");
        bytes.extend(array.iter().map(|v| v.to_le_bytes()[0]));
        bytes.extend(array.chunks(2).map(|pair| (pair[0] >> 8) as u8 | (pair.get(1).map_or(0, |v| v >> 8) as u8) << 4));
    }
    bytes.extend(pool.iter().map(|s| u8::try_from(s.len()).expect("pool strings fit 255 bytes")));
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

fn key_table(keys: &HashMap<u32, String>) -> Built {
    build(KEY_SHIFT, KEY_LIMIT, |cp| {
        let c = char::from_u32(cp)?;
        if is_hangul_syllable(cp) {
            return None; // kept composed (their jamo compose back)
        }
        let k = &keys[&cp];
        (*k != c.to_string()).then(|| k.clone())
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

/// `core/src/tables/ranges.rs`: sorted inclusive code point ranges.
fn ranges_source() -> String {
    use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
    use icu_properties::{CodePointMapData, CodePointSetData};
    let gc = CodePointMapData::<GeneralCategory>::new();
    let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
    let ranges = |keep: &dyn Fn(char) -> bool| {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| keep(c)) {
            match out.last_mut() {
                Some((_, hi)) if *hi + 1 == c as u32 => *hi = c as u32,
                _ => out.push((c as u32, c as u32)),
            }
        }
        out.iter().map(|(lo, hi)| format!("(0x{lo:X}, 0x{hi:X}),")).collect::<Vec<_>>().join(" ")
    };
    let marks = ranges(&|c| {
        matches!(
            gc.get(c),
            GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark | GeneralCategory::EnclosingMark
        )
    });
    let invisible = ranges(&|c| {
        ignorable.contains(c)
            || matches!(
                gc.get(c),
                GeneralCategory::Format | GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
            )
    });
    format!(
        "// Generated by core/tests/tables.rs from ICU4X icu_properties (`make tables`); do not edit.\n\n\
         /// Combining marks (General_Category M), above ASCII.\n\
         pub(crate) const MARKS: &[(u32, u32)] = &[{marks}];\n\n\
         /// Invisible characters: format (Cf), line and paragraph separators, default-ignorable code points.\n\
         pub(crate) const INVISIBLE: &[(u32, u32)] = &[{invisible}];\n"
    )
}

#[test]
fn ranges_are_current() {
    check_or_write("ranges.rs", Built { bytes: ranges_source().into_bytes() });
}

#[test]
fn transliteration_table_is_current() {
    check_or_write("translit.bin", translit_table());
}

#[test]
fn key_table_is_current() {
    check_or_write("key.bin", key_table(keys()));
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
    let keys = keys();
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else { continue };
        let expected = if is_hangul_syllable(cp) { c.to_string() } else { reference_string_key(&c.to_string()) };
        assert_eq!(promocode::canonical_key(&c.to_string()), expected, "U+{cp:04X} {c}");
        if !is_hangul_syllable(cp) {
            assert_eq!(expected, keys[&cp].nfc().collect::<String>().trim(), "U+{cp:04X} {c}");
        }
    }
}

/// The key of a string from the per-code-point keys: concatenated, conjoining
/// jamo (and the Kirat Rai vowel signs) composed, trimmed.
fn reference_string_key(s: &str) -> String {
    let keys = keys();
    let joined: String = s
        .chars()
        .map(|c| if is_hangul_syllable(c as u32) { c.to_string() } else { keys[&(c as u32)].clone() })
        .collect();
    joined.nfc().collect::<String>().trim().to_string()
}

/// Every pair of code points the collation calls equal has one key (no missed
/// collision), and every key is its own key.
#[test]
fn equal_collation_elements_give_equal_keys() {
    if std::env::var_os("PROMOCODE_REGEN_TABLES").is_some() {
        return;
    }
    let atoms = collation_atoms();
    let mut by_elements: HashMap<Vec<Atom>, String> = HashMap::new();
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else { continue };
        let elements = atoms.get(&cp).cloned().unwrap_or_else(|| vec![Atom::Implicit(cp)]);
        let key = promocode::canonical_key(&c.to_string());
        assert_eq!(promocode::canonical_key(&key), key, "U+{cp:04X} {c}: the key is not its own key");
        let first = by_elements.entry(elements).or_insert_with(|| key.clone());
        assert_eq!(*first, key, "U+{cp:04X} {c}: another code point with the same collation elements keys differently");
    }
}

#[test]
fn canonical_key_of_mixed_text_matches_the_reference() {
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
        "łukasz20",
        "Ærø\u{200B}",
        "\u{1100}\u{1161}\u{11A8}",
        "𖵪",
    ] {
        assert_eq!(promocode::canonical_key(s), reference_string_key(s), "{s}");
    }
}
