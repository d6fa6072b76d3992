//! Line-oriented access to the core for the oracle suite (`oracles/run.sh`):
//! reads hex-encoded UTF-8 strings, one per line, from standard input and writes
//! one answer line per input line.
//!
//! - `oracle key`: the hex canonical key.
//! - `oracle woocommerce`: `normalize(…, "woocommerce")` as hex, or `!` and the
//!   error code; a tab; the issue codes of `validate(…, "woocommerce")`, comma-separated.
//! - `oracle case`: for every code point, `cp lower upper` (hex UTF-8 of the full
//!   mappings) where either differs from the code point.
//! - `oracle translit`: for every non-ASCII code point with a transliteration,
//!   `cp letters` (what `code_safe` makes of it, lowercase).
use std::io::{self, BufRead, BufWriter, Write};

fn unhex(s: &str) -> String {
    let bytes: Vec<u8> = (0..s.len() / 2).filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if mode == "case" {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let (lower, upper): (String, String) = (c.to_lowercase().collect(), c.to_uppercase().collect());
            if lower != c.to_string() || upper != c.to_string() {
                writeln!(out, "{:x} {} {}", c as u32, hex(&lower), hex(&upper)).expect("write");
            }
        }
        return;
    }
    if mode == "translit" {
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            let safe = promocode::code_safe(c.encode_utf8(&mut [0; 4]), false);
            if !safe.is_empty() {
                writeln!(out, "{:x} {}", c as u32, safe.to_ascii_lowercase()).expect("write");
            }
        }
        return;
    }
    for line in io::stdin().lock().lines() {
        let text = unhex(line.expect("read").trim_end());
        let answer = match mode.as_str() {
            "key" => hex(&promocode::canonical_key(&text)),
            "woocommerce" => {
                let p = promocode::Platform::WooCommerce;
                let stored = match promocode::normalize(&text, p) {
                    Ok(s) => hex(&s),
                    Err(e) => format!("!{}", e.code().as_str()),
                };
                let issues: Vec<&str> = promocode::validate(&text, p).issues.iter().map(|i| i.code).collect();
                format!("{stored}\t{}", issues.join(","))
            }
            other => panic!("unknown mode `{other}`; use key, woocommerce or case"),
        };
        writeln!(out, "{answer}").expect("write");
    }
}
