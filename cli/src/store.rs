//! `promocode store`: the program store's codes — import existing ones, export
//! everything (with releases), counts.

use crate::{io_reason, open_input, output, shown, Failure, Outcome};
use clap::{Args, Subcommand};
use promocode::store::Record;
use promocode::Store;
use std::io::{BufRead, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  promocode store import codes-in-use.txt --store sqlite:codes.db
  promocode store export --store sqlite:codes.db -o codes.csv
  promocode store stats --store postgresql://app@db.internal/promo --check";

/// Works with a program store (`--store sqlite:codes.db` or `postgresql://…`)
#[derive(Subcommand, Debug)]
#[command(after_help = EXAMPLES)]
pub enum StoreCommand {
    /// Records codes that exist elsewhere (one per line; compared ignoring case and accents)
    Import(ImportArgs),
    /// Writes every code as CSV: code, partner_id, coupon, origin, created, released, program
    Export(ExportArgs),
    /// Counts codes per program and coupon
    Stats(StatsArgs),
}

/// The store and program every store command works on.
#[derive(Args, Debug)]
pub struct Target {
    /// The store: `sqlite:PATH` or `postgresql://user@host/db`
    #[arg(long, value_name = "URI")]
    store: String,
    /// The program in the store
    #[arg(long, value_name = "NAME", default_value = "default")]
    program: String,
}

impl Target {
    fn open(&self) -> Result<Store, Failure> {
        Store::open(&self.store).and_then(|s| s.with_program(&self.program)).map_err(Failure::setup)
    }
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file of codes, one per line; `-` reads standard input
    #[arg(value_name = "FILE")]
    input: PathBuf,
    #[command(flatten)]
    target: Target,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Where the CSV goes [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Every program, not just `--program`
    #[arg(long)]
    all_programs: bool,
    #[command(flatten)]
    target: Target,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// Also run the store's integrity check (reads the whole store)
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    target: Target,
}

/// Codes recorded per transaction.
const IMPORT_BATCH: usize = 100_000;

pub fn run(cmd: StoreCommand) -> Outcome {
    match cmd {
        StoreCommand::Import(args) => import(args),
        StoreCommand::Export(args) => export(args),
        StoreCommand::Stats(args) => stats(args),
    }
}

fn import(args: ImportArgs) -> Outcome {
    let store = args.target.open()?;
    let mut input = open_input(&args.input)?;
    let (mut read, mut added) = (0u64, 0u64);
    let mut batch: Vec<String> = Vec::with_capacity(IMPORT_BATCH);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|e| Failure::Setup(format!("cannot read {}: {}", shown(&args.input), io_reason(&e))))?;
        if n > 0 {
            let text = String::from_utf8_lossy(&line);
            let code = text.trim_end_matches(['\n', '\r']);
            if !code.trim().is_empty() {
                batch.push(code.to_owned());
                read += 1;
            }
        }
        if batch.len() == IMPORT_BATCH || (n == 0 && !batch.is_empty()) {
            added += store.add_existing(batch.drain(..)).map_err(|e| {
                Failure::setup(format!("{e} ({added} of the first {read} codes were recorded before this)"))
            })?;
        }
        if n == 0 {
            break;
        }
    }
    eprintln!(
        "promocode: {added} of {read} codes were new to program `{}` ({} already there)",
        store.program(),
        read - added
    );
    Ok(true)
}

fn export(args: ExportArgs) -> Outcome {
    let store = args.target.open()?;
    let (out, output) = output::create(args.output.as_deref())?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["code", "partner_id", "coupon", "origin", "created", "released", "program"])?;
    let mut write_error: Option<csv::Error> = None;
    let mut rows = 0u64;
    store
        .export(args.all_programs, |r: Record| {
            let fields = [
                r.code.as_str(),
                r.partner.as_deref().unwrap_or(""),
                r.coupon.as_deref().unwrap_or(""),
                r.origin.as_str(),
                r.created.as_str(),
                r.released.as_deref().unwrap_or(""),
                r.program.as_str(),
            ];
            match csv.write_record(fields) {
                Ok(()) => {
                    rows += 1;
                    true
                }
                Err(e) => {
                    write_error = Some(e);
                    false
                }
            }
        })
        .map_err(
            |e| if rows == 0 { Failure::setup(e) } else { Failure::Partial(format!("{e} (after {rows} rows)")) },
        )?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    csv.flush().map_err(Failure::output)?;
    drop(csv);
    output.commit()?;
    Ok(true)
}

fn stats(args: StatsArgs) -> Outcome {
    let store = args.target.open()?;
    if args.check {
        store.check().map_err(Failure::setup)?;
    }
    let stats = store.stats().map_err(Failure::setup)?;
    let (mut out, _stdout) = output::create(None)?;
    let mut lines = vec![format!("store: {} ({})", store.address(), store.kind())];
    if stats.is_empty() {
        lines.push("no codes yet".into());
    }
    for p in &stats {
        lines.push(format!(
            "program {}: {} codes ({} for partners, {} existing), {} released",
            p.program, p.codes, p.partner_codes, p.existing, p.released
        ));
        for (coupon, n) in &p.coupons {
            lines.push(format!("  coupon {coupon}: {n} codes"));
        }
    }
    if args.check {
        lines.push("integrity check: ok".into());
    }
    for line in lines {
        writeln!(out, "{line}").map_err(Failure::output)?;
    }
    out.flush().map_err(Failure::output)?;
    Ok(true)
}
