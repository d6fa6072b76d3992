//! Findings that are known and not fixed yet: each check here names one, so a fuzz
//! run keeps looking for other bugs. Remove the function (and its callers) when the
//! finding is fixed in the core.

use promocode::Platform;

/// A WooCommerce format can render exactly `0` (a `{discount}` of 0, a name `0`, a
/// prefix `0`): WooCommerce stores it but `empty('0')` means it can never be applied,
/// and `validate` says so (`unusable_code`). The generator treats `0` as taken there
/// (it never issues it; `fuzz/src/generator.rs` checks that with no exception), but
/// `Format::render` has no registry: a preview may still show `0`.
pub fn woocommerce_zero(code: &str, platform: Platform) -> bool {
    platform == Platform::WooCommerce && code == "0"
}
