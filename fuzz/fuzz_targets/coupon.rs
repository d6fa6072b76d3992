#![no_main]
use libfuzzer_sys::fuzz_target;
use promocode_fuzz::coupon::{check, CouponInput};

fuzz_target!(|input: CouponInput| check(&input));
