//! The program store: one conformance suite that every backend passes (memory,
//! a SQLite file, a real PostgreSQL), faults as coded errors, and real OS
//! processes writing one store at once (concurrency and `kill -9`).
//!
//! PostgreSQL comes from `PROMOCODE_TEST_PG` (an admin URI; `make test` starts a
//! throwaway server and sets it). Without it the PostgreSQL cases fail under
//! `CI=true` and are skipped, loudly, elsewhere.

use promocode::store::{Origin, Record};
use promocode::{canonical_key, Claim, FormatOptions, Generator, Outcome, Partner, Store};
use std::collections::{HashMap, HashSet};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;

mod pg;
use pg::pg_uri;

/// Every backend, fresh: (label, address, guard keeping the temp dir).
fn backends() -> Vec<(&'static str, String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    let mut out =
        vec![("memory", "memory:".to_owned(), None), ("sqlite", format!("sqlite:{}", path.display()), Some(dir))];
    if let Some(uri) = pg_uri() {
        out.push(("postgres", uri, None));
    }
    out
}

fn counter_format() -> promocode::Format {
    FormatOptions::new().name(true).discount(20.0).build().unwrap()
}

fn john(id: &str) -> Partner {
    Partner::new().name("John").id(id)
}

/// Big batches (PostgreSQL tries one `COPY` for them first): all free, then
/// one key and one partner taken among thousands, then all free again. The
/// outcomes are exact and nothing of a refused fast attempt stays behind.
#[test]
fn big_batches_with_a_few_taken_items_claim_the_rest() {
    for (label, uri, _guard) in backends() {
        let store = Store::open(&uri).unwrap();
        let codes: Vec<String> = (0..6_000).map(|i| format!("BIG{i:05}")).collect();
        let ids: Vec<String> = (0..6_000).map(|i| format!("b{i}")).collect();
        let claims = |range: std::ops::Range<usize>| -> Vec<Claim<'_>> {
            range.map(|i| Claim::partner(&codes[i], &ids[i])).collect()
        };
        let out = store.claim("c", &claims(0..2_000)).unwrap();
        assert!(out.iter().all(|o| *o == Outcome::Claimed), "{label}");
        // Item 2000 repeats a held key (another partner), item 2001 a held
        // partner (another key); the rest are free.
        let mut batch = claims(2_000..4_000);
        batch[0] = Claim::partner("big00007", "new-partner");
        batch[1] = Claim::partner("OTHER1", "b3");
        let out = store.claim("c", &batch).unwrap();
        assert_eq!(out[0], Outcome::KeyTaken, "{label}");
        assert_eq!(out[1], Outcome::PartnerHas("BIG00003".into()), "{label}");
        assert!(out[2..].iter().all(|o| *o == Outcome::Claimed), "{label}");
        let out = store.claim("c", &claims(4_000..6_000)).unwrap();
        assert!(out.iter().all(|o| *o == Outcome::Claimed), "{label}");
        assert_eq!(store.len().unwrap(), 5_998, "{label}");
        assert!(!store.contains("OTHER1").unwrap(), "{label}");
        assert_eq!(store.code_of("new-partner", "c").unwrap(), None, "{label}");
        assert_eq!(store.code_of("b2000", "c").unwrap(), None, "{label}");
        assert_eq!(store.code_of("b5999", "c").unwrap().as_deref(), Some("BIG05999"), "{label}");
        store.check().unwrap();
    }
}

#[test]
fn claim_outcomes_are_the_same_on_every_backend() {
    for (label, uri, _guard) in backends() {
        let store = Store::open(&uri).unwrap().with_program("acme").unwrap();
        assert_eq!(store.kind(), label);
        let out = store
            .claim(
                "summer",
                &[
                    Claim::partner("JOHN20", "p1"),
                    Claim::partner("jöhn20", "p2"), // same canonical key as an earlier item
                    Claim::partner("ANN20", "p1"),  // same partner as an earlier item
                    Claim::code("STRASSE"),
                    Claim::code("straße"),              // ß keys as ss
                    Claim::partner("ＢＯＢ２０", "p3"), // full width keys as bob20
                ],
            )
            .unwrap();
        assert_eq!(
            out,
            [
                Outcome::Claimed,
                Outcome::KeyTaken,
                Outcome::PartnerHas("JOHN20".into()),
                Outcome::Claimed,
                Outcome::KeyTaken,
                Outcome::Claimed
            ],
            "{label}"
        );
        // A later batch: the partner keeps its code, taken keys stay taken, another
        // coupon is another partner slot but the same key space.
        let out = store
            .claim(
                "summer",
                &[Claim::partner("ANN20", "p1"), Claim::partner("bob20", "p9"), Claim::partner("ANN20", "p2")],
            )
            .unwrap();
        assert_eq!(out, [Outcome::PartnerHas("JOHN20".into()), Outcome::KeyTaken, Outcome::Claimed], "{label}");
        assert_eq!(store.claim("winter", &[Claim::partner("JOHN20", "p1")]).unwrap(), [Outcome::KeyTaken], "{label}");
        assert_eq!(store.claim("winter", &[Claim::partner("JOHN15", "p1")]).unwrap(), [Outcome::Claimed], "{label}");
        assert_eq!(
            store.codes_of(&["p2", "nobody", "p1", "p3"], "summer").unwrap(),
            [Some("ANN20".into()), None, Some("JOHN20".into()), Some("ＢＯＢ２０".into())],
            "{label}"
        );
        assert_eq!(store.code_of("p1", "winter").unwrap().as_deref(), Some("JOHN15"), "{label}");
        assert_eq!(store.len().unwrap(), 5, "{label}");
        assert!(store.contains(" john20 ").unwrap() && store.contains("Straße").unwrap(), "{label}");
        assert!(!store.contains("JOHN21").unwrap() && !store.contains("   ").unwrap(), "{label}");
    }
}

#[test]
fn programs_are_separate_and_existing_codes_count_once() {
    for (label, uri, _guard) in backends() {
        let a = Store::open(&uri).unwrap().with_program("a").unwrap();
        let b = a.with_program("b").unwrap();
        assert_eq!(a.add_existing(["SUMMER10", "summer10", "ıstanbul", "  "]).unwrap(), 2, "{label}");
        assert!(a.contains("ISTANBUL").unwrap(), "{label}");
        assert_eq!(a.add_existing(["SUMMER10", "WINTER"]).unwrap(), 1, "{label}");
        assert!(!b.contains("summer10").unwrap(), "{label}");
        assert_eq!(b.claim("default", &[Claim::code("SUMMER10")]).unwrap(), [Outcome::Claimed], "{label}");
        assert_eq!((a.len().unwrap(), b.len().unwrap()), (3, 1), "{label}");
        assert_eq!(a.with_program("").unwrap_err().code().as_str(), "invalid_value");
    }
}

#[test]
fn release_frees_the_key_and_the_partner() {
    for (label, uri, _guard) in backends() {
        let store = Store::open(&uri).unwrap();
        store.claim("c", &[Claim::partner("JOHN20", "p1"), Claim::code("BULK1")]).unwrap();
        assert_eq!(store.release(["john20", "nothing"]).unwrap(), 1, "{label}");
        assert!(!store.contains("JOHN20").unwrap(), "{label}");
        assert_eq!(store.code_of("p1", "c").unwrap(), None, "{label}");
        assert_eq!(store.claim("c", &[Claim::partner("JOHN20", "p2")]).unwrap(), [Outcome::Claimed], "{label}");
        assert_eq!(store.claim("c", &[Claim::partner("JOHN21", "p1")]).unwrap(), [Outcome::Claimed], "{label}");
        assert_eq!(store.len().unwrap(), 3, "{label}");
        if label != "memory" {
            let mut rows: Vec<Record> = Vec::new();
            store
                .export(false, |r| {
                    rows.push(r);
                    true
                })
                .unwrap();
            let released: Vec<&Record> = rows.iter().filter(|r| r.released.is_some()).collect();
            assert_eq!(released.len(), 1, "{label}");
            assert_eq!((released[0].code.as_str(), released[0].partner.as_deref()), ("JOHN20", Some("p1")), "{label}");
            assert_eq!(rows.len(), 4, "{label}");
            assert!(rows.iter().all(|r| r.created.ends_with('Z') && r.origin == Origin::Generated), "{label}");
            let stats = store.stats().unwrap();
            assert_eq!((stats[0].codes, stats[0].partner_codes, stats[0].released), (3, 2, 1), "{label}");
        }
    }
}

#[test]
fn a_partner_with_an_id_gets_one_code_per_coupon_forever() {
    for (label, uri, _guard) in backends() {
        let store = Store::open(&uri).unwrap();
        let partners = [john("1"), Partner::new().name("John"), john("2"), Partner::new(), john("1")];
        let gen = Generator::with_store(counter_format(), Some(1), store.clone(), "summer").unwrap();
        let first = gen.generate_all_issued(&partners);
        let codes: Vec<Option<&str>> = first.iter().map(|r| r.as_ref().ok().map(|c| c.code.as_str())).collect();
        assert_eq!(codes, [Some("JOHN20"), Some("JOHN20-2"), Some("JOHN20-3"), None, Some("JOHN20")], "{label}");
        assert_eq!(first[3].as_ref().unwrap_err().code().as_str(), "empty_partner", "{label}");
        assert_eq!(first.iter().filter_map(|r| r.as_ref().ok()).filter(|c| c.reused).count(), 1, "{label}");
        // Nothing reserved for the failed partner; the id-less John got a code of his own.
        assert_eq!(store.len().unwrap(), 3, "{label}");

        // A new generator (a re-run, another process): ids get their codes back, the
        // id-less John a new one, and the counter continues after the taken ones.
        let again = Generator::with_store(counter_format(), None, store.clone(), "summer").unwrap();
        let second = again.generate_all_issued(&partners);
        let codes: Vec<(&str, bool)> =
            second.iter().filter_map(|r| r.as_ref().ok()).map(|c| (c.code.as_str(), c.reused)).collect();
        assert_eq!(codes, [("JOHN20", true), ("JOHN20-4", false), ("JOHN20-3", true), ("JOHN20", true)], "{label}");

        // Another coupon of the program: new codes, never one of the first coupon's.
        let winter = Generator::with_store(counter_format(), None, store.clone(), "winter").unwrap();
        assert_eq!(winter.generate(&john("1")).unwrap(), "JOHN20-5", "{label}");
        assert_eq!(winter.generate(&john("1")).unwrap(), "JOHN20-5", "{label}");
        assert_eq!(store.len().unwrap(), 5, "{label}");
    }
}

#[test]
fn with_a_fresh_store_seeded_codes_are_the_ones_without_a_store() {
    let fmt = FormatOptions::new().prefix("P").name(true).random(3).build().unwrap();
    let partners: Vec<Partner> =
        (0..300).map(|i| Partner::new().name(["Ann", "Bo", "Zoë", "Li"][i % 4]).id(i.to_string())).collect();
    let plain = Generator::new(fmt.clone(), Some(9)).generate_all(&partners);
    for (label, uri, _guard) in backends() {
        let gen = Generator::with_store(fmt.clone(), Some(9), Store::open(&uri).unwrap(), "c").unwrap();
        assert_eq!(gen.generate_all(&partners), plain, "{label}");
    }
    let bulk = FormatOptions::new().random(8).build().unwrap();
    let plain = Generator::new(bulk.clone(), Some(4)).generate_codes(1000).unwrap();
    for (label, uri, _guard) in backends() {
        let store = Store::open(&uri).unwrap();
        let gen = Generator::with_store(bulk.clone(), Some(4), store.clone(), "c").unwrap();
        assert_eq!(gen.generate_codes(1000).unwrap(), plain, "{label}");
        assert_eq!(store.len().unwrap(), 1000, "{label}");
    }
    // More than one claim chunk (they go in key order): still the draw order.
    let plain = Generator::new(bulk.clone(), Some(5)).generate_codes(210_000).unwrap();
    for (label, uri, _guard) in backends().into_iter().filter(|b| b.0 != "postgres") {
        let store = Store::open(&uri).unwrap();
        let gen = Generator::with_store(bulk.clone(), Some(5), store.clone(), "c").unwrap();
        assert!(gen.generate_codes(210_000).unwrap() == plain, "{label}");
        assert_eq!(store.len().unwrap(), 210_000, "{label}");
    }
}

#[test]
fn codes_another_writer_holds_are_redrawn() {
    for (label, uri, _guard) in backends() {
        let store = Store::open(&uri).unwrap();
        // A tiny space: 2 characters from "AB" = 4 codes, 3 of them taken elsewhere.
        let fmt = FormatOptions::new().random(2).alphabet("AB").build().unwrap();
        store.add_existing(["AA", "AB", "BA"]).unwrap();
        let gen = Generator::with_store(fmt.clone(), Some(1), store.clone(), "c").unwrap();
        assert_eq!(gen.generate_codes(1).unwrap(), ["BB"], "{label}");
        let err = gen.generate_codes(1).unwrap_err();
        assert_eq!(err.code().as_str(), "code_space_exhausted", "{label}");
        let fresh = Generator::with_store(fmt, Some(2), store.clone(), "c").unwrap();
        assert_eq!(fresh.generate(&Partner::new().id("x")).unwrap_err().code().as_str(), "code_space_exhausted");
        assert_eq!(store.len().unwrap(), 4, "{label}");
    }
}

#[test]
fn bad_addresses_are_coded_errors() {
    for (uri, code) in [
        ("redis://localhost", "invalid_store"),
        ("sqlite:", "invalid_store"),
        ("postgresql://u@/db?host=/nonexistent-promocode-dir&connect_timeout=2", "store_unavailable"),
        ("postgres://user:secret@127.0.0.1:1/db?connect_timeout=2", "store_unavailable"),
    ] {
        let err = Store::open(uri).unwrap_err();
        assert_eq!(err.code().as_str(), code, "{uri}");
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}

fn sqlite_fault(setup: impl FnOnce(&std::path::Path)) -> promocode::Error {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    setup(&path);
    Store::open(&format!("sqlite:{}", path.display())).unwrap_err()
}

#[test]
fn sqlite_files_that_are_not_stores_are_refused() {
    let err = sqlite_fault(|p| std::fs::write(p, "code,partner\nJOHN20,1\n".repeat(100)).unwrap());
    assert_eq!(err.code().as_str(), "not_a_store", "{err}");
    let err = sqlite_fault(|p| {
        let c = rusqlite::Connection::open(p).unwrap();
        c.execute_batch("CREATE TABLE orders (id INTEGER)").unwrap();
    });
    assert_eq!(err.code().as_str(), "not_a_store", "{err}");
    let err = sqlite_fault(|p| std::fs::create_dir(p).unwrap());
    assert_eq!(err.code().as_str(), "not_a_store", "{err}");
}

#[test]
fn a_store_from_another_key_version_is_refused() {
    let err = sqlite_fault(|p| {
        drop(Store::open(&format!("sqlite:{}", p.display())).unwrap());
        let c = rusqlite::Connection::open(p).unwrap();
        c.execute("UPDATE promocode_meta SET value = '999' WHERE name = 'key_version'", []).unwrap();
    });
    assert_eq!(err.code().as_str(), "store_key_version", "{err}");
    assert!(err.to_string().contains("key version 999"), "{err}");
    if let Some(uri) = pg_uri() {
        drop(Store::open(&uri).unwrap());
        let mut c = postgres::Client::connect(&uri, postgres::NoTls).unwrap();
        c.execute("UPDATE promocode_meta SET value = '0' WHERE name = 'key_version'", &[]).unwrap();
        assert_eq!(Store::open(&uri).unwrap_err().code().as_str(), "store_key_version");
    }
}

#[test]
fn a_damaged_sqlite_store_is_reported_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    let uri = format!("sqlite:{}", path.display());
    {
        let store = Store::open(&uri).unwrap();
        let gen = Generator::with_store(FormatOptions::new().random(8).build().unwrap(), Some(1), store, "c").unwrap();
        gen.generate_codes(20_000).unwrap();
    }
    // Fold the WAL into the file, then overwrite pages in the middle.
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 40_000] {
        *b = 0x5A;
    }
    std::fs::write(&path, bytes).unwrap();
    let outcome = Store::open(&uri).and_then(|s| {
        s.check()?;
        s.len()
    });
    let err = outcome.unwrap_err();
    assert_eq!(err.code().as_str(), "store_corrupt", "{err}");
}

// ---------------------------------------------------------------------------
// Real OS processes: this test binary, re-run as a worker.

/// Partners `from..to`, names from a short list so counters collide across writers.
fn partner_range(from: usize, to: usize) -> Vec<Partner> {
    (from..to).map(|i| Partner::new().name(["John", "Ann", "Zoë", "Li", "Ömer"][i % 5]).id(format!("id{i}"))).collect()
}

/// The worker: generates for partners `PROMOCODE_WORKER_RANGE` (from..to) in
/// batches of `PROMOCODE_WORKER_BATCH`, printing `id code` lines.
#[test]
#[ignore = "the worker process of the concurrency tests, run by them"]
fn worker() {
    let Ok(uri) = std::env::var("PROMOCODE_WORKER_STORE") else { return };
    let range = std::env::var("PROMOCODE_WORKER_RANGE").unwrap();
    let (from, to) = range.split_once("..").unwrap();
    let (from, to): (usize, usize) = (from.parse().unwrap(), to.parse().unwrap());
    let batch: usize = std::env::var("PROMOCODE_WORKER_BATCH").unwrap().parse().unwrap();
    let reverse = std::env::var("PROMOCODE_WORKER_REVERSE").is_ok();
    let store = Store::open(&uri).unwrap();
    let gen = Generator::with_store(counter_format(), None, store, "c").unwrap();
    let mut partners = partner_range(from, to);
    if reverse {
        partners.reverse();
    }
    let mut out = String::new();
    for chunk in partners.chunks(batch) {
        for (p, r) in chunk.iter().zip(gen.generate_all_issued(chunk)) {
            let code = r.unwrap();
            out.push_str(&format!("{} {}\n", p.id.as_deref().unwrap(), code.code));
        }
    }
    print!("WORKER-OUTPUT\n{out}WORKER-END\n");
}

fn spawn_worker(uri: &str, range: &str, batch: usize, reverse: bool) -> std::process::Child {
    worker_command(uri, range, batch, reverse).spawn().unwrap()
}

fn worker_command(uri: &str, range: &str, batch: usize, reverse: bool) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "worker", "--include-ignored", "--nocapture", "--test-threads=1"])
        .env("PROMOCODE_WORKER_STORE", uri)
        .env("PROMOCODE_WORKER_RANGE", range)
        .env("PROMOCODE_WORKER_BATCH", batch.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if reverse {
        cmd.env("PROMOCODE_WORKER_REVERSE", "1");
    }
    cmd
}

fn worker_lines(child: std::process::Child) -> Vec<(String, String)> {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "worker failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let body = text.split("WORKER-OUTPUT\n").nth(1).unwrap().split("WORKER-END").next().unwrap();
    body.lines().map(|l| l.split_once(' ').map(|(a, b)| (a.to_owned(), b.to_owned())).unwrap()).collect()
}

/// Asserts the store's invariants: every code a distinct canonical key, every
/// partner of `ids` exactly one code, the one the workers reported; counters
/// nearly contiguous per name.
fn assert_consistent(uri: &str, ids: usize, reported: &[(String, String)]) {
    let store = Store::open(uri).unwrap();
    store.check().unwrap();
    let mut rows = Vec::new();
    store
        .export(true, |r| {
            rows.push(r);
            true
        })
        .unwrap();
    let keys: HashSet<String> = rows.iter().map(|r| canonical_key(&r.code)).collect();
    assert_eq!(keys.len(), rows.len(), "a canonical key is held twice");
    let by_partner: HashMap<&str, &str> =
        rows.iter().map(|r| (r.partner.as_deref().unwrap(), r.code.as_str())).collect();
    assert_eq!(by_partner.len(), rows.len(), "a partner holds two codes");
    assert_eq!(rows.len(), ids, "every partner has a code");
    for (id, code) in reported {
        assert_eq!(by_partner.get(id.as_str()), Some(&code.as_str()), "{id} was told another code than it holds");
    }
    // Counters: per name, the highest counter is at most a few above the count.
    let mut per_base: HashMap<&str, (usize, usize)> = HashMap::new();
    for r in &rows {
        let (base, n) = match r.code.rsplit_once('-') {
            Some((b, n)) => (b, n.parse::<usize>().unwrap()),
            None => (r.code.as_str(), 1),
        };
        let e = per_base.entry(base).or_default();
        e.0 += 1;
        e.1 = e.1.max(n);
    }
    for (base, (count, max)) in per_base {
        assert!(max <= count + count / 10 + 4, "{base}: {count} codes but counter {max}");
    }
}

fn four_writers(uri: &str) {
    // Overlapping ranges, two forwards and two backwards, 1000 partners in all.
    let workers = vec![
        spawn_worker(uri, "0..600", 50, false),
        spawn_worker(uri, "200..800", 50, true),
        spawn_worker(uri, "400..1000", 50, false),
        spawn_worker(uri, "0..1000", 100, true),
    ];
    let reported: Vec<(String, String)> = workers.into_iter().flat_map(worker_lines).collect();
    assert_eq!(reported.len(), 600 + 600 + 600 + 1000);
    assert_consistent(uri, 1000, &reported);
}

#[test]
fn four_processes_share_one_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    four_writers(&format!("sqlite:{}", dir.path().join("codes.db").display()));
}

#[test]
fn four_processes_share_one_postgres_database() {
    if let Some(uri) = pg_uri() {
        four_writers(&uri);
    }
}

/// `kill -9` in the middle of a run: the file opens, the integrity check passes,
/// partners that got a code keep it, and a re-run finishes the rest.
#[test]
fn a_writer_killed_mid_batch_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("sqlite:{}", dir.path().join("codes.db").display());
    let total = 60_000;
    let errors = dir.path().join("worker.err");
    let mut child = worker_command(&uri, &format!("0..{total}"), 2_000, false)
        .stderr(std::fs::File::create(&errors).unwrap())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill it mid-run. A worker
    // that ends first (it failed, say on a full disk) fails the test at once.
    let store = Store::open(&uri).unwrap();
    let start = std::time::Instant::now();
    while store.len().unwrap_or(0) < 4_000 {
        if let Some(status) = child.try_wait().unwrap() {
            let stderr = std::fs::read_to_string(&errors).unwrap_or_default();
            panic!("the worker ended ({status}) before 4000 codes were stored; its stderr:\n{stderr}");
        }
        if start.elapsed().as_secs() >= 120 {
            let _ = child.kill();
            panic!("the worker stored under 4000 codes in 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(store);
    let store = Store::open(&uri).unwrap();
    store.check().unwrap();
    let held = store.len().unwrap() as usize;
    assert!(held >= 4_000 && held < total, "{held} codes after the kill");
    let ids: Vec<String> = (0..total).map(|i| format!("id{i}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let before = store.codes_of(&refs, "c").unwrap();
    assert_eq!(before.iter().filter(|c| c.is_some()).count(), held, "every stored code belongs to a partner");
    let reported = worker_lines(spawn_worker(&uri, &format!("0..{total}"), 20_000, false));
    for ((id, code), old) in reported.iter().zip(&before) {
        if let Some(old) = old {
            assert_eq!(code, old, "{id} changed its code after the crash");
        }
    }
    assert_consistent(&uri, total, &reported);
}

/// PostgreSQL going away mid-batch: `store_unavailable`, what was committed
/// stays consistent, and the next run (new connection) finishes the rest.
#[test]
fn postgres_gone_mid_batch_is_store_unavailable() {
    let Some(uri) = pg_uri() else { return };
    let admin = std::env::var("PROMOCODE_TEST_PG").unwrap();
    let db = uri.split('/').nth(3).unwrap().split('?').next().unwrap().to_owned();
    let store = Store::open(&uri).unwrap();
    let gen =
        Generator::with_store(FormatOptions::new().random(10).build().unwrap(), None, store.clone(), "c").unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = done.clone();
    // Terminates the store's server connection every 100 ms until the request gives up.
    let killer = std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(100));
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&db],
            )
            .unwrap();
        }
    });
    let result = gen.generate_codes(2_000_000);
    done.store(true, Ordering::SeqCst);
    killer.join().unwrap();
    let err = result.unwrap_err();
    assert_eq!(err.code().as_str(), "store_unavailable", "{err}");
    // The handle reconnects: the all-or-nothing request left nothing behind it
    // could take back, and the store still works.
    let store = Store::open(&uri).unwrap();
    store.check().unwrap();
    let again =
        Generator::with_store(FormatOptions::new().random(10).build().unwrap(), None, store.clone(), "c").unwrap();
    let before = store.len().unwrap();
    assert_eq!(again.generate_codes(1000).unwrap().len(), 1000);
    assert_eq!(store.len().unwrap(), before + 1000);
}

// ---------------------------------------------------------------------------
// Lookups against the store (issue 16: "on a store", "one batched query")
// ---------------------------------------------------------------------------

/// A code issued through one handle is found through another (a second
/// `Store::open`; the memory store's second handle is a clone): `exact`,
/// `normalized`, `suggest`, in the stored form, by `Store::lookup` and by a
/// second generator's `lookup_value` (what bindings call).
#[test]
fn lookups_find_codes_another_handle_issued() {
    let fmt = counter_format();
    for (label, uri, _guard) in backends() {
        let first = Store::open(&uri).unwrap();
        let gen = Generator::with_store(fmt.clone(), None, first.clone(), "summer").unwrap();
        assert_eq!(gen.generate(&john("p1")).unwrap(), "JOHN20", "{label}");
        assert_eq!(gen.generate(&Partner::new().name("Mary").id("p2")).unwrap(), "MARY20", "{label}");
        first.add_existing(["spring-sale"]).unwrap();
        let other = if label == "memory" { first.clone() } else { Store::open(&uri).unwrap() };
        let exact = other.lookup("john20", Some(&fmt)).unwrap();
        assert_eq!((exact.kind, exact.code.as_deref()), (promocode::LookupKind::Exact, Some("JOHN20")), "{label}");
        let heard = other.lookup("John twenty", Some(&fmt)).unwrap();
        assert_eq!(
            (heard.kind, heard.code.as_deref(), heard.rule),
            (promocode::LookupKind::Normalized, Some("JOHN20"), Some("number_words")),
            "{label}"
        );
        let typo = other.lookup("JON20", Some(&fmt)).unwrap();
        assert_eq!(typo.kind, promocode::LookupKind::Suggest, "{label}");
        assert_eq!(typo.suggestions[0].code, "JOHN20", "{label}");
        assert_eq!(other.lookup("PETER20", Some(&fmt)).unwrap().kind, promocode::LookupKind::NotFound, "{label}");
        let list = other.suggest("MARI20", Some(&fmt), 5).unwrap();
        assert_eq!(list.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["MARY20"], "{label}");
        // The stored form: SQLite and PostgreSQL keep the text as registered;
        // the memory store keeps fingerprints and answers in the format's case.
        let sale = other.lookup("Spring-Sale", None).unwrap();
        let stored = if label == "memory" { "SPRING-SALE" } else { "spring-sale" };
        assert_eq!((sale.kind, sale.code.as_deref()), (promocode::LookupKind::Exact, Some(stored)), "{label}");
        let sale = other.suggest("spring sale", None, 5).unwrap();
        assert_eq!(sale.first().map(|s| s.code.as_str()), Some(stored), "{label}");
        // A second generator on the other handle never saw these codes in its
        // own memory; what bindings call asks the store.
        let again = Generator::with_store(fmt.clone(), None, other.clone(), "summer").unwrap();
        assert_eq!(again.lookup("JON20").kind, promocode::LookupKind::NotFound, "{label}: own memory only");
        let v = again.lookup_value(&promocode::Value::from("JON20")).unwrap();
        let Some(promocode::Value::Array(list)) = v.get("suggestions") else { panic!("{label}: {v:?}") };
        assert_eq!(list.len(), 1, "{label}");
        let v = again.suggest_value(&promocode::Value::from("jhon20"), &promocode::Value::Null).unwrap();
        let promocode::Value::Array(list) = &v else { panic!("{label}: {v:?}") };
        let first_code = list.first().and_then(|s| s.get("code")).and_then(|c| c.as_str());
        assert_eq!(first_code, Some("JOHN20"), "{label}");
        // Codes given to the generator alone still count (its own memory).
        again.add_existing(["ANNA20"]);
        let v = again.lookup_value(&promocode::Value::from("ana20")).unwrap();
        assert_eq!(v.get("kind").and_then(|k| k.as_str()), Some("suggest"), "{label}");
        // Hostile input: an answer (one backend call each).
        let kind = |t: &str| other.lookup(t, Some(&fmt)).map(|a| (a.kind, a.code));
        assert_eq!(kind(&"A".repeat(1 << 20)).unwrap(), (promocode::LookupKind::NotFound, None), "{label}");
        assert_eq!(kind("").unwrap(), (promocode::LookupKind::NotFound, None), "{label}");
        let fullwidth = kind("\u{FF2A}\u{FF2F}\u{FF28}\u{FF2E}20").unwrap();
        assert_eq!(fullwidth, (promocode::LookupKind::Exact, Some("JOHN20".into())), "{label}");
        // Other programs are not looked in.
        let elsewhere = other.with_program("other").unwrap();
        assert_eq!(elsewhere.lookup("john20", Some(&fmt)).unwrap().kind, promocode::LookupKind::NotFound, "{label}");
    }
}

/// Codes issued by another OS process (the concurrency worker) are found by
/// this one: every issued code exactly, and a dropped letter as a suggestion.
#[test]
fn lookups_find_codes_another_process_issued() {
    let dir = tempfile::tempdir().unwrap();
    let mut uris = vec![format!("sqlite:{}", dir.path().join("codes.db").display())];
    uris.extend(pg_uri());
    for uri in uris {
        let reported = worker_lines(spawn_worker(&uri, "0..10", 4, false));
        assert_eq!(reported.len(), 10);
        let store = Store::open(&uri).unwrap();
        let gen = Generator::with_store(counter_format(), None, store.clone(), "c").unwrap();
        for (_, code) in &reported {
            let exact = store.lookup(&code.to_lowercase(), None).unwrap();
            assert_eq!((exact.kind, exact.code.as_deref()), (promocode::LookupKind::Exact, Some(code.as_str())));
            let v = gen.lookup_value(&promocode::Value::from(code.as_str())).unwrap();
            assert_eq!(v.get("code").and_then(|c| c.as_str()), Some(code.as_str()), "{uri}");
        }
        let typo = store.suggest("JHN20", None, 5).unwrap();
        assert_eq!(typo.first().map(|s| s.code.as_str()), Some("JOHN20"), "{uri}");
    }
}

/// Store errors surface from a lookup (no silent `not_found`).
#[test]
fn a_failing_store_lookup_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    let store = Store::open(&format!("sqlite:{}", path.display())).unwrap();
    store.add_existing(["JOHN20"]).unwrap();
    let gen = Generator::with_store(counter_format(), None, store.clone(), "c").unwrap();
    rusqlite::Connection::open(&path).unwrap().execute_batch("DROP TABLE promocode_code").unwrap();
    let err = store.lookup("JON20", None).unwrap_err();
    assert!(err.code().as_str().starts_with("store_") || err.code().as_str() == "not_a_store", "{err}");
    let err = gen.lookup_value(&promocode::Value::from("JON20")).unwrap_err();
    assert!(err.code().as_str().starts_with("store_") || err.code().as_str() == "not_a_store", "{err}");
}

/// A PostgreSQL lookup sends one statement, whatever it answers: counted in
/// the server's own log (`log_statement = 'all'` for the test database only;
/// the server `.ci/pg.sh` starts logs to `DATA/../server.log`).
#[test]
fn a_postgres_lookup_is_one_statement() {
    let Some(uri) = pg_uri() else { return };
    let admin = std::env::var("PROMOCODE_TEST_PG").unwrap();
    let db = uri.split('/').nth(3).unwrap().split('?').next().unwrap().to_owned();
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("ALTER DATABASE {db} SET log_statement = 'all'")).unwrap();
    let data: String = c.query_one("SHOW data_directory", &[]).unwrap().get(0);
    let log = std::path::Path::new(&data).with_file_name("server.log");
    let mut statements = || -> Option<usize> {
        let text: String = c.query_one("SELECT pg_read_file($1)", &[&log.to_string_lossy().as_ref()]).ok()?.get(0);
        Some(text.lines().filter(|l| l.contains("LOG:  execute ") || l.contains("LOG:  statement: ")).count())
    };
    let store = Store::open(&uri).unwrap(); // a new session: logs its statements
    let fmt = counter_format();
    let gen = Generator::with_store(fmt.clone(), None, store.clone(), "c").unwrap();
    gen.generate_all(partner_range(0, 20)).into_iter().for_each(|r| drop(r.unwrap()));
    let Some(mut before) = statements() else {
        eprintln!("SKIPPED: statement count (no readable server.log next to the data directory)");
        return;
    };
    for entered in ["john20", "John twenty", "JON20", "PETER20", "ann-twenty-2"] {
        let answer = store.lookup(entered, Some(&fmt)).unwrap();
        let after = statements().unwrap();
        assert_eq!(after - before, 1, "`{entered}` ({:?}) took {} statements", answer.kind, after - before);
        before = after;
        let list = gen.suggest_value(&promocode::Value::from(entered), &promocode::Value::Null).unwrap();
        let after = statements().unwrap();
        assert_eq!(after - before, 1, "suggest `{entered}` ({list:?}) took {} statements", after - before);
        before = after;
    }
}
