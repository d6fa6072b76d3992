//! Property tests: the invariants users rely on, over generated inputs.

use promocode::api::KeyStyle;
use promocode::{canonical_key, validate, FormatOptions, Generator, Partner, Platform, Value};
use proptest::prelude::*;
use std::collections::HashSet;

fn platform() -> impl Strategy<Value = Platform> {
    prop::sample::select(Platform::ALL.to_vec())
}

/// Names from many scripts, with emoji, symbols, controls and whitespace mixed in.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z '\\-]{0,20}",
        prop::collection::vec(
            prop::sample::select(vec![
                "José",
                "Søren",
                "Иван",
                "张伟",
                "さくら",
                "김민준",
                "محمد",
                "राहुल",
                "😀",
                "🇩🇪",
                "\u{0}",
                "\u{301}",
                " ",
                "\t",
                "ß",
                "Ⅻ",
                "ﬁ",
                "Ｊ",
                "𓀀",
                "<b>",
                "&",
                "\\",
                "O'",
                "-",
                "_",
                "\u{FFFD}",
                "\u{200D}",
            ]),
            0..8
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn partner() -> impl Strategy<Value = Partner> {
    (prop::option::of(hostile_text()), prop::option::of(hostile_text()), prop::option::of(hostile_text()))
        .prop_map(|(name, surname, email)| Partner { name, surname, email, ..Partner::default() })
}

/// Formats that always build: a random part or personal parts on any platform.
fn format_options() -> impl Strategy<Value = FormatOptions> {
    (
        platform(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0u32..500),
        0usize..6,
        prop::option::of("[A-Z]{1,6}"),
    )
        .prop_map(|(platform, name, surname, email, discount, random, prefix)| {
            let mut o = FormatOptions::new().platform(platform).name(name).surname(surname).email(email).random(random);
            if let Some(d) = discount {
                o = o.discount(f64::from(d));
            }
            if let Some(p) = prefix {
                o = o.prefix(p);
            }
            if !(name || surname || email || random > 0 || discount.is_some()) {
                o = o.random(4);
            }
            o
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn every_generated_code_is_valid_on_its_platform(opts in format_options(), partners in prop::collection::vec(partner(), 1..20), seed in any::<u64>()) {
        let fmt = opts.build().unwrap();
        let platform = fmt.platform();
        let max = fmt.max_length();
        let gen = Generator::new(fmt, Some(seed));
        for code in gen.generate_all(&partners).into_iter().flatten() {
            let report = validate(&code, platform);
            prop_assert!(report.valid, "{code:?} invalid on {platform}: {:?}", report.issues);
            prop_assert!(code.chars().count() <= max);
        }
    }

    #[test]
    fn no_two_issued_codes_share_a_canonical_key(opts in format_options(), partners in prop::collection::vec(partner(), 1..40), existing in prop::collection::vec(hostile_text(), 0..20), seed in any::<u64>()) {
        let gen = Generator::new(opts.build().unwrap(), Some(seed));
        gen.add_existing(&existing);
        let mut keys: HashSet<String> = existing.iter().map(|c| canonical_key(c)).collect();
        for code in gen.generate_all(&partners).into_iter().flatten() {
            prop_assert!(keys.insert(canonical_key(&code)), "{code:?} issued twice or clashes with an existing code");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_codes(opts in format_options(), partners in prop::collection::vec(partner(), 1..10), seed in any::<u64>()) {
        let fmt = opts.build().unwrap();
        let a: Vec<_> = Generator::new(fmt.clone(), Some(seed)).generate_all(&partners).into_iter().map(|r| r.map_err(|e| e.code())).collect();
        let b: Vec<_> = Generator::new(fmt, Some(seed)).generate_all(&partners).into_iter().map(|r| r.map_err(|e| e.code())).collect();
        prop_assert_eq!(a, b);
    }

    /// Bulk requests take a fast path (whole batches, codes written as fixed
    /// blocks, stream bytes mapped straight to characters); it must draw exactly
    /// the codes of one-at-a-time generation from the same seed, blocked-word
    /// redraws and taken codes included.
    #[test]
    fn bulk_codes_are_the_codes_drawn_one_at_a_time(
        prefix in prop::option::of("[A-Za-z0-9]{1,50}"),
        random in 1usize..20,
        alphabet in prop::sample::select(vec!["23456789BCDFGHJKMNPQRSTVWXZ", "FUCKSH1T4G", "ab", "ÄÖÜBCD", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"]),
        existing in prop::collection::vec("[A-Z0-9]{1,4}", 0..30),
        n in 1usize..60,
        seed in any::<u64>(),
    ) {
        let mut opts = FormatOptions::new().random(random).alphabet(alphabet).case(promocode::Case::Upper);
        if let Some(p) = &prefix {
            opts = opts.prefix(p.clone());
        }
        let Ok(fmt) = opts.build() else { return Ok(()) };
        prop_assume!(fmt.random_space().is_none_or(|s| s > 4 * (n + existing.len()) as u128));
        let bulk = Generator::new(fmt.clone(), Some(seed));
        let single = Generator::new(fmt, Some(seed));
        bulk.add_existing(&existing);
        single.add_existing(&existing);
        let packed = bulk.generate_codes_packed(n).unwrap();
        let one_by_one: Vec<String> = (0..n).map(|_| single.generate(&Partner::new()).unwrap()).collect();
        prop_assert_eq!(packed.iter().collect::<Vec<_>>(), one_by_one.iter().map(String::as_str).collect::<Vec<_>>());
        prop_assert_eq!(packed.len(), n);
        prop_assert_eq!(packed.clone().into_vec(), one_by_one);
    }

    #[test]
    fn bulk_requests_fill_small_spaces_exactly(len in 1usize..4, alphabet in "[A-Z]{2,6}", taken in prop::collection::vec("[A-Z]{1,3}", 0..10), seed in any::<u64>()) {
        let unique: String = { let mut seen = HashSet::new(); alphabet.chars().filter(|c| seen.insert(*c)).collect() };
        prop_assume!(unique.len() >= 2);
        let Ok(fmt) = FormatOptions::new().random(len).alphabet(unique).build() else { return Ok(()) };
        let gen = Generator::new(fmt, Some(seed));
        gen.add_existing(&taken);
        let left = gen.remaining().unwrap() as usize;
        let codes = gen.generate_codes(left).unwrap();
        prop_assert_eq!(codes.len(), left);
        prop_assert_eq!(codes.iter().map(|c| canonical_key(c)).collect::<HashSet<_>>().len(), left);
        prop_assert_eq!(gen.remaining(), Some(0));
        prop_assert_eq!(gen.generate_codes(1).unwrap_err().code().as_str(), "code_space_exhausted");
    }

    #[test]
    fn canonical_key_is_idempotent_and_case_blind(s in hostile_text()) {
        let k = canonical_key(&s);
        prop_assert_eq!(canonical_key(&k), k.clone());
        prop_assert_eq!(canonical_key(&s.to_lowercase()), k.clone());
        // Uppercase letter by letter; a full uppercase mapping that adds a letter
        // (`ᾳ` → `ΑΙ`) makes a code the database compares as different too.
        let upper: String = s
            .chars()
            .map(|c| {
                let mut u = c.to_uppercase();
                if u.len() == 1 { u.next().unwrap_or(c) } else { c }
            })
            .collect();
        prop_assert_eq!(canonical_key(&upper), k);
    }

    #[test]
    fn text_functions_never_panic(s in hostile_text(), p in platform()) {
        let report = validate(&s, p);
        prop_assert_eq!(report.valid, report.issues.is_empty());
        let _ = p.normalize(&s);
        let _ = promocode::code_safe(&s, true);
    }

    #[test]
    fn hostile_format_settings_give_errors_not_panics(prefix in hostile_text(), template in hostile_text(), separator in hostile_text(), alphabet in hostile_text(), p in platform(), random in 0usize..40, max in 0usize..600) {
        let opts = FormatOptions::new().prefix(prefix).template(template).separator(separator).alphabet(alphabet).platform(p).random(random).max_length(max);
        if let Ok(fmt) = opts.build() {
            let _ = fmt.render(&Partner::new().name("Ann"), Some(1));
        }
    }

    #[test]
    fn arbitrary_option_values_give_typed_errors(key in "[a-z_A-Z]{1,14}", v in value()) {
        let mut opts = FormatOptions::new();
        if let Err(e) = opts.set(&key, &v, KeyStyle::Snake) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<u64>().prop_map(Value::UInt),
        any::<f64>().prop_map(Value::Float),
        hostile_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..4).prop_map(Value::Object),
        ]
    })
}

#[test]
fn a_hundred_thousand_johns_get_distinct_codes_in_order() {
    let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build().unwrap(), None);
    let johns = vec![Partner::new().name("John"); 100_000];
    let codes: Vec<String> = gen.generate_all(&johns).into_iter().map(Result::unwrap).collect();
    assert_eq!(codes[0], "JOHN20");
    assert_eq!(codes[1], "JOHN20-2");
    assert_eq!(codes[99_999], "JOHN20-100000");
    assert_eq!(gen.len(), 100_000);
}

#[test]
fn megabyte_inputs_give_short_codes_and_short_messages() {
    let huge = "Ä".repeat(1 << 20);
    let fmt = FormatOptions::new().name(true).discount(20.0).platform(Platform::Paddle).build().unwrap();
    let code = fmt.render(&Partner::new().name(huge.clone()), None).unwrap();
    assert_eq!(code.len(), 32);
    let report = validate(&huge, Platform::Paddle);
    assert_eq!(report.issues.len(), promocode::MAX_LISTED_ISSUES + 2); // + more_issues + too_long
    let err = FormatOptions::new().prefix(huge).build().unwrap_err();
    assert!(err.to_string().len() < 300, "{}", err.to_string().len());
}

#[test]
fn bulk_codes_of_different_lengths_come_back_in_order() {
    // No random part: counters make `SUMMER`, `SUMMER-2`, ..., `SUMMER-12`.
    let gen = Generator::new(FormatOptions::new().prefix("SUMMER").build().unwrap(), Some(1));
    let codes = gen.generate_codes_packed(12).unwrap();
    assert_eq!(codes.len(), 12);
    assert_eq!(codes.get(0), Some("SUMMER"));
    assert_eq!(codes.get(1), Some("SUMMER-2"));
    assert_eq!(codes.get(11), Some("SUMMER-12"));
    assert_eq!(codes.get(12), None);
    assert_eq!(codes.iter().count(), 12);
}

#[test]
fn a_shared_generator_never_duplicates_across_threads() {
    let gen = std::sync::Arc::new(Generator::new(FormatOptions::new().random(3).build().unwrap(), None));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let gen = gen.clone();
            std::thread::spawn(move || gen.generate_codes(2_000).unwrap())
        })
        .collect();
    let mut all = HashSet::new();
    for h in handles {
        for code in h.join().unwrap() {
            assert!(all.insert(code));
        }
    }
    assert_eq!(all.len(), 8_000);
    assert_eq!(gen.len(), 8_000);
}
