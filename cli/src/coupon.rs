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
    }
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
