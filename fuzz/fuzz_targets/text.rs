#![no_main]
use libfuzzer_sys::fuzz_target;
use promocode_fuzz::text::{check, TextInput};

fuzz_target!(|input: TextInput| check(&input));
