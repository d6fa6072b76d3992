//! Whether an order may redeem a promotion code, and who gets the sale.

use super::date::{self, Moment};
use super::request::check_shape;
use crate::canonical_key;
use crate::error::{Error, Quoted, Result};
use crate::value::{Value, MAX_SAFE_INTEGER};

/// Reads the fields of a promotion code, coupon or order, strictly: a wrong type
/// is [`Error::InvalidType`], a bad value [`Error::InvalidValue`].
struct Reader<'a> {
    obj: &'a Value,
    /// The path of `obj` in error messages, e.g. `promotion_code`.
    name: String,
}

impl<'a> Reader<'a> {
    fn field(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }

    /// The field, or `None` when missing or `null`.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key).filter(|v| !v.is_null())
    }

    fn missing(&self, key: &str, expected: &'static str) -> Error {
        Error::InvalidType {
            field: self.field(key),
            expected,
            got: self.obj.get(key).map_or("nothing", Value::type_name),
        }
    }

    fn wrong(&self, key: &str, expected: &'static str, v: &Value) -> Error {
        Error::InvalidType { field: self.field(key), expected, got: v.type_name() }
    }

    fn flag(&self, key: &str, default: bool) -> Result<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(self.wrong(key, "a boolean", v)),
        }
    }

    /// A finite number of at least 0.
    fn amount(&self, key: &str) -> Result<Option<f64>> {
        let Some(v) = self.get(key) else { return Ok(None) };
        let x = v.as_f64().ok_or_else(|| self.wrong(key, "a number", v))?;
        if x.is_finite() && x >= 0.0 {
            Ok(Some(x))
        } else {
            Err(Error::InvalidValue {
                field: self.field(key),
                reason: format!("must be a finite number of at least 0, got {v}"),
            })
        }
    }

    /// A whole number of at least 0.
    fn count(&self, key: &str) -> Result<Option<u64>> {
        let Some(v) = self.get(key) else { return Ok(None) };
        if v.as_f64().is_none() {
            return Err(self.wrong(key, "a whole number", v));
        }
        v.as_u64().map(Some).ok_or_else(|| Error::InvalidValue {
            field: self.field(key),
            reason: format!("must be a whole number of at least 0, got {v}"),
        })
    }

    fn moment(&self, key: &str) -> Result<Option<Moment>> {
        let Some(v) = self.get(key) else { return Ok(None) };
        let s = v.as_str().ok_or_else(|| self.wrong(key, "an ISO-8601 date string", v))?;
        date::parse(super::rules::trim(s)).map(Some).ok_or_else(|| Error::InvalidValue {
            field: self.field(key),
            reason: format!(
                "is `{}`, which is not an ISO-8601 date (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`)",
                Quoted(s)
            ),
        })
    }

    /// An id: a non-empty string or an integer, as text.
    fn id(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(super::rules::trim(s).to_owned()).filter(|s| !s.is_empty())),
            Some(v) => match super::rules::integer_value(v) {
                Some(x) if !matches!(v, Value::String(_)) && x.abs() <= MAX_SAFE_INTEGER as f64 => {
                    Ok(Some((x as i64).to_string()))
                }
                _ => Err(self.wrong(key, "a string or an integer", v)),
            },
        }
    }

    /// The value of `value_key` when the switch `status_key` is on; it must then be
    /// present.
    fn when_on<T>(
        &self,
        status_key: &str,
        value_key: &str,
        expected: &'static str,
        read: impl Fn(&Self, &str) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        if !self.flag(status_key, false)? {
            return Ok(None);
        }
        read(self, value_key)?.map(Some).ok_or_else(|| self.missing(value_key, expected))
    }

    /// The ids of a `coupon_specific_*` field (one `{id, ...}` object or a list of
    /// them), when `flag` is on.
    fn allowed_ids(&self, flag: &str, list: &str) -> Result<Option<Vec<String>>> {
        if !self.flag(flag, false)? {
            return Ok(None);
        }
        let entries: Vec<&Value> = match self.get(list) {
            None => Vec::new(),
            Some(v @ Value::Object(_)) => vec![v],
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v) => return Err(self.wrong(list, "an object or an array of objects", v)),
        };
        let mut ids = Vec::with_capacity(entries.len());
        for (i, entry) in entries.into_iter().enumerate() {
            if !matches!(entry, Value::Object(_)) {
                return Err(Error::InvalidType {
                    field: format!("{}.{list}.{i}", self.name),
                    expected: "an object",
                    got: entry.type_name(),
                });
            }
            let path = match self.get(list) {
                Some(Value::Array(_)) => format!("{}.{list}.{i}", self.name),
                _ => format!("{}.{list}", self.name),
            };
            if let Some(id) = (Reader { obj: entry, name: path }).id("id")? {
                ids.push(id);
            }
        }
        Ok(Some(ids))
    }
}

pub(crate) fn check_redemption(promotion_code: &Value, coupon: &Value, order: &Value) -> Result<Vec<&'static str>> {
    check_shape(promotion_code, "promotion_code")?;
    check_shape(coupon, "coupon")?;
    check_shape(order, "order")?;
    let pc = Reader { obj: promotion_code, name: "promotion_code".into() };
    let cp = Reader { obj: coupon, name: "coupon".into() };
    let od = Reader { obj: order, name: "order".into() };

    if let (Some(Value::String(a)), Some(Value::String(b))) = (pc.get("coupon_uuid"), cp.get("uuid_code")) {
        if canonical_key(a) != canonical_key(b) {
            return Err(Error::InvalidValue {
                field: "promotion_code.coupon_uuid".into(),
                reason: format!(
                    "is `{}` but the coupon's `uuid_code` is `{}`; pass the coupon this promotion code belongs to",
                    Quoted(a),
                    Quoted(b)
                ),
            });
        }
    }

    let order_amount = od.amount("amount")?.ok_or_else(|| od.missing("amount", "a number"))?;
    let order_date = od.moment("date")?.ok_or_else(|| od.missing("date", "an ISO-8601 date string"))?;
    let first_order = match od.get("first_order") {
        Some(Value::Bool(b)) => *b,
        Some(v) => return Err(od.wrong("first_order", "a boolean", v)),
        None => return Err(od.missing("first_order", "a boolean")),
    };
    let customer = od.id("customer")?;
    let subscriber = od.id("subscriber")?;

    let mut reasons = Vec::new();
    let order_start = order_date.first_instant();

    if !cp.flag("active", true)? {
        reasons.push("coupon_inactive");
    }
    let redeem_by = cp.when_on(
        "redemption_specific_date_status",
        "redemption_specific_date_value",
        "an ISO-8601 date string",
        Reader::moment,
    )?;
    if redeem_by.is_some_and(|last| order_start > last.last_instant()) {
        reasons.push("coupon_expired");
    }
    let coupon_limit =
        cp.when_on("redemption_times_status", "redemption_times_value", "a whole number", Reader::count)?;
    let coupon_used = cp.count("times_redeemed")?.unwrap_or(0);
    if coupon_limit.is_some_and(|limit| coupon_used >= limit) {
        reasons.push("coupon_redemption_limit_reached");
    }

    if !pc.flag("active", true)? {
        reasons.push("promotion_code_inactive");
    }
    let expires =
        pc.when_on("expiration_date_status", "expiration_date_value", "an ISO-8601 date string", Reader::moment)?;
    if expires.is_some_and(|last| order_start > last.last_instant()) {
        reasons.push("promotion_code_expired");
    }
    let limit = pc.when_on("redemption_times_status", "redemption_times_value", "a whole number", Reader::count)?;
    let used = pc.count("times_redeemed")?.unwrap_or(0);
    if limit.is_some_and(|limit| used >= limit) {
        reasons.push("promotion_code_redemption_limit_reached");
    }
    if pc.flag("first_time_order", false)? && !first_order {
        reasons.push("not_first_order");
    }
    let minimum = pc.when_on("minimum_order_status", "minimum_order_value", "a number", Reader::amount)?;
    if minimum.is_some_and(|min| order_amount < min) {
        reasons.push("below_minimum_order");
    }
    if let Some(ids) = pc.allowed_ids("limit_to_specific_customer", "coupon_specific_customers")? {
        if !customer.is_some_and(|c| ids.contains(&c)) {
            reasons.push("customer_not_allowed");
        }
    }
    if let Some(ids) = pc.allowed_ids("limit_to_specific_subscriber", "coupon_specific_subscribers")? {
        if !subscriber.is_some_and(|s| ids.contains(&s)) {
            reasons.push("subscriber_not_allowed");
        }
    }
    Ok(reasons)
}
