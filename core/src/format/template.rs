//! The pieces of a format: parsed from a template (`{prefix}-{name:4}{random}`)
//! or laid out by default (prefix, personal parts and discount, random).

use super::{push_literal_char, FormatOptions, MAX_RANDOM};
use crate::error::{Error, Result};
use crate::partner::Field;
use crate::platform::{Case, Platform};

/// One element of a compiled layout.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    /// Literal content: prefix, discount, template letters (already cased).
    Text(String),
    /// Separator characters (collapse around empty personal parts).
    Sep(String),
    /// A personal part, at most `width` characters.
    Personal { field: Field, width: Option<usize> },
    /// `len` random characters.
    Random(usize),
}

pub(super) fn default_layout(
    options: &FormatOptions,
    prefix: &str,
    discount: Option<String>,
    separator: &str,
) -> Vec<Piece> {
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    if !prefix.is_empty() {
        groups.push(vec![Piece::Text(prefix.to_owned())]);
    }
    let mut middle = Vec::new();
    for (on, field) in [(options.name, Field::Name), (options.surname, Field::Surname), (options.email, Field::Email)] {
        if on {
            middle.push(Piece::Personal { field, width: None });
        }
    }
    if let Some(d) = discount {
        middle.push(Piece::Text(d));
    }
    if !middle.is_empty() {
        groups.push(middle);
    }
    if options.random > 0 {
        groups.push(vec![Piece::Random(options.random)]);
    }
    let mut pieces = Vec::new();
    for (i, group) in groups.into_iter().enumerate() {
        if i > 0 && !separator.is_empty() {
            pieces.push(Piece::Sep(separator.to_owned()));
        }
        pieces.extend(group);
    }
    pieces
}

const PLACEHOLDERS: &[&str] = &["prefix", "name", "surname", "email", "discount", "random"];

pub(super) fn parse_template(
    template: &str,
    options: &FormatOptions,
    prefix: &str,
    discount: Option<&str>,
    case: Case,
    platform: Platform,
) -> Result<Vec<Piece>> {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut used = [false; 6];
    let mut i = 0;
    // `c` decides text or separator; `cased` is its full case mapping (`İ` in
    // lower case is `i` + U+0307, both text).
    let push_literal = |pieces: &mut Vec<Piece>, c: char, cased: &str| {
        let sep = !c.is_alphanumeric();
        match pieces.last_mut() {
            Some(Piece::Sep(s)) if sep => s.push_str(cased),
            Some(Piece::Text(s)) if !sep => s.push_str(cased),
            _ => pieces.push(if sep { Piece::Sep(cased.to_owned()) } else { Piece::Text(cased.to_owned()) }),
        }
    };
    let mut cased = String::new();
    // The cased character before `c` in the same literal text; `None` after a placeholder.
    let mut previous: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        let escaped = (c == '{' || c == '}') && chars.get(i + 1) == Some(&c);
        if c == '{' && !escaped {
            let Some(len) = chars[i + 1..].iter().position(|&x| x == '}' || x == '{') else {
                return Err(Error::UnbalancedBrace { brace: '{', position: i });
            };
            if chars[i + 1 + len] == '{' {
                return Err(Error::UnbalancedBrace { brace: '{', position: i });
            }
            let inner: String = chars[i + 1..i + 1 + len].iter().collect();
            pieces.push(placeholder(&inner, i, options, prefix, discount, &mut used)?);
            previous = None;
            i += len + 2;
            continue;
        }
        if c == '}' && !escaped {
            return Err(Error::UnbalancedBrace { brace: '}', position: i });
        }
        cased.clear();
        push_literal_char(c, previous, "template", i, case, platform, &mut cased)?;
        push_literal(&mut pieces, c, &cased);
        previous = cased.chars().next_back();
        i += if escaped { 2 } else { 1 };
    }
    let unused = [
        (!options.prefix.is_empty(), 0, "prefix"),
        (options.name, 1, "name"),
        (options.surname, 2, "surname"),
        (options.email, 3, "email"),
        (options.discount.is_some(), 4, "discount"),
        (options.random > 0, 5, "random"),
    ];
    for (set, index, name) in unused {
        if set && !used[index] {
            return Err(Error::UnusedSetting { setting: name, placeholder: name });
        }
    }
    Ok(pieces)
}

fn placeholder(
    inner: &str,
    position: usize,
    options: &FormatOptions,
    prefix: &str,
    discount: Option<&str>,
    used: &mut [bool; 6],
) -> Result<Piece> {
    let (name, width) = match inner.split_once(':') {
        Some((n, w)) => (n, Some(w)),
        None => (inner, None),
    };
    let Some(index) = PLACEHOLDERS.iter().position(|&p| p == name) else {
        return Err(Error::UnknownPlaceholder { placeholder: inner.to_owned(), position });
    };
    let invalid = |reason: String| Error::InvalidPlaceholder { placeholder: inner.to_owned(), position, reason };
    let width = match width {
        None => None,
        Some(_) if matches!(name, "prefix" | "discount") => {
            return Err(invalid(format!("`{name}` takes no length; write `{{{name}}}`")))
        }
        Some(w) => match w.parse::<usize>() {
            Ok(n) if (1..=MAX_RANDOM).contains(&n) && w.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(invalid(format!("the length must be a whole number from 1 to {MAX_RANDOM}"))),
        },
    };
    if width.is_none() || name != "random" {
        used[index] = true;
    }
    Ok(match name {
        "prefix" if prefix.is_empty() => {
            return Err(invalid("set the `prefix` option, or write the text into the template".into()))
        }
        "prefix" => Piece::Text(prefix.to_owned()),
        "discount" => match discount {
            Some(d) => Piece::Text(d.to_owned()),
            None => return Err(invalid("set the `discount` option".into())),
        },
        "random" => match width {
            Some(n) => Piece::Random(n),
            None if options.random > 0 => Piece::Random(options.random),
            None => return Err(invalid("set the `random` option, or give a length as `{random:N}`".into())),
        },
        "name" => Piece::Personal { field: Field::Name, width },
        "surname" => Piece::Personal { field: Field::Surname, width },
        _ => Piece::Personal { field: Field::Email, width },
    })
}
