//! Manual codes (`Generator::assign`) on every store backend and without a
//! store, and two real OS processes assigning the same codes to different
//! partners at the same moment (exactly one wins each code), on a SQLite file
//! and on a real PostgreSQL.
//!
//! PostgreSQL comes from `PROMOCODE_TEST_PG` as in `store.rs` (skipped, loudly,
//! without it outside CI).

use promocode::store::{Origin, Record};
use promocode::{FormatOptions, Generator, Partner, Platform, Store};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod pg;
use pg::pg_uri;

/// `None` (no store) and every backend, fresh.
fn stores() -> Vec<(&'static str, Option<String>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    let mut out = vec![
        ("none", None, None),
        ("memory", Some("memory:".to_owned()), None),
        ("sqlite", Some(format!("sqlite:{}", path.display())), Some(dir)),
    ];
    if let Some(uri) = pg_uri() {
        out.push(("postgres", Some(uri), None));
    }
    out
}

fn generator(uri: Option<&str>, platform: Platform) -> Generator {
    let fmt = FormatOptions::new().name(true).discount(20.0).platform(platform).build().unwrap();
    match uri {
        Some(uri) => Generator::with_store(fmt, None, Store::open(uri).unwrap(), "summer").unwrap(),
        None => Generator::new(fmt, None),
    }
}

fn code_of(r: promocode::Result<promocode::Assigned>) -> Result<String, String> {
    r.map(|a| a.code).map_err(|e| e.code().as_str().to_owned())
}

#[test]
fn outcomes_are_the_same_with_and_without_every_store() {
    for (label, uri, _dir) in stores() {
        let gen = generator(uri.as_deref(), Platform::Stripe);
        let p1 = Partner::new().name("Ann").id("p1");
        let p2 = Partner::new().name("Bob").id("p2");
        let first = gen.assign(&p1, "JOHN20", false).unwrap();
        assert_eq!((first.code.as_str(), first.reused, first.replaced.as_deref()), ("JOHN20", false, None), "{label}");
        // Again: a no-op returning the code.
        let again = gen.assign(&p1, "JOHN20", false).unwrap();
        assert_eq!((again.code.as_str(), again.reused), ("JOHN20", true), "{label}");
        // Another partner, the same code in any case: taken.
        assert_eq!(code_of(gen.assign(&p2, "john20", false)), Err("code_taken".into()), "{label}");
        // The partner has a code: another one needs `replace`.
        assert_eq!(code_of(gen.assign(&p1, "ANN20", false)), Err("partner_has_code".into()), "{label}");
        let swapped = gen.assign(&p1, "ANN20", true).unwrap();
        assert_eq!((swapped.code.as_str(), swapped.replaced.as_deref()), ("ANN20", Some("JOHN20")), "{label}");
        // The released code is free again: for assign and for generation.
        assert_eq!(code_of(gen.assign(&p2, "JOHN20", false)), Ok("JOHN20".into()), "{label}");
        assert_eq!(gen.generate(&Partner::new().name("John").id("p3")).unwrap(), "JOHN20-2", "{label}");
        // replace onto a taken code changes nothing.
        assert_eq!(code_of(gen.assign(&p2, "ann20", true)), Err("code_taken".into()), "{label}");
        assert_eq!(code_of(gen.assign(&p2, "JOHN20", false)), Ok("JOHN20".into()), "{label}");
        // Invalid for the platform, without an id: coded errors, nothing claimed.
        let err = gen.assign(&Partner::new().id("p4"), "JOHN 20!", false).unwrap_err();
        assert_eq!(err.code().as_str(), "invalid_code", "{label}");
        let issues = match err.details().get("issues") {
            Some(promocode::Value::Array(list)) => Some(list.len()),
            _ => None,
        };
        assert_eq!(issues, Some(2), "{label}: every issue, as validate lists them");
        assert_eq!(code_of(gen.assign(&Partner::new().name("Zed"), "ZED20", false)), Err("partner_id_required".into()));
        assert_eq!(code_of(gen.assign(&Partner::new().id("p4"), "ZED20", false)), Ok("ZED20".into()), "{label}");
        if let Some(store) = gen.store() {
            assert_eq!(store.code_of("p1", "summer").unwrap().as_deref(), Some("ANN20"), "{label}");
            assert_eq!(store.code_of("p2", "summer").unwrap().as_deref(), Some("JOHN20"), "{label}");
            // A partner who left: `release` frees the code for anyone's assign.
            assert_eq!(store.release(["zed20"]).unwrap(), 1, "{label}");
            assert_eq!(store.code_of("p4", "summer").unwrap(), None, "{label}");
            let other = generator(uri.as_deref(), Platform::Stripe);
            assert_eq!(code_of(other.assign(&Partner::new().id("p5"), "ZED20", false)), Ok("ZED20".into()), "{label}");
        }
    }
}

#[test]
fn woocommerce_codes_are_stored_lowercase_and_warnings_do_not_stop_the_assignment() {
    for (label, uri, _dir) in stores() {
        let gen = generator(uri.as_deref(), Platform::WooCommerce);
        let a = gen.assign(&Partner::new().id("p1"), "ÉLODIE-20", false).unwrap();
        assert_eq!((a.code.as_str(), a.warnings.len()), ("élodie-20", 0), "{label}");
        // Accents and case do not make another code.
        assert_eq!(code_of(gen.assign(&Partner::new().id("p9"), "Elodie-20", false)), Err("code_taken".into()));
        let b = gen.assign(&Partner::new().id("p2"), "SH1T20", false).unwrap();
        assert_eq!(b.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["blocklisted"], "{label}");
        // One slip from `élodie-20`: assigned, with a warning.
        let c = gen.assign(&Partner::new().id("p3"), "ELODIE-29", false).unwrap();
        assert_eq!(c.code, "elodie-29", "{label}");
        assert_eq!(c.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["confusable"], "{label}");
        assert!(c.warnings[0].message.contains("`elodie-20`"), "{label}: {}", c.warnings[0].message);
    }
}

#[test]
fn a_replaced_code_shows_as_released_in_the_export() {
    for (label, uri, _dir) in stores() {
        let Some(uri) = uri.filter(|u| u != "memory:") else { continue };
        let gen = generator(Some(&uri), Platform::Stripe);
        gen.assign(&Partner::new().id("p1"), "JOHN20", false).unwrap();
        gen.assign(&Partner::new().id("p1"), "JOHNNY20", true).unwrap();
        let mut rows: Vec<Record> = Vec::new();
        Store::open(&uri)
            .unwrap()
            .export(false, |r| {
                rows.push(r);
                true
            })
            .unwrap();
        let shown: Vec<(&str, Option<&str>, Origin, bool)> =
            rows.iter().map(|r| (r.code.as_str(), r.partner.as_deref(), r.origin, r.released.is_some())).collect();
        assert_eq!(
            shown,
            [("JOHN20", Some("p1"), Origin::Assigned, true), ("JOHNNY20", Some("p1"), Origin::Assigned, false)],
            "{label}"
        );
    }
}

#[test]
fn an_assigned_code_is_never_generated_from_another_generator() {
    for (label, uri, _dir) in stores() {
        let Some(uri) = uri.filter(|u| u != "memory:") else { continue };
        generator(Some(&uri), Platform::Stripe).assign(&Partner::new().id("p7"), "JOHN20", false).unwrap();
        let other = generator(Some(&uri), Platform::Stripe);
        assert_eq!(other.generate(&Partner::new().name("John").id("p2")).unwrap(), "JOHN20-2", "{label}");
    }
}

// ---------------------------------------------------------------------------
// Two processes, the same codes, the same moment
// ---------------------------------------------------------------------------

const CODES: usize = 150;

/// The worker: waits for the go file, then assigns `RACE{i}` to partner
/// `{side}{i}` for every i, printing `i won|taken`.
#[test]
#[ignore = "the worker process of the race tests, run by them"]
fn race_worker() {
    let Ok(uri) = std::env::var("PROMOCODE_RACE_STORE") else { return };
    let side = std::env::var("PROMOCODE_RACE_SIDE").unwrap();
    let dir = std::path::PathBuf::from(std::env::var("PROMOCODE_RACE_DIR").unwrap());
    let gen = generator(Some(&uri), Platform::Stripe);
    std::fs::write(dir.join(format!("ready-{side}")), "").unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !dir.join("go").exists() {
        assert!(Instant::now() < deadline, "no go signal");
        std::thread::sleep(Duration::from_micros(200));
    }
    let mut out = String::new();
    for i in 0..CODES {
        let partner = Partner::new().id(format!("{side}{i}"));
        match gen.assign(&partner, &format!("RACE{i}"), false) {
            Ok(a) => {
                assert!(!a.reused);
                out.push_str(&format!("{i} won\n"));
            }
            Err(e) if e.code().as_str() == "code_taken" => out.push_str(&format!("{i} taken\n")),
            Err(e) => panic!("{e}"),
        }
    }
    print!("RACE-OUTPUT\n{out}RACE-END\n");
}

fn race(uri: &str) {
    Store::open(uri).unwrap(); // created before the race
    let dir = tempfile::tempdir().unwrap();
    let spawn = |side: &str| {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "race_worker", "--include-ignored", "--nocapture", "--test-threads=1"])
            .env("PROMOCODE_RACE_STORE", uri)
            .env("PROMOCODE_RACE_SIDE", side)
            .env("PROMOCODE_RACE_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let workers = [spawn("a"), spawn("b")];
    let deadline = Instant::now() + Duration::from_secs(60);
    while !(dir.path().join("ready-a").exists() && dir.path().join("ready-b").exists()) {
        assert!(Instant::now() < deadline, "workers did not start");
        std::thread::sleep(Duration::from_millis(1));
    }
    std::fs::write(dir.path().join("go"), "").unwrap();
    let results: Vec<Vec<bool>> = workers
        .into_iter()
        .map(|w| {
            let out = w.wait_with_output().unwrap();
            assert!(out.status.success(), "worker failed");
            let text = String::from_utf8(out.stdout).unwrap();
            let body = text.split("RACE-OUTPUT\n").nth(1).unwrap().split("RACE-END").next().unwrap();
            body.lines().map(|l| l.ends_with(" won")).collect()
        })
        .collect();
    let store = Store::open(uri).unwrap();
    let (mut a_wins, mut b_wins) = (0, 0);
    assert!(results.iter().all(|r| r.len() == CODES), "every worker answered for every code");
    for (i, (&a, &b)) in results[0].iter().zip(&results[1]).enumerate() {
        assert!(a != b, "RACE{i}: exactly one process must win (a won: {a}, b won: {b})");
        let winner = if a { "a" } else { "b" };
        let loser = if a { "b" } else { "a" };
        assert_eq!(store.code_of(&format!("{winner}{i}"), "summer").unwrap(), Some(format!("RACE{i}")));
        assert_eq!(store.code_of(&format!("{loser}{i}"), "summer").unwrap(), None);
        if a {
            a_wins += 1;
        } else {
            b_wins += 1;
        }
    }
    assert_eq!(store.len().unwrap(), CODES as u64);
    eprintln!("race on {}: a won {a_wins}, b won {b_wins} of {CODES}", store.kind());
}

#[test]
fn two_processes_race_for_the_same_codes_in_one_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    race(&format!("sqlite:{}", dir.path().join("codes.db").display()));
}

#[test]
fn two_processes_race_for_the_same_codes_in_one_postgres_database() {
    if let Some(uri) = pg_uri() {
        race(&uri);
    }
}
