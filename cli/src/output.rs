//! Where the output goes, written so that the command never destroys a file.
//!
//! - An output that is one of the inputs is refused before anything is read or
//!   written: the same file by device and inode, so the same path, `./` and `..`
//!   spellings, symlinks, hard links, and standard input or standard output
//!   redirected from or to it.
//! - A `-o` file is written to a temporary file beside it and renamed over it at
//!   the end, so it is either as it was or complete. An error (a full disk, an
//!   unreadable input) or Ctrl-C, SIGTERM or SIGHUP removes the temporary file and
//!   leaves the target as it was.
//! - Standard output streams as before; devices, pipes and `/dev`, `/proc` paths
//!   (`-o /dev/stdout`) are written directly.

use crate::{io_reason, Failure};
use std::cell::RefCell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Mutex, Once};

/// Exit code after an interruption while a `-o` file was being written (128 + SIGINT).
const INTERRUPTED: i32 = 130;

/// The temporary file being written and its target: what an interruption removes.
static PENDING: Mutex<Option<(PathBuf, String)>> = Mutex::new(None);

/// A regular file, by device and inode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct FileId {
    dev: u64,
    ino: u64,
}

#[cfg(unix)]
fn file_id(meta: &fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    meta.is_file().then(|| FileId { dev: meta.dev(), ino: meta.ino() })
}

#[cfg(not(unix))]
fn file_id(_meta: &fs::Metadata) -> Option<FileId> {
    None
}

/// The regular file at `path` (symlinks followed); `None` for anything else.
fn path_id(path: &Path) -> Option<FileId> {
    fs::metadata(path).ok().and_then(|m| file_id(&m))
}

/// The regular file standard input (`fd` 0) or standard output (`fd` 1) is redirected from or to.
#[cfg(unix)]
fn stdio_id(stdout: bool) -> Option<FileId> {
    use std::os::fd::AsFd;
    let fd = if stdout { io::stdout().as_fd().try_clone_to_owned() } else { io::stdin().as_fd().try_clone_to_owned() };
    let file = File::from(fd.ok()?);
    file_id(&file.metadata().ok()?)
}

#[cfg(not(unix))]
fn stdio_id(_stdout: bool) -> Option<FileId> {
    None
}

fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Refuses an output that would overwrite an input: `output` (`None` or `-`:
/// standard output) against the partner file `input` and the `--existing` files
/// (`-`: standard input). Call it before reading or writing anything.
pub fn refuse_overwriting(output: Option<&Path>, input: Option<&Path>, existing: &[PathBuf]) -> Result<(), Failure> {
    let target = output.filter(|p| !is_stdio(p));
    let out_id = match target {
        Some(p) => path_id(p),
        None => stdio_id(true),
    };
    let (out_name, advice) = match target {
        Some(p) => (format!("`-o {}`", p.display()), "write the output to another file"),
        None => ("standard output".to_owned(), "redirect the output to another file"),
    };
    let inputs = input
        .into_iter()
        .map(|p| (p, "the input file"))
        .chain(existing.iter().map(|p| (p.as_path(), "the `--existing` file")));
    for (path, role) in inputs {
        let in_id = if is_stdio(path) { stdio_id(false) } else { path_id(path) };
        let same_path = match (target, is_stdio(path)) {
            (Some(out), false) => matches!((out.canonicalize(), path.canonicalize()), (Ok(a), Ok(b)) if a == b),
            _ => false,
        };
        let same_file = matches!((out_id, in_id), (Some(a), Some(b)) if a == b);
        if !same_path && !same_file {
            continue;
        }
        let what = if is_stdio(path) {
            format!("{role} given on standard input")
        } else if same_path || target.is_none() {
            format!("{role} `{}`", path.display())
        } else {
            format!("{role} `{}` under another name (a hard link)", path.display())
        };
        return Err(Failure::Setup(format!("output_is_input: {out_name} is {what}; {advice}")));
    }
    Ok(())
}

/// The write side of an output: everything goes through it.
pub type Writer = Box<dyn Write>;

/// Opens the output: a file, or standard output when `path` is `None` or `-`.
/// Call [`Output::commit`] once everything was written and flushed; an output
/// dropped without it leaves a `-o` file as it was.
pub fn create(path: Option<&Path>) -> Result<(Writer, Output), Failure> {
    let Some(path) = path.filter(|p| !is_stdio(p)) else {
        return Ok((Box::new(BufWriter::with_capacity(1 << 16, io::stdout())), Output { atomic: None }));
    };
    let cannot = |e: &io::Error| Failure::Setup(format!("cannot write `{}`: {}", path.display(), io_reason(e)));
    let meta = fs::metadata(path).ok();
    let special = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    if meta.as_ref().is_some_and(|m| !m.is_file()) || special(path) {
        // A device, a pipe or a terminal: nothing to replace, write in place.
        let file = OpenOptions::new().write(true).create(true).truncate(true).open(path).map_err(|e| cannot(&e))?;
        return Ok((Box::new(BufWriter::with_capacity(1 << 16, file)), Output { atomic: None }));
    }
    // Through a symlink, the file it points to is replaced (not the link).
    let target = match &meta {
        Some(_) => path.canonicalize().map_err(|e| cannot(&e))?,
        None => path.to_owned(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    // The temporary name must stay within the 255-byte limit of a file name.
    while name.len() > 200 {
        name.pop();
    }
    let mut attempt = 0;
    let (temp, file) = loop {
        let temp = dir.join(format!(".{name}.promocode-{}-{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => break (temp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => {
                return Err(Failure::Setup(format!(
                    "cannot write `{}`: cannot create a temporary file in `{}` ({}); the output is written \
                     beside its target and renamed at the end",
                    path.display(),
                    dir.display(),
                    io_reason(&e)
                )))
            }
        }
    };
    let shown = format!("`{}`", path.display());
    let untouched =
        if meta.is_some() { format!("{shown} was left as it was") } else { format!("{shown} was not created") };
    *PENDING.lock().unwrap_or_else(|e| e.into_inner()) = Some((temp.clone(), untouched.clone()));
    if let Some(m) = &meta {
        // The replaced file keeps its permissions (a private list stays private).
        let _ = file.set_permissions(m.permissions());
    }
    static HANDLER: Once = Once::new();
    HANDLER.call_once(|| {
        // Without the handler the temporary file would stay behind; the target
        // is safe either way, so a failure to install it is not fatal.
        let _ = ctrlc::set_handler(on_interrupt);
    });
    let file = Rc::new(RefCell::new(BufWriter::with_capacity(1 << 16, file)));
    let writer = TempWriter { file: Rc::clone(&file), untouched: untouched.clone() };
    Ok((Box::new(writer), Output { atomic: Some(Atomic { file, temp, target, untouched, committed: false }) }))
}

/// Ctrl-C, SIGTERM or SIGHUP: remove the temporary file and stop. The lock makes
/// this wait for a rename in progress, so the target is never half-written.
fn on_interrupt() {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((temp, untouched)) = pending.take() {
        let _ = fs::remove_file(&temp);
        eprintln!("promocode: interrupted; {untouched}");
    }
    std::process::exit(INTERRUPTED);
}

/// What finishes an output.
pub struct Output {
    atomic: Option<Atomic>,
}

struct Atomic {
    file: Rc<RefCell<BufWriter<File>>>,
    temp: PathBuf,
    target: PathBuf,
    untouched: String,
    committed: bool,
}

impl Output {
    /// A `-o` file that an error leaves as it was (so nothing was written).
    pub fn is_file(&self) -> bool {
        self.atomic.is_some()
    }

    /// Makes a `-o` file complete: flushes and syncs the temporary file and renames
    /// it over the target. Nothing to do for standard output and devices (their
    /// writer was flushed by the command).
    pub fn commit(mut self) -> Result<(), Failure> {
        let Some(atomic) = self.atomic.as_mut() else {
            return Ok(());
        };
        let untouched = atomic.untouched.clone();
        let failed = |e: io::Error| Failure::Setup(format!("cannot write the output: {}; {untouched}", io_reason(&e)));
        {
            let mut file = atomic.file.borrow_mut();
            file.flush().map_err(failed)?;
            file.get_ref().sync_all().map_err(failed)?;
        }
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        fs::rename(&atomic.temp, &atomic.target).map_err(failed)?;
        atomic.committed = true;
        *pending = None;
        drop(pending);
        // Best effort: make the rename itself durable.
        if let Some(dir) = atomic.target.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        if !self.committed {
            let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            let _ = fs::remove_file(&self.temp);
            *pending = None;
        }
    }
}

/// Writes into the temporary file; a failure says that the target is untouched.
struct TempWriter {
    file: Rc<RefCell<BufWriter<File>>>,
    untouched: String,
}

impl TempWriter {
    fn explain(&self, err: io::Error) -> io::Error {
        io::Error::new(err.kind(), format!("{}; {}", io_reason(&err), self.untouched))
    }
}

impl Write for TempWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.borrow_mut().write(buf).map_err(|e| self.explain(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.borrow_mut().write_all(buf).map_err(|e| self.explain(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.borrow_mut().flush().map_err(|e| self.explain(e))
    }
}
