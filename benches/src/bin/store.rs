//! The program store's numbers (issue "The program store"), as a markdown table:
//! `cargo run --release -p promocode-benches --bin store`. PostgreSQL rows need
//! `PROMOCODE_BENCH_PG` (an admin URI; `make bench` starts a throwaway server).
//! `N` sets the store size (default 1M).

use promocode::{FormatOptions, Generator, Partner, Store};
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// Resident memory of this process, in MiB (Linux).
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds this process has used (user + system; Linux, 100 ticks a second).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

struct Row(String, String, String);

/// Claims `n` new 8-character codes into `uri` (a fresh store); returns
/// (codes/s of wall time, this process's CPU seconds).
fn claim(uri: &str, n: usize) -> Result<(f64, f64), promocode::Error> {
    let store = Store::open(uri)?;
    let gen = Generator::with_store(FormatOptions::new().random(8).build()?, Some(1), store, "bulk")?;
    let (t, cpu) = (Instant::now(), cpu_secs());
    let codes = gen.generate_codes_packed(n)?;
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(codes.len(), n);
    Ok((n as f64 / secs, cpu_secs() - cpu))
}

/// "Partner joined": a new partner with an id, one `generate` each (fresh
/// generator, as a web request would have); returns (median, p95) in ms.
fn joined(uri: &str, calls: usize) -> Result<(f64, f64), promocode::Error> {
    let store = Store::open(uri)?;
    let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
    let mut times = Vec::with_capacity(calls);
    for i in 0..calls {
        let gen = Generator::with_store(fmt.clone(), None, store.clone(), "joined")?;
        let partner = Partner::new().name("John").id(format!("joined-{i}"));
        let t = Instant::now();
        gen.generate(&partner)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok((median(times.clone()), percentile(times, 0.95)))
}

/// The floor of any durable commit here: a 4 KiB write + `fdatasync`, in
/// `dir`; (median, p95) in ms.
fn fsync_ms(dir: &std::path::Path, calls: usize) -> (f64, f64) {
    use std::os::unix::fs::FileExt;
    let path = dir.join("fsync.probe");
    let file = std::fs::File::create(&path).expect("probe file");
    let page = [7u8; 4096];
    let mut times = Vec::with_capacity(calls);
    for i in 0..calls {
        let t = Instant::now();
        file.write_all_at(&page, (i % 16) as u64 * 4096).expect("probe write");
        file.sync_data().expect("probe sync");
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let _ = std::fs::remove_file(&path);
    (median(times.clone()), percentile(times, 0.95))
}

/// Opening the store (new connection, version check); median ms.
fn open(uri: &str, runs: usize) -> Result<f64, promocode::Error> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let store = Store::open(uri)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        drop(store);
    }
    Ok(median(times))
}

fn pg_database(admin: &str, name: &str) -> String {
    let mut client = postgres::Client::connect(admin, postgres::NoTls).expect("connect to PROMOCODE_BENCH_PG");
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("drop database");
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    let (base, query) = admin.split_once('?').unwrap_or((admin, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

/// Lookups of codes typed with two adjacent characters swapped (a
/// `suggest` answer: one backend call of ~600 probes each), against the
/// store's first `calls` codes; returns (lookups/s, median ms).
fn lookups(uri: &str, calls: usize) -> Result<(f64, f64), promocode::Error> {
    let store = Store::open(uri)?;
    let fmt = FormatOptions::new().random(8).build()?;
    let mut codes = Vec::new();
    store.export(false, |r| {
        codes.push(r.code);
        codes.len() < calls
    })?;
    let mut times = Vec::with_capacity(codes.len());
    let t = Instant::now();
    for code in &codes {
        let mut typed: Vec<char> = code.chars().collect();
        typed.swap(2, 3);
        let typed: String = typed.into_iter().collect();
        let s = Instant::now();
        let answer = store.lookup(&typed, Some(&fmt))?;
        times.push(s.elapsed().as_secs_f64() * 1e3);
        assert!(answer.code.as_ref() == Some(code) || answer.suggestions.iter().any(|x| &x.code == code));
    }
    Ok((codes.len() as f64 / t.elapsed().as_secs_f64(), median(times)))
}

fn main() -> Result<(), promocode::Error> {
    let n = env("N", 1_000_000);
    let calls = env("CALLS", 200);
    let mut rows: Vec<Row> = Vec::new();
    let dir = std::env::temp_dir().join(format!("promocode-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sqlite = format!("sqlite:{}", dir.join("codes.db").display());

    let rss_start = rss_mib();
    let (rate, cpu) = claim(&sqlite, n)?;
    rows.push(Row(
        format!("claim {n} new 8-char codes, SQLite"),
        format!("{:.0}k codes/s ({cpu:.2} s CPU)", rate / 1e3),
        "≥ 300k/s".into(),
    ));
    let (sync, sync95) = fsync_ms(&dir, calls);
    let (med, p95) = joined(&sqlite, calls)?;
    rows.push(Row(
        format!("partner joined: one `generate` against {n} codes, SQLite (durable commit)"),
        format!("median {med:.2} ms, p95 {p95:.2} ms ({:.2}× a bare fsync)", med / sync),
        "median ≤ 5 ms".into(),
    ));
    rows.push(Row(
        "peer: a bare 4 KiB write + fdatasync on the same disk".into(),
        format!("median {sync:.2} ms, p95 {sync95:.2} ms"),
        String::new(),
    ));
    rows.push(Row(
        format!("open a {n}-code SQLite store"),
        format!("median {:.2} ms", open(&sqlite, 20)?),
        "≤ 50 ms".into(),
    ));
    // Memory: a process that opens the big store and serves joins holds no keys.
    let before = rss_mib();
    let store = Store::open(&sqlite)?;
    let _ = joined(&sqlite, 20)?;
    drop(store);
    rows.push(Row(
        format!("memory of open + 20 joins on the {n}-code store"),
        format!("+{:.1} MiB (process {:.0} MiB, started at {rss_start:.0} MiB)", rss_mib() - before, rss_mib()),
        "flat in codes".into(),
    ));
    let size = std::fs::metadata(dir.join("codes.db")).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.join("codes.db-wal")).map(|m| m.len()).unwrap_or(0);
    rows.push(Row("SQLite file size".into(), format!("{:.1} bytes/code", size as f64 / n as f64), String::new()));
    let (rate, med) = lookups(&sqlite, calls)?;
    rows.push(Row(
        format!("lookup a mistyped code (`suggest`) in {n} codes, SQLite"),
        format!("{rate:.0} lookups/s, median {med:.2} ms"),
        String::new(),
    ));
    let _ = std::fs::remove_dir_all(&dir);

    match std::env::var("PROMOCODE_BENCH_PG") {
        Ok(admin) if !admin.is_empty() => {
            let uri = pg_database(&admin, "promocode_bench");
            let (rate, cpu) = claim(&uri, n)?;
            rows.push(Row(
                format!("claim {n} new 8-char codes, PostgreSQL"),
                format!("{:.0}k codes/s ({cpu:.2} s client CPU)", rate / 1e3),
                "≥ 100k/s".into(),
            ));
            let (med, p95) = joined(&uri, calls)?;
            rows.push(Row(
                format!("partner joined: one `generate` against {n} codes, PostgreSQL"),
                format!("median {med:.2} ms, p95 {p95:.2} ms"),
                String::new(),
            ));
            rows.push(Row(
                format!("open a {n}-code PostgreSQL store"),
                format!("median {:.2} ms", open(&uri, 20)?),
                "≤ 50 ms".into(),
            ));
            let (rate, med) = lookups(&uri, calls)?;
            rows.push(Row(
                format!("lookup a mistyped code (`suggest`) in {n} codes, PostgreSQL (one query)"),
                format!("{rate:.0} lookups/s, median {med:.2} ms"),
                String::new(),
            ));
        }
        _ => eprintln!("PROMOCODE_BENCH_PG is not set: no PostgreSQL rows"),
    }

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("Load average during the run: {}.\n", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    println!("| store operation | measured | target |");
    println!("|---|---|---|");
    for Row(what, value, target) in rows {
        println!("| {what} | {value} | {target} |");
    }
    Ok(())
}
