//! `promocode generate`: a code for every partner of a CSV or JSON Lines file.
//!
//! Rows stream through in chunks: read a chunk, hand its partners to
//! `Generator::generate_all`, write the rows with their `code`, `error` and
//! `warning`, flush.
//! Memory stays bounded whatever the input size, apart from the generator's
//! registry of issued codes. No row is ever dropped: a row that can't be read
//! (wrong number of fields, invalid UTF-8, a line that is not a JSON object) is
//! written with an empty code and an `invalid_row: ...` error.

use crate::options::{FormatArgs, GeneratorArgs};
use crate::{io_reason, output, shown, Failure, Outcome};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use promocode::{Field, Format, Partner, Value};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const EXAMPLES: &str = "\
Examples:
  promocode generate partners.csv --name --discount 20
      JOHN20, JOSE20, JOHN20-2 for a second John, ...
  promocode generate partners.csv --prefix PARTNER --name --random 2 --platform stripe
  promocode generate crm.csv --column name=first_name --column surname=last_name --name --surname --discount 15
  promocode generate - --name --discount 20 < partners.csv > with-codes.csv
  promocode generate partners.jsonl --name --existing codes-in-use.txt --seed 7
  promocode generate partners.csv --name --discount 20 --store sqlite:codes.db --coupon summer
      a re-run gives every row with an `id` the code it already has

Input: CSV with a header row, or JSON Lines (one object per line). The columns
`name` (first name), `surname`, `email` and `id` make the partner, with the
optional `locale` (a hint such as uk, bg, zh-TW, ja) and `name_reading` /
`surname_reading` (kana for kanji names); every other column is kept. The output
is every input row, in order, plus a `code`, an `error` and a `warning` column
(`error` is `code: message` when the row got no code; `warning` says, the same
way, when a code may be hard to recognise, e.g. a name written without vowels;
existing `code`, `error` and `warning` columns are overwritten). Blank lines are
not rows. With `--typo-guard warn` a `near` column lists the codes
(space-separated) that the row's code is one plausible typo or mishearing away
from (among the existing codes and every code issued so far, including the rest
of its chunk of rows).

A column the format needs but the input lacks (e.g. `--name` without a `name`
column) stops the command before any output: map it with `--column`.

Exit codes:
  0  every row got a code
  1  some rows got no code (see their `error` column); the output is complete
  2  usage or setup error: bad flag or format setting, unreadable file, missing column,
     an output that is an input, a full disk (a -o file is then left as it was)
  130  interrupted while writing a -o file (the file is left as it was)";

/// Rows handed to the core at once (the unit of streaming).
const CHUNK_ROWS: usize = 8192;

/// Writes a code for every partner of a CSV or JSON Lines file.
#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct GenerateArgs {
    /// The partner file (.csv, .jsonl or .ndjson); `-` or nothing reads standard input (CSV)
    #[arg(value_name = "FILE", default_value = "-")]
    input: PathBuf,

    /// Where the rows with codes go [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Input format [default: from the file extension; CSV for standard input]
    #[arg(long, value_name = "FORMAT")]
    input_format: Option<FileFormat>,

    /// Output format [default: the output file's extension, else the input format]
    #[arg(long, value_name = "FORMAT")]
    output_format: Option<FileFormat>,

    /// Read a partner field from another column: FIELD=COLUMN, FIELD one of
    /// name, surname, email, id, locale, name_reading, surname_reading (repeatable),
    /// e.g. --column name=first_name
    #[arg(long, value_name = "FIELD=COLUMN")]
    column: Vec<String>,

    /// CSV field delimiter, for input and output (e.g. ';' or a tab)
    #[arg(long, value_name = "CHAR", default_value = ",")]
    delimiter: char,

    /// Never show the progress bar (it only shows on a terminal, for inputs that
    /// take more than a second)
    #[arg(long)]
    no_progress: bool,

    /// Keep the codes already in the `code` column: each filled cell is checked for
    /// the platform and claimed for its row's partner (the row needs an `id`) before
    /// any code is generated, so generated codes never repeat one; a cell that can't
    /// be claimed gets an `error`. Reads the input twice (it must be a file)
    #[arg(long)]
    keep_codes: bool,

    /// Rows per chunk (testing knob: results never depend on it)
    #[arg(long, hide = true, default_value_t = CHUNK_ROWS as u64, value_parser = clap::value_parser!(u64).range(1..1 << 24))]
    chunk_rows: u64,

    #[command(flatten)]
    format: FormatArgs,

    #[command(flatten)]
    generator: GeneratorArgs,
}

/// A file format for partners.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// Comma-separated values with a header row
    Csv,
    /// JSON Lines: one JSON object per line
    Jsonl,
}

impl FileFormat {
    fn from_extension(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(FileFormat::Csv),
            "jsonl" | "ndjson" => Some(FileFormat::Jsonl),
            _ => None,
        }
    }
}

/// The partner fields, with the column each is read from by default.
const PARTNER_COLUMNS: [(&str, Option<Field>); COLUMNS] = [
    ("name", Some(Field::Name)),
    ("surname", Some(Field::Surname)),
    ("email", Some(Field::Email)),
    ("id", None),
    ("locale", None),
    ("name_reading", None),
    ("surname_reading", None),
];
const COLUMNS: usize = 7;

/// `--column FIELD=COLUMN` flags, checked: which column each partner field comes from.
struct ColumnMap {
    /// Column name per entry of [`PARTNER_COLUMNS`], and whether the user chose it.
    sources: [(String, bool); COLUMNS],
}

impl ColumnMap {
    fn parse(flags: &[String]) -> Result<ColumnMap, Failure> {
        let mut sources = PARTNER_COLUMNS.map(|(field, _)| (field.to_owned(), false));
        for flag in flags {
            let Some((field, column)) = flag.split_once('=') else {
                return Err(Failure::Setup(format!(
                    "`--column {flag}` needs the form FIELD=COLUMN, e.g. `--column name=first_name`"
                )));
            };
            let field = field.trim();
            let Some(i) = PARTNER_COLUMNS.iter().position(|(f, _)| *f == field) else {
                return Err(Failure::Setup(format!(
                    "`--column {flag}`: unknown partner field `{field}`; use name, surname, email, id, locale, name_reading or surname_reading"
                )));
            };
            if column.is_empty() {
                return Err(Failure::Setup(format!("`--column {flag}`: give the column name after `=`")));
            }
            sources[i] = (column.to_owned(), true);
        }
        Ok(ColumnMap { sources })
    }
}

/// Finds `name` in a header: exactly, else ignoring ASCII case and surrounding spaces.
fn find_column<'a>(header: impl Iterator<Item = &'a str> + Clone, name: &str) -> Option<usize> {
    header.clone().position(|h| h == name).or_else(|| header.clone().position(|h| h.trim().eq_ignore_ascii_case(name)))
}

/// One input row: what is written back, and the partner it holds (or why it
/// holds none).
struct Row {
    data: RowData,
    partner: Result<Partner, String>,
}

enum RowData {
    /// A CSV record (lossy UTF-8), as many fields as it had.
    Fields(Vec<String>),
    /// A JSON Lines object.
    Object(serde_json::Map<String, serde_json::Value>),
    /// A JSON Lines line that is not an object, as text.
    Raw(String),
}

/// The input side: yields rows in chunks.
trait RowReader {
    /// Appends up to `max` rows; appends none at the end of the input.
    fn read_chunk(&mut self, out: &mut Vec<Row>, max: usize) -> io::Result<()>;
    /// Bytes consumed so far (for the progress bar).
    fn bytes_read(&self) -> u64;
}

struct CsvRows {
    reader: csv::Reader<Box<dyn BufRead>>,
    width: usize,
    /// Column index of each of [`PARTNER_COLUMNS`].
    columns: [Option<usize>; COLUMNS],
    header: Vec<String>,
    record: csv::ByteRecord,
}

impl RowReader for CsvRows {
    fn read_chunk(&mut self, out: &mut Vec<Row>, max: usize) -> io::Result<()> {
        for _ in 0..max {
            if !self.reader.read_byte_record(&mut self.record).map_err(csv_io_error)? {
                break;
            }
            let line = self.record.position().map_or(0, |p| p.line());
            let mut fields = Vec::with_capacity(self.record.len());
            let mut problem = None;
            for (i, raw) in self.record.iter().enumerate() {
                match std::str::from_utf8(raw) {
                    Ok(s) => fields.push(s.to_owned()),
                    Err(_) => {
                        if problem.is_none() {
                            let column = self.header.get(i).map_or_else(|| format!("#{}", i + 1), |h| h.clone());
                            problem = Some(format!(
                                "invalid_row: line {line}: column `{column}` is not valid UTF-8; save the file as UTF-8"
                            ));
                        }
                        fields.push(String::from_utf8_lossy(raw).into_owned());
                    }
                }
            }
            if fields.len() != self.width {
                problem = Some(format!(
                    "invalid_row: line {line} has {} but the header has {}{}",
                    plural(fields.len(), "field"),
                    plural(self.width, "column"),
                    if fields.len() > self.width { "; the extra fields are not copied" } else { "" }
                ));
            }
            let partner = match problem {
                Some(p) => Err(p),
                None => {
                    let get = |i: usize| {
                        self.columns[i].and_then(|c| fields.get(c)).filter(|s| !s.is_empty()).map(|s| s.to_owned())
                    };
                    Ok(Partner {
                        name: get(0),
                        surname: get(1),
                        email: get(2),
                        id: get(3),
                        locale: get(4),
                        name_reading: get(5),
                        surname_reading: get(6),
                    })
                }
            };
            out.push(Row { data: RowData::Fields(fields), partner });
        }
        Ok(())
    }

    fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn csv_io_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

struct JsonRows {
    input: Box<dyn BufRead>,
    /// Key of each of [`PARTNER_COLUMNS`].
    keys: [String; COLUMNS],
    line: u64,
    bytes: u64,
    buf: Vec<u8>,
}

impl RowReader for JsonRows {
    fn read_chunk(&mut self, out: &mut Vec<Row>, max: usize) -> io::Result<()> {
        let mut rows = 0;
        while rows < max {
            self.buf.clear();
            let n = self.input.read_until(b'\n', &mut self.buf)?;
            if n == 0 {
                break;
            }
            self.line += 1;
            self.bytes += n as u64;
            let mut bytes = &self.buf[..];
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let line = self.line;
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    let raw = String::from_utf8_lossy(bytes).trim_end_matches(['\n', '\r']).to_owned();
                    let why = format!("invalid_row: line {line} is not valid UTF-8; save the file as UTF-8");
                    out.push(Row { data: RowData::Raw(raw), partner: Err(why) });
                    rows += 1;
                    continue;
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            rows += 1;
            let text = text.trim_end_matches(['\n', '\r']);
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(map)) => {
                    let partner = self.partner(&map);
                    out.push(Row { data: RowData::Object(map), partner });
                }
                Ok(other) => {
                    let kind = match other {
                        serde_json::Value::Array(_) => "an array",
                        serde_json::Value::String(_) => "a string",
                        serde_json::Value::Number(_) => "a number",
                        serde_json::Value::Bool(_) => "a boolean",
                        _ => "null",
                    };
                    let why = format!("invalid_row: line {line} is {kind}, not a JSON object");
                    out.push(Row { data: RowData::Raw(text.to_owned()), partner: Err(why) });
                }
                Err(e) => {
                    let message = e.to_string();
                    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
                    let why =
                        format!("invalid_row: line {line}, column {}: not valid JSON ({message})", e.column().max(1));
                    out.push(Row { data: RowData::Raw(text.to_owned()), partner: Err(why) });
                }
            }
        }
        Ok(())
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

impl JsonRows {
    /// The partner of one object, read by the core from the mapped keys (so
    /// wrong types get the core's `invalid_type` errors).
    fn partner(&self, map: &serde_json::Map<String, serde_json::Value>) -> Result<Partner, String> {
        let fields: Vec<(&str, Value)> = PARTNER_COLUMNS
            .iter()
            .zip(&self.keys)
            .filter_map(|((field, _), key)| map.get(key).map(|v| (*field, Value::from(v.clone()))))
            .collect();
        Partner::from_value(&Value::object(fields)).map_err(|e| error_text(&e))
    }
}

/// `code: message` for each warning about a partner's code, `; `-separated (the
/// text of the `warning` column); `None` when there is nothing to say.
fn warning_text(format: &Format, partner: &Partner) -> Option<String> {
    let warnings = format.warnings(partner).ok()?;
    let texts: Vec<String> = warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect();
    (!texts.is_empty()).then(|| texts.join("; "))
}

/// `code: message`, the text of the `error` column.
fn error_text(err: &promocode::Error) -> String {
    format!("{}: {err}", err.code())
}

/// The output side.
trait RowWriter {
    fn write(
        &mut self,
        row: &Row,
        code: Option<&str>,
        error: Option<&str>,
        warning: Option<&str>,
    ) -> Result<(), Failure>;
    fn flush(&mut self) -> Result<(), Failure>;
    /// The `near` column of the next row (`--typo-guard warn`).
    fn set_near(&mut self, near: String);
}

struct CsvOut {
    writer: csv::Writer<Box<dyn Write>>,
    /// Output header; `None` until known (JSON Lines input: the first object's keys).
    header: Option<Vec<String>>,
    code_at: usize,
    error_at: usize,
    warning_at: usize,
    record: Vec<String>,
    /// Where the `near` column goes, once the header is written with one.
    near_at: Option<usize>,
    with_near: bool,
    near: String,
}

impl CsvOut {
    fn new(out: Box<dyn Write>, delimiter: u8) -> CsvOut {
        let writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
        CsvOut {
            writer,
            header: None,
            code_at: 0,
            error_at: 0,
            warning_at: 0,
            record: Vec::new(),
            near_at: None,
            with_near: false,
            near: String::new(),
        }
    }

    /// Writes the header: the input's columns plus `code`, `error` and `warning` (reused
    /// when the input already has them).
    fn set_header(&mut self, mut header: Vec<String>) -> Result<(), Failure> {
        self.code_at = header.iter().position(|h| h == "code").unwrap_or_else(|| {
            header.push("code".into());
            header.len() - 1
        });
        self.error_at = header.iter().position(|h| h == "error").unwrap_or_else(|| {
            header.push("error".into());
            header.len() - 1
        });
        self.warning_at = header.iter().position(|h| h == "warning").unwrap_or_else(|| {
            header.push("warning".into());
            header.len() - 1
        });
        if self.with_near {
            self.near_at = Some(header.iter().position(|h| h == "near").unwrap_or_else(|| {
                header.push("near".into());
                header.len() - 1
            }));
        }
        self.writer.write_record(&header)?;
        self.header = Some(header);
        Ok(())
    }
}

impl RowWriter for CsvOut {
    fn write(
        &mut self,
        row: &Row,
        code: Option<&str>,
        error: Option<&str>,
        warning: Option<&str>,
    ) -> Result<(), Failure> {
        if self.header.is_none() {
            let keys = match &row.data {
                RowData::Object(map) => map.keys().cloned().collect(),
                _ => Vec::new(),
            };
            self.set_header(keys)?;
        }
        let header = self.header.as_deref().unwrap_or_default();
        self.record.clear();
        self.record.resize(header.len(), String::new());
        match &row.data {
            RowData::Fields(fields) => {
                for (slot, f) in self.record.iter_mut().zip(fields) {
                    slot.clone_from(f);
                }
            }
            RowData::Object(map) => {
                for (slot, key) in self.record.iter_mut().zip(header) {
                    match map.get(key) {
                        None | Some(serde_json::Value::Null) => {}
                        Some(serde_json::Value::String(s)) => slot.clone_from(s),
                        Some(other) => *slot = other.to_string(),
                    }
                }
            }
            RowData::Raw(_) => {}
        }
        self.record[self.code_at] = code.unwrap_or_default().to_owned();
        self.record[self.error_at] = error.unwrap_or_default().to_owned();
        self.record[self.warning_at] = warning.unwrap_or_default().to_owned();
        if let Some(i) = self.near_at {
            self.record[i] = std::mem::take(&mut self.near);
        }
        self.writer.write_record(&self.record)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Failure> {
        self.writer.flush().map_err(Failure::output)
    }

    fn set_near(&mut self, near: String) {
        self.near = near;
    }
}

struct JsonOut {
    out: Box<dyn Write>,
    /// The CSV header (CSV input), to name the fields.
    header: Vec<String>,
    /// The `near` value of the next row, when the column is on.
    near: Option<String>,
}

impl RowWriter for JsonOut {
    fn write(
        &mut self,
        row: &Row,
        code: Option<&str>,
        error: Option<&str>,
        warning: Option<&str>,
    ) -> Result<(), Failure> {
        let mut map = match &row.data {
            RowData::Object(map) => map.clone(),
            RowData::Fields(fields) => {
                self.header.iter().zip(fields).map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect()
            }
            RowData::Raw(text) => {
                let mut m = serde_json::Map::new();
                m.insert("input".into(), text.as_str().into());
                m
            }
        };
        let text = |s: Option<&str>| s.map_or(serde_json::Value::Null, serde_json::Value::from);
        map.insert("code".into(), text(code));
        map.insert("error".into(), text(error));
        map.insert("warning".into(), text(warning));
        if let Some(near) = self.near.as_mut() {
            map.insert("near".into(), std::mem::take(near).into());
        }
        serde_json::to_writer(&mut self.out, &map).map_err(|e| Failure::output(e.into()))?;
        self.out.write_all(b"\n").map_err(Failure::output)
    }

    fn flush(&mut self) -> Result<(), Failure> {
        self.out.flush().map_err(Failure::output)
    }

    fn set_near(&mut self, near: String) {
        if let Some(slot) = self.near.as_mut() {
            *slot = near;
        }
    }
}

/// A progress bar on standard error that appears only on a terminal, and only
/// once the run has taken more than a second.
struct Progress {
    bar: ProgressBar,
    start: Instant,
    wanted: bool,
    shown: bool,
}

impl Progress {
    fn new(total_bytes: Option<u64>, enabled: bool) -> Progress {
        let wanted = enabled && io::stderr().is_terminal();
        let bar = match total_bytes {
            Some(total) => {
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
                bar.set_style(
                    ProgressStyle::with_template("{bar:30.cyan/blue} {percent:>3}% {msg} ({elapsed}, ~{eta} left)")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar
            }
            None => {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar
            }
        };
        Progress { bar, start: Instant::now(), wanted, shown: false }
    }

    fn update(&mut self, bytes: u64, rows: u64, failed: u64) {
        if !self.wanted {
            return;
        }
        if !self.shown && self.start.elapsed() >= Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.set_position(bytes);
        self.bar.set_message(format!("{rows} rows, {failed} without a code"));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

pub fn run(args: GenerateArgs) -> Outcome {
    let format = args.format.build()?;
    let columns = ColumnMap::parse(&args.column)?;
    let delimiter = u8::try_from(args.delimiter)
        .ok()
        .filter(|b| b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r')
        .ok_or_else(|| Failure::Setup(format!("`--delimiter {}` must be one ASCII character", args.delimiter)))?;
    let is_stdin = args.input.as_os_str() == "-";
    let input_format = args
        .input_format
        .or_else(|| if is_stdin { None } else { FileFormat::from_extension(&args.input) })
        .unwrap_or(FileFormat::Csv);
    let output_format = args
        .output_format
        .or_else(|| args.output.as_deref().and_then(FileFormat::from_extension))
        .unwrap_or(input_format);
    let total_bytes = if is_stdin { None } else { std::fs::metadata(&args.input).ok().map(|m| m.len()) };

    output::refuse_overwriting(args.output.as_deref(), Some(&args.input), &args.generator.existing)?;
    if is_stdin && args.generator.existing.iter().any(|p| p.as_os_str() == "-") {
        return Err(Failure::Setup(
            "standard input can't hold both the partners and the `--existing` codes; put one of them in a file".into(),
        ));
    }
    if args.keep_codes && is_stdin {
        return Err(Failure::Setup(
            "`--keep-codes` reads the input twice, so it needs a file, not standard input; save the rows to a file first"
                .into(),
        ));
    }
    let Some((mut reader, csv_header)) = open_rows(&args.input, input_format, delimiter, &columns, &format)? else {
        return Ok(true); // empty input: no header, no rows, nothing to write
    };
    let gen = args.generator.generator(format.clone())?;
    let kept = if args.keep_codes {
        let Some((mut first, header)) = open_rows(&args.input, input_format, delimiter, &columns, &format)? else {
            return Ok(true);
        };
        keep_codes(&gen, first.as_mut(), header.as_deref(), &args.input)?
    } else {
        KeptCodes::default()
    };

    let (out, output) = output::create(args.output.as_deref())?;
    let near = args.generator.typo_guard.as_deref() == Some("warn");
    let mut writer: Box<dyn RowWriter> = match output_format {
        FileFormat::Csv => {
            let mut w = CsvOut::new(out, delimiter);
            w.with_near = near;
            if let Some(header) = &csv_header {
                w.set_header(header.clone())?;
            }
            Box::new(w)
        }
        FileFormat::Jsonl => {
            Box::new(JsonOut { out, header: csv_header.unwrap_or_default(), near: near.then(String::new) })
        }
    };

    let mut progress = Progress::new(total_bytes, !args.no_progress);
    let (mut rows, mut failed, mut reused) = (0u64, 0u64, 0u64);
    let chunk_rows = args.chunk_rows as usize;
    let mut chunk: Vec<Row> = Vec::with_capacity(chunk_rows);
    loop {
        chunk.clear();
        reader.read_chunk(&mut chunk, chunk_rows).map_err(|e| {
            let message = format!("cannot read {}: {}", shown(&args.input), io_reason(&e));
            if rows == 0 || output.is_file() {
                Failure::Setup(message) // nothing was written
            } else {
                Failure::Partial(format!("{message} (after {rows} rows)"))
            }
        })?;
        if chunk.is_empty() {
            break;
        }
        let base = rows;
        let filled = |i: usize| kept.rows.get(&(base + i as u64));
        let to_generate =
            chunk.iter().enumerate().filter(|(i, _)| filled(*i).is_none()).filter_map(|(_, r)| r.partner.as_ref().ok());
        let mut codes = gen.generate_all_issued(to_generate).into_iter();
        for (i, row) in chunk.iter().enumerate() {
            if let Some(kept) = filled(i) {
                match kept {
                    Ok((issued, warning)) => {
                        if issued.reused {
                            reused += 1;
                        }
                        if near {
                            let list: Vec<String> = gen.near(&issued.code, 5).into_iter().map(|s| s.code).collect();
                            writer.set_near(list.join(" "));
                        }
                        writer.write(row, Some(&issued.code), None, warning.as_deref())?
                    }
                    Err(why) => {
                        failed += 1;
                        writer.write(row, None, Some(why), None)?;
                    }
                }
                continue;
            }
            let result = match &row.partner {
                Ok(_) => codes.next().map(|r| r.map_err(|e| error_text(&e))),
                Err(why) => Some(Err(why.clone())),
            };
            match result {
                Some(Ok(issued)) => {
                    if issued.reused {
                        reused += 1;
                    }
                    if near {
                        let list: Vec<String> = gen.near(&issued.code, 5).into_iter().map(|s| s.code).collect();
                        writer.set_near(list.join(" "));
                    }
                    let warning = row.partner.as_ref().ok().and_then(|p| warning_text(gen.format(), p));
                    writer.write(row, Some(&issued.code), None, warning.as_deref())?
                }
                Some(Err(why)) => {
                    failed += 1;
                    writer.write(row, None, Some(&why), None)?;
                }
                None => unreachable!("generate_all returns one result per partner"),
            }
        }
        rows += chunk.len() as u64;
        writer.flush()?;
        progress.update(reader.bytes_read(), rows, failed);
    }
    writer.flush()?;
    output.commit()?;
    progress.finish();
    if let (Some(store), Some(coupon)) = (gen.store(), gen.coupon()) {
        let new = rows - failed - reused;
        eprintln!(
            "promocode: {} got a new code, {reused} already had one (store `{}`, program `{}`, coupon `{coupon}`)",
            plural(new as usize, "row"),
            store.address(),
            store.program()
        );
    }
    if failed > 0 {
        eprintln!("promocode: {failed} of {rows} rows got no code; their `error` column says why");
    }
    Ok(failed == 0)
}

/// The rows of an input, and its CSV header (`None` for JSON Lines).
type OpenRows = (Box<dyn RowReader>, Option<Vec<String>>);

/// Opens the input and reads a CSV header: the rows, and the CSV header (`None`
/// for JSON Lines); `None` for an empty CSV input.
fn open_rows(
    path: &Path,
    input_format: FileFormat,
    delimiter: u8,
    columns: &ColumnMap,
    format: &Format,
) -> Result<Option<OpenRows>, Failure> {
    let input = crate::input::open(path)?;
    Ok(Some(match input_format {
        FileFormat::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(input.csv_delimiter(delimiter))
                .from_reader(input.reader);
            let mut record = csv::ByteRecord::new();
            let has_header = reader
                .read_byte_record(&mut record)
                .map_err(|e| Failure::Setup(format!("cannot read {}: {}", shown(path), io_reason(&csv_io_error(e)))))?;
            if !has_header {
                return Ok(None);
            }
            let header: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            let columns = resolve_columns(&header, columns, format)?;
            let rows = CsvRows { width: header.len(), reader, columns, header: header.clone(), record };
            (Box::new(rows), Some(header))
        }
        FileFormat::Jsonl => {
            let keys = columns.sources.clone().map(|(column, _)| column);
            (Box::new(JsonRows { input: input.reader, keys, line: 0, bytes: 0, buf: Vec::new() }), None)
        }
    }))
}

/// The pre-filled codes of `--keep-codes`, claimed: by row number (0-based),
/// the code (with `reused`) and the `warning` text, or the `error` text.
#[derive(Default)]
struct KeptCodes {
    rows: std::collections::HashMap<u64, Result<(promocode::IssuedCode, Option<String>), String>>,
}

/// First pass of `--keep-codes`: every row with a filled `code` cell claims it
/// through `Generator::assign`, before anything is generated.
fn keep_codes(
    gen: &promocode::Generator,
    reader: &mut dyn RowReader,
    header: Option<&[String]>,
    path: &Path,
) -> Result<KeptCodes, Failure> {
    let code_at = header.map(|h| find_column(h.iter().map(String::as_str), "code"));
    if code_at == Some(None) {
        return Ok(KeptCodes::default()); // a CSV without a `code` column: nothing to keep
    }
    let mut kept = KeptCodes::default();
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let mut index = 0u64;
    loop {
        chunk.clear();
        reader
            .read_chunk(&mut chunk, CHUNK_ROWS)
            .map_err(|e| Failure::Setup(format!("cannot read {}: {}", shown(path), io_reason(&e))))?;
        if chunk.is_empty() {
            return Ok(kept);
        }
        for row in &chunk {
            let cell = match &row.data {
                RowData::Fields(fields) => code_at.flatten().and_then(|i| fields.get(i)).map(String::as_str),
                RowData::Object(map) => map.get("code").and_then(serde_json::Value::as_str),
                RowData::Raw(_) => None,
            };
            if let Some(code) = cell.filter(|c| !c.trim().is_empty()) {
                let result = match &row.partner {
                    Ok(partner) => match gen.assign(partner, code, false) {
                        Ok(a) => {
                            let texts: Vec<String> =
                                a.warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect();
                            let warning = (!texts.is_empty()).then(|| texts.join("; "));
                            Ok((promocode::IssuedCode { code: a.code, reused: a.reused }, warning))
                        }
                        Err(e) => Err(error_text(&e)),
                    },
                    Err(why) => Err(why.clone()),
                };
                kept.rows.insert(index, result);
            }
            index += 1;
        }
    }
}

/// The column of each partner field in a CSV header. A field the format uses
/// must have one; a column named by `--column` must exist.
fn resolve_columns(header: &[String], map: &ColumnMap, format: &Format) -> Result<[Option<usize>; COLUMNS], Failure> {
    let used = format.personal_fields();
    let mut out = [None; COLUMNS];
    let mut missing = Vec::new();
    for (i, ((field, kind), (column, chosen))) in PARTNER_COLUMNS.iter().zip(&map.sources).enumerate() {
        out[i] = find_column(header.iter().map(String::as_str), column);
        if out[i].is_none() {
            if *chosen {
                return Err(Failure::Setup(format!(
                    "`--column {field}={column}`: the input has no column `{column}`; its columns are {}",
                    list_columns(header)
                )));
            }
            if kind.is_some_and(|f| used.contains(&f)) {
                missing.push(*field);
            }
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
        let (what, how) = if missing.len() == 1 {
            ("no such column", format!("map it with `--column {}=COLUMN`", missing[0]))
        } else {
            ("no such columns", "map each with `--column FIELD=COLUMN`".to_owned())
        };
        return Err(Failure::Setup(format!(
            "the format uses {} but the input has {what}; its columns are {}; {how}",
            names.join(" and "),
            list_columns(header)
        )));
    }
    Ok(out)
}

fn list_columns(header: &[String]) -> String {
    if header.is_empty() {
        return "none".into();
    }
    header.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
}
