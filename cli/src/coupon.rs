//! `promocode coupon`: checks Partnero API requests from JSON files.

use crate::{io_reason, open_input, shown, Failure, Outcome};
use clap::{Args, Subcommand};
use promocode::Value;
use std::io::{Read, Write};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  the request is valid: the normalised request is printed
  1  the request breaks a rule: the API's 422 body is printed,
     {\"message\": ..., \"errors\": {\"field.path\": [...]}}
  2  usage or setup error: unreadable file, not JSON, not an object";

/// Checks Partnero API requests (create coupon, create promotion code).
#[derive(Subcommand, Debug)]
pub enum CouponCommand {
    /// Checks a create-coupon request (POST /v1/coupons) and prints the normalised
    /// coupon, or the 422 body the API would answer
    #[command(after_help = format!("Examples:\n  promocode coupon validate coupon.json --connected stripe,paddle\n  echo '{{\"coupon_discount_type\": \"percent\", \"coupon_discount_amount\": 20, \"coupon_duration_type\": \"once\"}}' | promocode coupon validate -\n\n{EXIT_CODES}"))]
    Validate(ValidateCoupon),
    /// Checks a create-promotion-code request (POST /v1/promotion-codes) and prints
    /// the normalised promotion code, or the 422 body
    #[command(after_help = format!("Example:\n  promocode coupon check-promotion-code promotion-code.json --seed 7\n\n{EXIT_CODES}"))]
    CheckPromotionCode(CheckPromotionCode),
    /// Prints the requests that create a coupon and its promotion codes on Stripe,
    /// Paddle, Shopify or WooCommerce: JSON Lines, one request a line, in the order
    /// to send them; fields the provider cannot express go to standard error
    #[command(after_help = REQUESTS_HELP)]
    Requests(Requests),
    /// Reads a provider's list of codes (a saved list response) and prints each code
    /// once (ignoring case and accents), one a line: a file for `generate --existing`
    #[command(after_help = EXISTING_HELP)]
    Existing(Existing),
}

const EXISTING_HELP: &str = "\
Examples:
  promocode coupon existing --provider woocommerce coupons-page1.json > existing.txt
  promocode generate partners.csv --name --discount 20 --existing existing.txt

The file is one list response: Stripe GET /v1/promotion_codes, Paddle GET /discounts,
a Shopify codeDiscountNodes query (selecting codes { nodes { code } }), or WooCommerce
GET /wp-json/wc/v3/coupons. Read each page and join the outputs.

Exit codes:
  0  the codes are printed
  2  unreadable file, not JSON, or not a list response of that provider";

#[derive(Args, Debug)]
pub struct Existing {
    /// The list response as JSON; `-` reads standard input
    #[arg(value_name = "RESPONSE.json")]
    file: PathBuf,
    /// stripe, paddle, shopify or woocommerce
    #[arg(long, value_name = "NAME")]
    provider: String,
}

const REQUESTS_HELP: &str = "\
Examples:
  promocode coupon requests coupon.json --codes codes.txt --provider shopify --currency EUR --amount-unit major
  promocode coupon requests coupon.json --provider stripe --api-version 2025-06-30.basil

Each output line is {\"method\", \"path\", \"headers\", \"body\"}; paths are relative to
the provider's address, authentication is yours. A body string {{N.path}} stands for
that value of request N's JSON response (Shopify bulk adds need the new discount's id).
Fields the provider cannot express are listed on standard error as
`unmapped: FIELD: REASON`: read them before sending.

Exit codes:
  0  the requests are printed (with --strict: and nothing is unmapped)
  1  the coupon or a code breaks a Partnero rule (the API's 422 body is printed),
     or --strict and some field is unmapped
  2  usage or setup error: unreadable file, a code the provider rejects, a missing
     currency or amount unit (the message names the field)";

#[derive(Args, Debug)]
pub struct Requests {
    /// The coupon as a JSON object (the shape `coupon validate` prints); its own
    /// `promotion_codes` are created too. `-` reads standard input
    #[arg(value_name = "COUPON.json")]
    file: PathBuf,
    /// More promotion codes: one code per line, or one JSON promotion-code object per
    /// line (`{"code": "JOHN20", "first_time_order": true}`); blank lines are skipped
    #[arg(long, value_name = "FILE")]
    codes: Option<PathBuf>,
    /// stripe, paddle, shopify or woocommerce
    #[arg(long, value_name = "NAME")]
    provider: String,
    /// ISO 4217 currency of static amounts and minimum orders (EUR, JPY, ...)
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// Unit of static amounts and minimum orders: major (12.50) or minor (1250 cents)
    #[arg(long, value_name = "UNIT")]
    amount_unit: Option<String>,
    /// Stripe (2026-09-30.endive) or Shopify (2025-10) API version
    #[arg(long, value_name = "VERSION")]
    api_version: Option<String>,
    /// When Shopify discounts start (ISO 8601) [default: now]
    #[arg(long, value_name = "TIME")]
    starts_at: Option<String>,
    /// Exit 1 when some field is unmapped
    #[arg(long)]
    strict: bool,
}

#[derive(Args, Debug)]
pub struct ValidateCoupon {
    /// The request as a JSON object; `-` reads standard input
    #[arg(value_name = "FILE.json")]
    file: PathBuf,
    /// Providers connected to the program (stripe, shopify, woocommerce, paddle);
    /// `sync.provider` must be one of them. Comma-separated or repeated
    #[arg(long, value_name = "PROVIDERS", value_delimiter = ',')]
    connected: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
pub struct CheckPromotionCode {
    /// The request as a JSON object; `-` reads standard input
    #[arg(value_name = "FILE.json")]
    file: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args, Debug)]
struct OutputArgs {
    /// Seed for the codes generated when `uuid_code` / `code` is absent (reproducible output)
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Print the JSON on one line instead of indented
    #[arg(long)]
    compact: bool,
}

pub fn run(cmd: CouponCommand) -> Outcome {
    match cmd {
        CouponCommand::Validate(args) => {
            let request = read_json(&args.file)?;
            let connected: Vec<&str> = args.connected.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
            report(promocode::validate_coupon(&request, &connected, args.output.seed), &args.output)
        }
        CouponCommand::CheckPromotionCode(args) => {
            let request = read_json(&args.file)?;
            report(promocode::validate_promotion_code(&request, args.output.seed), &args.output)
        }
        CouponCommand::Requests(args) => requests(args),
        CouponCommand::Existing(args) => {
            let response = read_json(&args.file)?;
            let codes = promocode::existing_codes(&args.provider, &response).map_err(Failure::setup)?;
            let mut out = std::io::stdout().lock();
            for code in codes {
                writeln!(out, "{code}").map_err(Failure::output)?;
            }
            out.flush().map_err(Failure::output)?;
            Ok(true)
        }
    }
}

fn requests(args: Requests) -> Outcome {
    let coupon = read_json(&args.file)?;
    let codes = match &args.codes {
        Some(path) => read_codes(path)?,
        None => Value::Null,
    };
    let shopify = args.provider.trim().eq_ignore_ascii_case("shopify");
    let starts_at = args.starts_at.clone().or_else(|| shopify.then(now));
    let options = promocode::ProviderOptions {
        currency: args.currency,
        amount_unit: args.amount_unit,
        api_version: args.api_version,
        starts_at,
    };
    let result = promocode::provider_requests(&coupon, &codes, &args.provider, &options);
    let out = match result {
        Ok(out) => out,
        Err(e) => return report(Err(e), &OutputArgs { seed: None, compact: true }),
    };
    let mut stdout = std::io::stdout().lock();
    if let Some(Value::Array(list)) = out.get("requests") {
        for r in list {
            let line = serde_json::to_string(&serde_json::Value::from(r)).map_err(|e| Failure::output(e.into()))?;
            writeln!(stdout, "{line}").map_err(Failure::output)?;
        }
    }
    stdout.flush().map_err(Failure::output)?;
    let mut unmapped = 0;
    if let Some(Value::Array(list)) = out.get("unmapped") {
        let mut stderr = std::io::stderr().lock();
        for u in list {
            let text = |k: &str| u.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            let _ = writeln!(stderr, "unmapped: {}: {}", text("field"), text("reason"));
            unmapped += 1;
        }
    }
    Ok(!(args.strict && unmapped > 0))
}

/// `--codes`: a code per line, or a JSON promotion-code object per line.
fn read_codes(path: &std::path::Path) -> Result<Value, Failure> {
    let mut text = String::new();
    open_input(path)?
        .read_to_string(&mut text)
        .map_err(|e| Failure::Setup(format!("cannot read {}: {}", shown(path), io_reason(&e))))?;
    let mut codes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('{') {
            let json: serde_json::Value = serde_json::from_str(line).map_err(|e| {
                Failure::Setup(format!("{} line {}: not a JSON promotion code: {e}", shown(path), i + 1))
            })?;
            codes.push(Value::from(json));
        } else {
            codes.push(Value::object([("code", Value::from(line))]));
        }
    }
    Ok(Value::Array(codes))
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`: the start of Shopify discounts
/// unless `--starts-at` says otherwise.
fn now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    promocode::provider::rfc3339(secs)
}

fn read_json(path: &std::path::Path) -> Result<Value, Failure> {
    let mut text = String::new();
    open_input(path)?
        .read_to_string(&mut text)
        .map_err(|e| Failure::Setup(format!("cannot read {}: {}", shown(path), io_reason(&e))))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Failure::Setup(format!("{} is not valid JSON: {e}", shown(path))))?;
    Ok(Value::from(json))
}

fn report(result: Result<Value, promocode::Error>, args: &OutputArgs) -> Outcome {
    let (value, ok) = match result {
        Ok(normalised) => (normalised, true),
        Err(e) => match e.validation_body() {
            Some(body) => (body, false),
            None => return Err(Failure::setup(e)),
        },
    };
    let json = serde_json::Value::from(&value);
    let text = if args.compact { serde_json::to_string(&json) } else { serde_json::to_string_pretty(&json) }
        .map_err(|e| Failure::output(e.into()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(Failure::output)?;
    Ok(ok)
}
