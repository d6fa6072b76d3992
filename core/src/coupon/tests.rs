//! Property tests: no input makes the coupon functions panic, successes
//! re-validate to themselves, and failures stay small.

use super::*;
use crate::{canonical_key, Platform};
use proptest::prelude::*;
use std::collections::HashSet;

const FIELDS: &[&str] = &[
    "name",
    "uuid_code",
    "active",
    "coupon_discount_type",
    "coupon_discount_amount",
    "coupon_duration_type",
    "coupon_duration_value",
    "redemption_specific_date_status",
    "redemption_specific_date_value",
    "redemption_times_status",
    "redemption_times_value",
    "metadata",
    "promotion_codes",
    "sync",
    "provider",
    "coupon_uuid",
    "code",
    "first_time_order",
    "limit_to_specific_partner",
    "coupon_specific_partners",
    "limit_to_specific_customer",
    "coupon_specific_customers",
    "minimum_order_status",
    "minimum_order_value",
    "expiration_date_status",
    "expiration_date_value",
    "times_redeemed",
    "id",
    "full_name",
    "amount",
    "date",
    "first_order",
    "customer",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "percent",
    "static",
    "once",
    "days",
    "months",
    "lifetime",
    "stripe",
    "paddle",
    "JOHN20",
    "john20",
    "a b",
    "0",
    "1",
    "20",
    "12.5",
    "-3",
    "1e3",
    "2024-02-29",
    "2023-02-29",
    "2025-06-30T12:00:00+02:00",
    "2025-06-30T24:00",
    "JÖHN",
    "ＪＯＨＮ２０",
    "\u{0}",
    "😀",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-3i64..150).prop_map(Value::Int),
        any::<u64>().prop_map(Value::UInt),
        any::<f64>().prop_map(Value::Float),
        prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            0.5,
            1.0,
            100.0,
            1e300,
            9007199254740992.0
        ])
        .prop_map(Value::Float),
        prop::sample::select(STRINGS).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![3 => prop::sample::select(FIELDS).prop_map(str::to_owned), 1 => "[a-z_.0-9]{0,6}"]
}

fn any_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..10).prop_map(Value::Object),
        ]
    })
}

fn maybe(key: &'static str, values: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Option<(String, Value)>> {
    prop::option::weighted(0.6, values.prop_map(move |v| (key.to_owned(), v))).boxed()
}

fn pick(values: Vec<Value>) -> impl Strategy<Value = Value> {
    prop::sample::select(values)
}

/// Mostly one of `valid`, sometimes one of `invalid`.
fn mix(valid: Vec<Value>, invalid: Vec<Value>) -> impl Strategy<Value = Value> {
    prop_oneof![8 => pick(valid), 1 => pick(invalid)]
}

fn s(x: &str) -> Value {
    Value::from(x)
}

fn flag() -> impl Strategy<Value = Value> {
    mix(
        vec![Value::Bool(true), Value::Bool(false), Value::Bool(false), Value::Int(1), s("0"), Value::Null],
        vec![s("yes")],
    )
}

fn date_value() -> impl Strategy<Value = Value> {
    mix(
        vec![
            s("2025-06-30"),
            s("2024-02-29T10:00:00Z"),
            s(" 2025-01-01 "),
            s("2025-06-30T23:59:59.5-03:00"),
            Value::Null,
        ],
        vec![s("2023-02-29"), Value::Int(20250101)],
    )
}

fn entry() -> impl Strategy<Value = Value> {
    let id = mix(vec![s("p_1"), Value::Int(7), Value::Float(7.0)], vec![s(""), Value::Bool(true), Value::Float(1.5)]);
    let name = mix(vec![s("John"), Value::Null], vec![Value::Int(3)]);
    (prop::option::weighted(0.9, id), prop::option::of(name)).prop_map(|(id, name)| {
        Value::Object(
            id.map(|v| ("id".to_owned(), v)).into_iter().chain(name.map(|v| ("full_name".to_owned(), v))).collect(),
        )
    })
}

fn specific() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => entry(),
        4 => prop::collection::vec(entry(), 0..3).prop_map(Value::Array),
        1 => Just(Value::Object(Vec::new())),
        1 => Just(s("p_1")),
    ]
}

/// A promotion-code request: each field absent or drawn from valid and invalid values.
fn promotion(with_uuid: bool) -> impl Strategy<Value = Value> {
    let code = mix(
        vec![s("JOHN20"), s("john20"), s("ANN-10_x"), s(" Max "), s(""), Value::Null],
        vec![s("bad code"), Value::Int(5), s(&"Z".repeat(101))],
    );
    let fields = vec![
        maybe("coupon_uuid", mix(vec![s("SPRING24"), s(" C_1 ")], vec![s(""), s("a/b")])),
        maybe("code", code),
        maybe("active", flag()),
        maybe("first_time_order", flag()),
        maybe("limit_to_specific_partner", flag()),
        maybe("coupon_specific_partners", specific()),
        maybe("limit_to_specific_customer", flag()),
        maybe("coupon_specific_customers", specific()),
        maybe("minimum_order_status", flag()),
        maybe(
            "minimum_order_value",
            mix(vec![Value::Int(50), s("20"), Value::Float(0.0)], vec![Value::Int(-1), Value::Float(2.5)]),
        ),
        maybe("expiration_date_status", flag()),
        maybe("expiration_date_value", date_value()),
        maybe("redemption_times_status", flag()),
        maybe("redemption_times_value", mix(vec![Value::Int(3), s("7")], vec![Value::Int(0)])),
        maybe(
            "metadata",
            mix(vec![Value::Object(vec![("k".into(), Value::Float(f64::NAN))]), Value::Array(vec![])], vec![s("x")]),
        ),
    ];
    fields.prop_map(move |fs| {
        let mut entries: Vec<(String, Value)> = fs.into_iter().flatten().collect();
        if with_uuid && !entries.iter().any(|(k, _)| k == "coupon_uuid") {
            entries.push(("coupon_uuid".into(), s("SPRING24")));
        }
        Value::Object(entries)
    })
}

fn coupon_request() -> impl Strategy<Value = Value> {
    let required = |key: &'static str, values: BoxedStrategy<Value>| {
        prop::option::weighted(0.95, values.prop_map(move |v| (key.to_owned(), v))).boxed()
    };
    let fields = vec![
        maybe("name", mix(vec![s("Spring"), s(" "), s(&"n".repeat(255))], vec![Value::Int(1), s(&"n".repeat(256))])),
        maybe("uuid_code", mix(vec![s("SPRING24"), s(""), s(&"U".repeat(255))], vec![s("bad!")])),
        maybe("active", flag()),
        required("coupon_discount_type", mix(vec![s("percent"), s("static")], vec![s("PERCENT")]).boxed()),
        required(
            "coupon_discount_amount",
            mix(
                vec![Value::Int(20), Value::Float(12.5), s("99.9"), Value::Int(0)],
                vec![Value::Int(150), Value::Float(f64::NAN), Value::Int(-1)],
            )
            .boxed(),
        ),
        required("coupon_duration_type", mix(vec![s("once"), s("months"), s("lifetime")], vec![s("weeks")]).boxed()),
        maybe("coupon_duration_value", mix(vec![Value::Int(3), s("12")], vec![Value::Int(0), Value::Float(1.5)])),
        maybe("redemption_specific_date_status", flag()),
        maybe("redemption_specific_date_value", date_value()),
        maybe("redemption_times_status", flag()),
        maybe("redemption_times_value", mix(vec![Value::Int(10), s("4")], vec![Value::Int(0)])),
        maybe(
            "metadata",
            mix(vec![Value::Object(vec![("a".into(), Value::Int(1))]), Value::Array(vec![])], vec![Value::Int(1)]),
        ),
        maybe("promotion_codes", prop::collection::vec(promotion(false), 0..4).prop_map(Value::Array)),
        maybe(
            "sync",
            mix(
                vec![Value::object([("provider", s("stripe"))]), Value::Object(vec![])],
                vec![Value::object([("provider", s("paddle"))]), s("stripe")],
            ),
        ),
    ];
    fields.prop_map(|fs| Value::Object(fs.into_iter().flatten().collect()))
}

/// Checks the invariants of one `validate_coupon` outcome.
fn check_coupon_outcome(request: &Value, seed: u64) -> std::result::Result<(), TestCaseError> {
    match validate_coupon(request, &["stripe"], Some(seed)) {
        Ok(out) => {
            let again = validate_coupon(&out, &["stripe"], Some(seed.wrapping_add(1)));
            prop_assert_eq!(again.as_ref(), Ok(&out), "output does not re-validate to itself");
            let uuid = out.get("uuid_code").and_then(Value::as_str).unwrap();
            prop_assert!(Platform::PartneroCoupon.validate(uuid).valid);
            prop_assert!(out.get("name").and_then(Value::as_str).is_some());
            let mut keys = HashSet::new();
            for p in match out.get("promotion_codes") {
                Some(Value::Array(items)) => items.as_slice(),
                _ => panic!("promotion_codes is not a list"),
            } {
                let code = p.get("code").and_then(Value::as_str).unwrap();
                prop_assert!(Platform::Partnero.validate(code).valid);
                prop_assert!(keys.insert(canonical_key(code)), "duplicate code {}", code);
                prop_assert_eq!(p.get("coupon_uuid").and_then(Value::as_str), Some(uuid));
            }
        }
        Err(e @ Error::ValidationFailed { .. }) => {
            let Error::ValidationFailed { message, errors } = &e else { unreachable!() };
            prop_assert!(!errors.is_empty());
            prop_assert!(errors.iter().map(|(_, m)| m.len()).sum::<usize>() <= MAX_LISTED_ERRORS);
            prop_assert!(message.len() < 300, "message too long: {}", message);
        }
        Err(e) => {
            prop_assert!(matches!(e.code().as_str(), "invalid_type" | "input_too_deep"), "unexpected error {e:?}")
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_values_never_panic(v in any_value(), w in any_value(), x in any_value(), seed in any::<u64>()) {
        check_coupon_outcome(&v, seed)?;
        let promo = validate_promotion_code(&v, Some(seed));
        if let Ok(out) = &promo {
            let again = validate_promotion_code(out, None);
            prop_assert_eq!(again.as_ref(), Ok(out));
        }
        let _ = check_redemption(&v, &w, &x);
    }

    #[test]
    fn structured_coupons(request in coupon_request(), seed in any::<u64>()) {
        check_coupon_outcome(&request, seed)?;
    }

    #[test]
    fn structured_promotion_codes(request in promotion(true), seed in any::<u64>()) {
        if let Ok(out) = validate_promotion_code(&request, Some(seed)) {
            let again = validate_promotion_code(&out, None);
            prop_assert_eq!(again.as_ref(), Ok(&out));
            let code = out.get("code").and_then(Value::as_str).unwrap();
            prop_assert!(Platform::Partnero.validate(code).valid);
            let order = Value::object([
                ("amount", Value::Int(10)),
                ("date", Value::from("2025-06-30T12:00Z")),
                ("first_order", Value::Bool(false)),
            ]);
            let coupon = Value::object([("uuid_code", out.get("coupon_uuid").unwrap().clone())]);
            let reasons = check_redemption(&out, &coupon, &order);
            prop_assert!(reasons.is_ok(), "normalised code not checkable: {:?}", reasons);
            prop_assert!(reasons.unwrap().iter().all(|r| REDEMPTION_REASONS.contains(r)));
        }
    }
}

#[test]
fn structured_generators_reach_success() {
    // Guards against the strategies drifting so far that no request is valid.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = coupon_request();
    let ok = (0..500)
        .filter(|_| validate_coupon(&strategy.new_tree(&mut runner).unwrap().current(), &["stripe"], Some(1)).is_ok())
        .count();
    assert!(ok >= 50, "only {ok} of 500 structured requests were valid");
}

#[test]
fn wide_input_is_fast_enough_and_bounded() {
    // 1000 promotion codes each breaking several rules: the body stays capped.
    let bad = Value::object([
        ("code", Value::from("!".repeat(5000))),
        ("expiration_date_status", Value::Bool(true)),
        ("minimum_order_value", Value::from("x")),
    ]);
    let request = Value::object([
        ("coupon_discount_type", Value::from("static")),
        ("coupon_discount_amount", Value::Int(1)),
        ("coupon_duration_type", Value::from("once")),
        ("promotion_codes", Value::Array(vec![bad; MAX_PROMOTION_CODES])),
    ]);
    let err = validate_coupon(&request, &[], None).unwrap_err();
    let Error::ValidationFailed { message, errors } = err else { panic!() };
    assert_eq!(errors.iter().map(|(_, m)| m.len()).sum::<usize>(), MAX_LISTED_ERRORS);
    assert!(message.ends_with("(and 3999 more errors)"), "{message}");
}

#[test]
fn unseeded_codes_are_fresh_and_valid() {
    let request = Value::object([
        ("coupon_discount_type", Value::from("percent")),
        ("coupon_discount_amount", Value::Int(10)),
        ("coupon_duration_type", Value::from("once")),
        ("promotion_codes", Value::Array(vec![Value::Object(vec![]); 50])),
    ]);
    let a = validate_coupon(&request, &[], None).unwrap();
    let b = validate_coupon(&request, &[], None).unwrap();
    assert_ne!(a.get("uuid_code"), b.get("uuid_code"));
    let Some(Value::Array(codes)) = a.get("promotion_codes") else { panic!() };
    let keys: HashSet<String> = codes.iter().map(|p| canonical_key(p.get("code").unwrap().as_str().unwrap())).collect();
    assert_eq!(keys.len(), 50);
    assert!(codes.iter().all(|p| p.get("code").unwrap().as_str().unwrap().len() == PROMOTION_CODE_LENGTH));
}

#[test]
fn catalogue_is_snake_case_and_unique() {
    let set: HashSet<&&str> = REDEMPTION_REASONS.iter().collect();
    assert_eq!(set.len(), REDEMPTION_REASONS.len());
    assert!(REDEMPTION_REASONS.iter().all(|r| r.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
}

#[test]
fn misuse_errors_name_the_field() {
    let order = Value::object([("date", Value::from("2025-01-01")), ("first_order", Value::Bool(true))]);
    let err = check_redemption(&Value::Object(vec![]), &Value::Object(vec![]), &order).unwrap_err();
    assert_eq!(err.to_string(), "`order.amount` must be a number, got nothing");
    let code = Value::object([
        ("limit_to_specific_customer", Value::Bool(true)),
        ("coupon_specific_customers", Value::Array(vec![Value::object([("id", Value::Bool(true))])])),
    ]);
    let order = Value::object([
        ("amount", Value::Int(1)),
        ("date", Value::from("2025-01-01")),
        ("first_order", Value::Bool(true)),
    ]);
    let err = check_redemption(&code, &Value::Object(vec![]), &order).unwrap_err();
    let Error::InvalidType { field, got, .. } = err else { panic!("{err:?}") };
    assert_eq!((field.as_str(), got), ("promotion_code.coupon_specific_customers.0.id", "boolean"));
    let err = validate_coupon(&Value::Object(vec![]), &["stripe", "strpe"], None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`connected` has `strpe`, which is not a provider; use `stripe`, `shopify`, `woocommerce` or `paddle`"
    );
}
