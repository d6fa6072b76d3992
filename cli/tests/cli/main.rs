//! Integration tests: the real `promocode` binary on real files and pipes.

mod assign;
mod codes;
mod common;
mod coupon;
mod encodings;
mod generate;
mod help;
mod requests;
#[cfg(unix)]
mod safe_output;
mod store;
mod validate;
