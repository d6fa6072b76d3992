//! Integration tests: the real `promocode` binary on real files and pipes.

mod codes;
mod common;
mod coupon;
mod generate;
mod help;
mod store;
mod validate;
