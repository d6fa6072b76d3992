//! `generate --keep-codes` and `promocode assign`: hand-picked codes (issue 18).

use crate::common::*;

fn store_uri(dir: &Dir) -> String {
    format!("sqlite:{}", dir.path("codes.db").display())
}

/// John in row 2 and JOHN20 pre-filled in row 7, Ann20 pre-filled twice, a bad
/// code and a pre-filled row without an id.
const MIXED: &str = "id,name,code\n1,Ann,\n2,John,\n3,Zoe,\n4,Bob,ann20\n5,Eve,\n6,Max,\n7,Jim,JOHN20\n8,Al,ANN20\n9,Ed,bad code!\n,Ida,IDA20\n";

#[test]
fn kept_codes_are_claimed_first_and_generated_codes_never_repeat_them() {
    for with_store in [false, true] {
        let dir = Dir::new();
        let input = dir.file("p.csv", MIXED);
        let store = store_uri(&dir);
        let mut args = vec!["generate", arg(&input), "--name", "--discount", "20", "--keep-codes"];
        if with_store {
            args.extend(["--store", &store, "--coupon", "summer"]);
        }
        let r = run_args(&args);
        assert_eq!(r.code, 1, "three rows get no code: {}", r.stderr);
        // Row 2's John gets JOHN20-2: JOHN20 was claimed for row 7 before anything was generated.
        assert_eq!(
            column(&r.stdout, "code"),
            ["ANN20-2", "JOHN20-2", "ZOE20", "ann20", "EVE20", "MAX20", "JOHN20", "", "", ""],
            "store: {with_store}"
        );
        let errors: Vec<String> =
            column(&r.stdout, "error").iter().map(|e| e.split(':').next().unwrap_or("").to_owned()).collect();
        assert_eq!(
            errors,
            ["", "", "", "", "", "", "", "code_taken", "invalid_code", "partner_id_required"],
            "store: {with_store}"
        );
        let codes: Vec<String> = column(&r.stdout, "code").into_iter().filter(|c| !c.is_empty()).collect();
        let mut keys: Vec<String> = codes.iter().map(|c| promocode::canonical_key(c)).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), codes.len(), "no duplicates between kept and generated codes");
    }
}

#[test]
fn a_rerun_with_kept_codes_changes_nothing() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "id,name,code\n1,John,\n7,Jim,JOHN20\n");
    let store = store_uri(&dir);
    let args = ["generate", arg(&input), "--name", "--discount", "20", "--keep-codes", "--store", &store];
    let first = run_args(&args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(column(&first.stdout, "code"), ["JOHN20-2", "JOHN20"]);
    let again = run_args(&args);
    assert_eq!(column(&again.stdout, "code"), ["JOHN20-2", "JOHN20"]);
    assert!(again.stderr.contains("0 rows got a new code, 2 already had one"), "{}", again.stderr);
    // Without --keep-codes the column is overwritten, as before.
    let plain = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(column(&plain.stdout, "code"), ["JOHN20", "JIM20"]);
}

#[test]
fn kept_codes_work_in_json_lines_and_need_a_file() {
    let dir = Dir::new();
    let input =
        dir.file("p.jsonl", "{\"id\":\"1\",\"name\":\"John\"}\n{\"id\":\"7\",\"name\":\"Jim\",\"code\":\"JOHN20\"}\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20", "--keep-codes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let codes: Vec<String> = json_lines(&r.stdout).iter().map(|o| o["code"].as_str().unwrap().to_owned()).collect();
    assert_eq!(codes, ["JOHN20-2", "JOHN20"]);
    let piped = run_with(&["generate", "-", "--name", "--keep-codes"], "id,name,code\n1,Ann,\n");
    assert_eq!(piped.code, 2);
    assert!(piped.stderr.contains("needs a file"), "{}", piped.stderr);
}

#[test]
fn assign_claims_replaces_and_refuses() {
    let dir = Dir::new();
    let store = store_uri(&dir);
    let assign = |extra: &[&str]| {
        let mut args = vec!["assign", "--store", &store, "--coupon", "summer"];
        args.extend(extra);
        run_args(&args)
    };
    let r = assign(&["--platform", "woocommerce", "p1", "JOHN20"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "john20\n"), "{}", r.stderr);
    let again = assign(&["p1", "JOHN20"]);
    assert_eq!((again.code, again.stdout.as_str()), (0, "john20\n"), "the same code again is a no-op");
    let taken = assign(&["--platform", "woocommerce", "p2", "JÖHN20"]);
    assert_eq!(taken.code, 1);
    assert!(taken.stderr.starts_with("error: code_taken: "), "{}", taken.stderr);
    let has = assign(&["p1", "ANN20"]);
    assert_eq!(has.code, 1);
    assert!(has.stderr.contains("partner_has_code") && has.stderr.contains("`john20`"), "{}", has.stderr);
    let swapped = assign(&["--replace", "p1", "ANN20"]);
    assert_eq!((swapped.code, swapped.stdout.as_str()), (0, "ANN20\n"), "{}", swapped.stderr);
    assert!(swapped.stderr.contains("released `john20`"), "{}", swapped.stderr);
    let bad = assign(&["--platform", "stripe", "p3", "NO SPACES"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.starts_with("error: invalid_code: "), "{}", bad.stderr);
    let warned = assign(&["p4", "SH1T20"]);
    assert_eq!(warned.code, 0);
    assert!(warned.stderr.starts_with("warning: blocklisted: "), "{}", warned.stderr);
    // The freed code went back to the pool; the export shows the release.
    assert_eq!(assign(&["p2", "JOHN20"]).code, 0);
    let export = run_args(&["store", "export", "--store", &store]);
    let released: Vec<&str> = export.stdout.lines().filter(|l| l.starts_with("john20,p1,summer,assigned,")).collect();
    assert_eq!(released.len(), 1, "{}", export.stdout);
    assert!(!released[0].contains(",,default"), "the row has a release time: {}", released[0]);
    let setup = run_args(&["assign", "--store", "redis://x", "p1", "A"]);
    assert_eq!(setup.code, 2);
}
