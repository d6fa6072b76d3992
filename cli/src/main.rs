//! `promocode`: affiliate promotion codes from the shell.
//!
//! The command only parses arguments and files, calls the `promocode` core and
//! formats what it answers; every rule about codes lives in the core.

mod assign;
mod codes;
mod coupon;
mod generate;
mod input;
mod options;
mod output;
mod store;
mod validate;

use clap::{Parser, Subcommand};
use std::io;
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit codes:
  0  everything succeeded
  1  some rows got no code / some codes are invalid / the coupon failed validation
  2  usage or setup error: a bad flag or format setting, an unreadable file, a
     missing column, an impossible request (the message says what to fix)
  130  interrupted while writing a -o file (the file is left as it was)";

const MAIN_EXAMPLES: &str = "\
Examples:
  promocode generate partners.csv --name --discount 20
  promocode generate crm.jsonl --prefix PARTNER --name --random 2 --platform stripe
  promocode codes --count 1000 --prefix SUMMER --random 6
  promocode validate --platform paddle JOHN20 PARTNER-JOHN-XY
  promocode coupon validate coupon.json --connected stripe
  promocode coupon requests coupon.json --codes codes.txt --provider shopify --currency EUR --amount-unit major
  promocode generate partners.csv --name --discount 20 --store sqlite:codes.db
  promocode store export --store sqlite:codes.db
  promocode assign --store sqlite:codes.db p-1042 JOHN20";

/// Affiliate promotion codes (JOHN20, PARTNER-JOHN-XY, JOHNDOE15) for shell users:
/// one code per partner of a CSV or JSON Lines file, bulk codes, platform
/// validation and Partnero coupon checks.
#[derive(Parser, Debug)]
#[command(name = "promocode", version, after_help = format!("{MAIN_EXAMPLES}\n\n{EXIT_CODES}"))]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Adds a unique code to every partner of a CSV or JSON Lines file
    Generate(generate::GenerateArgs),
    /// Writes N unique codes, one per line, for a format without partner data
    Codes(codes::CodesArgs),
    /// Checks codes against a platform's rules (one report line per code)
    Validate(validate::ValidateArgs),
    /// Checks Partnero coupon and promotion-code requests (JSON files) and builds the
    /// requests that create them on Stripe, Paddle, Shopify or WooCommerce
    #[command(subcommand)]
    Coupon(coupon::CouponCommand),
    /// Imports, exports and counts the codes of a program store
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Gives a partner a hand-picked code, claimed atomically in a program store
    Assign(assign::AssignArgs),
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Failure {
    /// A usage or setup problem: printed as `error: ...`, exit code 2.
    Setup(String),
    /// A problem after output was written (partial output): exit code 1.
    Partial(String),
    /// Standard output was closed (`promocode ... | head`): stop quietly.
    BrokenPipe,
}

impl Failure {
    /// A setup failure from anything printable (core errors keep their message).
    pub fn setup(message: impl std::fmt::Display) -> Failure {
        Failure::Setup(message.to_string())
    }

    /// An I/O failure while writing the output.
    pub fn output(err: io::Error) -> Failure {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Setup(format!("cannot write the output: {}", io_reason(&err)))
        }
    }
}

impl From<csv::Error> for Failure {
    fn from(err: csv::Error) -> Failure {
        match err.into_kind() {
            csv::ErrorKind::Io(e) => Failure::output(e),
            other => Failure::Setup(format!("cannot write the output: {other:?}")),
        }
    }
}

/// What a command returns: `Ok(true)` when everything succeeded (exit 0),
/// `Ok(false)` when some rows or codes failed (exit 1).
pub type Outcome = Result<bool, Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Codes(args) => codes::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Coupon(cmd) => coupon::run(cmd),
        Command::Store(cmd) => store::run(cmd),
        Command::Assign(args) => assign::run(args),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Setup(message)) => {
            eprintln!("error: {}", input::printable(&message));
            ExitCode::from(2)
        }
        Err(Failure::Partial(message)) => {
            eprintln!("error: {}", input::printable(&message));
            ExitCode::from(1)
        }
    }
}

/// How `path` is named in messages (`-` is standard input).
pub fn shown(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        format!("`{}`", path.display())
    }
}

/// Opens `path` for reading; `-` is standard input. UTF-8 (byte-order mark
/// dropped) or UTF-16, decoded (see `input.rs`).
pub fn open_input(path: &std::path::Path) -> Result<Box<dyn io::BufRead>, Failure> {
    input::open(path).map(|input| input.reader)
}

/// An I/O error as a lowercase reason, without the `(os error N)` noise.
pub fn io_reason(err: &io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text.to_owned(),
    }
}
