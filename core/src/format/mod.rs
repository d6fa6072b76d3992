//! Formats: what a code looks like, built once and checked against its platform.
//!
//! - this file: the settings ([`FormatOptions`]) and the compiled [`Format`]:
//!   checking the settings together, the personal parts of a partner, rendering;
//! - [`template`]: the pieces of a format, from a template or the default layout;
//! - [`layout`]: a partner's layout (empty parts collapsed, long ones cut);
//! - [`draw`]: the random parts, and the one blocklist-redraw routine that every
//!   path (render, generate, bulk) calls, so seeded codes agree by construction.

mod draw;
mod layout;
mod template;

pub(crate) use draw::{draw_part, redraw_until_clean};
pub(crate) use layout::{Layout, Seg};
use template::{default_layout, parse_template, Piece};

use crate::error::{Error, Result};
use crate::lookup::Check;
use crate::partner::{email_local_part, Field, Partner};
use crate::platform::{Case, Issue, Platform, Report};
use crate::random::{Alphabet, Blocklist, Rng, DEFAULT_ALPHABET};
use crate::translit::{self, Ctx, Locale};
use crate::value::{Value, MAX_SAFE_INTEGER};

/// The codes of the warnings [`Format::explain`] gives.
pub const WARNING_CODES: &[&str] = &["abjad_without_vowels", "kanji_without_reading", "name_cut_to_initials"];

/// Something that may make a code hard to recognise (see [`Format::warnings`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// One of [`WARNING_CODES`].
    pub code: &'static str,
    /// The personal field it is about.
    pub field: Field,
    /// What happened and what to do, lowercase.
    pub message: String,
}

impl Warning {
    /// `{code, field, message}`.
    pub fn to_value(&self) -> Value {
        Value::object([
            ("code", Value::from(self.code)),
            ("field", Value::from(self.field.as_str())),
            ("message", Value::from(self.message.as_str())),
        ])
    }
}

/// The most random characters a format may ask for (the longest platform limit).
pub const MAX_RANDOM: usize = 500;

/// The settings of a format, before they are checked. Every field starts at its
/// default; [`FormatOptions::build`] checks them together and compiles a [`Format`].
///
/// ```
/// use promocode::{FormatOptions, Partner, Platform};
/// let fmt = FormatOptions::new().prefix("PARTNER").name(true).random(2).platform(Platform::Stripe).build()?;
/// let code = fmt.render(&Partner::new().name("John").surname("Doe"), Some(1))?;
/// assert!(code.starts_with("PARTNER-JOHN-") && code.len() == 15);
/// # Ok::<(), promocode::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormatOptions {
    /// Literal text, e.g. `PARTNER`. Default empty.
    pub prefix: String,
    /// Include the first name.
    pub name: bool,
    /// Include the last name.
    pub surname: bool,
    /// Include the email local part.
    pub email: bool,
    /// The coupon amount to include (its whole part). Default none.
    pub discount: Option<f64>,
    /// Number of random characters. Default 0.
    pub random: usize,
    /// Custom layout with `{placeholders}`; overrides the default layout.
    pub template: Option<String>,
    /// Joins the groups of the default layout and comes before a collision
    /// counter. Default `-`, or empty where the platform forbids `-`.
    pub separator: Option<String>,
    /// The target platform. Default [`Platform::Generic`].
    pub platform: Platform,
    /// Letter case. Default: the platform's (upper; WooCommerce forces lower).
    pub case: Option<Case>,
    /// Characters for the random part. Default [`DEFAULT_ALPHABET`].
    pub alphabet: Option<String>,
    /// Hard cap on the code length. Default: the platform's maximum.
    pub max_length: Option<usize>,
    /// Transliterate `ä ö ü` as `ae oe ue` (German style) instead of `a o u`, for
    /// partners without a locale hint. A hint decides for itself: `de` always
    /// gives `ae oe ue`, any other hint `a o u` (a Turkish `Öztürk` stays `OZTURK`).
    pub german_umlauts: bool,
    /// End each random part with a check character (see [`crate::lookup`]): every
    /// single substitution and adjacent swap in it is detected. Default off.
    pub check_symbol: bool,
    /// The locale hint for every partner's names (see [`crate::LOCALES`]); a
    /// partner's own `locale` overrides it. Default none.
    pub locale: Option<String>,
}

impl FormatOptions {
    /// The default settings.
    pub fn new() -> FormatOptions {
        FormatOptions::default()
    }

    /// Sets the prefix.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }
    /// Includes (or not) the first name.
    pub fn name(mut self, on: bool) -> Self {
        self.name = on;
        self
    }
    /// Includes (or not) the last name.
    pub fn surname(mut self, on: bool) -> Self {
        self.surname = on;
        self
    }
    /// Includes (or not) the email local part.
    pub fn email(mut self, on: bool) -> Self {
        self.email = on;
        self
    }
    /// Sets the discount amount.
    pub fn discount(mut self, amount: f64) -> Self {
        self.discount = Some(amount);
        self
    }
    /// Sets the number of random characters.
    pub fn random(mut self, count: usize) -> Self {
        self.random = count;
        self
    }
    /// Sets a template.
    pub fn template(mut self, template: impl Into<String>) -> Self {
        self.template = Some(template.into());
        self
    }
    /// Sets the separator.
    pub fn separator(mut self, separator: impl Into<String>) -> Self {
        self.separator = Some(separator.into());
        self
    }
    /// Sets the platform.
    pub fn platform(mut self, platform: Platform) -> Self {
        self.platform = platform;
        self
    }
    /// Sets the letter case.
    pub fn case(mut self, case: Case) -> Self {
        self.case = Some(case);
        self
    }
    /// Sets the random alphabet.
    pub fn alphabet(mut self, alphabet: impl Into<String>) -> Self {
        self.alphabet = Some(alphabet.into());
        self
    }
    /// Sets the maximum length.
    pub fn max_length(mut self, max: usize) -> Self {
        self.max_length = Some(max);
        self
    }
    /// Turns German umlaut transliteration on or off.
    pub fn german_umlauts(mut self, on: bool) -> Self {
        self.german_umlauts = on;
        self
    }

    /// Turns the check character of random parts on or off.
    pub fn check_symbol(mut self, on: bool) -> Self {
        self.check_symbol = on;
        self
    }

    /// Sets the locale hint (checked when the format is built).
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Checks the settings together and compiles the format.
    pub fn build(self) -> Result<Format> {
        Format::new(self)
    }
}

pub(crate) fn check_discount(amount: f64) -> Result<()> {
    let reason = if amount.is_nan() {
        "it is not a number; give the coupon amount, e.g. 20"
    } else if amount.is_infinite() {
        "it is infinite; give the coupon amount, e.g. 20"
    } else if amount < 0.0 {
        "it is negative; give the amount as a positive number"
    } else if amount > MAX_SAFE_INTEGER as f64 {
        "it is too large; amounts up to 9007199254740991 are supported"
    } else {
        return Ok(());
    };
    let value = if amount.is_finite() && amount.fract() == 0.0 && amount.abs() < 1e18 {
        format!("{}", amount as i64)
    } else {
        Value::Float(amount).to_string()
    };
    Err(Error::InvalidDiscount { value, reason })
}

/// A compiled, checked format. Cheap to share between threads.
///
/// ```
/// use promocode::{FormatOptions, Partner};
/// let john = Partner::new().name("John").surname("Doe");
/// let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
/// assert_eq!(fmt.render(&john, None)?, "JOHN20");
/// let fmt = FormatOptions::new().name(true).surname(true).discount(15.0).build()?;
/// assert_eq!(fmt.render(&john, None)?, "JOHNDOE15");
/// # Ok::<(), promocode::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Format {
    options: FormatOptions,
    case: Case,
    max_length: usize,
    separator: String,
    pieces: Vec<Piece>,
    pub(crate) alphabet: Alphabet,
    /// Length of each random piece, in layout order.
    pub(crate) random_lens: Vec<usize>,
    personal_fields: Vec<Field>,
    /// Characters of everything but the personal parts.
    fixed_chars: usize,
    /// Characters of the separator.
    separator_chars: usize,
    space: Option<u128>,
    entropy_bits: f64,
    /// The check-symbol scheme, when `check_symbol` is on.
    pub(crate) check: Option<Check>,
    locale: Option<Locale>,
}

/// Reusable buffers for the personal parts of one partner: their code-safe, cased
/// text and the range of each personal piece in it.
#[derive(Default)]
pub(crate) struct Scratch {
    text: String,
    ranges: Vec<(usize, usize)>,
    /// A generator's memo of non-ASCII transliterations (`None` for one-off renders).
    memo: Option<Box<TranslitMemo>>,
}

/// The transliterations a generator has already made, by field setting and text.
/// Partner lists repeat names (the same first names thousands of times over), and
/// a non-ASCII name costs hundreds of instructions (script runs, context rules,
/// table lookups); a repeated one costs a hash and a copy. The answer is the
/// same either way: [`translit::push`] depends on the text and its setting only.
#[derive(Default)]
pub(crate) struct TranslitMemo {
    map: std::collections::HashMap<Box<[u8]>, (Box<str>, u8), foldhash::fast::FixedState>,
    key: Vec<u8>,
}

impl TranslitMemo {
    /// Entries kept at the most (a few MB for typical names); later names are
    /// transliterated as before, without being remembered.
    const LIMIT: usize = 1 << 16;

    /// [`translit::push`], remembered.
    fn push(&mut self, text: &str, ctx: &Ctx, out: &mut String) -> u8 {
        self.key.clear();
        self.key.extend_from_slice(&[ctx.field as u8, u8::from(ctx.umlauts)]);
        if let Some(locale) = ctx.locale {
            self.key.extend_from_slice(locale.as_str().as_bytes());
        }
        self.key.push(0xFF); // never in UTF-8: ends the setting
        self.key.extend_from_slice(text.as_bytes());
        if let Some((code_safe, notes)) = self.map.get(self.key.as_slice()) {
            out.push_str(code_safe);
            return *notes;
        }
        let start = out.len();
        let notes = translit::push(text, ctx, out);
        if self.map.len() < Self::LIMIT {
            self.map.insert(self.key.as_slice().into(), (out[start..].into(), notes));
        }
        notes
    }
}

impl Scratch {
    /// Buffers for a generator: with a transliteration memo.
    pub(crate) fn memoized() -> Scratch {
        Scratch { memo: Some(Box::default()), ..Scratch::default() }
    }

    /// No personal pieces (a format without personal parts); the memo stays.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ranges.clear();
    }

    /// The value of each personal piece, in layout order.
    pub(crate) fn values(&self) -> Vec<&str> {
        self.ranges.iter().map(|&(a, b)| &self.text[a..b]).collect()
    }
}

impl Format {
    /// Checks `options` and compiles them; see [`FormatOptions`].
    pub fn new(options: FormatOptions) -> Result<Format> {
        let platform = options.platform;
        let case = match (options.case, platform.forced_case()) {
            (Some(asked), Some(forced)) if asked != forced => {
                return Err(Error::InvalidCase {
                    value: asked.name().into(),
                    reason: format!(
                        "{platform} stores codes in {} case; leave `case` unset or use `{}`",
                        forced.name(),
                        forced.name()
                    ),
                })
            }
            (Some(asked), _) => asked,
            (None, Some(forced)) => forced,
            (None, None) => platform.default_case(),
        };
        let max_length = match options.max_length {
            Some(m) if m == 0 || m > platform.max_length() => {
                return Err(Error::InvalidValue {
                    field: "max_length".into(),
                    reason: format!("must be from 1 to {} on {platform}, got {m}", platform.max_length()),
                })
            }
            Some(m) => m,
            None => platform.max_length(),
        };
        if options.random > MAX_RANDOM {
            // `set` caps it already; this is for the Rust builder.
            return Err(Error::InvalidValue {
                field: "random".into(),
                reason: format!("must be a whole number from 0 to {MAX_RANDOM}, got {}", options.random),
            });
        }
        let separator = match &options.separator {
            Some(s) => literal(s, "separator", case, platform)?,
            None if platform.allows_dash() => "-".to_owned(),
            None => String::new(),
        };
        no_edge_whitespace(&options.prefix, "prefix", platform)?;
        let prefix = literal(&options.prefix, "prefix", case, platform)?;
        if let Some(template) = &options.template {
            no_edge_whitespace(template, "template", platform)?;
        }
        let discount = options.discount.map(discount_text).transpose()?;
        let alphabet = Alphabet::new(options.alphabet.as_deref().unwrap_or(DEFAULT_ALPHABET), case, platform)?;
        let pieces = match &options.template {
            Some(template) => parse_template(template, &options, &prefix, discount.as_deref(), case, platform)?,
            None => default_layout(&options, &prefix, discount, &separator),
        };
        if pieces.is_empty() {
            return Err(Error::EmptyFormat);
        }
        let mut personal_fields = Vec::new();
        let mut random_lens = Vec::new();
        let mut fixed = 0usize;
        for piece in &pieces {
            match piece {
                Piece::Text(t) | Piece::Sep(t) => fixed += t.chars().count(),
                Piece::Random(n) => {
                    fixed += n;
                    random_lens.push(*n);
                }
                Piece::Personal { field, .. } => {
                    if !personal_fields.contains(field) {
                        personal_fields.push(*field);
                    }
                }
            }
        }
        let needed = fixed + usize::from(!personal_fields.is_empty());
        if needed > max_length {
            return Err(Error::TooLong {
                what: if personal_fields.is_empty() {
                    "the code"
                } else {
                    "the fixed part of the format plus one character of partner data"
                },
                length: needed,
                max: max_length,
            });
        }
        let check = check_scheme(&options, &alphabet, &random_lens)?;
        let (space, entropy_bits) = random_space(&alphabet, &random_lens, check.as_ref())?;
        let locale = options.locale.as_deref().map(Locale::from_name).transpose()?;
        let separator_chars = separator.chars().count();
        Ok(Format {
            options,
            case,
            max_length,
            separator,
            pieces,
            alphabet,
            random_lens,
            personal_fields,
            fixed_chars: fixed,
            separator_chars,
            space,
            entropy_bits,
            check,
            locale,
        })
    }

    /// The settings this format was built from.
    pub fn options(&self) -> &FormatOptions {
        &self.options
    }

    /// The target platform.
    pub fn platform(&self) -> Platform {
        self.options.platform
    }

    /// The letter case of its codes.
    pub fn case(&self) -> Case {
        self.case
    }

    /// The maximum code length in characters.
    pub fn max_length(&self) -> usize {
        self.max_length
    }

    /// The separator of the default layout and of collision counters.
    pub fn separator(&self) -> &str {
        &self.separator
    }

    /// The personal fields the format uses, in layout order.
    pub fn personal_fields(&self) -> &[Field] {
        &self.personal_fields
    }

    /// How many random characters each code has.
    pub fn random_length(&self) -> usize {
        self.random_lens.iter().sum()
    }

    /// The base-2 logarithm of the number of distinct random parts (after the
    /// blocklist): how many bits an attacker must guess. 0 without a random part.
    ///
    /// ```
    /// let fmt = promocode::FormatOptions::new().random(8).build()?;
    /// assert!((fmt.entropy_bits() - 38.0).abs() < 0.1); // 27^8, less the blocked words
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn entropy_bits(&self) -> f64 {
        self.entropy_bits
    }

    /// How many different random parts there are (saturating at `u128::MAX`);
    /// `None` without a random part.
    pub fn random_space(&self) -> Option<u128> {
        self.space
    }

    /// Renders one code for `partner`, without any uniqueness check (for
    /// previews). With a `seed` the random part is reproducible; without one it
    /// comes from the OS CSPRNG.
    ///
    /// ```
    /// use promocode::{FormatOptions, Partner};
    /// let fmt = FormatOptions::new().prefix("PARTNER").name(true).random(2).build()?;
    /// let john = Partner::new().name("John");
    /// assert_eq!(fmt.render(&john, Some(7))?, fmt.render(&john, Some(7))?);
    /// let nobody = Partner::new();
    /// assert_eq!(FormatOptions::new().name(true).discount(20.0).build()?.render(&nobody, None).unwrap_err().code().as_str(), "empty_partner");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn render(&self, partner: &Partner, seed: Option<u64>) -> Result<String> {
        let mut scratch = Scratch::default();
        self.personal_into(partner, &mut scratch)?;
        let mut rng = Rng::new(seed);
        let mut out = String::new();
        if !self.write_fast(&scratch, &mut rng, &mut out)? {
            self.layout(&scratch.values(), 0)?.write(self, &mut rng, &mut out)?;
        }
        Ok(out)
    }

    /// Checks `code` against the platform's rules and, with `check_symbol`, the
    /// check character of each random part (issue `check_failed`: a character was
    /// mistyped or two were swapped).
    ///
    /// ```
    /// let fmt = promocode::FormatOptions::new().random(8).check_symbol(true).build()?;
    /// let code = fmt.render(&promocode::Partner::new(), Some(1))?;
    /// assert!(fmt.validate(&code).valid);
    /// let swapped: String = [&code[1..2], &code[0..1], &code[2..]].concat();
    /// if swapped != code {
    ///     assert_eq!(fmt.validate(&swapped).issues[0].code, "check_failed");
    /// }
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn validate(&self, code: &str) -> Report {
        let mut report = self.platform().validate(code);
        if self.check_passes(code) == Some(false) {
            report.valid = false;
            report.issues.push(Issue {
                code: "check_failed",
                message: "a random part fails its check symbol: a character is mistyped or two are swapped; enter the code again".into(),
                position: None,
            });
        }
        report
    }

    /// With a check symbol: whether every random part of `code` (located from the
    /// fixed text around it) carries a correct check character (`false` when the
    /// code does not have the format's shape); `None` without a check symbol.
    pub(crate) fn check_passes(&self, code: &str) -> Option<bool> {
        let check = self.check.as_ref()?;
        let key: Vec<char> = crate::text::canonical_key(code).chars().collect();
        let alphabet: Vec<char> = self
            .alphabet
            .chars
            .iter()
            .map(|c| crate::text::canonical_key(c.encode_utf8(&mut [0; 4])).chars().next().unwrap_or(*c))
            .collect();
        let digit = |c: &char| alphabet.iter().position(|a| a == c).map(|i| i as u32);
        let fixed = |t: &str| crate::text::canonical_key(t).chars().collect::<Vec<char>>();
        let (mut lo, mut hi) = (0usize, key.len());
        let mut ok = true;
        let mut personal = false;
        for piece in self.pieces.iter().rev() {
            match piece {
                Piece::Personal { .. } => {
                    personal = true;
                    break;
                }
                Piece::Text(t) | Piece::Sep(t) => {
                    let t = fixed(t);
                    if hi < lo + t.len() || key[hi - t.len()..hi] != t[..] {
                        return Some(false);
                    }
                    hi -= t.len();
                }
                Piece::Random(n) => {
                    if hi < lo + n {
                        return Some(false);
                    }
                    let digits: Option<Vec<u32>> = key[hi - n..hi].iter().map(digit).collect();
                    ok &= digits.is_some_and(|d| check.valid(d));
                    hi -= n;
                }
            }
        }
        if personal {
            for piece in &self.pieces {
                match piece {
                    Piece::Personal { .. } => break,
                    Piece::Text(t) | Piece::Sep(t) => {
                        let t = fixed(t);
                        if hi < lo + t.len() || key[lo..lo + t.len()] != t[..] {
                            return Some(false);
                        }
                        lo += t.len();
                    }
                    Piece::Random(n) => {
                        if hi < lo + n {
                            return Some(false);
                        }
                        let digits: Option<Vec<u32>> = key[lo..lo + n].iter().map(digit).collect();
                        ok &= digits.is_some_and(|d| check.valid(d));
                        lo += n;
                    }
                }
            }
        } else if lo != hi {
            return Some(false);
        }
        Some(ok)
    }

    /// Where the format's separators sit in a code with the separators taken out
    /// (their canonical keys): counted from the start up to the first personal
    /// part, and from the end back to the last one.
    pub(crate) fn separator_gaps(&self) -> (Gaps, Gaps) {
        let alnum = |t: &str| crate::text::canonical_key(t).chars().filter(|c| c.is_alphanumeric()).count();
        let walk = |pieces: &mut dyn Iterator<Item = &Piece>| {
            let mut gaps = Vec::new();
            let mut pos = 0;
            for piece in pieces {
                match piece {
                    Piece::Personal { .. } => break,
                    Piece::Text(t) => pos += alnum(t),
                    Piece::Random(n) => pos += n,
                    Piece::Sep(t) => gaps.push((pos, crate::text::canonical_key(t))),
                }
            }
            gaps
        };
        let front = walk(&mut self.pieces.iter());
        let back = if self.personal_fields.is_empty() { Vec::new() } else { walk(&mut self.pieces.iter().rev()) };
        (front, back)
    }

    /// True when the format has random parts.
    pub(crate) fn has_random(&self) -> bool {
        !self.random_lens.is_empty()
    }

    /// Fills `s` with the code-safe, cased value of each personal piece (width
    /// applied); checks that the partner has something to show when the format
    /// needs it.
    pub(crate) fn personal_into(&self, partner: &Partner, s: &mut Scratch) -> Result<()> {
        s.text.clear();
        s.ranges.clear();
        if self.personal_fields.is_empty() {
            return Ok(());
        }
        let mut full: [Option<(usize, usize)>; 3] = [None; 3];
        let locale = match &partner.locale {
            Some(l) => Some(Locale::from_name(l)?),
            None => self.locale,
        };
        for piece in &self.pieces {
            if let Piece::Personal { field, width } = piece {
                let (a, b) = match full[*field as usize] {
                    Some(range) => range,
                    None => {
                        let start = s.text.len();
                        let notes = self.push_field(partner, *field, locale, &mut s.text, s.memo.as_deref_mut());
                        if notes & translit::KANJI != 0 && self.random_lens.is_empty() {
                            return Err(Error::ReadingRequired { field: field.as_str() });
                        }
                        match self.case {
                            Case::Upper => s.text[start..].make_ascii_uppercase(),
                            Case::Lower => s.text[start..].make_ascii_lowercase(),
                        }
                        full[*field as usize] = Some((start, s.text.len()));
                        (start, s.text.len())
                    }
                };
                s.ranges.push((a, a + width.map_or(b - a, |w| w.min(b - a))));
            }
        }
        if self.random_lens.is_empty() && s.ranges.iter().all(|(a, b)| a == b) {
            return Err(Error::EmptyPartner { fields: self.personal_fields.iter().map(|f| f.as_str()).collect() });
        }
        Ok(())
    }

    /// Appends the code-safe text of one personal field (its reading when the
    /// partner gives one) and returns what the transliteration noticed.
    fn push_field(
        &self,
        partner: &Partner,
        field: Field,
        locale: Option<Locale>,
        out: &mut String,
        memo: Option<&mut TranslitMemo>,
    ) -> u8 {
        let raw = partner.reading_of(field).or(partner.field(field)).unwrap_or("");
        let raw = if field == Field::Email { email_local_part(raw) } else { raw };
        let ctx = Ctx { field, locale, umlauts: self.options.german_umlauts };
        match memo {
            // ASCII names take one pass already; the memo is for the rest.
            Some(memo) if !raw.is_ascii() => memo.push(raw, &ctx, out),
            _ => translit::push(raw, &ctx, out),
        }
    }

    /// Renders one code and says what about it may be hard to recognise: the
    /// `code`, its `warnings` (each `{code, field, message}`, see
    /// [`Format::warnings`]) and the `transliteration_version` it was made with.
    /// Bindings return this object as it is.
    ///
    /// ```
    /// use promocode::{FormatOptions, Partner, Value};
    /// let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
    /// let report = fmt.explain(&Partner::new().name("محمد"), None)?;
    /// assert_eq!(report.get("code"), Some(&Value::from("MHMD20")));
    /// let Some(Value::Array(warnings)) = report.get("warnings") else { panic!() };
    /// assert_eq!(warnings[0].get("code"), Some(&Value::from("abjad_without_vowels")));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn explain(&self, partner: &Partner, seed: Option<u64>) -> Result<Value> {
        let code = self.render(partner, seed)?;
        let warnings = self.warnings(partner)?.iter().map(Warning::to_value).collect();
        Ok(Value::object([
            ("code", Value::from(code)),
            ("warnings", Value::Array(warnings)),
            ("transliteration_version", Value::from(u64::from(translit::TRANSLITERATION_VERSION))),
        ]))
    }

    /// What may make this partner's code hard to recognise, in layout order: a
    /// name written without vowels (Arabic, Hebrew: vowels are never guessed),
    /// kanji left out for want of a reading, a name cut to one or two letters to
    /// fit. Codes are [`WARNING_CODES`]; errors are those of [`Format::render`].
    pub fn warnings(&self, partner: &Partner) -> Result<Vec<Warning>> {
        let locale = match &partner.locale {
            Some(l) => Some(Locale::from_name(l)?),
            None => self.locale,
        };
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        self.personal_into(partner, &mut scratch)?;
        let values = scratch.values();
        let fitted = self.fit(&values, 0)?;
        let mut seen = Vec::new();
        let mut k = 0;
        for piece in &self.pieces {
            let Piece::Personal { field, .. } = piece else { continue };
            let (field, full, cut) = (*field, values[k], fitted[k]);
            k += 1;
            if full.len() > cut.len() && (1..=2).contains(&cut.len()) {
                let message = format!(
                    "`{full}` was cut to `{cut}` to fit {} characters; raise `max_length` or use fewer fixed characters",
                    self.max_length
                );
                out.push(Warning { code: "name_cut_to_initials", field, message });
            }
            if seen.contains(&field) {
                continue;
            }
            seen.push(field);
            let notes = self.push_field(partner, field, locale, &mut String::new(), None);
            let f = field.as_str();
            if notes & translit::ABJAD != 0 {
                let message = format!("`{f}` is written without vowels, so the code has none; give the name in Latin letters as its owner spells it");
                out.push(Warning { code: "abjad_without_vowels", field, message });
            }
            if notes & translit::KANJI != 0 {
                let message =
                    format!("`{f}` is kanji without a reading, so the code leaves it out; add `{f}_reading` in kana");
                out.push(Warning { code: "kanji_without_reading", field, message });
            }
        }
        Ok(out)
    }

    /// Appends the counter suffix for collision number `n` (`-2`, or `2` without a
    /// separator).
    pub(crate) fn push_counter_suffix(&self, n: u64, out: &mut String) {
        out.push_str(&self.separator);
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut rest = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        out.extend(digits[i..].iter().map(|&d| d as char));
    }

    /// The length in characters of the counter suffix for collision number `n`.
    pub(crate) fn counter_suffix_width(&self, n: u64) -> usize {
        self.separator_chars + n.checked_ilog10().unwrap_or(0) as usize + 1
    }

    /// True when `extra` more characters still fit after a code written by
    /// [`Format::write_fast`] for these personal values.
    pub(crate) fn fast_fits(&self, s: &Scratch, extra: usize) -> bool {
        let personal: usize = s.ranges.iter().map(|(a, b)| b - a).sum();
        self.fixed_chars + personal + extra <= self.max_length
    }

    /// True when the format has no personal parts (bulk codes are possible).
    pub(crate) fn is_bulk(&self) -> bool {
        self.personal_fields.is_empty()
    }
}

/// Separator positions with the separator's key (see [`Format::separator_gaps`]).
pub(crate) type Gaps = Vec<(usize, String)>;

/// The whole part of a discount as text.
fn discount_text(amount: f64) -> Result<String> {
    check_discount(amount)?;
    Ok(format!("{}", amount.trunc() as u64))
}

/// Cases `text` and checks each character against the platform (see
/// [`push_literal_char`]).
fn literal(text: &str, field: &'static str, case: Case, platform: Platform) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for (position, c) in text.chars().enumerate() {
        let previous = out.chars().next_back();
        push_literal_char(c, previous, field, position, case, platform, &mut out)?;
    }
    Ok(out)
}

/// Appends the full case mapping of the literal character `c`, or fails with
/// `invalid_character` when the platform does not allow `c` or what it becomes
/// (WooCommerce refuses `İ`, which it would store as `i` + U+0307), and with
/// `invalid_value` for a combining mark with no letter before it in the same
/// literal text (`previous`: the cased character before it, `None` at the start
/// or right after a placeholder, whose text is not known until render).
fn push_literal_char(
    c: char,
    previous: Option<char>,
    field: &'static str,
    position: usize,
    case: Case,
    platform: Platform,
    out: &mut String,
) -> Result<()> {
    let start = out.len();
    case.push_full(c, out);
    if !(platform.allows(c) && out[start..].chars().all(|m| platform.allows(m))) {
        return Err(Error::InvalidCharacter { field, character: c, position, platform: platform.name() });
    }
    if crate::platform::is_mark(c) && previous.is_none_or(char::is_whitespace) {
        return Err(Error::InvalidValue {
            field: field.into(),
            reason: format!(
                "has combining mark U+{:04X} at position {position} with no letter before it; put it right after a letter of the same text, or remove it",
                c as u32
            ),
        });
    }
    Ok(())
}

/// Rejects whitespace at either end of text that can end up at the start or end
/// of a code (the prefix, a template): platforms that allow spaces at all
/// (WooCommerce) trim them away when they store the code, so the stored code
/// would differ from the issued one.
fn no_edge_whitespace(text: &str, field: &'static str, platform: Platform) -> Result<()> {
    let last = text.chars().count().saturating_sub(1);
    for (position, c) in [(0, text.chars().next()), (last, text.chars().last())] {
        if let Some(c) = c.filter(|c| c.is_whitespace()) {
            return Err(Error::InvalidCharacter { field, character: c, position, platform: platform.name() });
        }
    }
    Ok(())
}

/// The check scheme of a format with `check_symbol`, or why it can't have one.
fn check_scheme(options: &FormatOptions, alphabet: &Alphabet, lens: &[usize]) -> Result<Option<Check>> {
    if !options.check_symbol {
        return Ok(None);
    }
    if lens.is_empty() || lens.iter().any(|&n| n < 2) {
        return Err(Error::InvalidValue {
            field: "check_symbol".into(),
            reason: "needs random parts of at least 2 characters (one random, one check); set `random` to 2 or more"
                .into(),
        });
    }
    if alphabet.len() > 256 {
        return Err(Error::InvalidAlphabet {
            reason: format!("has {} characters; a check symbol works with at most 256", alphabet.len()),
            position: None,
        });
    }
    match Check::new(alphabet.len()) {
        Some(c) => Ok(Some(c)),
        None => Err(Error::InvalidAlphabet {
            reason: format!(
                "has {} characters; a check symbol needs an odd number or a multiple of 4; add or remove one",
                alphabet.len()
            ),
            position: None,
        }),
    }
}

/// The number of distinct random parts and its log2; rejects alphabets whose
/// random parts would be mostly blocked words. With a check symbol the last
/// character of each part is determined by the others.
fn random_space(alphabet: &Alphabet, lens: &[usize], check: Option<&Check>) -> Result<(Option<u128>, f64)> {
    if lens.is_empty() {
        return Ok((None, 0.0));
    }
    let blocklist = Blocklist::get();
    let mut space = 1u128;
    let mut bits = 0.0;
    let per_char = (alphabet.len() as f64).log2();
    for &len in lens {
        let (count, log2) = match check {
            None => blocklist.count_clean(alphabet, len),
            // Exact for the sizes that can ever run out; beyond that, the share of
            // clean parts times q^(len−1) (the blocklist barely touches it).
            Some(c) if len * alphabet.len() * alphabet.len() <= 1 << 16 => {
                blocklist.count_clean_checked(alphabet, len, c)
            }
            Some(_) => {
                let (count, log2) = blocklist.count_clean(alphabet, len);
                (count / alphabet.len() as u128, log2 - per_char)
            }
        };
        let free = len - usize::from(check.is_some());
        if count == 0 || log2 - per_char * (free as f64) < -10.0 {
            return Err(Error::InvalidAlphabet {
                reason: format!(
                    "spells a blocked word in almost every {len}-character random part; use a different alphabet"
                ),
                position: None,
            });
        }
        space = space.saturating_mul(count);
        bits += log2;
    }
    Ok((Some(space), bits))
}
