//! `promocode codes`: N unique codes without partner data (bulk coupons).

use crate::options::{FormatArgs, GeneratorArgs};
use crate::{output, Failure, Outcome};
use clap::Args;
use promocode::MAX_CODES_PER_CALL;
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  promocode codes --count 1000 --prefix SUMMER --random 6
  promocode codes --count 50 --random 8 --platform paddle --seed 7
  promocode codes --count 200 --prefix VIP --random 4 --existing codes-in-use.txt

An impossible count (more than the format has unused codes, after --existing) fails
at once, before any output, with the number that is left; a possible one
succeeds, even when it takes every code that is left.

Exit codes:
  0  all N codes were written
  1  generation failed part-way (the codes written before it are unique)
  2  usage or setup error: bad flag or format setting, unreadable file, impossible count";

/// The codes are asked from the core this many at a time, so memory stays
/// bounded for any count.
const CHUNK: usize = if MAX_CODES_PER_CALL < 1 << 20 { MAX_CODES_PER_CALL } else { 1 << 20 };

/// Writes N unique codes, one per line, for a format without personal parts.
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct CodesArgs {
    /// How many codes
    #[arg(long, value_name = "N")]
    count: u64,

    /// Where the codes go [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Codes per core call (testing knob: results never depend on it)
    #[arg(long, hide = true, default_value_t = CHUNK as u64, value_parser = clap::value_parser!(u64).range(1..=CHUNK as u64))]
    chunk: u64,

    #[command(flatten)]
    format: FormatArgs,

    #[command(flatten)]
    generator: GeneratorArgs,
}

pub fn run(args: CodesArgs) -> Outcome {
    let format = args.format.build()?;
    output::refuse_overwriting(args.output.as_deref(), None, &args.generator.existing)?;
    let gen = args.generator.generator(format)?;
    let count = u128::from(args.count);
    // Checked for the whole count before the first chunk, so an impossible
    // request writes nothing.
    if let Some(left) = gen.remaining() {
        if count > left {
            return Err(Failure::setup(promocode::Error::CodeSpaceExhausted { requested: count, available: left }));
        }
    }
    let (mut out, output) = output::create(args.output.as_deref())?;
    let mut written = 0u64;
    while written < args.count {
        let n = usize::try_from(args.count - written).unwrap_or(usize::MAX).min(args.chunk as usize);
        let codes = gen.generate_codes(n).map_err(|e| {
            if written == 0 || output.is_file() {
                Failure::setup(e) // nothing was written
            } else {
                Failure::Partial(format!("{e} (after {written} codes)"))
            }
        })?;
        for code in &codes {
            out.write_all(code.as_bytes()).map_err(Failure::output)?;
            out.write_all(b"\n").map_err(Failure::output)?;
        }
        written += codes.len() as u64;
        out.flush().map_err(Failure::output)?;
    }
    out.flush().map_err(Failure::output)?;
    output.commit()?;
    Ok(true)
}
