//! promocode (work in progress)
mod error;
mod platform;
mod tables;
mod text;
pub mod value;

pub use error::{Error, ErrorCode, Result};
pub use platform::{normalize, validate, Case, Issue, Platform, Report, ISSUE_CODES, MAX_LISTED_ISSUES};
pub use text::{canonical_key, code_safe};
pub use value::Value;
pub mod coupon;
pub use coupon::{attribute, check_redemption, validate_coupon, validate_promotion_code, Attribution, AttributionSource, REDEMPTION_REASONS};
