//! The core's SPEC §10 numbers, side by side with the naive Rust peer, as a
//! markdown table (`cargo run --release -p promocode-benches --bin measure`).
//! Each row is the best of `RUNS` runs (default 3) of `N` items (default 1M).

use promocode::{FormatOptions, Generator, Platform};
use promocode_benches::{existing_codes, partners};
use rand::Rng;
use std::collections::HashSet;
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Best wall time of `runs` runs of `f` (setup excluded: `f` returns its own time).
fn best(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..runs).map(|_| f()).fold(f64::INFINITY, f64::min)
}

/// The peer: `rand` picks 8 of 62 characters into a `String`, a `HashSet` keeps
/// the distinct ones (case-sensitive, as the peers do).
fn naive_peer(n: usize) -> f64 {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let t = Instant::now();
    let mut rng = rand::rng();
    let mut set: HashSet<String> = HashSet::with_capacity(n);
    while set.len() < n {
        let code: String = (0..8).map(|_| ALNUM[rng.random_range(0..ALNUM.len())] as char).collect();
        set.insert(code);
    }
    std::hint::black_box(&set);
    t.elapsed().as_secs_f64()
}

fn main() -> Result<(), promocode::Error> {
    if std::env::var("ONLY").as_deref() == Ok("codes") {
        // Profiling aid: just generate_codes_packed against as many existing codes.
        let n = env("N", 1_000_000);
        // The existing codes stay alive, as in the benchmark rows (freeing them
        // first would bill the allocator's clean-up to the generation).
        let existing = existing_codes(n);
        let gen = Generator::new(FormatOptions::new().random(8).build()?, None);
        gen.add_existing(&existing);
        let t = Instant::now();
        let codes = gen.generate_codes_packed(n)?;
        eprintln!("generate_codes_packed: {:.2} M/s", codes.len() as f64 / t.elapsed().as_secs_f64() / 1e6);
        return Ok(());
    }
    if std::env::var("ONLY").as_deref() == Ok("names") {
        // Profiling aid: just generate_all over the synthetic list.
        let ps = partners(env("N", 1_000_000));
        let gen = Generator::new(FormatOptions::new().name(true).surname(true).discount(15.0).build()?, None);
        let t = Instant::now();
        let out = gen.generate_all(&ps);
        eprintln!("generate_all: {:.2} M/s", out.len() as f64 / t.elapsed().as_secs_f64() / 1e6);
        return Ok(());
    }
    if std::env::var("ONLY").as_deref() == Ok("names_packed") {
        // Profiling aid: just generate_all_packed over the synthetic list.
        let ps = partners(env("N", 1_000_000));
        let gen = Generator::new(FormatOptions::new().name(true).surname(true).discount(15.0).build()?, None);
        let t = Instant::now();
        let (codes, _) = gen.generate_all_packed(&ps);
        eprintln!("generate_all_packed: {:.2} M/s", codes.len() as f64 / t.elapsed().as_secs_f64() / 1e6);
        return Ok(());
    }
    let n = env("N", 1_000_000);
    let runs = env("RUNS", 3);
    let existing = existing_codes(n);
    let ps = partners(n);
    let random8 = FormatOptions::new().random(8).build()?;
    let names = FormatOptions::new().name(true).surname(true).discount(15.0).build()?;

    let peer = best(runs, || naive_peer(n));
    let mut per_code = 0.0;
    let packed = best(runs, || {
        let gen = Generator::new(random8.clone(), None);
        gen.add_existing(&existing);
        let t = Instant::now();
        let codes = gen.generate_codes_packed(n).map(|c| c.len()).unwrap_or(0);
        let s = t.elapsed().as_secs_f64();
        assert_eq!(codes, n);
        per_code = gen.memory_bytes() as f64 / gen.len() as f64;
        s
    });
    let strings = best(runs, || {
        let gen = Generator::new(random8.clone(), None);
        gen.add_existing(&existing);
        let t = Instant::now();
        let codes = gen.generate_codes(n).map(|c| c.len()).unwrap_or(0);
        let s = t.elapsed().as_secs_f64();
        assert_eq!(codes, n);
        s
    });
    let add = best(runs, || {
        let gen = Generator::new(random8.clone(), None);
        let t = Instant::now();
        gen.add_existing(&existing);
        t.elapsed().as_secs_f64()
    });
    let mut failed = 0;
    let all = best(runs, || {
        let gen = Generator::new(names.clone(), None);
        let t = Instant::now();
        let out = gen.generate_all(&ps);
        let s = t.elapsed().as_secs_f64();
        failed = out.iter().filter(|r| r.is_err()).count();
        s
    });
    let all_packed = best(runs, || {
        let gen = Generator::new(names.clone(), None);
        let t = Instant::now();
        let (codes, errors) = gen.generate_all_packed(&ps);
        let s = t.elapsed().as_secs_f64();
        assert_eq!((codes.len(), errors.len()), (n, failed));
        s
    });
    let validate = best(runs, || {
        let t = Instant::now();
        let valid = existing.iter().filter(|c| promocode::validate(c, Platform::Paddle).valid).count();
        std::hint::black_box(valid);
        t.elapsed().as_secs_f64()
    });
    let key = best(runs, || {
        let t = Instant::now();
        let total: usize = existing.iter().map(|c| promocode::canonical_key(c).len()).sum();
        std::hint::black_box(total);
        t.elapsed().as_secs_f64()
    });

    let m = |secs: f64| n as f64 / secs / 1e6;
    println!("| core, {n} items, best of {runs} | seconds | M/s | × naive Rust | SPEC §10 target |");
    println!("|---|---:|---:|---:|---|");
    println!("| naive Rust peer: `rand` + `HashSet<String>`, 8 chars | {peer:.3} | {:.2} | 1.0× | |", m(peer));
    let target = |ok: bool| if ok { "met" } else { "missed" };
    println!(
        "| `generate_codes_packed`, 8 chars, vs 1M existing | {packed:.3} | {:.2} | {:.1}× | ≥ 20 M/s: {} |",
        m(packed),
        peer / packed,
        target(m(packed) >= 20.0)
    );
    println!(
        "| `generate_codes` (`Vec<String>`), 8 chars, vs 1M existing | {strings:.3} | {:.2} | {:.1}× | |",
        m(strings),
        peer / strings
    );
    println!("| `add_existing`, 1M codes | {add:.3} | {:.2} | | |", m(add));
    println!(
        "| `generate_all`, 1M multilingual partners ({failed} failed) | {all:.3} | {:.2} | | ≥ 5 M/s: {} |",
        m(all),
        target(m(all) >= 5.0)
    );
    println!(
        "| `generate_all_packed`, 1M multilingual partners | {all_packed:.3} | {:.2} | | ≥ 5 M/s: {} |",
        m(all_packed),
        target(m(all_packed) >= 5.0)
    );
    println!("| `validate`, 1M codes | {validate:.3} | {:.2} | | |", m(validate));
    println!("| `canonical_key`, 1M codes | {key:.3} | {:.2} | | |", m(key));
    println!("| registry memory after 2M codes | {per_code:.1} bytes/code | | | ≤ 40: {} |", target(per_code <= 40.0));
    Ok(())
}
