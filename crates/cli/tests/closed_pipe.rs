//! A reader that stops early (`gigawatt bench | head -1`) ends every command quietly: exit status 0, no panic
//! message and no backtrace, as `head` and the shell expect of a Unix tool.
//!
//! Most tests give the command a pipe whose reader is already gone, so its first write meets a closed pipe
//! whatever the size of its output and however fast it writes. The others read the start of an output far larger
//! than a pipe's buffer (64 KiB on Linux), as `head` does, and close the pipe: the rest meets a closed pipe.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};

const GIGAWATT: &str = env!("CARGO_BIN_EXE_gigawatt");

/// Tests run on parallel threads, and a child being spawned holds a copy of every pipe end the test process has
/// open until it execs: a pipe meant to have no reader could have one when the command writes, and a small output
/// would then fit in the pipe and hide a panic. Spawns hold this lock, so no such copy exists.
static SPAWNING: Mutex<()> = Mutex::new(());

fn spawning() -> MutexGuard<'static, ()> {
    SPAWNING.lock().unwrap_or_else(PoisonError::into_inner)
}

fn gigawatt(args: &[&str], stdout: Stdio) -> Child {
    let _spawning = spawning();
    Command::new(GIGAWATT)
        .args(args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `gigawatt args` with its output piped to this test.
fn spawn(args: &[&str]) -> Child {
    gigawatt(args, Stdio::piped())
}

/// The write end of a pipe nobody reads: the stdin of a `gigawatt --version` that exited without reading it.
/// Closing a child's stdout right after spawning it would not do: a command that writes at once, like `presets`,
/// often fills the pipe before the test closes it. (`std::io::pipe` is newer than the workspace's rust-version.)
fn pipe_without_reader() -> Stdio {
    let mut reader = {
        let _spawning = spawning();
        Command::new(GIGAWATT)
            .arg("--version")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let writer = reader.stdin.take().unwrap();
    assert!(reader.wait().unwrap().success());
    writer.into()
}

/// Waits for the command whose output is no longer read, checks it ended quietly, and returns its stderr.
fn ends_quietly(args: &[&str], child: Child) -> String {
    let Output { status, stderr, .. } = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    for sign in ["panicked", "Broken pipe", "backtrace"] {
        assert!(!stderr.contains(sign), "{args:?}: {stderr}");
    }
    assert_eq!(status.code(), Some(0), "{args:?}: {status}, {stderr}");
    stderr
}

/// `gigawatt args` writing into a pipe already closed: it must end quietly.
fn closed_at_once(args: &[&str]) -> String {
    ends_quietly(args, gigawatt(args, pipe_without_reader()))
}

/// `gigawatt args | head -c bytes`: the first `bytes` are read, then the pipe is closed.
fn closed_after(args: &[&str], bytes: usize) -> String {
    let mut child = spawn(args);
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0; bytes];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    ends_quietly(args, child)
}

/// `run`'s stderr holds only its notes on the run's decisions (the same with or without a reader).
fn only_notes(args: &[&str], stderr: &str) {
    let full = std::process::Command::new(GIGAWATT)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(stderr, String::from_utf8_lossy(&full.stderr), "{args:?}");
    assert!(
        stderr.lines().all(|l| l.starts_with("gigawatt: ")),
        "{args:?}: {stderr}"
    );
}

#[test]
fn run_json_and_csv() {
    // Monthly JSON and CSV of every series are over 200 KB: most of it is written after the pipe closed.
    for (args, bytes) in [
        (&["run"][..], Some(64)),
        (&["run", "--format", "csv"][..], Some(64)),
        (&["run", "--annual", "--format", "csv"][..], None),
    ] {
        let stderr = match bytes {
            Some(bytes) => closed_after(args, bytes),
            None => closed_at_once(args),
        };
        only_notes(args, &stderr);
    }
}

#[test]
fn run_and_scenario_from_a_link() {
    // A link it cannot read is still run, with warnings on stderr; those stay, the closed pipe adds nothing.
    for command in ["run", "scenario"] {
        let stderr = closed_at_once(&[command, "--link", "v=2&s=not-a-scenario"]);
        assert!(stderr.starts_with("gigawatt: "), "{command}: {stderr}");
    }
}

#[test]
fn mc_json_and_csv() {
    for format in ["json", "csv"] {
        let stderr = closed_at_once(&["mc", "--runs", "200", "--format", format]);
        // The timing line on stderr is part of the command's normal output, not of the closed pipe.
        assert!(stderr.starts_with("200 runs in "), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn tornado_json_and_csv() {
    assert_eq!(closed_at_once(&["tornado"]), "");
    assert_eq!(closed_at_once(&["tornado", "--format", "csv"]), "");
}

#[test]
fn scenario() {
    assert_eq!(closed_at_once(&["scenario", "--preset", "bull"]), "");
}

#[test]
fn presets() {
    assert_eq!(closed_at_once(&["presets"]), "");
}

#[test]
fn params() {
    assert_eq!(closed_at_once(&["params"]), "");
    assert_eq!(closed_at_once(&["params", "--preset", "bear"]), "");
}

#[test]
fn check() {
    assert_eq!(closed_at_once(&["check"]), "");
}

#[test]
fn bench() {
    assert_eq!(closed_at_once(&["bench", "--iterations", "20"]), "");
}

#[test]
fn bench_head_1() {
    // The issue's `gigawatt bench | head -1`: the heading is printed before the timing, the timings after the
    // reader has gone.
    let args = ["bench", "--iterations", "200"];
    let mut child = spawn(&args);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut heading = String::new();
    stdout.read_line(&mut heading).unwrap();
    assert!(
        heading.starts_with("one full deterministic run"),
        "{heading}"
    );
    drop(stdout);
    assert_eq!(ends_quietly(&args, child), "");
}

#[test]
fn help_and_version() {
    assert_eq!(closed_at_once(&["--help"]), "");
    assert_eq!(closed_at_once(&["help", "run"]), "");
    assert_eq!(closed_at_once(&["--version"]), "");
}

/// Any other failure to write (here a full disk) is an error: named on stderr, exit status 1.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    for args in [
        &["run"][..],
        &["presets"],
        &["check"],
        &["mc", "--runs", "10"],
    ] {
        let full = std::fs::File::create("/dev/full").unwrap();
        let out = gigawatt(args, full.into()).wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("gigawatt: cannot write output: No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    }
}
