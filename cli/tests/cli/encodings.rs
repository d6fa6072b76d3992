//! Input encodings: UTF-16 "Unicode text" exports, byte-order marks, and files
//! that are not text. Nothing an input holds reaches standard error as raw
//! control bytes.

use crate::common::*;

/// `text` as UTF-16, with a byte-order mark when `bom`.
fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    bom.then_some('\u{feff}')
        .into_iter()
        .chain(text.chars())
        .collect::<String>()
        .encode_utf16()
        .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
        .collect()
}

const PARTNERS: &str = "id,name,surname\n1,José,Núñez\n2,Иван,Петров\n3,josé,Smith\n";
const EXPECTED: &str =
    "id,name,surname,code,error\n1,José,Núñez,JOSE20,\n2,Иван,Петров,IVAN20,\n3,josé,Smith,JOSE20-2,\n";

#[test]
fn spreadsheet_unicode_text_is_decoded() {
    // What spreadsheets save as "Unicode text": UTF-16LE with a byte-order mark,
    // tab-separated, CRLF line ends. The output is UTF-8 CSV.
    let dir = Dir::new();
    let text = PARTNERS.replace(',', "\t").replace('\n', "\r\n");
    let input = dir.file("export.txt", utf16(&text, false, true));
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, EXPECTED);
    // From standard input too.
    let r = run(promocode().args(["generate", "--name", "--discount", "20"]).write_stdin(utf16(&text, false, true)));
    assert_eq!(r.stdout, EXPECTED, "{}", r.stderr);
}

#[test]
fn utf16_csv_in_both_byte_orders_with_or_without_a_bom() {
    let dir = Dir::new();
    for big_endian in [false, true] {
        for bom in [true, false] {
            let input = dir.file("p.csv", utf16(PARTNERS, big_endian, bom));
            let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
            assert_eq!(r.code, 0, "big endian {big_endian}, bom {bom}: {}", r.stderr);
            assert_eq!(r.stdout, EXPECTED, "big endian {big_endian}, bom {bom}");
        }
    }
    // A `;` file stays a `;` file: tabs are only guessed when the header has none of the delimiter.
    let input = dir.file("semi.csv", utf16("name;note\r\nAnn;a\tb\r\n", true, true));
    let r = run_args(&["generate", arg(&input), "--name", "--delimiter", ";"]);
    assert_eq!(r.stdout, "name;note;code;error\nAnn;a\tb;ANN;\n", "{}", r.stderr);
}

#[test]
fn utf16_json_lines_and_existing_codes() {
    let dir = Dir::new();
    let input = dir.file("p.jsonl", utf16("{\"name\": \"Zoë\"}\r\n{\"name\": \"Ann\"}\r\n", false, true));
    let used = dir.file("used.txt", utf16("ZOE\r\n", false, true));
    let r = run_args(&["generate", arg(&input), "--name", "--existing", arg(&used)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows[0]["name"], "Zoë");
    assert_eq!(rows[0]["code"], "ZOE-2", "the UTF-16 existing code is known");
    assert_eq!(rows[1]["code"], "ANN");
}

#[test]
fn a_utf8_bom_is_dropped_from_existing_codes_and_coupon_requests() {
    let dir = Dir::new();
    let used = dir.file("used.txt", "\u{feff}SUMMER\n");
    let r = run_args(&["codes", "--count", "1", "--prefix", "SUMMER", "--existing", arg(&used)]);
    assert_eq!(r.stdout, "SUMMER-2\n", "{}", r.stderr);
    let request = dir.file(
        "coupon.json",
        "\u{feff}{\"coupon_discount_type\":\"percent\",\"coupon_discount_amount\":20,\"coupon_duration_type\":\"once\"}",
    );
    let r = run_args(&["coupon", "validate", arg(&request), "--seed", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn broken_utf16_marks_its_row_and_keeps_the_others() {
    let dir = Dir::new();
    let mut bytes = utf16("name\nAnn\n", false, true);
    bytes.extend([0x3D, 0xD8, b'x', 0, b'\n', 0]); // a high surrogate with no low half
    bytes.extend(utf16("Bo\n", false, false));
    let input = dir.file("p.csv", bytes);
    let r = run_args(&["generate", arg(&input), "--name"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let recs = records(&r.stdout);
    assert_eq!(recs[1], ["Ann", "ANN", ""]);
    assert_eq!(recs[2][1], "");
    assert!(recs[2][2].starts_with("invalid_row: line 3: column `name` is not valid UTF-8"), "{:?}", recs[2]);
    assert_eq!(recs[3], ["Bo", "BO", ""]);
}

#[test]
fn files_that_are_not_text_are_refused_without_echoing_them() {
    let dir = Dir::new();
    let utf32: Vec<u8> = "\u{feff}name\nAnn\n".chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    for (name, bytes, says) in [
        ("p.csv", utf32, "is UTF-32 text"),
        ("book.csv", b"PK\x03\x04\x14\0\x06\0\0\0".to_vec(), "is a zip archive"),
        ("old.csv", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0".to_vec(), "is an .xls workbook"),
    ] {
        let input = dir.file(name, bytes);
        let out = promocode().args(["generate", arg(&input), "--name"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(!out.stderr.contains(&0), "no NUL byte on stderr");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(&format!("error: unsupported_encoding: `{}` {says}", input.display())), "{stderr}");
        assert!(stderr.contains("iconv -t UTF-8"), "{stderr}");
    }
}

#[test]
fn control_bytes_in_a_header_are_escaped_on_stderr() {
    // Not UTF-16 (no pattern of zero bytes at the start), but NUL and escape
    // bytes in the header: the missing-column message shows them escaped.
    let dir = Dir::new();
    let input = dir.file("p.csv", b"nam\0e,\x1b[31mred\nAnn,x\n");
    let out = promocode().args(["generate", arg(&input), "--name"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.iter().any(|b| *b == 0 || *b == 0x1b), "{:?}", out.stderr);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("its columns are `nam\\u{0}e`, `\\u{1b}[31mred`"), "{stderr}");
}
