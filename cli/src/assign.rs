//! `promocode assign`: gives one partner a hand-picked code in a program store.

use crate::{Failure, Outcome};
use clap::Args;
use promocode::{FormatOptions, Generator, Partner, Platform, Store};

const EXAMPLES: &str = "\
Examples:
  promocode assign --store sqlite:codes.db p-1042 JOHN20
  promocode assign --store sqlite:codes.db --coupon summer --platform woocommerce p-1042 JOHN20
      prints `john20`: the form WooCommerce stores
  promocode assign --store sqlite:codes.db --replace p-1042 JOHNNY20
      releases the partner's code and gives it JOHNNY20, in one step

The code is checked for the platform, then claimed for the partner in one
atomic step: two people picking the same code at once never both get it.
Prints the code as the platform stores it; warnings (a blocklisted word) go to
standard error.

Exit codes:
  0  the partner has the code (also when it already had it)
  1  the code was not assigned: invalid for the platform (`invalid_code`), taken
     (`code_taken`), or the partner has another code (`partner_has_code`; pass --replace)
  2  usage or setup error: a bad flag, a store that can't be opened";

/// Gives a partner a hand-picked code (claimed atomically in a program store)
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct AssignArgs {
    /// The partner's id
    #[arg(value_name = "ID")]
    id: String,
    /// The code to give it
    #[arg(value_name = "CODE")]
    code: String,
    /// The store: `sqlite:PATH` or `postgresql://user@host/db`
    #[arg(long, value_name = "URI")]
    store: String,
    /// The program in the store (codes are unique across all its coupons)
    #[arg(long, value_name = "NAME", default_value = "default")]
    program: String,
    /// The coupon the code is for (a partner gets one code per coupon)
    #[arg(long, value_name = "NAME", default_value = "default")]
    coupon: String,
    /// The platform whose rules the code must follow: generic, stripe, paddle,
    /// shopify, woocommerce, partnero, partnero-coupon [default: generic]
    #[arg(long, value_name = "NAME")]
    platform: Option<String>,
    /// Release the partner's current code in this coupon and assign CODE instead
    #[arg(long)]
    replace: bool,
}

pub fn run(args: AssignArgs) -> Outcome {
    let platform = match &args.platform {
        Some(name) => Platform::from_name(name).map_err(Failure::setup)?,
        None => Platform::Generic,
    };
    // Only the platform matters to `assign`; the format is the smallest valid one.
    let format = FormatOptions::new().platform(platform).random(8).build().map_err(Failure::setup)?;
    let store = Store::open(&args.store).and_then(|s| s.with_program(&args.program)).map_err(Failure::setup)?;
    let gen = Generator::with_store(format, None, store, &args.coupon).map_err(Failure::setup)?;
    match gen.assign(&Partner::new().id(args.id.as_str()), &args.code, args.replace) {
        Ok(assigned) => {
            for w in &assigned.warnings {
                eprintln!("warning: {}: {}", w.code, crate::input::printable(&w.message));
            }
            if let Some(old) = &assigned.replaced {
                eprintln!("promocode: released `{}`", crate::input::printable(old));
            }
            println!("{}", assigned.code);
            Ok(true)
        }
        Err(e) => match e.code().as_str() {
            "invalid_code" | "code_taken" | "partner_has_code" => {
                eprintln!("error: {}: {}", e.code(), crate::input::printable(&e.to_string()));
                Ok(false)
            }
            _ => Err(Failure::setup(e)),
        },
    }
}
