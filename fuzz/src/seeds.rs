//! Hand-written seed inputs, as Rust values. `cargo test` (in `fuzz/`) checks that
//! each one's bytes decode back to the same case and that `seeds/<target>/<name>`
//! holds exactly those bytes; `FUZZ_WRITE_SEEDS=1 cargo test` rewrites the files.

use crate::arb::{to_bytes, Encode, LongText, PlatformPick as P, Text};
use crate::coupon::{Connected, CouponInput, DeepSpec, ProviderPick};
use crate::format_build::{FormatBuildInput, OptKey, OptName, SetCall};
use crate::generator::{Alpha, AlphaPick, Existing, GenFormat, GeneratorInput, Op};
use crate::render::RenderInput;
use crate::spec::{
    CasePick, Count, Discount, Email, FValue, FormatSpec, Key, KnownKey as K, PartnerIn, Ph, TPart, Template,
};
use crate::text::TextInput;
use arbitrary::{Arbitrary, Unstructured};
use std::fmt::Debug;

/// One seed file.
pub struct Seed {
    /// Fuzz target.
    pub target: &'static str,
    /// File name.
    pub name: &'static str,
    /// Contents.
    pub bytes: Vec<u8>,
    /// The reproducer of the case.
    pub debug: String,
}

fn seed<T: Encode + Debug + for<'a> Arbitrary<'a>>(target: &'static str, name: &'static str, value: T) -> Seed {
    let bytes = to_bytes(&value);
    let debug = format!("{value:?}");
    let decoded = T::arbitrary_take_rest(Unstructured::new(&bytes))
        .unwrap_or_else(|e| panic!("seed {target}/{name} does not decode: {e}"));
    assert_eq!(format!("{decoded:?}"), debug, "seed {target}/{name} decodes to another case");
    Seed { target, name, bytes, debug }
}

fn t(s: &str) -> Text {
    Text::new(s)
}

fn partner(name: &str, surname: &str) -> PartnerIn {
    PartnerIn {
        name: Some(LongText::new(name)),
        surname: (!surname.is_empty()).then(|| LongText::new(surname)),
        email: None,
        id: None,
    }
}

fn format_build() -> Vec<Seed> {
    let john20 = FormatSpec { name: true, discount: Some(Discount::Whole(20)), ..FormatSpec::on(P::Generic) };
    let partner_xy =
        FormatSpec { prefix: Some(t("PARTNER")), name: true, random: Count::Small(2), ..FormatSpec::on(P::Stripe) };
    let vip = FormatSpec {
        prefix: Some(t("VIP")),
        name: true,
        surname: true,
        random: Count::Small(3),
        template: Some(Template::Parts(vec![
            TPart::Ph(Ph::Prefix),
            TPart::PhWidth(Ph::Name, 5),
            TPart::PhWidth(Ph::Surname, 1),
            TPart::Ph(Ph::Random),
        ])),
        ..FormatSpec::on(P::Paddle)
    };
    let braces = FormatSpec {
        name: true,
        template: Some(Template::Raw(t("{{x}}-{name}-{nam}:{random:0}{"))),
        ..FormatSpec::on(P::WooCommerce)
    };
    let hostile = FormatSpec {
        discount: Some(Discount::Any(f64::NAN)),
        alphabet: Some(t("AAB")),
        random: Count::Any(u64::MAX),
        max_length: Some(Count::Any(0)),
        case: Some(CasePick::Lower),
        separator: Some(t("_ ")),
        ..FormatSpec::on(P::StripeLegacy)
    };
    let set = |key: OptKey, value: FValue| SetCall { key, value };
    vec![
        seed("format_build", "john20", FormatBuildInput { spec: john20, camel: false, sets: vec![] }),
        seed("format_build", "partner_xy", FormatBuildInput { spec: partner_xy, camel: false, sets: vec![] }),
        seed("format_build", "vip_template", FormatBuildInput { spec: vip, camel: false, sets: vec![] }),
        seed("format_build", "braces", FormatBuildInput { spec: braces, camel: false, sets: vec![] }),
        seed("format_build", "hostile", FormatBuildInput { spec: hostile, camel: false, sets: vec![] }),
        seed(
            "format_build",
            "set_camel",
            FormatBuildInput {
                spec: FormatSpec::on(P::Generic),
                camel: true,
                sets: vec![
                    set(OptKey::Known(OptName::Name, true), FValue::Bool(true)),
                    set(OptKey::Known(OptName::MaxLength, true), FValue::Small(12)),
                    set(OptKey::Known(OptName::Random, false), FValue::Float(2.0)),
                    set(OptKey::Known(OptName::Platform, true), FValue::word("woocommerce")),
                    set(OptKey::Known(OptName::Discount, true), FValue::word("20")),
                    set(OptKey::Raw(t("max_lenght")), FValue::Small(12)),
                ],
            },
        ),
        seed(
            "format_build",
            "set_snake",
            FormatBuildInput {
                spec: FormatSpec::on(P::Generic),
                camel: false,
                sets: vec![
                    set(OptKey::Known(OptName::Template, false), FValue::Str(LongText::new("{name}{random:4}"))),
                    set(OptKey::Known(OptName::Name, false), FValue::Bool(true)),
                    set(OptKey::Known(OptName::Alphabet, false), FValue::Str(LongText::new("ab"))),
                    set(OptKey::Known(OptName::Case, false), FValue::Str(LongText::new("LOWER"))),
                    set(OptKey::Known(OptName::GermanUmlauts, false), FValue::Null),
                    set(OptKey::Known(OptName::MaxLength, false), FValue::Float(1e300)),
                ],
            },
        ),
    ]
}

fn render() -> Vec<Seed> {
    let john20 = FormatSpec { name: true, discount: Some(Discount::Whole(20)), ..FormatSpec::on(P::Generic) };
    let woo = FormatSpec {
        name: true,
        random: Count::Small(3),
        template: Some(Template::Parts(vec![TPart::Ph(Ph::Name), TPart::Lit(t("·é-")), TPart::Ph(Ph::Random)])),
        ..FormatSpec::on(P::WooCommerce)
    };
    let paddle = FormatSpec {
        name: true,
        surname: true,
        discount: Some(Discount::Whole(15)),
        max_length: Some(Count::Small(8)),
        ..FormatSpec::on(P::Paddle)
    };
    let email = FormatSpec {
        prefix: Some(t("p")),
        email: true,
        random: Count::Small(2),
        alphabet: Some(t("xyz")),
        ..FormatSpec::on(P::Shopify)
    };
    let german = FormatSpec {
        name: true,
        surname: true,
        german_umlauts: true,
        separator: Some(t("_")),
        template: Some(Template::Raw(t("{name:3}_{surname}"))),
        ..FormatSpec::on(P::Partnero)
    };
    vec![
        seed("render", "john_doe", RenderInput { format: john20.clone(), partner: partner("John", "Doe"), seed: 7 }),
        seed("render", "woocommerce_soren", RenderInput { format: woo, partner: partner("Søren", ""), seed: 1 }),
        seed(
            "render",
            "paddle_shortened",
            RenderInput {
                format: paddle,
                partner: PartnerIn {
                    name: Some(LongText { text: t("Alexandros"), repeat: 200 }),
                    surname: Some(LongText::new("Papadopoulos")),
                    email: None,
                    id: None,
                },
                seed: 0,
            },
        ),
        seed(
            "render",
            "email_tag",
            RenderInput {
                format: email,
                partner: PartnerIn {
                    name: None,
                    surname: None,
                    email: Some(Email::Addr {
                        local: LongText::new("john.doe"),
                        tag: Some(t("promo")),
                        domain: t("example.com"),
                    }),
                    id: Some(t("42")),
                },
                seed: u64::MAX,
            },
        ),
        seed("render", "german", RenderInput { format: german, partner: partner("Jürgen", "Müller-Straße"), seed: 3 }),
        seed("render", "emoji_only", RenderInput { format: john20, partner: partner("😀🇩🇪", "张伟"), seed: 9 }),
    ]
}

fn text() -> Vec<Seed> {
    let text = |name: &'static str, platform: P, s: &str, repeat: u8| {
        seed("text", name, TextInput { platform, german_umlauts: false, text: LongText { text: t(s), repeat } })
    };
    vec![
        text("fullwidth", P::Generic, "ＪＯＨＮ２０", 0),
        text("woocommerce_tags", P::WooCommerce, "  JOHN<b>20</b>\\ ", 0),
        text("paddle_dashes", P::Paddle, "PARTNER-JOHN-XY", 0),
        text("accents", P::Stripe, "jöhn20 Straße ß ẞ", 0),
        text("marks_and_spaces", P::Shopify, "\u{301} john20\u{a0}", 0),
        text("greek", P::Partnero, "ΣΑΣ ᾳ ΐ ς \u{345}", 0),
        text("hangul_jamo", P::WooCommerce, "\u{1100}\u{1161}\u{11a8}가 한국", 0),
        text("long_junk", P::Paddle, "Ä<&\u{0}", 255),
        seed(
            "text",
            "german",
            TextInput {
                platform: P::StripeLegacy, german_umlauts: true, text: LongText::new("Mu\u{308}ller ÄÖÜ İ ǅ")
            },
        ),
    ]
}

fn coupon() -> Vec<Seed> {
    let valid = vec![
        (Key::Known(K::CouponDiscountType), FValue::word("percent")),
        (Key::Known(K::CouponDiscountAmount), FValue::Small(20)),
        (Key::Known(K::CouponDurationType), FValue::word("once")),
        (Key::Known(K::Sync), FValue::object(&[(K::Provider, FValue::word("stripe"))])),
    ];
    let mut with_codes = valid.clone();
    with_codes.push((Key::Known(K::UuidCode), FValue::word("SPRING")));
    with_codes.push((
        Key::Known(K::PromotionCodes),
        FValue::Array(vec![
            FValue::object(&[(K::Code, FValue::word("JOHN20"))]),
            FValue::object(&[(K::Code, FValue::word("ＪＯＨＮ２０"))]),
            FValue::object(&[(K::FirstTimeOrder, FValue::word("1"))]),
        ]),
    ));
    let mut days = valid.clone();
    days[2] = (Key::Known(K::CouponDurationType), FValue::word("days"));
    days.push((Key::Known(K::CouponDurationValue), FValue::word("20")));
    days.push((Key::Known(K::RedemptionTimesStatus), FValue::Bool(true)));
    days.push((Key::Known(K::RedemptionSpecificDateStatus), FValue::word("true")));
    days.push((Key::Known(K::RedemptionSpecificDateValue), FValue::word("2024-02-29")));
    let promotion = vec![
        (Key::Known(K::CouponUuid), FValue::word("SPRING")),
        (Key::Known(K::Code), FValue::word(" 20 ")),
        (Key::Known(K::FirstTimeOrder), FValue::Bool(true)),
        (Key::Known(K::MinimumOrderStatus), FValue::Bool(true)),
        (Key::Known(K::MinimumOrderValue), FValue::Small(50)),
        (Key::Known(K::ExpirationDateStatus), FValue::Bool(true)),
        (Key::Known(K::ExpirationDateValue), FValue::word("2025-12-31")),
        (Key::Known(K::LimitToSpecificCustomer), FValue::Bool(true)),
        (
            Key::Known(K::CouponSpecificCustomers),
            FValue::Array(vec![FValue::object(&[
                (K::Id, FValue::Small(7)),
                (K::CustomerFullName, FValue::word("JOHN20")),
            ])]),
        ),
    ];
    let order = vec![
        (Key::Known(K::Amount), FValue::Small(20)),
        (Key::Known(K::Date), FValue::word("2026-01-01T00:30:00+01:00")),
        (Key::Known(K::FirstOrder), FValue::Bool(false)),
        (Key::Known(K::Customer), FValue::word("1")),
    ];
    let stripe = || vec![Connected::Known(ProviderPick::Stripe, false, false)];
    let base = CouponInput {
        coupon: valid.clone(),
        promotion: promotion.clone(),
        order: order.clone(),
        connected: stripe(),
        seed: Some(7),
        deep: None,
        raw: None,
    };
    vec![
        seed("coupon", "valid", base.clone()),
        seed("coupon", "nested_codes", CouponInput { coupon: with_codes, ..base.clone() }),
        seed(
            "coupon",
            "days_not_connected",
            CouponInput {
                coupon: days,
                connected: vec![Connected::Known(ProviderPick::Paddle, true, true)],
                seed: None,
                ..base.clone()
            },
        ),
        seed(
            "coupon",
            "unknown_provider",
            CouponInput { connected: vec![Connected::Raw(t("myspace"))], ..base.clone() },
        ),
        seed(
            "coupon",
            "deep",
            CouponInput { deep: Some(DeepSpec { levels: 65, far: false, object: true }), ..base.clone() },
        ),
        seed(
            "coupon",
            "far_too_deep",
            CouponInput { deep: Some(DeepSpec { levels: 40, far: true, object: false }), ..base.clone() },
        ),
        seed(
            "coupon",
            "raw_values",
            CouponInput {
                coupon: vec![(Key::Raw(t("coupon_discount_amount")), FValue::Float(f64::NAN))],
                promotion: vec![(Key::Known(K::Code), FValue::Str(LongText { text: t("x!"), repeat: 255 }))],
                order: vec![(Key::Known(K::Amount), FValue::Float(-0.0))],
                raw: Some(FValue::Array(vec![FValue::Null, FValue::UInt(u64::MAX), FValue::Int(i64::MIN)])),
                ..base
            },
        ),
    ]
}

fn generator() -> Vec<Seed> {
    let gen_format = |platform: P| GenFormat {
        platform,
        prefix: None,
        name: false,
        surname: false,
        email: false,
        discount: None,
        random: 0,
        alphabet: None,
        template: None,
        separator: None,
        case: None,
        max_length: None,
        german_umlauts: false,
    };
    let john20 = GenFormat { name: true, discount: Some(20), ..gen_format(P::Generic) };
    let ab2 = GenFormat { random: 2, alphabet: Some(Alpha::Pick(AlphaPick::Ab)), ..gen_format(P::Generic) };
    let x_ab2 = GenFormat { prefix: Some(t("X")), ..ab2.clone() };
    let woo = GenFormat {
        random: 1,
        alphabet: Some(Alpha::Pick(AlphaPick::Accented)),
        prefix: Some(t("é")),
        ..gen_format(P::WooCommerce)
    };
    let crowded = GenFormat {
        name: true,
        alphabet: Some(Alpha::Pick(AlphaPick::Ab)),
        template: Some(Template::Raw(t("{name:3}{random:1}"))),
        ..gen_format(P::Paddle)
    };
    let tight = GenFormat { prefix: Some(t("ABC")), name: true, max_length: Some(5), ..gen_format(P::Paddle) };
    let p = partner;
    vec![
        seed(
            "generator",
            "john20",
            GeneratorInput {
                format: john20,
                seed: 1,
                existing: vec![Existing::Raw(LongText::new("john20"))],
                ops: vec![
                    Op::Generate(p("John", "")),
                    Op::Generate(p("JOHN", "")),
                    Op::GenerateAll(vec![p("Ann", ""), p("", ""), p("ann", ""), p("Änn", "")]),
                    Op::Contains(LongText::new("ＪＯＨＮ２０-2")),
                    Op::Codes(3),
                ],
            },
        ),
        seed(
            "generator",
            "bulk_fill",
            GeneratorInput {
                format: ab2,
                seed: 2,
                existing: vec![Existing::Rendered(None, 5, true)],
                ops: vec![Op::Codes(2), Op::CodesTooMany(0), Op::CodesAll, Op::Codes(1), Op::Generate(p("A", ""))],
            },
        ),
        seed(
            "generator",
            "prefix_existing",
            GeneratorInput {
                format: x_ab2,
                seed: 3,
                existing: ["x-ab", "X-AB", "X-AC", "Y-AA"].iter().map(|s| Existing::Raw(LongText::new(s))).collect(),
                ops: vec![Op::CodesAll, Op::AddExisting(vec![Existing::Raw(LongText::new("x-bb"))]), Op::Codes(1)],
            },
        ),
        seed(
            "generator",
            "woocommerce_accents",
            GeneratorInput {
                format: woo,
                seed: 4,
                existing: vec![Existing::Raw(LongText::new("É-À")), Existing::Raw(LongText::new("e-b"))],
                ops: vec![Op::CodesAll, Op::Contains(LongText::new("é-ç"))],
            },
        ),
        seed(
            "generator",
            "crowded_partners",
            GeneratorInput {
                format: crowded,
                seed: 5,
                existing: vec![Existing::Rendered(Some(p("Anna", "")), 0, false)],
                ops: vec![
                    Op::GenerateAll(vec![p("Anna", ""), p("Annabel", ""), p("ANN", ""), p("Ann", "")]),
                    Op::Generate(p("Ann", "")),
                    Op::Codes(1),
                ],
            },
        ),
        seed(
            "generator",
            "counter_too_long",
            GeneratorInput {
                format: tight,
                seed: 6,
                existing: vec![],
                ops: vec![Op::GenerateAll(vec![p("Jo", ""); 12])],
            },
        ),
    ]
}

/// Every seed.
pub fn all() -> Vec<Seed> {
    let mut out = format_build();
    out.extend(render());
    out.extend(text());
    out.extend(coupon());
    out.extend(generator());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn seeds_decode_to_themselves_and_match_the_files() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let write = std::env::var_os("FUZZ_WRITE_SEEDS").is_some();
        let mut stale = Vec::new();
        for s in all() {
            let path = dir.join(s.target).join(s.name);
            if write {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &s.bytes).unwrap();
            } else if std::fs::read(&path).ok().as_deref() != Some(&s.bytes[..]) {
                stale.push(path.display().to_string());
            }
        }
        assert!(stale.is_empty(), "stale seed files (run `FUZZ_WRITE_SEEDS=1 cargo test`): {stale:?}");
    }

    /// The seeds pass their own checks (a seed that fails is a finding to report).
    #[test]
    fn seeds_pass_the_checks() {
        for s in all() {
            let u = Unstructured::new(&s.bytes);
            match s.target {
                "format_build" => crate::format_build::check(&FormatBuildInput::arbitrary_take_rest(u).unwrap()),
                "render" => assert!(crate::render::check(&RenderInput::arbitrary_take_rest(u).unwrap()), "{}", s.name),
                "text" => crate::text::check(&TextInput::arbitrary_take_rest(u).unwrap()),
                "coupon" => crate::coupon::check(&CouponInput::arbitrary_take_rest(u).unwrap()),
                "generator" => {
                    assert!(crate::generator::check(&GeneratorInput::arbitrary_take_rest(u).unwrap()), "{}", s.name)
                }
                other => panic!("unknown target {other}"),
            }
        }
    }

    /// Every seed's `Debug` is a reproducer headed by its target, that calls the
    /// core. `cargo test -- --nocapture reproducers` prints them.
    #[test]
    fn reproducers_name_their_target() {
        for s in all() {
            println!("== {}/{}\n{}\n", s.target, s.name, s.debug);
            assert!(s.debug.starts_with(&format!("// fuzz target `{}`", s.target)), "{}/{}", s.target, s.name);
            let builds = ["FormatOptions::new()", "validate_coupon", "canonical_key", "validate("];
            assert!(
                builds.iter().any(|b| s.debug.contains(b)),
                "{}/{}: nothing to run in\n{}",
                s.target,
                s.name,
                s.debug
            );
        }
    }
}
