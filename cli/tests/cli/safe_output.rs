//! The command never destroys a file: an output that is an input is refused, and
//! a `-o` file is complete or as it was (interrupted runs, full disks, write errors).

use crate::common::*;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

/// A partner CSV of `rows` rows (the repro used 100,000).
fn partners(rows: usize) -> String {
    let mut text = String::with_capacity(rows * 16);
    text.push_str("id,name\n");
    for i in 0..rows {
        text.push_str(&format!("{i},Name{}\n", i % 997));
    }
    text
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The binary as a plain process (for redirections to and from files).
fn bin() -> Process {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_promocode"));
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

fn finished(cmd: &mut Process) -> Run {
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn assert_refused(r: &Run, what: &str) {
    assert_eq!(r.code, 2, "{what}: {}", r.stderr);
    assert!(r.stderr.starts_with("error: output_is_input: "), "{what}: {}", r.stderr);
    assert_eq!(r.stdout, "", "{what}: nothing written");
}

#[test]
fn a_hard_link_to_the_input_is_refused_and_the_input_survives() {
    let dir = Dir::new();
    let text = partners(100_000);
    let input = dir.file("p.csv", &text);
    let link = dir.path("link.csv");
    fs::hard_link(&input, &link).unwrap();
    let r = run_args(&["generate", arg(&input), "--name", "-o", arg(&link)]);
    assert_refused(&r, "hard link");
    assert!(r.stderr.contains("is the input file") && r.stderr.contains("hard link"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&input).unwrap(), text, "the input keeps its 100,001 lines");
    assert_eq!(listing(dir.0.path()), ["link.csv", "p.csv"]);

    // `codes` (and `generate`) never overwrite an `--existing` file either.
    let used = dir.file("used.txt", "AAAA\n");
    let used_link = dir.path("used-link.txt");
    fs::hard_link(&used, &used_link).unwrap();
    let r = run_args(&["codes", "--count", "3", "--random", "4", "--existing", arg(&used), "-o", arg(&used_link)]);
    assert_refused(&r, "codes --existing hard link");
    assert!(r.stderr.contains("`--existing` file"), "{}", r.stderr);
    let r = run_args(&["generate", arg(&input), "--name", "--existing", arg(&used), "-o", arg(&used)]);
    assert_refused(&r, "generate --existing");
    assert_eq!(fs::read_to_string(&used).unwrap(), "AAAA\n");
}

#[test]
fn the_same_file_by_any_path_is_refused() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\n");
    fs::create_dir(dir.path("sub")).unwrap();
    std::os::unix::fs::symlink(&input, dir.path("sym.csv")).unwrap();
    let base = dir.0.path();
    for (input_arg, output_arg) in [
        ("p.csv", "p.csv"),
        ("p.csv", "./p.csv"),
        ("sub/../p.csv", "p.csv"),
        ("sym.csv", "p.csv"),
        ("p.csv", "sym.csv"),
    ] {
        let r = run(promocode().current_dir(base).args(["generate", input_arg, "--name", "-o", output_arg]));
        assert_refused(&r, &format!("{input_arg} -o {output_arg}"));
    }
    assert_eq!(fs::read_to_string(&input).unwrap(), "name\nAnn\n");
    assert!(fs::symlink_metadata(dir.path("sym.csv")).unwrap().file_type().is_symlink());
}

#[test]
fn standard_input_from_the_output_file_is_refused() {
    let dir = Dir::new();
    let text = partners(100_000);
    let file = dir.file("f.csv", &text);
    // promocode generate - -o f.csv < f.csv
    let r = finished(bin().args(["generate", "-", "--name", "-o", arg(&file)]).stdin(File::open(&file).unwrap()));
    assert_refused(&r, "stdin is the output");
    assert!(r.stderr.contains("standard input"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    // The same through `--existing -`.
    let used = dir.file("used.txt", "AAAA\n");
    let r = finished(
        bin()
            .args(["codes", "--count", "2", "--random", "4", "--existing", "-", "-o", arg(&used)])
            .stdin(File::open(&used).unwrap()),
    );
    assert_refused(&r, "--existing - is the output");
    assert_eq!(fs::read_to_string(&used).unwrap(), "AAAA\n");
    // Standard input from another file is fine.
    let other = dir.file("other.csv", "name\nAnn\n");
    let r = finished(bin().args(["generate", "-", "--name", "-o", arg(&file)]).stdin(File::open(&other).unwrap()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&file).unwrap(), "name,code,error\nAnn,ANN,\n");
}

#[test]
fn standard_output_appended_to_the_input_is_refused() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\nBo\n");
    // promocode generate p.csv >> p.csv (would read its own output forever)
    let append = fs::OpenOptions::new().append(true).open(&input).unwrap();
    let r = finished(bin().args(["generate", arg(&input), "--name"]).stdout(append));
    assert_eq!(r.code, 2);
    let stderr = r.stderr;
    assert!(stderr.starts_with("error: output_is_input: standard output is the input file"), "{stderr}");
    assert_eq!(fs::read_to_string(&input).unwrap(), "name\nAnn\nBo\n");
}

#[test]
fn an_output_file_is_replaced_whole_keeping_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\n");
    let target = dir.file("out.csv", "old contents\n");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    let r = run_args(&["generate", arg(&input), "--name", "-o", arg(&target)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&target).unwrap(), "name,code,error\nAnn,ANN,\n");
    assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
    // Through a symlink, the file it points to gets the rows; the link stays.
    std::os::unix::fs::symlink(&target, dir.path("link.csv")).unwrap();
    let r = run_args(&["codes", "--count", "2", "--random", "4", "--seed", "1", "-o", arg(&dir.path("link.csv"))]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::symlink_metadata(dir.path("link.csv")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap().lines().count(), 2);
    assert_eq!(listing(dir.0.path()), ["link.csv", "out.csv", "p.csv"], "no temporary file left");
    // A file name of the longest length allowed still gets a temporary file beside it.
    let long = dir.path(&format!("{}.csv", "é".repeat(125)));
    let r = run_args(&["generate", arg(&input), "--name", "-o", arg(&long)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(fs::read_to_string(&long).unwrap(), "name,code,error\nAnn,ANN,\n");
}

/// Spawns `promocode generate - -o TARGET` fed from a pipe, writes `rows` rows
/// and keeps the pipe open, then waits until the temporary output file beside
/// `target` holds rows: the command is then mid-run.
fn mid_run(target: &Path, rows: usize) -> (Child, std::thread::JoinHandle<std::process::ChildStdin>) {
    let mut child = bin()
        .args(["generate", "-", "--name", "--chunk-rows", "1000", "-o"])
        .arg(target)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = partners(rows);
    let feeder = std::thread::spawn(move || {
        // Fails with a broken pipe once the command is gone; that is expected.
        let _ = stdin.write_all(text.as_bytes());
        stdin // kept open: the command waits for more rows
    });
    let dir = target.parent().unwrap();
    let start = Instant::now();
    loop {
        let temp = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .find(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .map(|e| e.metadata().unwrap().len());
        if temp.is_some_and(|len| len > 100_000) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the command never wrote rows");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, feeder)
}

#[test]
fn an_interrupted_run_leaves_no_target_and_no_temporary_file() {
    for (signal, name) in [(libc::SIGINT, "SIGINT"), (libc::SIGTERM, "SIGTERM")] {
        let dir = Dir::new();
        let fresh = dir.path("fresh.csv");
        let (mut child, feeder) = mid_run(&fresh, 100_000);
        // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let status = child.wait().unwrap();
        drop(feeder.join().unwrap());
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert_eq!(status.code(), Some(130), "{name}: {stderr}");
        assert!(stderr.contains("interrupted; `") && stderr.contains("was not created"), "{name}: {stderr}");
        assert_eq!(listing(dir.0.path()), Vec::<String>::new(), "{name}: no target, no temporary file");

        // An existing target is left exactly as it was.
        let old = dir.file("old.csv", "name,code,error\nKeep,KEEP,\n");
        let (mut child, feeder) = mid_run(&old, 100_000);
        // SAFETY: as above.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        assert_eq!(child.wait().unwrap().code(), Some(130), "{name}");
        drop(feeder.join().unwrap());
        assert_eq!(fs::read_to_string(&old).unwrap(), "name,code,error\nKeep,KEEP,\n", "{name}");
        assert_eq!(listing(dir.0.path()), ["old.csv"], "{name}");
    }
}

#[test]
fn dev_full_exits_2() {
    let dir = Dir::new();
    let input = dir.file("p.csv", partners(20_000));
    let r = run_args(&["generate", arg(&input), "--name", "-o", "/dev/full"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr, "error: cannot write the output: no space left on device\n");
    let r = run_args(&["codes", "--count", "20000", "--random", "8", "-o", "/dev/full"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no space left on device"), "{}", r.stderr);
}

/// A 64 KiB tmpfs (mounted in a temporary directory), unmounted when dropped.
struct SmallDisk {
    at: PathBuf,
    _dir: Dir,
}

impl SmallDisk {
    /// `None` where mounting is not allowed (not root, no CAP_SYS_ADMIN).
    fn mount() -> Option<SmallDisk> {
        let dir = Dir::new();
        let at = dir.path("disk");
        fs::create_dir(&at).unwrap();
        let ok = Process::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(&at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { at, _dir: dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg(&self.at).status();
    }
}

#[test]
fn a_full_disk_leaves_no_rows_behind() {
    let Some(disk) = SmallDisk::mount() else {
        // Mounting needs root with CAP_SYS_ADMIN (as here and in CI); the
        // RLIMIT_FSIZE test below covers the same code path everywhere.
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let inputs = Dir::new();
    let input = inputs.file("p.csv", partners(20_000)); // about 400 KB of output
    let target = disk.at.join("out.csv");
    let r = run_args(&["generate", arg(&input), "--name", "-o", arg(&target)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!("error: cannot write the output: no space left on device; `{}` was not created\n", target.display())
    );
    assert_eq!(listing(&disk.at), Vec::<String>::new(), "no partial file, no temporary file");
    // An existing target on the full disk keeps its contents.
    fs::write(&target, "keep\n").unwrap();
    let r = run_args(&["codes", "--count", "20000", "--random", "8", "-o", arg(&target)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.ends_with("was left as it was\n"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep\n");
    assert_eq!(listing(&disk.at), ["out.csv"]);
}

#[test]
fn a_write_error_part_way_leaves_no_rows_behind() {
    // A file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes writes fail with
    // EFBIG after 64 KiB: a write error part-way, wherever the tests run.
    use std::os::unix::process::CommandExt;
    let dir = Dir::new();
    let input = dir.file("p.csv", partners(20_000));
    let target = dir.path("out.csv");
    let mut std_cmd = bin();
    std_cmd.args(["generate", arg(&input), "--name", "-o", arg(&target)]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        std_cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 64 * 1024, rlim_max: 64 * 1024 };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = std_cmd.output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: cannot write the output: file too large;"), "{stderr}");
    assert!(stderr.ends_with("was not created\n"), "{stderr}");
    assert_eq!(listing(dir.0.path()), ["p.csv"], "no partial file, no temporary file");
}
