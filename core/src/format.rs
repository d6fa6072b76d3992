//! Formats: what a code looks like, built once and checked against its platform.

use crate::error::{Error, Result};
use crate::lookup::Check;
use crate::partner::{email_local_part, Field, Partner};
use crate::platform::{Case, Issue, Platform, Report};
use crate::random::{Alphabet, Blocklist, Rng, DEFAULT_ALPHABET};
use crate::text::push_code_safe;
use crate::value::{Value, MAX_SAFE_INTEGER};

/// How option keys are spelled: `max_length` (Rust, Python) or `maxLength` (JS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeyStyle {
    /// `snake_case`: Rust and Python.
    #[default]
    Snake,
    /// `camelCase`: JavaScript.
    Camel,
}

/// Every format setting, as `(snake_case, camelCase)`.
pub const FORMAT_OPTIONS: &[(&str, &str)] = &[
    ("prefix", "prefix"),
    ("name", "name"),
    ("surname", "surname"),
    ("email", "email"),
    ("discount", "discount"),
    ("random", "random"),
    ("template", "template"),
    ("separator", "separator"),
    ("platform", "platform"),
    ("case", "case"),
    ("alphabet", "alphabet"),
    ("max_length", "maxLength"),
    ("german_umlauts", "germanUmlauts"),
    ("check_symbol", "checkSymbol"),
];

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
    /// Transliterate `ä ö ü` as `ae oe ue` (German style) instead of `a o u`.
    pub german_umlauts: bool,
    /// End each random part with a check character (see [`crate::lookup`]): every
    /// single substitution and adjacent swap in it is detected. Default off.
    pub check_symbol: bool,
    style: KeyStyle,
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

    /// Checks the settings together and compiles the format.
    pub fn build(self) -> Result<Format> {
        Format::new(self)
    }

    /// Sets one option from a dynamically typed value, the way bindings pass
    /// keyword arguments or object properties. `null` means "the default".
    ///
    /// Unknown keys are errors (with a suggestion), never silently ignored.
    ///
    /// ```
    /// use promocode::{FormatOptions, KeyStyle, Value};
    /// let mut opts = FormatOptions::new();
    /// opts.set("maxLength", &Value::Int(12), KeyStyle::Camel)?;
    /// assert_eq!(opts.max_length, Some(12));
    /// let err = opts.set("max_lenght", &Value::Int(12), KeyStyle::Snake).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown option `max_lenght`; did you mean `max_length`?");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn set(&mut self, key: &str, value: &Value, style: KeyStyle) -> Result<()> {
        self.style = style;
        let Some(&(snake, _)) =
            FORMAT_OPTIONS.iter().find(|(s, c)| key == if style == KeyStyle::Snake { *s } else { *c })
        else {
            return Err(Error::UnknownOption { name: key.into(), suggestion: suggest(key, FORMAT_OPTIONS, style) });
        };
        match snake {
            "prefix" => self.prefix = opt_string(key, value)?.unwrap_or_default(),
            "name" => self.name = opt_bool(key, value)?,
            "surname" => self.surname = opt_bool(key, value)?,
            "email" => self.email = opt_bool(key, value)?,
            "german_umlauts" => self.german_umlauts = opt_bool(key, value)?,
            "check_symbol" => self.check_symbol = opt_bool(key, value)?,
            "discount" => self.discount = opt_discount(value)?,
            "random" => self.random = opt_count(key, value, 0, MAX_RANDOM)?.unwrap_or(0),
            "template" => self.template = opt_string(key, value)?,
            "separator" => self.separator = opt_string(key, value)?,
            "alphabet" => self.alphabet = opt_string(key, value)?,
            "max_length" => self.max_length = opt_count(key, value, 1, u32::MAX as usize)?,
            "platform" => {
                self.platform = match opt_string(key, value)? {
                    None => Platform::default(),
                    Some(name) => Platform::from_name(&name)?,
                }
            }
            "case" => {
                self.case = match opt_string(key, value)? {
                    None => None,
                    Some(name) => Some(Case::from_name(&name).ok_or_else(|| Error::InvalidCase {
                        value: name.clone(),
                        reason: "use `upper` or `lower`".into(),
                    })?),
                }
            }
            _ => {} // every key of FORMAT_OPTIONS is handled above
        }
        Ok(())
    }

    /// Reads every option from an object (a Python dict, a JS options object).
    ///
    /// ```
    /// use promocode::{FormatOptions, KeyStyle, Value};
    /// let v = Value::object([("name", Value::Bool(true)), ("discount", Value::Int(20))]);
    /// let fmt = FormatOptions::from_value(&v, KeyStyle::Snake)?.build()?;
    /// assert_eq!(fmt.render(&promocode::Partner::new().name("John"), None)?, "JOHN20");
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn from_value(value: &Value, style: KeyStyle) -> Result<FormatOptions> {
        let mut opts = FormatOptions { style, ..FormatOptions::default() };
        read_options(value, style, FORMAT_OPTIONS, |key, v| opts.set(key, v, style).map(|()| true))?;
        Ok(opts)
    }

    fn key(&self, snake: &'static str) -> String {
        display_key(snake, self.style)
    }
}

/// Walks an options object the way bindings pass one: `null` means no options,
/// anything else but an object is a type error, and `set` gets each key and value
/// in order, answering `false` for a key it does not know, which becomes an
/// `unknown_option` error with the closest of `known` as a suggestion.
pub(crate) fn read_options(
    value: &Value,
    style: KeyStyle,
    known: &[(&'static str, &'static str)],
    mut set: impl FnMut(&str, &Value) -> Result<bool>,
) -> Result<()> {
    let entries = match value {
        Value::Null => return Ok(()),
        Value::Object(entries) => entries,
        other => {
            return Err(Error::InvalidType { field: "options".into(), expected: "an object", got: other.type_name() })
        }
    };
    for (key, v) in entries {
        if !set(key, v)? {
            return Err(Error::UnknownOption { name: key.clone(), suggestion: suggest(key, known, style) });
        }
    }
    Ok(())
}

/// The spelling of option `snake` in `style`.
pub(crate) fn display_key(snake: &str, style: KeyStyle) -> String {
    match style {
        KeyStyle::Snake => snake.to_owned(),
        KeyStyle::Camel => {
            let mut out = String::with_capacity(snake.len());
            let mut upper = false;
            for c in snake.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.push(c.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// The known key closest to `key`, if it is close (same letters ignoring case and
/// `_`, or at most two edits away).
pub(crate) fn suggest(key: &str, known: &[(&'static str, &'static str)], style: KeyStyle) -> Option<&'static str> {
    let squash =
        |s: &str| -> String { s.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect() };
    let k = squash(key);
    if k.chars().count() > 64 {
        return None;
    }
    known
        .iter()
        .map(|&(s, c)| (if style == KeyStyle::Snake { s } else { c }, edit_distance(&k, &squash(s))))
        .filter(|&(_, d)| d <= 2)
        .min_by_key(|&(_, d)| d)
        .map(|(name, _)| name)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

pub(crate) fn opt_string(key: &str, value: &Value) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(Error::InvalidType { field: key.into(), expected: "a string", got: other.type_name() }),
    }
}

fn opt_bool(key: &str, value: &Value) -> Result<bool> {
    match value {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        other => Err(Error::InvalidType { field: key.into(), expected: "true or false", got: other.type_name() }),
    }
}

pub(crate) fn opt_count(key: &str, value: &Value, min: usize, max: usize) -> Result<Option<usize>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(_) | Value::UInt(_) | Value::Float(_) => {
            match value.as_u64().and_then(|u| usize::try_from(u).ok()) {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(Error::InvalidValue {
                    field: key.into(),
                    reason: format!("must be a whole number from {min} to {max}, got {value}"),
                }),
            }
        }
        other => Err(Error::InvalidType { field: key.into(), expected: "a whole number", got: other.type_name() }),
    }
}

fn opt_discount(value: &Value) -> Result<Option<f64>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(_) | Value::UInt(_) | Value::Float(_) => {
            let amount = value.as_f64().unwrap_or(f64::NAN);
            check_discount(amount)?;
            Ok(Some(amount))
        }
        other => Err(Error::InvalidType { field: "discount".into(), expected: "a number", got: other.type_name() }),
    }
}

fn check_discount(amount: f64) -> Result<()> {
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

/// One element of a compiled layout.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    /// Literal content: prefix, discount, template letters (already cased).
    Text(String),
    /// Separator characters (collapse around empty personal parts).
    Sep(String),
    /// A personal part, at most `width` characters.
    Personal { field: Field, width: Option<usize> },
    /// `len` random characters.
    Random(usize),
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
}

/// Reusable buffers for the personal parts of one partner: their code-safe, cased
/// text and the range of each personal piece in it.
#[derive(Default)]
pub(crate) struct Scratch {
    text: String,
    ranges: Vec<(usize, usize)>,
}

impl Scratch {
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
                    field: options.key("max_length"),
                    reason: format!("must be from 1 to {} on {platform}, got {m}", platform.max_length()),
                })
            }
            Some(m) => m,
            None => platform.max_length(),
        };
        if options.random > MAX_RANDOM {
            // `set` caps it already; this is for the Rust builder.
            return Err(Error::InvalidValue {
                field: options.key("random"),
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

    /// Writes the code straight from the pieces when no personal part is empty and
    /// nothing needs cutting (the common case); returns false, writing nothing,
    /// when the general [`Format::layout`] is needed. Both give the same code.
    #[inline]
    pub(crate) fn write_fast(&self, s: &Scratch, rng: &mut Rng, out: &mut String) -> Result<bool> {
        let mut personal = 0;
        for &(a, b) in &s.ranges {
            if a == b {
                return Ok(false);
            }
            personal += b - a;
        }
        if self.fixed_chars + personal > self.max_length {
            return Ok(false);
        }
        let mut i = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) | Piece::Sep(t) => out.push_str(t),
                Piece::Personal { .. } => {
                    let (a, b) = s.ranges[i];
                    out.push_str(&s.text[a..b]);
                    i += 1;
                }
                Piece::Random(n) => draw_part(&self.alphabet, *n, self.check.as_ref(), rng, out)?,
            }
        }
        Ok(true)
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
        for piece in &self.pieces {
            if let Piece::Personal { field, width } = piece {
                let (a, b) = match full[*field as usize] {
                    Some(range) => range,
                    None => {
                        let raw = partner.field(*field).unwrap_or("");
                        let raw = if *field == Field::Email { email_local_part(raw) } else { raw };
                        let start = s.text.len();
                        push_code_safe(raw, self.options.german_umlauts, &mut s.text);
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

    /// Resolves the layout for these personal values: empty parts collapsed with
    /// their separators, personal parts shortened (longest first) so the code,
    /// plus `reserve` characters for a counter, fits `max_length`.
    pub(crate) fn layout(&self, values: &[&str], reserve: usize) -> Result<Layout> {
        let mut values: Vec<&str> = values.to_vec();
        for _ in 0..2 {
            let toks = self.collapse(&values);
            let mut total = reserve;
            let mut personal = 0usize;
            for t in &toks {
                match *t {
                    Tok::Text(s) => total += s.chars().count(),
                    Tok::Personal(i) => personal += values[i].len(),
                    Tok::Random(n) => total += n,
                }
            }
            if total + personal <= self.max_length {
                return Ok(self.assemble(&toks, &values));
            }
            let budget = self
                .max_length
                .checked_sub(total)
                .filter(|b| *b > 0)
                .ok_or(Error::CodeSpaceExhausted { requested: 1, available: 0 })?;
            let present: Vec<usize> =
                toks.iter().filter_map(|t| if let Tok::Personal(i) = t { Some(*i) } else { None }).collect();
            let lens: Vec<usize> = present.iter().map(|&i| values[i].len()).collect();
            for (&i, len) in present.iter().zip(fit_lengths(&lens, budget)) {
                values[i] = &values[i][..len];
            }
        }
        let toks = self.collapse(&values);
        Ok(self.assemble(&toks, &values))
    }

    /// The layout's tokens with empty personal parts removed along with the
    /// separator characters they would leave leading, trailing or doubled.
    fn collapse<'a>(&'a self, values: &[&str]) -> Vec<Tok<'a>> {
        #[derive(Clone, Copy)]
        enum T<'a> {
            Tok(Tok<'a>),
            Sep(&'a str),
            Hole,
        }
        let mut toks: Vec<T<'a>> = Vec::with_capacity(self.pieces.len());
        let mut personal = 0;
        for piece in &self.pieces {
            toks.push(match piece {
                Piece::Text(s) => T::Tok(Tok::Text(s)),
                Piece::Sep(s) => T::Sep(s),
                Piece::Random(n) => T::Tok(Tok::Random(*n)),
                Piece::Personal { .. } => {
                    personal += 1;
                    if values[personal - 1].is_empty() {
                        T::Hole
                    } else {
                        T::Tok(Tok::Personal(personal - 1))
                    }
                }
            });
        }
        let mut i = 0;
        while i < toks.len() {
            if !matches!(toks[i], T::Hole) {
                i += 1;
                continue;
            }
            let mut a = i;
            while a > 0 && matches!(toks[a - 1], T::Sep(_)) {
                a -= 1;
            }
            let mut b = i + 1;
            while b < toks.len() && matches!(toks[b], T::Sep(_)) {
                b += 1;
            }
            let content_before = a > 0;
            let content_after = toks[b..].iter().any(|t| matches!(t, T::Tok(_)));
            if !content_before || (content_after && a < i && b > i + 1) {
                toks.drain(i..b); // the hole and the separators after it
            } else if !content_after {
                toks.drain(a..=i); // trailing separators and the hole
                i = a;
            } else {
                toks.remove(i);
            }
        }
        toks.into_iter()
            .map(|t| match t {
                T::Tok(t) => t,
                T::Sep(s) => Tok::Text(s),
                T::Hole => Tok::Text(""),
            })
            .collect()
    }

    fn assemble(&self, toks: &[Tok<'_>], values: &[&str]) -> Layout {
        let mut segs: Vec<Seg> = Vec::new();
        let mut part = 0;
        let push_text = |segs: &mut Vec<Seg>, s: &str| {
            if s.is_empty() {
                return;
            }
            if let Some(Seg::Fixed(last)) = segs.last_mut() {
                last.push_str(s);
            } else {
                segs.push(Seg::Fixed(s.to_owned()));
            }
        };
        for t in toks {
            match *t {
                Tok::Text(s) => {
                    push_text(&mut segs, s);
                }
                Tok::Personal(i) => {
                    push_text(&mut segs, values[i]);
                }
                Tok::Random(n) => {
                    segs.push(Seg::Random { part, len: n });
                    part += 1;
                }
            }
        }
        Layout { segs }
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

/// A resolved layout token.
#[derive(Clone, Copy, Debug)]
enum Tok<'a> {
    Text(&'a str),
    Personal(usize),
    Random(usize),
}

/// A layout with its personal parts filled in: fixed text and random slots.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Layout {
    pub(crate) segs: Vec<Seg>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Seg {
    Fixed(String),
    Random { part: usize, len: usize },
}

/// After this many blocked draws in a row for one random part, give up (only a
/// contrived alphabet gets anywhere near: formats whose random parts are mostly
/// blocked are rejected when they are built).
pub(crate) const MAX_BLOCKED_REDRAWS: usize = 100_000;

impl Layout {
    /// Writes a code: fixed text as is, each random part drawn left to right and
    /// redrawn as a whole while it spells a blocked word.
    pub(crate) fn write(&self, format: &Format, rng: &mut Rng, out: &mut String) -> Result<()> {
        for seg in &self.segs {
            match seg {
                Seg::Fixed(s) => out.push_str(s),
                Seg::Random { len, .. } => draw_part(&format.alphabet, *len, format.check.as_ref(), rng, out)?,
            }
        }
        Ok(())
    }
}

/// Draws one random part of `len` characters that spells no blocked word (with
/// a `check`, `len − 1` random characters and their check character).
pub(crate) fn draw_part(
    alphabet: &Alphabet,
    len: usize,
    check: Option<&Check>,
    rng: &mut Rng,
    out: &mut String,
) -> Result<()> {
    let blocklist = Blocklist::get();
    let mut small = [0u8; 64];
    let data = len - usize::from(check.is_some());
    if let (Some(lut), Some(idx)) = (&alphabet.lut, small.get_mut(..len)) {
        // The hot path: byte-table sampling, one automaton step per character.
        for _ in 0..MAX_BLOCKED_REDRAWS {
            rng.fill_lut(lut, &mut idx[..data])?;
            if let Some(c) = check {
                idx[data] = c.digit(&idx[..data]) as u8;
            }
            let mut state = blocklist.start();
            let mut clean = true;
            for &i in idx.iter() {
                state = blocklist.step(state, alphabet.symbols.get(i as usize).copied().unwrap_or(0));
                if blocklist.is_hit(state) {
                    clean = false;
                    break;
                }
            }
            if clean {
                out.reserve(len);
                match &alphabet.ascii {
                    Some(bytes) => out.extend(idx.iter().map(|&i| bytes.get(i as usize).map_or('?', |&b| b as char))),
                    None => out.extend(idx.iter().map(|&i| alphabet.chars.get(i as usize).copied().unwrap_or('?'))),
                }
                return Ok(());
            }
        }
        return Err(Error::CodeSpaceExhausted { requested: 1, available: 0 });
    }
    let mut large: Vec<usize> = Vec::with_capacity(len);
    for _ in 0..MAX_BLOCKED_REDRAWS {
        large.clear();
        for _ in 0..data {
            large.push(alphabet.draw(rng)?);
        }
        if let Some(c) = check {
            let s = c.interim(0, large.iter().map(|&d| d as u32));
            large.push(c.digit_after(s) as usize);
        }
        if !blocklist.blocks(large.iter().map(|&i| alphabet.symbols[i])) {
            out.extend(large.iter().map(|&i| alphabet.chars[i]));
            return Ok(());
        }
    }
    Err(Error::CodeSpaceExhausted { requested: 1, available: 0 })
}

/// Shortens lengths (longest first; among equals, the later one first) until
/// their sum fits `budget`.
fn fit_lengths(lens: &[usize], budget: usize) -> Vec<usize> {
    let total: usize = lens.iter().sum();
    if total <= budget {
        return lens.to_vec();
    }
    // The largest cap L with sum(min(len, L)) <= budget; leftovers go, one
    // character each, to the earliest parts still longer than L.
    let (mut lo, mut hi) = (0usize, lens.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if lens.iter().map(|&l| l.min(mid)).sum::<usize>() <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut out: Vec<usize> = lens.iter().map(|&l| l.min(lo)).collect();
    let mut left = budget - out.iter().sum::<usize>();
    for (o, &l) in out.iter_mut().zip(lens) {
        if left == 0 {
            break;
        }
        if l > lo {
            *o += 1;
            left -= 1;
        }
    }
    out
}

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
        push_literal_char(c, field, position, case, platform, &mut out)?;
    }
    Ok(out)
}

/// Appends the full case mapping of the literal character `c` (`İ` lowercases to
/// `i` + U+0307, as a platform that lowercases codes stores it), or fails with
/// `invalid_character` when the platform does not allow what it becomes.
fn push_literal_char(
    c: char,
    field: &'static str,
    position: usize,
    case: Case,
    platform: Platform,
    out: &mut String,
) -> Result<()> {
    let start = out.len();
    case.push_full(c, out);
    if out[start..].chars().all(|m| platform.allows(m)) {
        Ok(())
    } else {
        Err(Error::InvalidCharacter { field, character: c, position, platform: platform.name() })
    }
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

fn default_layout(options: &FormatOptions, prefix: &str, discount: Option<String>, separator: &str) -> Vec<Piece> {
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    if !prefix.is_empty() {
        groups.push(vec![Piece::Text(prefix.to_owned())]);
    }
    let mut middle = Vec::new();
    for (on, field) in [(options.name, Field::Name), (options.surname, Field::Surname), (options.email, Field::Email)] {
        if on {
            middle.push(Piece::Personal { field, width: None });
        }
    }
    if let Some(d) = discount {
        middle.push(Piece::Text(d));
    }
    if !middle.is_empty() {
        groups.push(middle);
    }
    if options.random > 0 {
        groups.push(vec![Piece::Random(options.random)]);
    }
    let mut pieces = Vec::new();
    for (i, group) in groups.into_iter().enumerate() {
        if i > 0 && !separator.is_empty() {
            pieces.push(Piece::Sep(separator.to_owned()));
        }
        pieces.extend(group);
    }
    pieces
}

const PLACEHOLDERS: &[&str] = &["prefix", "name", "surname", "email", "discount", "random"];

fn parse_template(
    template: &str,
    options: &FormatOptions,
    prefix: &str,
    discount: Option<&str>,
    case: Case,
    platform: Platform,
) -> Result<Vec<Piece>> {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut used = [false; 6];
    let mut i = 0;
    // `c` decides text or separator; `cased` is its full case mapping (`İ` in
    // lower case is `i` + U+0307, both text).
    let push_literal = |pieces: &mut Vec<Piece>, c: char, cased: &str| {
        let sep = !c.is_alphanumeric();
        match pieces.last_mut() {
            Some(Piece::Sep(s)) if sep => s.push_str(cased),
            Some(Piece::Text(s)) if !sep => s.push_str(cased),
            _ => pieces.push(if sep { Piece::Sep(cased.to_owned()) } else { Piece::Text(cased.to_owned()) }),
        }
    };
    let mut cased = String::new();
    while i < chars.len() {
        let c = chars[i];
        let escaped = (c == '{' || c == '}') && chars.get(i + 1) == Some(&c);
        if c == '{' && !escaped {
            let Some(len) = chars[i + 1..].iter().position(|&x| x == '}' || x == '{') else {
                return Err(Error::UnbalancedBrace { brace: '{', position: i });
            };
            if chars[i + 1 + len] == '{' {
                return Err(Error::UnbalancedBrace { brace: '{', position: i });
            }
            let inner: String = chars[i + 1..i + 1 + len].iter().collect();
            pieces.push(placeholder(&inner, i, options, prefix, discount, &mut used)?);
            i += len + 2;
            continue;
        }
        if c == '}' && !escaped {
            return Err(Error::UnbalancedBrace { brace: '}', position: i });
        }
        cased.clear();
        push_literal_char(c, "template", i, case, platform, &mut cased)?;
        push_literal(&mut pieces, c, &cased);
        i += if escaped { 2 } else { 1 };
    }
    let unused = [
        (!options.prefix.is_empty(), 0, "prefix"),
        (options.name, 1, "name"),
        (options.surname, 2, "surname"),
        (options.email, 3, "email"),
        (options.discount.is_some(), 4, "discount"),
        (options.random > 0, 5, "random"),
    ];
    for (set, index, name) in unused {
        if set && !used[index] {
            return Err(Error::UnusedSetting { setting: name, placeholder: name });
        }
    }
    Ok(pieces)
}

fn placeholder(
    inner: &str,
    position: usize,
    options: &FormatOptions,
    prefix: &str,
    discount: Option<&str>,
    used: &mut [bool; 6],
) -> Result<Piece> {
    let (name, width) = match inner.split_once(':') {
        Some((n, w)) => (n, Some(w)),
        None => (inner, None),
    };
    let Some(index) = PLACEHOLDERS.iter().position(|&p| p == name) else {
        return Err(Error::UnknownPlaceholder { placeholder: inner.to_owned(), position });
    };
    let invalid = |reason: String| Error::InvalidPlaceholder { placeholder: inner.to_owned(), position, reason };
    let width = match width {
        None => None,
        Some(_) if matches!(name, "prefix" | "discount") => {
            return Err(invalid(format!("`{name}` takes no length; write `{{{name}}}`")))
        }
        Some(w) => match w.parse::<usize>() {
            Ok(n) if (1..=MAX_RANDOM).contains(&n) && w.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(invalid(format!("the length must be a whole number from 1 to {MAX_RANDOM}"))),
        },
    };
    if width.is_none() || name != "random" {
        used[index] = true;
    }
    Ok(match name {
        "prefix" if prefix.is_empty() => {
            return Err(invalid("set the `prefix` option, or write the text into the template".into()))
        }
        "prefix" => Piece::Text(prefix.to_owned()),
        "discount" => match discount {
            Some(d) => Piece::Text(d.to_owned()),
            None => return Err(invalid("set the `discount` option".into())),
        },
        "random" => match width {
            Some(n) => Piece::Random(n),
            None if options.random > 0 => Piece::Random(options.random),
            None => return Err(invalid("set the `random` option, or give a length as `{random:N}`".into())),
        },
        "name" => Piece::Personal { field: Field::Name, width },
        "surname" => Piece::Personal { field: Field::Surname, width },
        _ => Piece::Personal { field: Field::Email, width },
    })
}

/// The check scheme of a format with `check_symbol`, or why it can't have one.
fn check_scheme(options: &FormatOptions, alphabet: &Alphabet, lens: &[usize]) -> Result<Option<Check>> {
    if !options.check_symbol {
        return Ok(None);
    }
    if lens.is_empty() || lens.iter().any(|&n| n < 2) {
        return Err(Error::InvalidValue {
            field: options.key("check_symbol"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(opts: FormatOptions) -> Format {
        opts.build().unwrap()
    }

    #[test]
    fn lengths_are_cut_longest_first() {
        assert_eq!(fit_lengths(&[10, 3], 8), vec![5, 3]);
        assert_eq!(fit_lengths(&[4, 4], 5), vec![3, 2]);
        assert_eq!(fit_lengths(&[2, 9, 2], 6), vec![2, 2, 2]);
        assert_eq!(fit_lengths(&[5], 9), vec![5]);
    }

    #[test]
    fn empty_personal_parts_take_their_separators_with_them() {
        let f = fmt(FormatOptions::new().template("{prefix}-{name}-{random:2}").prefix("P").case(Case::Upper));
        assert_eq!(f.layout(&[""], 0).unwrap().segs[0], Seg::Fixed("P-".into()));
        let f = fmt(FormatOptions::new().template("{name}_{surname}").name(true).surname(true));
        let l = f.layout(&["", "DOE"], 0).unwrap();
        assert_eq!(l.segs, vec![Seg::Fixed("DOE".into())]);
        let l = f.layout(&["JOHN", ""], 0).unwrap();
        assert_eq!(l.segs, vec![Seg::Fixed("JOHN".into())]);
    }

    #[test]
    fn camel_case_keys_render_in_messages() {
        assert_eq!(display_key("max_length", KeyStyle::Camel), "maxLength");
        assert_eq!(suggest("maxlength", FORMAT_OPTIONS, KeyStyle::Camel), Some("maxLength"));
        assert_eq!(suggest("colour", FORMAT_OPTIONS, KeyStyle::Snake), None);
    }
}
