#![no_main]
use libfuzzer_sys::fuzz_target;
use promocode_fuzz::format_build::{check, FormatBuildInput};

fuzz_target!(|input: FormatBuildInput| check(&input));
