//! One-edit neighbours and the confusion tables that score them.

/// QWERTY rows; a key's neighbours are the keys left and right of it, the two
/// above (same column and one right) and the two below (one left and same column).
const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

fn key_position(c: char) -> Option<(i32, i32)> {
    ROWS.iter().enumerate().find_map(|(r, row)| row.find(c).map(|col| (r as i32, col as i32)))
}

/// True when `a` and `b` are neighbouring keys on a QWERTY keyboard.
pub(crate) fn keyboard_adjacent(a: char, b: char) -> bool {
    let (Some((ra, ca)), Some((rb, cb))) = (key_position(a), key_position(b)) else {
        return false;
    };
    match rb - ra {
        0 => (ca - cb).abs() == 1,
        -1 => cb == ca || cb == ca + 1,
        1 => cb == ca || cb == ca - 1,
        _ => false,
    }
}

/// Letters that sound alike when spelled aloud: the E-set (Cole & Fanty), M/N,
/// F/S (and X), the "ay" rhymes A/J/K, I/Y and Q/U.
const SOUND_CLASSES: [&str; 6] = ["bcdegptvz", "mn", "fsx", "ajk", "iy", "qu"];

/// Characters that look alike in print and handwriting.
const VISUAL_CLASSES: [&str; 7] = ["o0q", "il1", "s5", "z2", "b8", "g6", "uv"];

fn same_class(classes: &[&str], a: char, b: char) -> bool {
    classes.iter().any(|c| c.contains(a) && c.contains(b))
}

/// Scores (higher = a more plausible slip). Documented in the module docs.
pub(crate) const SWAP: u32 = 90;
pub(crate) const SUB_VISUAL: u32 = 90;
pub(crate) const SUB_SOUND: u32 = 85;
pub(crate) const SUB_KEYBOARD: u32 = 80;
pub(crate) const SUB_OTHER: u32 = 50;
pub(crate) const DROPPED_DOUBLE: u32 = 85;
pub(crate) const DROPPED_H: u32 = 85;
pub(crate) const DROPPED_VOWEL: u32 = 70;
pub(crate) const DROPPED_OTHER: u32 = 60;
pub(crate) const EXTRA_DOUBLE: u32 = 80;
pub(crate) const EXTRA_KEYBOARD: u32 = 70;
pub(crate) const EXTRA_OTHER: u32 = 40;

/// The entered `typed` where the code has `meant`.
pub(crate) fn substitution(typed: char, meant: char) -> u32 {
    if same_class(&VISUAL_CLASSES, typed, meant) {
        SUB_VISUAL
    } else if same_class(&SOUND_CLASSES, typed, meant) {
        SUB_SOUND
    } else if keyboard_adjacent(typed, meant) {
        SUB_KEYBOARD
    } else {
        SUB_OTHER
    }
}

/// The entered text lacks `dropped`, which the code has between `before` and `after`.
pub(crate) fn dropped(dropped: char, before: Option<char>, after: Option<char>) -> u32 {
    if before == Some(dropped) || after == Some(dropped) {
        DROPPED_DOUBLE
    } else if dropped == 'h' {
        DROPPED_H
    } else if "aeiouy".contains(dropped) {
        DROPPED_VOWEL
    } else {
        DROPPED_OTHER
    }
}

/// The entered text has an extra `extra` between `before` and `after`.
pub(crate) fn extra(extra: char, before: Option<char>, after: Option<char>) -> u32 {
    if before == Some(extra) || after == Some(extra) {
        EXTRA_DOUBLE
    } else if before.is_some_and(|b| keyboard_adjacent(b, extra)) || after.is_some_and(|a| keyboard_adjacent(a, extra))
    {
        EXTRA_KEYBOARD
    } else {
        EXTRA_OTHER
    }
}

/// Calls `visit(candidate, score)` for every string one edit (substitution over
/// `alphabet`, insertion of an `alphabet` character, deletion, adjacent swap)
/// away from `base`, scored as the slip that turns the candidate into `base`.
/// Stops when `visit` returns false.
pub(crate) fn neighbours(base: &[char], alphabet: &[char], mut visit: impl FnMut(&[char], u32) -> bool) {
    let n = base.len();
    let mut buf: Vec<char> = Vec::with_capacity(n + 1);
    let at = |i: usize| base.get(i).copied();
    // Adjacent swaps.
    for i in 0..n.saturating_sub(1) {
        if base[i] != base[i + 1] {
            buf.clear();
            buf.extend_from_slice(base);
            buf.swap(i, i + 1);
            if !visit(&buf, SWAP) {
                return;
            }
        }
    }
    // Substitutions.
    for i in 0..n {
        for &c in alphabet {
            if c != base[i] {
                buf.clear();
                buf.extend_from_slice(base);
                buf[i] = c;
                if !visit(&buf, substitution(base[i], c)) {
                    return;
                }
            }
        }
    }
    // The entered text has an extra character: delete it.
    for i in 0..n {
        if i > 0 && base[i] == base[i - 1] {
            continue; // the same string as deleting the previous one
        }
        buf.clear();
        buf.extend_from_slice(&base[..i]);
        buf.extend_from_slice(&base[i + 1..]);
        let score = extra(base[i], i.checked_sub(1).and_then(at), at(i + 1));
        if !buf.is_empty() && !visit(&buf, score) {
            return;
        }
    }
    // The entered text lacks a character: insert it.
    for i in 0..=n {
        for &c in alphabet {
            if i > 0 && base[i - 1] == c {
                continue; // the same string as inserting after it
            }
            buf.clear();
            buf.extend_from_slice(&base[..i]);
            buf.push(c);
            buf.extend_from_slice(&base[i..]);
            if !visit(&buf, dropped(c, i.checked_sub(1).and_then(at), at(i))) {
                return;
            }
        }
    }
}

/// True when `a` and `b` are at most one edit apart (substitution, insertion,
/// deletion or adjacent swap).
pub(crate) fn within_one(a: &[char], b: &[char]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        let diff: Vec<usize> = (0..la).filter(|&i| a[i] != b[i]).take(3).collect();
        return match diff.len() {
            0 | 1 => true,
            2 => diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]],
            _ => false,
        };
    }
    let (short, long) = if la < lb { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    short[i..] == long[i + 1..]
}

/// True when the one-edit probes over `alphabet` reach `code` from `entered`: at
/// most one edit apart, and a character the edit puts in (substituted or
/// inserted) is one of `alphabet` (what [`neighbours`] builds candidates from).
pub(crate) fn reachable(entered: &[char], code: &[char], alphabet: &[char]) -> bool {
    if !within_one(entered, code) {
        return false;
    }
    let i = entered.iter().zip(code).take_while(|(a, b)| a == b).count();
    match entered.len().cmp(&code.len()) {
        std::cmp::Ordering::Equal if i == entered.len() => true,
        std::cmp::Ordering::Equal if i + 1 < entered.len() && entered[i + 1..] != code[i + 1..] => true,
        std::cmp::Ordering::Equal | std::cmp::Ordering::Less => alphabet.contains(&code[i]),
        std::cmp::Ordering::Greater => true,
    }
}

/// The score of the one slip that turns `code` into `entered` (they must be at
/// most one edit apart; 100 when equal).
pub(crate) fn classify(entered: &[char], code: &[char]) -> u32 {
    let at = |s: &[char], i: Option<usize>| i.and_then(|i| s.get(i).copied());
    let i = entered.iter().zip(code).take_while(|(a, b)| a == b).count();
    match entered.len().cmp(&code.len()) {
        std::cmp::Ordering::Equal if i == entered.len() => 100,
        std::cmp::Ordering::Equal if i + 1 < entered.len() && entered[i + 1..] != code[i + 1..] => SWAP,
        std::cmp::Ordering::Equal => substitution(entered[i], code[i]),
        std::cmp::Ordering::Greater => extra(entered[i], at(entered, i.checked_sub(1)), at(entered, Some(i + 1))),
        std::cmp::Ordering::Less => dropped(code[i], at(code, i.checked_sub(1)), at(code, Some(i + 1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_neighbours_follow_the_staggered_rows() {
        for (a, b) in [('a', 'q'), ('a', 'w'), ('a', 's'), ('a', 'z'), ('s', 'x'), ('g', 'h'), ('1', 'q'), ('p', '0')] {
            assert!(keyboard_adjacent(a, b) && keyboard_adjacent(b, a), "{a}{b}");
        }
        for (a, b) in [('a', 'x'), ('q', 'p'), ('z', 'q'), ('1', 'w')] {
            assert!(!keyboard_adjacent(a, b), "{a}{b}");
        }
    }

    #[test]
    fn neighbours_are_exactly_the_strings_within_one_edit() {
        let alphabet: Vec<char> = "abn".chars().collect();
        let base: Vec<char> = "ban".chars().collect();
        let mut seen = std::collections::BTreeSet::new();
        neighbours(&base, &alphabet, |c, _| {
            assert!(within_one(c, &base), "{c:?}");
            assert!(seen.insert(c.iter().collect::<String>()), "{c:?} twice");
            true
        });
        // Brute force over every string up to 4 characters.
        let mut all = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = all.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            all.extend(next);
        }
        all.sort();
        all.dedup();
        for s in all {
            let v: Vec<char> = s.chars().collect();
            let expected = v != base && within_one(&v, &base) && !v.is_empty();
            assert_eq!(seen.contains(&s), expected, "{s}");
        }
    }
}
