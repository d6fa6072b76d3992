//! `promocode validate`: checks codes against a platform's rules.

use crate::{io_reason, Failure, Outcome};
use clap::Args;
use promocode::{Platform, Report};
use std::io::{self, BufRead, Write};

const EXAMPLES: &str = "\
Output: one line per code, tab-separated:
  JOHN20           valid
  PARTNER-JOHN-XY  invalid  invalid_character at 7: `-` at position 7 is not allowed on paddle; ...
Every problem of a code is listed (`; `-separated); positions count characters from 0.
With --json, one JSON object per line: {\"code\", \"valid\", \"issues\": [{\"code\", \"message\",
\"position\"}], \"normalized\"} (`normalized`: the form the platform stores; null for an
invalid code).

Examples:
  promocode validate --platform paddle JOHN20 PARTNER-JOHN-XY
  promocode validate --platform woocommerce --json 'Summer<b>20'
  cut -d, -f5 with-codes.csv | promocode validate --platform stripe -

Exit codes:
  0  every code is valid
  1  some code is invalid
  2  usage or setup error (unknown platform, unreadable input)";

/// Checks codes against a platform's rules and lists every problem.
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct ValidateArgs {
    /// Platform whose rules apply: generic, stripe, stripe-legacy, paddle, shopify,
    /// woocommerce, partnero, partnero-coupon [default: generic]
    #[arg(long, value_name = "PLATFORM")]
    platform: Option<String>,

    /// One JSON object per code instead of tab-separated text
    #[arg(long)]
    json: bool,

    /// The codes; `-` reads codes from standard input, one per line (blank lines skipped)
    #[arg(value_name = "CODE", required = true)]
    codes: Vec<String>,
}

pub fn run(args: ValidateArgs) -> Outcome {
    let platform = match &args.platform {
        Some(name) => Platform::from_name(name).map_err(Failure::setup)?,
        None => Platform::default(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut all_valid = true;
    let mut check = |code: &str, out: &mut dyn Write| -> Result<(), Failure> {
        let report = platform.validate(code);
        all_valid &= report.valid;
        let line = if args.json { json_line(code, &report, platform) } else { text_line(code, &report) };
        writeln!(out, "{line}").map_err(Failure::output)
    };
    for arg in &args.codes {
        if arg != "-" {
            check(arg, &mut out)?;
            continue;
        }
        let mut input = io::stdin().lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = input
                .read_until(b'\n', &mut buf)
                .map_err(|e| Failure::Setup(format!("cannot read standard input: {}", io_reason(&e))))?;
            if n == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&buf);
            let code = text.trim_end_matches(['\n', '\r']);
            if !code.is_empty() {
                check(code, &mut out)?;
            }
        }
    }
    out.flush().map_err(Failure::output)?;
    Ok(all_valid)
}

fn text_line(code: &str, report: &Report) -> String {
    if report.valid {
        return format!("{code}\tvalid");
    }
    let issues: Vec<String> = report
        .issues
        .iter()
        .map(|i| match i.position {
            Some(p) => format!("{} at {p}: {}", i.code, i.message),
            None => format!("{}: {}", i.code, i.message),
        })
        .collect();
    format!("{code}\tinvalid\t{}", issues.join("; "))
}

fn json_line(code: &str, report: &Report, platform: Platform) -> String {
    let issues: Vec<serde_json::Value> = report
        .issues
        .iter()
        .map(|i| serde_json::json!({"code": i.code, "message": i.message, "position": i.position}))
        .collect();
    serde_json::json!({
        "code": code,
        "valid": report.valid,
        "issues": issues,
        "normalized": platform.normalize(code).ok(),
    })
    .to_string()
}
