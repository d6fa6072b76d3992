//! Fuzz inputs and invariant checks for `promocode`.
//!
//! Each target in `fuzz_targets/` is one line: it decodes its input type from
//! this crate and calls that module's `check`. An input's `Debug` is a Rust
//! snippet that reproduces the case (paste it into `core/tests/regressions.rs`);
//! a failed check panics with what went wrong and that snippet.

pub mod arb;
pub mod coupon;
pub mod format_build;
pub mod generator;
pub mod known;
pub mod render;
pub mod repro;
pub mod seeds;
pub mod spec;
pub mod text;

use promocode::{Error, ErrorCode};

/// Fails the run with `what` and the reproducer.
#[macro_export]
macro_rules! fail {
    ($input:expr, $($what:tt)+) => {
        panic!("invariant broken: {}\n\n--- reproducer (paste into core/tests/regressions.rs) ---\n{:?}\n", format!($($what)+), $input)
    };
}

/// Checks `cond`, or fails with `what` and the reproducer.
#[macro_export]
macro_rules! ensure {
    ($input:expr, $cond:expr, $($what:tt)+) => {
        if !$cond {
            $crate::fail!($input, $($what)+);
        }
    };
}

/// What every error must be: a catalogue code, and a message that says something
/// in a bounded number of characters. Returns a description of the problem.
pub fn error_problem(e: &Error) -> Option<String> {
    if !ErrorCode::ALL.contains(&e.code()) {
        return Some(format!("error code {:?} is not in ErrorCode::ALL", e.code()));
    }
    let msg = e.to_string();
    if msg.trim().is_empty() {
        return Some(format!("{} error has an empty message", e.code()));
    }
    let len = msg.chars().count();
    if len > 600 {
        return Some(format!("{} error message is {len} characters long", e.code()));
    }
    None
}
