//! Helpers: run the real `promocode` binary and read what it writes.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `promocode` binary, with no environment surprises.
pub fn promocode() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_promocode"));
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

/// A temporary directory holding test files.
pub struct Dir(pub tempfile::TempDir);

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::tempdir().expect("a temporary directory"))
    }

    /// Writes `contents` to `name` inside the directory and returns its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

/// What a finished run left behind.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `promocode ARGS` with `stdin` as standard input.
pub fn run_with(args: &[&str], stdin: &str) -> Run {
    run(promocode().args(args).write_stdin(stdin.to_owned()))
}

/// Runs `promocode ARGS` on a file.
pub fn run_args(args: &[&str]) -> Run {
    run(promocode().args(args))
}

pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Parses CSV output into records (the header first).
pub fn records(csv_text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_text.as_bytes());
    reader.records().map(|r| r.expect("the output is valid CSV").iter().map(str::to_owned).collect()).collect()
}

/// The values of column `name` in CSV output, header excluded.
pub fn column(csv_text: &str, name: &str) -> Vec<String> {
    let recs = records(csv_text);
    let i = recs[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", recs[0]));
    recs[1..].iter().map(|r| r[i].clone()).collect()
}

/// Parses JSON Lines output.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}"))).collect()
}
