//! The reverse of [`provider_requests`](super::provider_requests): the codes a
//! provider already holds, read from its list response.

use super::{invalid, Provider};
use crate::error::{Error, Result};
use crate::{canonical_key, Value};
use std::collections::HashSet;

/// Reads a provider's list response into the codes it holds, in response order,
/// each once by [`canonical_key`] (the first spelling wins) — ready for
/// [`Generator::add_existing`](crate::Generator::add_existing).
///
/// | provider | response |
/// |---|---|
/// | `stripe` | `GET /v1/promotion_codes`: `{"object": "list", "data": [...]}` or the `data` list; promotion codes of every API version (`promotion.coupon` or `coupon`) |
/// | `paddle` | `GET /discounts`: `{"data": [...], "meta": ...}` or the `data` list; discounts without a code are skipped |
/// | `shopify` | a GraphQL response to a `codeDiscountNodes` query that selects `codeDiscount { ... on DiscountCodeBasic { codes(first: N) { nodes { code } } } }` (or `edges { node }` at either level); the `codeDiscountNodes` object alone also works |
/// | `woocommerce` | `GET /wp-json/wc/v3/coupons`: the list of coupons |
///
/// Pages are read one at a time: call it per page and join the results.
///
/// # Errors
///
/// [`Error::InvalidValue`] for an unknown provider or a GraphQL response with
/// `errors`; [`Error::InvalidType`] naming the path (`data.3.code`) for a response
/// of another shape.
///
/// ```
/// use promocode::{existing_codes, Value};
/// let page = Value::Array(vec![
///     Value::object([("id", Value::Int(7)), ("code", Value::from("john20"))]),
///     Value::object([("id", Value::Int(8)), ("code", Value::from("JOHN20"))]),
/// ]);
/// assert_eq!(existing_codes("woocommerce", &page)?, ["john20"]);
/// # Ok::<(), promocode::Error>(())
/// ```
pub fn existing_codes(provider: &str, response: &Value) -> Result<Vec<String>> {
    let provider = Provider::from_name(provider)?;
    let mut codes = Vec::new();
    match provider {
        Provider::Stripe | Provider::Paddle => {
            let (items, path) = match response {
                Value::Array(items) => (items, String::new()),
                other => (list(other, "data", "")?, "data.".to_owned()),
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{path}{i}");
                let kind = if provider == Provider::Stripe { "promotion_code" } else { "discount" };
                if let Some(Value::String(object)) = item.get("object") {
                    if object != kind {
                        return Err(invalid(format!("{at}.object"), format!("is `{object}`, not a {kind}")));
                    }
                }
                match field(item, "code", &at)? {
                    Value::String(s) => codes.push(s.clone()),
                    Value::Null if provider == Provider::Paddle => {}
                    other => return Err(wrong(&format!("{at}.code"), "a string", other)),
                }
            }
        }
        Provider::WooCommerce => {
            let Value::Array(items) = response else { return Err(wrong("response", "a list of coupons", response)) };
            for (i, item) in items.iter().enumerate() {
                match field(item, "code", &i.to_string())? {
                    Value::String(s) => codes.push(s.clone()),
                    other => return Err(wrong(&format!("{i}.code"), "a string", other)),
                }
            }
        }
        Provider::Shopify => shopify(response, &mut codes)?,
    }
    let mut seen = HashSet::new();
    codes.retain(|c| !c.trim().is_empty() && seen.insert(canonical_key(c)));
    Ok(codes)
}

fn wrong(field: &str, expected: &'static str, got: &Value) -> Error {
    Error::InvalidType { field: field.to_owned(), expected, got: got.type_name() }
}

/// The path of `key` below `at` (`""` is the response itself).
fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// `item[key]`, which must be there (`null` counts as there).
fn field<'a>(item: &'a Value, key: &str, at: &str) -> Result<&'a Value> {
    if !matches!(item, Value::Object(_)) {
        return Err(wrong(if at.is_empty() { "response" } else { at }, "an object", item));
    }
    item.get(key).ok_or_else(|| invalid(join(at, key), "is missing".into()))
}

/// `value[key]` as a list.
fn list<'a>(value: &'a Value, key: &str, at: &str) -> Result<&'a Vec<Value>> {
    match field(value, key, at)? {
        Value::Array(items) => Ok(items),
        other => Err(wrong(&join(at, key), "a list", other)),
    }
}

/// The nodes of a GraphQL connection (`nodes`, or `edges[].node`), with their paths.
fn nodes<'a>(connection: &'a Value, at: &str) -> Result<Vec<(String, &'a Value)>> {
    if connection.get("nodes").is_some() {
        let items = list(connection, "nodes", at)?;
        return Ok(items.iter().enumerate().map(|(i, n)| (join(at, &format!("nodes.{i}")), n)).collect());
    }
    let edges = list(connection, "edges", at)?;
    edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = join(at, &format!("edges.{i}"));
            field(e, "node", &path).map(|n| (format!("{path}.node"), n))
        })
        .collect()
}

fn shopify(response: &Value, codes: &mut Vec<String>) -> Result<()> {
    if let Some(Value::Array(errors)) = response.get("errors") {
        if let Some(first) = errors.first() {
            let message = first.get("message").and_then(Value::as_str).unwrap_or("no message");
            return Err(invalid("errors", format!("reports a GraphQL error: {message}")));
        }
    }
    let (connection, at) = match response.get("data") {
        Some(data) => (field(data, "codeDiscountNodes", "data")?, "data.codeDiscountNodes"),
        None => match response.get("codeDiscountNodes") {
            Some(c) => (c, "codeDiscountNodes"),
            None => (response, ""),
        },
    };
    for (path, node) in nodes(connection, at)? {
        let discount = field(node, "codeDiscount", &path)?;
        let path = format!("{path}.codeDiscount");
        let connection = field(discount, "codes", &path)?;
        for (path, code) in nodes(connection, &format!("{path}.codes"))? {
            match field(code, "code", &path)? {
                Value::String(s) => codes.push(s.clone()),
                other => return Err(wrong(&format!("{path}.code"), "a string", other)),
            }
        }
    }
    Ok(())
}
