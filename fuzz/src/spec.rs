//! Input pieces shared by several targets: formats, templates, partners and
//! JSON-ish values.

use crate::arb::{encode_variant, Encode, LongText, PlatformPick, Text};
use crate::{fuzz_enum, fuzz_struct};
use arbitrary::{Arbitrary, Result, Unstructured};
use promocode::{Case, FormatOptions, Partner, Value};

fuzz_enum! {
    /// A letter case.
    pub enum CasePick { Upper, Lower }
}

impl CasePick {
    /// The core's case.
    pub fn case(self) -> Case {
        match self {
            CasePick::Upper => Case::Upper,
            CasePick::Lower => Case::Lower,
        }
    }
}

fuzz_enum! {
    /// A placeholder name.
    pub enum Ph { Prefix, Name, Surname, Email, Discount, Random }
}

impl Ph {
    /// As written in a template.
    pub fn as_str(self) -> &'static str {
        match self {
            Ph::Prefix => "prefix",
            Ph::Name => "name",
            Ph::Surname => "surname",
            Ph::Email => "email",
            Ph::Discount => "discount",
            Ph::Random => "random",
        }
    }
}

/// One piece of a structured template.
#[derive(Arbitrary, Clone)]
pub enum TPart {
    /// Literal text (may hold braces itself).
    Lit(Text),
    /// `{name}`
    Ph(Ph),
    /// `{name:N}`
    PhWidth(Ph, u8),
    /// `{...}` with anything inside.
    PhRaw(Text),
    /// A lone `{`.
    Open,
    /// A lone `}`.
    Close,
}

impl Encode for TPart {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            TPart::Lit(t) => {
                encode_variant(0, 6, out);
                t.encode(out);
            }
            TPart::Ph(p) => {
                encode_variant(1, 6, out);
                p.encode(out);
            }
            TPart::PhWidth(p, w) => {
                encode_variant(2, 6, out);
                p.encode(out);
                w.encode(out);
            }
            TPart::PhRaw(t) => {
                encode_variant(3, 6, out);
                t.encode(out);
            }
            TPart::Open => encode_variant(4, 6, out),
            TPart::Close => encode_variant(5, 6, out),
        }
    }
}

/// A template: raw text, or pieces that are mostly well-formed placeholders.
#[derive(Arbitrary, Clone)]
pub enum Template {
    /// Any text.
    Raw(Text),
    /// Placeholders and literals.
    Parts(Vec<TPart>),
}

impl Encode for Template {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Template::Raw(t) => {
                encode_variant(0, 2, out);
                t.encode(out);
            }
            Template::Parts(p) => {
                encode_variant(1, 2, out);
                p.encode(out);
            }
        }
    }
}

impl Template {
    /// The template text.
    pub fn text(&self) -> String {
        match self {
            Template::Raw(t) => t.0.clone(),
            Template::Parts(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        TPart::Lit(t) => s.push_str(&t.0),
                        TPart::Ph(p) => {
                            s.push('{');
                            s.push_str(p.as_str());
                            s.push('}');
                        }
                        TPart::PhWidth(p, w) => {
                            s.push('{');
                            s.push_str(p.as_str());
                            s.push(':');
                            s.push_str(&w.to_string());
                            s.push('}');
                        }
                        TPart::PhRaw(t) => {
                            s.push('{');
                            s.push_str(&t.0);
                            s.push('}');
                        }
                        TPart::Open => s.push('{'),
                        TPart::Close => s.push('}'),
                    }
                }
                s
            }
        }
    }
}

/// A count: mostly small, sometimes anything (`usize::MAX` included).
#[derive(Arbitrary, Clone, Copy)]
pub enum Count {
    /// 0..=255
    Small(u8),
    /// Any `u64`.
    Any(u64),
}

impl Encode for Count {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Count::Small(n) => {
                encode_variant(0, 2, out);
                n.encode(out);
            }
            Count::Any(n) => {
                encode_variant(1, 2, out);
                n.encode(out);
            }
        }
    }
}

impl Count {
    /// The count.
    pub fn get(self) -> usize {
        match self {
            Count::Small(n) => usize::from(n),
            Count::Any(n) => n as usize,
        }
    }
}

/// A discount amount: mostly whole, sometimes any float (NaN, infinities, -0.0, ...).
#[derive(Arbitrary, Clone, Copy)]
pub enum Discount {
    /// 0..=255
    Whole(u8),
    /// Any `f64`.
    Any(f64),
}

impl Encode for Discount {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Discount::Whole(n) => {
                encode_variant(0, 2, out);
                n.encode(out);
            }
            Discount::Any(x) => {
                encode_variant(1, 2, out);
                x.encode(out);
            }
        }
    }
}

impl Discount {
    /// The amount.
    pub fn get(self) -> f64 {
        match self {
            Discount::Whole(n) => f64::from(n),
            Discount::Any(x) => x,
        }
    }
}

fuzz_struct! {
    /// Every format setting, through the builder.
    pub struct FormatSpec {
        pub platform: PlatformPick,
        pub prefix: Option<Text>,
        pub name: bool,
        pub surname: bool,
        pub email: bool,
        pub discount: Option<Discount>,
        pub random: Count,
        pub template: Option<Template>,
        pub separator: Option<Text>,
        pub case: Option<CasePick>,
        pub alphabet: Option<Text>,
        pub max_length: Option<Count>,
        pub german_umlauts: bool,
    }
}

impl FormatSpec {
    /// A spec with everything at its default, on `platform`.
    pub fn on(platform: PlatformPick) -> FormatSpec {
        FormatSpec {
            platform,
            prefix: None,
            name: false,
            surname: false,
            email: false,
            discount: None,
            random: Count::Small(0),
            template: None,
            separator: None,
            case: None,
            alphabet: None,
            max_length: None,
            german_umlauts: false,
        }
    }

    /// The options, through the builder.
    pub fn options(&self) -> FormatOptions {
        let mut o = FormatOptions::new()
            .platform(self.platform.platform())
            .name(self.name)
            .surname(self.surname)
            .email(self.email)
            .random(self.random.get())
            .german_umlauts(self.german_umlauts);
        if let Some(p) = &self.prefix {
            o = o.prefix(p.0.clone());
        }
        if let Some(d) = self.discount {
            o = o.discount(d.get());
        }
        if let Some(t) = &self.template {
            o = o.template(t.text());
        }
        if let Some(s) = &self.separator {
            o = o.separator(s.0.clone());
        }
        if let Some(c) = self.case {
            o = o.case(c.case());
        }
        if let Some(a) = &self.alphabet {
            o = o.alphabet(a.0.clone());
        }
        if let Some(m) = self.max_length {
            o = o.max_length(m.get());
        }
        o
    }
}

/// An email address: any text, or `local+tag@domain`.
#[derive(Arbitrary, Clone)]
pub enum Email {
    /// Any text.
    Raw(LongText),
    /// `local+tag@domain`
    Addr {
        /// Before `+` / `@`.
        local: LongText,
        /// After `+`.
        tag: Option<Text>,
        /// After `@`.
        domain: Text,
    },
}

impl Encode for Email {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Email::Raw(t) => {
                encode_variant(0, 2, out);
                t.encode(out);
            }
            Email::Addr { local, tag, domain } => {
                encode_variant(1, 2, out);
                local.encode(out);
                tag.encode(out);
                domain.encode(out);
            }
        }
    }
}

impl Email {
    /// The address.
    pub fn value(&self) -> String {
        match self {
            Email::Raw(t) => t.value(),
            Email::Addr { local, tag, domain } => {
                let mut s = local.value();
                if let Some(t) = tag {
                    s.push('+');
                    s.push_str(&t.0);
                }
                s.push('@');
                s.push_str(&domain.0);
                s
            }
        }
    }
}

fuzz_struct! {
    /// A partner with hostile fields.
    pub struct PartnerIn {
        pub name: Option<LongText>,
        pub surname: Option<LongText>,
        pub email: Option<Email>,
        pub id: Option<Text>,
    }
}

impl PartnerIn {
    /// A partner with just a name.
    pub fn named(name: &str) -> PartnerIn {
        PartnerIn { name: Some(LongText::new(name)), surname: None, email: None, id: None }
    }

    /// The core's partner.
    pub fn partner(&self) -> Partner {
        Partner {
            name: self.name.as_ref().map(LongText::value),
            surname: self.surname.as_ref().map(LongText::value),
            email: self.email.as_ref().map(Email::value),
            id: self.id.as_ref().map(|t| t.0.clone()),
            ..Partner::default()
        }
    }
}

fuzz_enum! {
    /// Field names of options, partners, coupons, promotion codes and orders.
    pub enum KnownKey {
        // coupon
        Name, UuidCode, Active, CouponDiscountType, CouponDiscountAmount, CouponDurationType,
        CouponDurationValue, RedemptionSpecificDateStatus, RedemptionSpecificDateValue,
        RedemptionTimesStatus, RedemptionTimesValue, TimesRedeemed, Metadata, PromotionCodes, Sync, Provider,
        // promotion code
        CouponUuid, Code, FirstTimeOrder, LimitToSpecificPartner, CouponSpecificPartners,
        LimitToSpecificCustomer, CouponSpecificCustomers, LimitToSpecificSubscriber,
        CouponSpecificSubscribers, MinimumOrderStatus, MinimumOrderValue, ExpirationDateStatus,
        ExpirationDateValue, Id, FullName, CustomerFullName, SubscriberFullName,
        // order
        Amount, Date, FirstOrder, Customer, Subscriber,
        // partner
        Surname, Email,
    }
}

impl KnownKey {
    /// The key as written.
    pub fn as_str(self) -> &'static str {
        use KnownKey::*;
        match self {
            Name => "name",
            UuidCode => "uuid_code",
            Active => "active",
            CouponDiscountType => "coupon_discount_type",
            CouponDiscountAmount => "coupon_discount_amount",
            CouponDurationType => "coupon_duration_type",
            CouponDurationValue => "coupon_duration_value",
            RedemptionSpecificDateStatus => "redemption_specific_date_status",
            RedemptionSpecificDateValue => "redemption_specific_date_value",
            RedemptionTimesStatus => "redemption_times_status",
            RedemptionTimesValue => "redemption_times_value",
            TimesRedeemed => "times_redeemed",
            Metadata => "metadata",
            PromotionCodes => "promotion_codes",
            Sync => "sync",
            Provider => "provider",
            CouponUuid => "coupon_uuid",
            Code => "code",
            FirstTimeOrder => "first_time_order",
            LimitToSpecificPartner => "limit_to_specific_partner",
            CouponSpecificPartners => "coupon_specific_partners",
            LimitToSpecificCustomer => "limit_to_specific_customer",
            CouponSpecificCustomers => "coupon_specific_customers",
            LimitToSpecificSubscriber => "limit_to_specific_subscriber",
            CouponSpecificSubscribers => "coupon_specific_subscribers",
            MinimumOrderStatus => "minimum_order_status",
            MinimumOrderValue => "minimum_order_value",
            ExpirationDateStatus => "expiration_date_status",
            ExpirationDateValue => "expiration_date_value",
            Id => "id",
            FullName => "full_name",
            CustomerFullName => "customer_full_name",
            SubscriberFullName => "subscriber_full_name",
            Amount => "amount",
            Date => "date",
            FirstOrder => "first_order",
            Customer => "customer",
            Subscriber => "subscriber",
            Surname => "surname",
            Email => "email",
        }
    }
}

/// An object key: a known field name, or any text.
#[derive(Arbitrary, Clone)]
pub enum Key {
    /// A field name the core reads.
    Known(KnownKey),
    /// Anything.
    Raw(Text),
}

impl Encode for Key {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Key::Known(k) => {
                encode_variant(0, 2, out);
                k.encode(out);
            }
            Key::Raw(t) => {
                encode_variant(1, 2, out);
                t.encode(out);
            }
        }
    }
}

impl Key {
    /// The key as a string.
    pub fn as_string(&self) -> String {
        match self {
            Key::Known(k) => k.as_str().to_owned(),
            Key::Raw(t) => t.0.clone(),
        }
    }
}

/// Strings the coupon rules look for (and a few that are almost them).
#[rustfmt::skip]
pub const WORDS: &[&str] = &[
    "percent", "static", "once", "hours", "days", "months", "years", "lifetime", "stripe", "shopify",
    "woocommerce", "paddle", "Stripe", "0", "1", "true", "false", "20", "12.5", "-1", "100", "101",
    "9007199254740992", "1e3", " 20 ", "", " ", "2024-02-29", "2023-02-29", "2025-12-31",
    "2026-01-01T00:30:00+01:00", "2025-06-30T12:00Z", "2025-06-30 12:00:00.123456789z", "2024-04-31",
    "SPRING", "JOHN20", "john20", "ＪＯＨＮ２０", "a-b_c", "x!y",
];

/// A JSON-ish value (what bindings hand over), with a bias towards what the
/// coupon rules read. Decoded by hand so nesting stays bounded.
#[derive(Clone)]
pub enum FValue {
    /// null
    Null,
    /// true / false
    Bool(bool),
    /// 0..=255
    Small(u8),
    /// Any i64.
    Int(i64),
    /// Any u64 (as `Value::UInt`).
    UInt(u64),
    /// Any f64 (NaN and infinities included).
    Float(f64),
    /// One of [`WORDS`].
    Word(u8),
    /// Any text.
    Str(LongText),
    /// A list.
    Array(Vec<FValue>),
    /// An object.
    Object(Vec<(Key, FValue)>),
}

const VALUE_TAGS: u8 = 10;
/// Deeper than this, containers decode as null (`DeepSpec` in the coupon target
/// makes deep values on purpose).
const MAX_FUZZ_DEPTH: usize = 6;
/// At most this many items per container.
const MAX_ITEMS: usize = 24;

impl FValue {
    fn arbitrary_at(u: &mut Unstructured<'_>, depth: usize) -> Result<FValue> {
        let tag = u8::arbitrary(u)? % VALUE_TAGS;
        Ok(match tag {
            0 => FValue::Null,
            1 => FValue::Bool(bool::arbitrary(u)?),
            2 => FValue::Small(u8::arbitrary(u)?),
            3 => FValue::Int(i64::arbitrary(u)?),
            4 => FValue::UInt(u64::arbitrary(u)?),
            5 => FValue::Float(f64::arbitrary(u)?),
            6 => FValue::Word(u8::arbitrary(u)?),
            7 => FValue::Str(LongText::arbitrary(u)?),
            _ if depth >= MAX_FUZZ_DEPTH => FValue::Null,
            8 => {
                let mut items = Vec::new();
                while items.len() < MAX_ITEMS && bool::arbitrary(u)? {
                    items.push(FValue::arbitrary_at(u, depth + 1)?);
                }
                FValue::Array(items)
            }
            _ => {
                let mut entries = Vec::new();
                while entries.len() < MAX_ITEMS && bool::arbitrary(u)? {
                    entries.push((Key::arbitrary(u)?, FValue::arbitrary_at(u, depth + 1)?));
                }
                FValue::Object(entries)
            }
        })
    }

    /// The core's value.
    pub fn value(&self) -> Value {
        match self {
            FValue::Null => Value::Null,
            FValue::Bool(b) => Value::Bool(*b),
            FValue::Small(n) => Value::Int(i64::from(*n)),
            FValue::Int(i) => Value::Int(*i),
            FValue::UInt(n) => Value::UInt(*n),
            FValue::Float(x) => Value::Float(*x),
            FValue::Word(i) => Value::from(WORDS[usize::from(*i) % WORDS.len()]),
            FValue::Str(t) => Value::String(t.value()),
            FValue::Array(items) => Value::Array(items.iter().map(FValue::value).collect()),
            FValue::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.as_string(), v.value())).collect()),
        }
    }

    /// `WORDS[i]`, for seeds.
    pub fn word(w: &str) -> FValue {
        FValue::Word(WORDS.iter().position(|x| *x == w).expect("a word of WORDS") as u8)
    }

    /// An object with known keys, for seeds.
    pub fn object(entries: &[(KnownKey, FValue)]) -> FValue {
        FValue::Object(entries.iter().map(|(k, v)| (Key::Known(*k), v.clone())).collect())
    }
}

impl<'a> Arbitrary<'a> for FValue {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        FValue::arbitrary_at(u, 0)
    }
}

impl Encode for FValue {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            FValue::Null => out.push(0),
            FValue::Bool(b) => {
                out.push(1);
                b.encode(out);
            }
            FValue::Small(n) => {
                out.push(2);
                n.encode(out);
            }
            FValue::Int(i) => {
                out.push(3);
                i.encode(out);
            }
            FValue::UInt(n) => {
                out.push(4);
                n.encode(out);
            }
            FValue::Float(x) => {
                out.push(5);
                x.encode(out);
            }
            FValue::Word(i) => {
                out.push(6);
                i.encode(out);
            }
            FValue::Str(t) => {
                out.push(7);
                t.encode(out);
            }
            FValue::Array(items) => {
                out.push(8);
                items.encode(out);
            }
            FValue::Object(entries) => {
                out.push(9);
                entries.encode(out);
            }
        }
    }
}
