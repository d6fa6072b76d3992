//! Flags shared by `generate` and `codes`: the format settings and the generator.

use crate::{io_reason, open_input, shown, Failure};
use clap::Args;
use promocode::{Format, FormatOptions, Generator, KeyStyle, Store, Value};
use std::io::BufRead;
use std::path::PathBuf;

/// The format settings, one flag each. Only the flags given are handed to the
/// core (through `FormatOptions::set`); everything else keeps the core's default.
#[derive(Args, Debug, Default)]
#[command(next_help_heading = "Format")]
pub struct FormatArgs {
    /// Literal text at the start of every code, e.g. PARTNER
    #[arg(long, value_name = "TEXT")]
    pub prefix: Option<String>,
    /// Include the partner's first name
    #[arg(long)]
    pub name: bool,
    /// Include the partner's last name
    #[arg(long)]
    pub surname: bool,
    /// Include the email's local part (before the last @, +tag dropped)
    #[arg(long)]
    pub email: bool,
    /// Include the coupon amount (its whole part: 12.5 gives 12)
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_number)]
    pub discount: Option<Value>,
    /// Number of random characters
    #[arg(long, value_name = "N")]
    pub random: Option<u64>,
    /// Custom layout: {prefix} {name} {surname} {email} {discount} {random}, {random:N},
    /// {name:N} {surname:N} {email:N} (at most N characters); other text is literal
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<String>,
    /// Joins the groups of the default layout and comes before a collision counter
    /// [default: -, or none where the platform forbids -]
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub separator: Option<String>,
    /// Target platform, whose rules every code follows: generic, stripe, stripe-legacy,
    /// paddle, shopify, woocommerce, partnero, partnero-coupon [default: generic]
    #[arg(long, value_name = "PLATFORM")]
    pub platform: Option<String>,
    /// Letter case, upper or lower [default: the platform's]
    #[arg(long, value_name = "CASE")]
    pub case: Option<String>,
    /// Characters for the random part [default: 23456789BCDFGHJKMNPQRSTVWXZ]
    #[arg(long, value_name = "CHARS")]
    pub alphabet: Option<String>,
    /// Hard cap on the code length; names are shortened to fit [default: the platform's]
    #[arg(long, value_name = "N")]
    pub max_length: Option<u64>,
    /// Transliterate ä ö ü as ae oe ue (Müller → MUELLER)
    #[arg(long)]
    pub german_umlauts: bool,
    /// End each random part with a check character: a mistyped character or two
    /// swapped ones are detected (costs one character of randomness)
    #[arg(long)]
    pub check_symbol: bool,
}

/// A number as typed: `20` stays an integer (messages echo it as `20`, not
/// `20.0`); the core decides which numbers are allowed (NaN and negatives are not).
fn parse_number(text: &str) -> Result<Value, String> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Int(i));
    }
    text.parse::<f64>().map(Value::Float).map_err(|_| format!("`{text}` is not a number"))
}

impl FormatArgs {
    /// The settings given on the command line, as the core's option keys.
    fn settings(&self) -> Vec<(&'static str, Value)> {
        let mut out = Vec::new();
        let mut text = |key, v: &Option<String>| {
            if let Some(v) = v {
                out.push((key, Value::from(v.as_str())));
            }
        };
        text("prefix", &self.prefix);
        text("template", &self.template);
        text("separator", &self.separator);
        text("platform", &self.platform);
        text("case", &self.case);
        text("alphabet", &self.alphabet);
        for (key, on) in [
            ("name", self.name),
            ("surname", self.surname),
            ("email", self.email),
            ("german_umlauts", self.german_umlauts),
            ("check_symbol", self.check_symbol),
        ] {
            if on {
                out.push((key, Value::Bool(true)));
            }
        }
        if let Some(d) = &self.discount {
            out.push(("discount", d.clone()));
        }
        if let Some(n) = self.random {
            out.push(("random", Value::UInt(n)));
        }
        if let Some(n) = self.max_length {
            out.push(("max_length", Value::UInt(n)));
        }
        out
    }

    /// Builds the format through the core; its message is the error.
    pub fn build(&self) -> Result<Format, Failure> {
        let mut options = FormatOptions::new();
        for (key, value) in self.settings() {
            options.set(key, &value, KeyStyle::Snake).map_err(Failure::setup)?;
        }
        options.build().map_err(Failure::setup)
    }
}

/// The generator's flags: the seed and the codes already in use.
#[derive(Args, Debug, Default)]
#[command(next_help_heading = "Uniqueness and randomness")]
pub struct GeneratorArgs {
    /// Seed for reproducible codes (the same in Rust, Python, Node and the browser);
    /// without it, randomness comes from the operating system
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// File of codes already in use, one per line (compared ignoring case and
    /// accents); repeat for several files, `-` for standard input
    #[arg(long, value_name = "FILE")]
    pub existing: Vec<PathBuf>,
    /// Codes one slip apart: off; warn (`generate` adds a `near` column listing
    /// codes one plausible typo or mishearing away); avoid (never issue a random
    /// part or counter one edit from an existing code) [default: warn for names,
    /// without the column]
    #[arg(long, value_name = "MODE")]
    pub typo_guard: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Where codes are kept between runs.
#[derive(Args, Debug, Default)]
#[command(next_help_heading = "Program store")]
pub struct StoreArgs {
    /// Keep codes in a store: `sqlite:codes.db` (created on first use) or
    /// `postgresql://user@host/db`. A re-run gives every partner with an `id` the
    /// code it already has; other processes using the store never get the same code
    #[arg(long, value_name = "URI")]
    pub store: Option<String>,
    /// The program in the store (codes are unique across all its coupons)
    #[arg(long, value_name = "NAME", default_value = "default", requires = "store")]
    pub program: String,
    /// The coupon the codes are for (a partner gets one code per coupon)
    #[arg(long, value_name = "NAME", default_value = "default", requires = "store")]
    pub coupon: String,
}

impl StoreArgs {
    /// The store, if `--store` was given, in `--program`.
    pub fn open(&self) -> Result<Option<Store>, Failure> {
        match &self.store {
            None => Ok(None),
            Some(uri) => {
                Ok(Some(Store::open(uri).and_then(|s| s.with_program(&self.program)).map_err(Failure::setup)?))
            }
        }
    }
}

/// Existing codes are registered this many at a time.
const EXISTING_BATCH: usize = 64 * 1024;

impl GeneratorArgs {
    /// A generator for `format` that knows every code of the `--existing` files.
    pub fn generator(&self, format: Format) -> Result<Generator, Failure> {
        let store = self.store.open()?;
        let mut gen = match &store {
            Some(store) => {
                Generator::with_store(format, self.seed, store.clone(), &self.store.coupon).map_err(Failure::setup)?
            }
            None => Generator::new(format, self.seed),
        };
        if let Some(mode) = &self.typo_guard {
            gen = gen.with_typo_guard(promocode::TypoGuard::from_name(mode).map_err(Failure::setup)?);
        }
        for path in &self.existing {
            let mut input = open_input(path)?;
            let read_error =
                |e: std::io::Error| Failure::Setup(format!("cannot read {}: {}", shown(path), io_reason(&e)));
            let mut batch: Vec<String> = Vec::with_capacity(EXISTING_BATCH);
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = input.read_until(b'\n', &mut line).map_err(read_error)?;
                if n > 0 {
                    let text = String::from_utf8_lossy(&line);
                    let code = text.trim_end_matches(['\n', '\r']);
                    if !code.trim().is_empty() {
                        batch.push(code.to_owned());
                    }
                }
                if batch.len() == EXISTING_BATCH || (n == 0 && !batch.is_empty()) {
                    match &store {
                        // With a store the codes are recorded in the program, for every later run.
                        Some(store) => {
                            store.add_existing(batch.drain(..)).map_err(Failure::setup)?;
                        }
                        None => {
                            gen.add_existing(batch.drain(..));
                        }
                    }
                }
                if n == 0 {
                    break;
                }
            }
        }
        Ok(gen)
    }
}
