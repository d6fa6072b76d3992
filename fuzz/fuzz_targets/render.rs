#![no_main]
use libfuzzer_sys::{fuzz_target, Corpus};
use promocode_fuzz::render::{check, RenderInput};

// Inputs whose format does not build are left out of the corpus (format_build covers them).
fuzz_target!(|input: RenderInput| -> Corpus {
    if check(&input) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});
