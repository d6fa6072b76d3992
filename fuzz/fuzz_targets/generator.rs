#![no_main]
use libfuzzer_sys::{fuzz_target, Corpus};
use promocode_fuzz::generator::{check, GeneratorInput};

// Inputs whose format does not build are left out of the corpus (format_build covers them).
fuzz_target!(|input: GeneratorInput| -> Corpus {
    if check(&input) {
        Corpus::Keep
    } else {
        Corpus::Reject
    }
});
