//! Reading input files: standard input or a file, in the encodings spreadsheets
//! save text in. UTF-8 with or without a byte-order mark passes through (the mark
//! dropped); UTF-16 (little- or big-endian, with a byte-order mark as in "Unicode
//! text" exports, or without one when the text starts with ASCII) is decoded to
//! UTF-8 as it streams. UTF-32 and spreadsheet workbooks are refused with a
//! message that says how to convert them.

use crate::{io_reason, shown, Failure};
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// An opened input, decoded to UTF-8.
pub struct Input {
    pub reader: Box<dyn BufRead>,
    /// The file was UTF-16 ("Unicode text").
    pub utf16: bool,
    /// UTF-16 only: the first line (up to 64 KiB), decoded.
    first_line: Vec<u8>,
}

/// Opens `path` for reading (`-` is standard input) and works out its encoding
/// from its first bytes.
pub fn open(path: &Path) -> Result<Input, Failure> {
    let cannot = |e: &io::Error| Failure::Setup(format!("cannot read {}: {}", shown(path), io_reason(e)));
    let mut raw: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| cannot(&e))?)
    };
    let mut head = [0u8; 4];
    let mut n = 0;
    while n < head.len() {
        match raw.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(cannot(&e)),
        }
    }
    let head = &head[..n];
    let (encoding, skip) = sniff(head).map_err(|why| {
        Failure::Setup(format!("unsupported_encoding: {} {why}", shown(path).replace("standard input", "the input")))
    })?;
    let rest = io::Cursor::new(head[skip..].to_vec()).chain(raw);
    let reader = BufReader::with_capacity(1 << 16, rest);
    Ok(match encoding {
        Encoding::Utf8 => Input { reader: Box::new(reader), utf16: false, first_line: Vec::new() },
        Encoding::Utf16 { big_endian } => {
            let mut reader = Utf16Reader::new(reader, big_endian);
            let first_line = reader.peek_line().map_err(|e| cannot(&e))?.to_vec();
            Input { reader: Box::new(reader), utf16: true, first_line }
        }
    })
}

impl Input {
    /// The CSV field delimiter: `given`, except for UTF-16 text whose first line
    /// has tabs and no `given`, which is tab-separated (spreadsheets save
    /// "Unicode text" that way).
    pub fn csv_delimiter(&self, given: u8) -> u8 {
        if !self.utf16 || given == b'\t' {
            return given;
        }
        let line = self.first_line.split(|b| *b == b'\n').next().unwrap_or_default();
        if line.contains(&b'\t') && !line.contains(&given) {
            b'\t'
        } else {
            given
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16 { big_endian: bool },
}

/// The encoding of a text that starts with `head` (up to 4 bytes), and how many
/// bytes of byte-order mark to skip; or why it can't be read.
fn sniff(head: &[u8]) -> Result<(Encoding, usize), String> {
    const CONVERT: &str = "save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\"), or convert it with \
                           `iconv -t UTF-8 FILE > FILE-utf8.csv`";
    Ok(match head {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, 0, 0] | [0, 0, 0xFE, 0xFF] => return Err(format!("is UTF-32 text; {CONVERT}")),
        [0xFF, 0xFE, ..] => (Encoding::Utf16 { big_endian: false }, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16 { big_endian: true }, 2),
        // No byte-order mark, but ASCII text in UTF-16: every other byte is zero.
        [a, 0, b, 0] if *a != 0 && *b != 0 => (Encoding::Utf16 { big_endian: false }, 0),
        [0, a, 0, b] if *a != 0 && *b != 0 => (Encoding::Utf16 { big_endian: true }, 0),
        [b'P', b'K', 3, 4] => {
            return Err(format!("is a zip archive (an .xlsx or .ods workbook?), not text; {CONVERT}"))
        }
        [0xD0, 0xCF, 0x11, 0xE0] => return Err(format!("is an .xls workbook, not text; {CONVERT}")),
        _ => (Encoding::Utf8, 0),
    })
}

/// Decodes UTF-16 to UTF-8 as it streams. A lone surrogate or an odd last byte
/// becomes bytes that are not valid UTF-8, so the row that holds it gets the
/// usual `invalid_row` error instead of silently changed text.
struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    out: Vec<u8>,
    pos: usize,
    /// The first byte of a code unit split across two reads.
    odd: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    done: bool,
}

impl<R: BufRead> Utf16Reader<R> {
    fn new(inner: R, big_endian: bool) -> Self {
        Utf16Reader { inner, big_endian, out: Vec::with_capacity(1 << 16), pos: 0, odd: None, high: None, done: false }
    }

    /// Decodes at least the first line (at most 64 KiB of it) and returns what is buffered.
    fn peek_line(&mut self) -> io::Result<&[u8]> {
        while !self.done && self.out.len() < 1 << 16 && !self.out[self.pos..].contains(&b'\n') {
            self.decode_more()?;
        }
        Ok(&self.out[self.pos..])
    }

    /// Decodes the next bytes of the input, appending to what was not consumed yet.
    fn decode_more(&mut self) -> io::Result<()> {
        self.out.drain(..self.pos);
        self.pos = 0;
        let bytes = loop {
            match self.inner.fill_buf() {
                Ok(b) => break b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if bytes.is_empty() {
            if let Some(hi) = self.high.take() {
                push_lone(&mut self.out, hi);
            }
            if self.odd.take().is_some() {
                self.out.push(0xFF);
            }
            self.done = true;
            return Ok(());
        }
        let taken = bytes.len();
        let unit = |a: u8, b: u8| if self.big_endian { u16::from_be_bytes([a, b]) } else { u16::from_le_bytes([a, b]) };
        let mut rest = bytes;
        if let Some(a) = self.odd.take() {
            push_unit(&mut self.out, &mut self.high, unit(a, rest[0]));
            rest = &rest[1..];
        }
        let mut pairs = rest.chunks_exact(2);
        for pair in &mut pairs {
            push_unit(&mut self.out, &mut self.high, unit(pair[0], pair[1]));
        }
        self.odd = pairs.remainder().first().copied();
        self.inner.consume(taken);
        Ok(())
    }
}

fn push_unit(out: &mut Vec<u8>, high: &mut Option<u16>, unit: u16) {
    if let Some(hi) = high.take() {
        if (0xDC00..0xE000).contains(&unit) {
            let c = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
            push_char(out, c);
            return;
        }
        push_lone(out, hi);
    }
    match unit {
        0xD800..=0xDBFF => *high = Some(unit),
        0xDC00..=0xDFFF => push_lone(out, unit),
        _ => push_char(out, u32::from(unit)),
    }
}

fn push_char(out: &mut Vec<u8>, c: u32) {
    let c = char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// A surrogate on its own, as the three bytes UTF-8 would give it (which are not
/// valid UTF-8).
fn push_lone(out: &mut Vec<u8>, unit: u16) {
    out.extend_from_slice(&[0xE0 | (unit >> 12) as u8, 0x80 | ((unit >> 6) & 0x3F) as u8, 0x80 | (unit & 0x3F) as u8]);
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Utf16Reader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.out.len() && !self.done {
            self.decode_more()?;
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.out.len());
    }
}

/// `text` with control characters (NUL, escape, line breaks) escaped, for
/// messages on standard error that echo what an input holds.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (Vec<u8>, bool) {
        static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("promocode-input-{}-{n}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let Ok(mut input) = open(&path) else { panic!("{bytes:?} is readable") };
        let mut out = Vec::new();
        input.reader.read_to_end(&mut out).unwrap();
        let _ = std::fs::remove_file(&path);
        (out, input.utf16)
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for u in bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16()) {
            out.extend(if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_and_without_a_bom_decodes_to_utf8() {
        let text = "name,surname\nJosé,Петров 😀\n";
        for big_endian in [false, true] {
            for bom in [true, false] {
                assert_eq!(decode(&utf16(text, big_endian, bom)), (text.as_bytes().to_vec(), true));
            }
        }
        assert_eq!(decode(b"\xEF\xBB\xBFname\n"), (b"name\n".to_vec(), false));
        assert_eq!(decode(b"na"), (b"na".to_vec(), false));
        assert_eq!(decode(b""), (Vec::new(), false));
    }

    #[test]
    fn split_units_and_surrogate_pairs_survive_any_read_size() {
        let text: String = "a😀é\u{10FFFF}z".repeat(50);
        let bytes = utf16(&text, false, true);
        for chunk in [1, 2, 3, 5, 7] {
            let reader = BufReader::with_capacity(chunk, &bytes[2..]);
            let mut out = String::new();
            Utf16Reader::new(reader, false).read_to_string(&mut out).unwrap();
            assert_eq!(out, text, "read {chunk} bytes at a time");
        }
    }

    #[test]
    fn lone_surrogates_and_odd_bytes_are_not_valid_utf8() {
        for bytes in [&[0x3D, 0xD8, b'a', 0][..], &[0x00, 0xDC][..], &[b'a', 0, b'b'][..]] {
            let mut out = Vec::new();
            Utf16Reader::new(bytes, false).read_to_end(&mut out).unwrap();
            assert!(std::str::from_utf8(&out).is_err(), "{bytes:?} -> {out:?}");
        }
    }

    #[test]
    fn printable_escapes_control_characters() {
        assert_eq!(printable("`n\0a\0`"), "`n\\u{0}a\\u{0}`");
        assert_eq!(printable("plain `José`"), "plain `José`");
        assert_eq!(printable("\u{1b}[31m"), "\\u{1b}[31m");
    }
}
