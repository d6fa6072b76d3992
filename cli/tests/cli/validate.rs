//! `promocode validate`.

use crate::common::*;
use predicates::prelude::*;

#[test]
fn valid_codes_exit_0() {
    let r = run_args(&["validate", "--platform", "stripe", "JOHN20", "PARTNER-JOHN-XY"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "JOHN20\tvalid\nPARTNER-JOHN-XY\tvalid\n");
}

#[test]
fn an_invalid_code_exits_1_with_every_issue() {
    let r = run_args(&["validate", "--platform", "paddle", "JOHN20", "PARTNER-JOHN-XY"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "JOHN20\tvalid");
    let fields: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(&fields[..2], ["PARTNER-JOHN-XY", "invalid"]);
    let issues: Vec<&str> = fields[2].split("; invalid").collect();
    assert_eq!(issues.len(), 2, "both dashes are reported: {}", fields[2]);
    assert!(
        fields[2].starts_with("invalid_character at 7: `-` at position 7 is not allowed on paddle"),
        "{}",
        fields[2]
    );
    assert!(fields[2].contains("_character at 12: "), "{}", fields[2]);
}

#[test]
fn the_issue_format_of_the_brief() {
    let r = run_args(&["validate", "--platform", "stripe", "JOHN_20"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("JOHN_20\tinvalid\tinvalid_character at 4: "), "{}", r.stdout);
    let long = "A".repeat(33);
    let r = run_args(&["validate", "--platform", "paddle", &long]);
    assert_eq!(r.stdout, format!("{long}\tinvalid\ttoo_long: code is 33 characters; paddle allows at most 32\n"));
}

#[test]
fn the_default_platform_is_the_cores() {
    // generic allows `_` and `-`, not spaces.
    assert_eq!(run_args(&["validate", "A_B-C"]).code, 0);
    assert_eq!(run_args(&["validate", "A B"]).code, 1);
}

#[test]
fn reads_codes_from_standard_input() {
    let r = run_with(&["validate", "--platform", "paddle", "-"], "JOHN20\r\n\nJOHN-20\nANN15\n");
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "blank lines are skipped, CRLF is handled: {lines:?}");
    assert_eq!(lines[0], "JOHN20\tvalid");
    assert!(lines[1].starts_with("JOHN-20\tinvalid\tinvalid_character at 4: "));
    assert_eq!(lines[2], "ANN15\tvalid");
    let r = run_with(&["validate", "--platform", "paddle", "-"], "JOHN20\nANN15\n");
    assert_eq!(r.code, 0);
}

#[test]
fn json_reports() {
    let r = run_args(&["validate", "--platform", "woocommerce", "--json", "Summer20", "a<b"]);
    assert_eq!(r.code, 1);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows[0], serde_json::json!({"code": "Summer20", "valid": true, "issues": [], "normalized": "summer20"}));
    assert_eq!(rows[1]["valid"], false);
    assert_eq!(rows[1]["issues"][0]["code"], "invalid_character");
    assert_eq!(rows[1]["issues"][0]["position"], 1);
}

#[test]
fn misuse_exits_2() {
    promocode()
        .args(["validate", "--platform", "myspace", "X"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("error: unknown platform `myspace`"));
    promocode().args(["validate", "--platform", "paddle"]).assert().code(2);
}
