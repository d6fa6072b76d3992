//! Criterion benches of the core: `cargo bench -p promocode-benches --bench core`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use promocode::{FormatOptions, Generator, Partner, Platform, Value};
use promocode_benches::{existing_codes, partners};
use std::hint::black_box;

const N: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let existing = existing_codes(N);
    let ps = partners(N);
    let preview = partners(20);

    let mut g = c.benchmark_group("render");
    let fmt = FormatOptions::new().prefix("PARTNER").name(true).random(2).platform(Platform::Stripe).build().unwrap();
    g.throughput(Throughput::Elements(20));
    g.bench_function("preview refresh, 20 partners", |b| {
        b.iter(|| {
            let gen = Generator::new(fmt.clone(), Some(7));
            black_box(gen.generate_all(&preview))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("generate");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    let random8 = FormatOptions::new().random(8).build().unwrap();
    g.bench_function("generate_codes 1M x 8 chars vs 1M existing", |b| {
        b.iter_batched(
            || {
                let gen = Generator::new(random8.clone(), None);
                gen.add_existing(&existing);
                gen
            },
            |gen| black_box(gen.generate_codes(N).unwrap()),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("generate_codes_packed 1M x 8 chars vs 1M existing", |b| {
        b.iter_batched(
            || {
                let gen = Generator::new(random8.clone(), None);
                gen.add_existing(&existing);
                gen
            },
            |gen| black_box(gen.generate_codes_packed(N).unwrap()),
            BatchSize::PerIteration,
        )
    });
    let names = FormatOptions::new().name(true).surname(true).discount(15.0).build().unwrap();
    g.bench_function("generate_all 1M multilingual partners", |b| {
        b.iter_batched(
            || Generator::new(names.clone(), None),
            |gen| black_box(gen.generate_all(&ps)),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("generate_all_packed 1M multilingual partners", |b| {
        b.iter_batched(
            || Generator::new(names.clone(), None),
            |gen| black_box(gen.generate_all_packed(&ps)),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("add_existing 1M", |b| {
        b.iter_batched(
            || Generator::new(random8.clone(), None),
            |gen| black_box(gen.add_existing(&existing)),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("validate 1M", |b| {
        b.iter(|| existing.iter().filter(|c| promocode::validate(c, Platform::Paddle).valid).count())
    });
    g.bench_function("canonical_key 1M", |b| {
        b.iter(|| existing.iter().map(|c| promocode::canonical_key(c).len()).sum::<usize>())
    });
    g.finish();

    let mut g = c.benchmark_group("coupon");
    let request = Value::object([
        ("name", Value::from("Summer")),
        ("coupon_discount_type", Value::from("percent")),
        ("coupon_discount_amount", Value::Int(20)),
        ("coupon_duration_type", Value::from("months")),
        ("coupon_duration_value", Value::Int(3)),
        ("sync", Value::object([("provider", Value::from("stripe"))])),
        (
            "promotion_codes",
            Value::Array(
                (0..10)
                    .map(|i| {
                        Value::object([
                            ("code", Value::from(format!("JOHN{i}"))),
                            ("first_time_order", Value::Bool(true)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ]);
    g.throughput(Throughput::Elements(1));
    g.bench_function("validate_coupon with 10 promotion codes", |b| {
        b.iter(|| black_box(promocode::validate_coupon(&request, &["stripe"], Some(1)).unwrap()))
    });
    g.finish();
    let _ = Partner::new();
}

criterion_group!(benches, bench);
criterion_main!(benches);
