//! `generate --store` and `promocode store`: codes kept between runs.

use crate::common::*;

const PARTNERS: &str = "id,name\n1,John\n2,Ann\n3,John\n,John\n1,John\n";

fn store_uri(dir: &Dir) -> String {
    format!("sqlite:{}", dir.path("codes.db").display())
}

/// The `code` column of a CSV output.
fn codes(csv: &str) -> Vec<String> {
    csv.lines().skip(1).map(|l| l.split(',').nth(2).unwrap_or("").to_owned()).collect()
}

#[test]
fn a_rerun_gives_every_row_with_an_id_its_code_and_says_so() {
    let dir = Dir::new();
    let input = dir.file("p.csv", PARTNERS);
    let store = store_uri(&dir);
    let args = ["generate", arg(&input), "--name", "--discount", "20", "--store", &store, "--coupon", "summer"];
    let first = run_args(&args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(codes(&first.stdout), ["JOHN20", "ANN20", "JOHN20-2", "JOHN20-3", "JOHN20"]);
    assert!(first.stderr.contains("4 rows got a new code, 1 already had one"), "{}", first.stderr);

    let second = run_args(&args);
    assert_eq!(second.code, 0, "{}", second.stderr);
    // Ids keep their codes; the row without an id gets a new one.
    assert_eq!(codes(&second.stdout), ["JOHN20", "ANN20", "JOHN20-2", "JOHN20-4", "JOHN20"]);
    assert!(second.stderr.contains("1 row got a new code, 4 already had one"), "{}", second.stderr);

    // Another coupon of the program: one more code per partner, never a taken one.
    let winter =
        run_args(&["generate", arg(&input), "--name", "--discount", "20", "--store", &store, "--coupon", "winter"]);
    assert_eq!(codes(&winter.stdout), ["JOHN20-5", "ANN20-2", "JOHN20-6", "JOHN20-7", "JOHN20-5"]);
}

#[test]
fn import_export_and_stats() {
    let dir = Dir::new();
    let store = store_uri(&dir);
    let r = run_with(&["store", "import", "-", "--store", &store], "SUMMER\nsummer\nJOHN20\n\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("2 of 3 codes were new"), "{}", r.stderr);
    let input = dir.file("p.csv", "id,name\n7,John\n");
    let g = run_args(&["generate", arg(&input), "--name", "--discount", "20", "--store", &store]);
    assert_eq!(codes(&g.stdout), ["JOHN20-2"], "{}", g.stderr);

    let out = run_args(&["store", "export", "--store", &store]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "code,partner_id,coupon,origin,created,released,program");
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().any(|l| l.starts_with("JOHN20-2,7,default,generated,") && l.ends_with(",,default")));
    assert!(lines.iter().any(|l| l.starts_with("SUMMER,,,existing,")));

    let stats = run_args(&["store", "stats", "--store", &store, "--check"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(
        stats.stdout.contains("program default: 3 codes (1 for partners, 2 existing), 0 released"),
        "{}",
        stats.stdout
    );
    assert!(stats.stdout.contains("integrity check: ok"));
}

#[test]
fn bulk_codes_are_claimed_in_the_store() {
    let dir = Dir::new();
    let store = store_uri(&dir);
    let a = run_args(&[
        "codes",
        "--count",
        "300",
        "--random",
        "2",
        "--alphabet",
        "ABCDEFGHJKLMNPQRSTUVWXYZ",
        "--store",
        &store,
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let b = run_args(&[
        "codes",
        "--count",
        "200",
        "--random",
        "2",
        "--alphabet",
        "ABCDEFGHJKLMNPQRSTUVWXYZ",
        "--store",
        &store,
    ]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let all: std::collections::HashSet<&str> = a.stdout.lines().chain(b.stdout.lines()).collect();
    assert_eq!(all.len(), 500, "two runs never share a code");
}

#[test]
fn store_faults_stop_with_exit_code_2_and_a_coded_message() {
    let dir = Dir::new();
    let input = dir.file("p.csv", PARTNERS);
    let not_a_store = dir.file("notes.db", "these are my notes\n".repeat(200));
    let r = run_args(&["generate", arg(&input), "--name", "--store", &format!("sqlite:{}", arg(&not_a_store))]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not a promocode store (it is not a SQLite database)"), "{}", r.stderr);
    assert_eq!(r.stdout, "", "nothing is written");

    let r = run_args(&["store", "stats", "--store", "postgresql://nobody@/db?host=/nonexistent-dir&connect_timeout=2"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is unavailable"), "{}", r.stderr);

    let r = run_args(&["store", "export", "--store", "mysql://localhost/db"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("use `memory:`, `sqlite:PATH` or `postgresql://user@host/db`"), "{}", r.stderr);
}

/// A read-only store file: refused before anything is written. Root ignores file
/// modes, so as root the command runs as user `nobody`.
#[test]
fn a_read_only_store_is_refused() {
    let dir = Dir::new();
    let store = store_uri(&dir);
    let input = dir.file("p.csv", PARTNERS);
    let first = run_args(&["generate", arg(&input), "--name", "--store", &store]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let db = dir.path("codes.db");
    let _ = std::fs::remove_file(dir.path("codes.db-wal"));
    let _ = std::fs::remove_file(dir.path("codes.db-shm"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.0.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = ["generate", arg(&input), "--name", "--store", &store];
    let is_root = run(assert_cmd::Command::new("id").arg("-u")).stdout.trim() == "0";
    let r = if is_root {
        // A copy in the temporary directory: the build directory may be private to root.
        let bin = dir.path("promocode");
        std::fs::copy(env!("CARGO_BIN_EXE_promocode"), &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut cmd = assert_cmd::Command::new("runuser");
        cmd.args(["-u", "nobody", "--", arg(&bin)]).args(args);
        run(&mut cmd)
    } else {
        run_args(&args)
    };
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is read-only"), "{}", r.stderr);
}
