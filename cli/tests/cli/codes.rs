//! `promocode codes`.

use crate::common::*;
use predicates::prelude::*;
use promocode::Platform;
use std::collections::HashSet;

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn writes_n_unique_codes_in_the_format() {
    let r = run_args(&["codes", "--count", "500", "--prefix", "SUMMER", "--random", "6", "--platform", "stripe"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let codes = lines(&r.stdout);
    assert_eq!(codes.len(), 500);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), 500);
    for code in &codes {
        assert!(code.starts_with("SUMMER-") && code.len() == 13, "{code}");
        assert!(promocode::validate(code, Platform::Stripe).valid, "{code}");
    }
}

#[test]
fn a_seed_makes_codes_reproducible() {
    let args = ["codes", "--count", "50", "--random", "8", "--seed", "7"];
    let first = run_args(&args);
    assert_eq!(first.stdout, run_args(&args).stdout);
    let gen = promocode::Generator::new(promocode::FormatOptions::new().random(8).build().unwrap(), Some(7));
    assert_eq!(lines(&first.stdout), gen.generate_codes(50).unwrap(), "the core's codes for the same seed");
    assert_ne!(first.stdout, run_args(&["codes", "--count", "50", "--random", "8", "--seed", "8"]).stdout);
}

#[test]
fn an_infeasible_count_fails_at_once_with_no_output() {
    promocode()
        .args(["codes", "--count", "1000000", "--random", "2"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: only 729 unused codes are left but 1000000 were asked for; use more random characters or a larger alphabet\n");
    // Also when the count is above one core call's limit: checked for the whole count.
    promocode()
        .args(["codes", "--count", "18446744073709551615", "--random", "4"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("error: only "));
}

#[test]
fn the_exact_full_space_succeeds_even_in_chunks() {
    // 27 × 27 = 729 two-character codes with the default alphabet.
    for chunk in ["1048576", "100"] {
        let r = run_args(&["codes", "--count", "729", "--random", "2", "--seed", "1", "--chunk", chunk]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let codes: HashSet<&str> = lines(&r.stdout).into_iter().collect();
        assert_eq!(codes.len(), 729);
    }
    promocode().args(["codes", "--count", "730", "--random", "2"]).assert().code(2).stdout("");
    // Up to one chunk, the output is exactly one core call's, even on the path that
    // samples without replacement.
    let gen = promocode::Generator::new(promocode::FormatOptions::new().random(2).build().unwrap(), Some(1));
    let r = run_args(&["codes", "--count", "729", "--random", "2", "--seed", "1"]);
    assert_eq!(lines(&r.stdout), gen.generate_codes(729).unwrap());
}

#[test]
fn existing_codes_shrink_the_space_and_are_never_issued() {
    let dir = Dir::new();
    let existing = dir.file("existing.txt", "vip-bb\nvip-bc\nsomething-else\n");
    let args = ["codes", "--count", "727", "--prefix", "VIP", "--random", "2", "--existing", arg(&existing)];
    let r = run_args(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let codes = lines(&r.stdout);
    assert_eq!(codes.len(), 727);
    assert!(!codes.contains(&"VIP-BB") && !codes.contains(&"VIP-BC"));
    let mut more = args.to_vec();
    more[2] = "728";
    promocode()
        .args(&more)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("only 727 unused codes are left but 728 were asked for"));
}

#[test]
fn a_format_with_personal_parts_is_refused() {
    promocode()
        .args(["codes", "--count", "3", "--name", "--random", "2"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("this format uses `name`, so it needs a partner"));
}

#[test]
fn without_a_random_part_codes_get_counters() {
    let r = run_args(&["codes", "--count", "3", "--prefix", "WELCOME", "--discount", "10"]);
    assert_eq!(lines(&r.stdout), ["WELCOME-10", "WELCOME-10-2", "WELCOME-10-3"]);
}

#[test]
fn zero_codes_and_an_output_file() {
    let r = run_args(&["codes", "--count", "0", "--random", "4"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let dir = Dir::new();
    let out = dir.path("codes.txt");
    let r = run_args(&["codes", "--count", "10", "--random", "4", "-o", arg(&out)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 10);
}

#[test]
fn count_is_required() {
    promocode().args(["codes", "--random", "4"]).assert().code(2).stderr(predicate::str::contains("--count"));
}
