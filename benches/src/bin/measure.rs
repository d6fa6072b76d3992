//! Quick throughput numbers (`cargo run --release -p promocode-benches --bin measure`):
//! the SPEC §10 core targets, measured once each (criterion gives the careful numbers).

use promocode::{FormatOptions, Generator, Platform};
use promocode_benches::{existing_codes, partners};
use std::time::Instant;

fn rate(n: usize, secs: f64) -> String {
    format!("{:.2} M/s", n as f64 / secs / 1e6)
}

fn main() -> Result<(), promocode::Error> {
    let only = std::env::var("ONLY").unwrap_or_default();
    if only == "codes" {
        let n: usize = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
        let gen = Generator::new(FormatOptions::new().random(8).build()?, None);
        gen.add_existing(existing_codes(n));
        let t = Instant::now();
        let codes = gen.generate_codes(n)?;
        println!("generate_codes: {}", rate(codes.len(), t.elapsed().as_secs_f64()));
        return Ok(());
    }
    if only == "names" {
        let n: usize = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
        let ps = partners(n);
        let gen = Generator::new(FormatOptions::new().name(true).surname(true).discount(15.0).build()?, None);
        let t = Instant::now();
        let out = gen.generate_all(&ps);
        println!("generate_all: {}", rate(out.len(), t.elapsed().as_secs_f64()));
        return Ok(());
    }
    let n: usize = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let existing = existing_codes(n);
    let gen = Generator::new(FormatOptions::new().random(8).build()?, None);
    let t = Instant::now();
    gen.add_existing(&existing);
    let add = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let codes = gen.generate_codes(n)?;
    let gen_s = t.elapsed().as_secs_f64();
    assert_eq!(codes.len(), n);
    println!("add_existing 1M:                       {}", rate(n, add));
    println!("generate_codes 1M x 8 vs 1M existing:  {}  (target >= 20 M/s)", rate(n, gen_s));
    println!(
        "registry: {} codes, {:.1} bytes/code  (target <= 40)",
        gen.len(),
        gen.memory_bytes() as f64 / gen.len() as f64
    );

    let ps = partners(n);
    let gen = Generator::new(FormatOptions::new().name(true).surname(true).discount(15.0).build()?, None);
    let t = Instant::now();
    let out = gen.generate_all(&ps);
    let s = t.elapsed().as_secs_f64();
    let failed = out.iter().filter(|r| r.is_err()).count();
    println!("generate_all 1M multilingual partners: {}  (target >= 5 M/s; {failed} failed)", rate(n, s));

    let gen = Generator::new(
        FormatOptions::new().prefix("PARTNER").name(true).random(3).platform(Platform::Stripe).build()?,
        None,
    );
    let t = Instant::now();
    let _ = gen.generate_all(&ps);
    println!("generate_all 1M, PARTNER-name-random:  {}", rate(n, t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let valid = codes.iter().filter(|c| promocode::validate(c, Platform::Stripe).valid).count();
    println!("validate 1M:                           {}  ({valid} valid)", rate(n, t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let total: usize = codes.iter().map(|c| promocode::canonical_key(c).len()).sum();
    println!("canonical_key 1M:                      {}  ({total} bytes)", rate(n, t.elapsed().as_secs_f64()));
    Ok(())
}
