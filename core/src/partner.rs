//! Partners: the people codes are made for.

use crate::error::{Error, Result};
use crate::value::Value;

/// A partner of an affiliate program. Every field is optional.
///
/// ```
/// use promocode::Partner;
/// let p = Partner::new().name("John").surname("Doe").email("john.doe+promo@example.com");
/// assert_eq!(p.name.as_deref(), Some("John"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Partner {
    /// First name.
    pub name: Option<String>,
    /// Last name.
    pub surname: Option<String>,
    /// Email address; codes use its local part (before the last `@`, `+tag` dropped).
    pub email: Option<String>,
    /// The caller's identifier, carried along (codes never contain it).
    pub id: Option<String>,
    /// A locale hint for this partner's names (`uk`, `zh-TW`, `ja`, ...; see
    /// [`crate::LOCALES`]); overrides the format's `locale`.
    pub locale: Option<String>,
    /// How the first name is read, in kana (as Japanese forms collect it); used
    /// instead of `name` when present.
    pub name_reading: Option<String>,
    /// How the last name is read, in kana; used instead of `surname` when present.
    pub surname_reading: Option<String>,
}

/// The personal fields a format can include.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// First name.
    Name,
    /// Last name.
    Surname,
    /// Email local part.
    Email,
}

impl Field {
    /// The option and placeholder name: `name`, `surname` or `email`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Surname => "surname",
            Field::Email => "email",
        }
    }
}

impl Partner {
    /// The keys [`Partner::from_value`] reads. Bindings may read just these from a
    /// host object (every other key is ignored anyway), so a large or cyclic CRM
    /// record costs nothing extra.
    ///
    /// ```
    /// assert_eq!(promocode::Partner::FIELDS, ["name", "surname", "email", "id", "locale", "name_reading", "surname_reading"]);
    /// ```
    pub const FIELDS: &'static [&'static str] =
        &["name", "surname", "email", "id", "locale", "name_reading", "surname_reading"];

    /// An empty partner.
    pub fn new() -> Partner {
        Partner::default()
    }

    /// Sets the first name.
    pub fn name(mut self, name: impl Into<String>) -> Partner {
        self.name = Some(name.into());
        self
    }

    /// Sets the last name.
    pub fn surname(mut self, surname: impl Into<String>) -> Partner {
        self.surname = Some(surname.into());
        self
    }

    /// Sets the email address.
    pub fn email(mut self, email: impl Into<String>) -> Partner {
        self.email = Some(email.into());
        self
    }

    /// Sets the identifier.
    pub fn id(mut self, id: impl Into<String>) -> Partner {
        self.id = Some(id.into());
        self
    }

    /// Sets the locale hint.
    pub fn locale(mut self, locale: impl Into<String>) -> Partner {
        self.locale = Some(locale.into());
        self
    }

    /// Sets the reading of a name field (`Field::Name` or `Field::Surname`).
    pub fn reading(mut self, field: Field, reading: impl Into<String>) -> Partner {
        match field {
            Field::Name => self.name_reading = Some(reading.into()),
            Field::Surname => self.surname_reading = Some(reading.into()),
            Field::Email => {}
        }
        self
    }

    /// The reading given for a field, if any (and not blank).
    pub(crate) fn reading_of(&self, field: Field) -> Option<&str> {
        match field {
            Field::Name => self.name_reading.as_deref(),
            Field::Surname => self.surname_reading.as_deref(),
            Field::Email => None,
        }
        .filter(|r| !r.trim().is_empty())
    }

    /// The raw value of a personal field.
    pub fn field(&self, field: Field) -> Option<&str> {
        match field {
            Field::Name => self.name.as_deref(),
            Field::Surname => self.surname.as_deref(),
            Field::Email => self.email.as_deref(),
        }
    }

    /// Reads a partner from an object with `name`, `surname`, `email`, `locale`,
    /// `name_reading`, `surname_reading` (strings or null) and `id` (string,
    /// integer or null); an unknown `locale` is an `unknown_locale` error. Other keys are ignored, so a
    /// whole CRM record can be passed as it is.
    ///
    /// ```
    /// use promocode::{Partner, Value};
    /// let v = Value::object([("name", Value::from("Ann")), ("id", Value::Int(7)), ("plan", Value::from("pro"))]);
    /// let p = Partner::from_value(&v).unwrap();
    /// assert_eq!((p.name.as_deref(), p.id.as_deref()), (Some("Ann"), Some("7")));
    ///
    /// let bad = Value::object([("name", Value::Int(3))]);
    /// assert_eq!(Partner::from_value(&bad).unwrap_err().field(), Some("name"));
    /// ```
    pub fn from_value(value: &Value) -> Result<Partner> {
        if !matches!(value, Value::Object(_)) {
            return Err(Error::InvalidType {
                field: "partner".into(),
                expected: "an object with `name`, `surname`, `email` and `id`",
                got: value.type_name(),
            });
        }
        let text = |key: &str| -> Result<Option<String>> {
            match value.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => {
                    Err(Error::InvalidType { field: key.into(), expected: "a string", got: other.type_name() })
                }
            }
        };
        let id = match value.get("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Int(i)) => Some(i.to_string()),
            Some(Value::UInt(u)) => Some(u.to_string()),
            Some(v @ Value::Float(f)) if f.fract() == 0.0 && f.is_finite() => Some(v.to_string()),
            Some(other) => {
                return Err(Error::InvalidType {
                    field: "id".into(),
                    expected: "a string or an integer",
                    got: other.type_name(),
                })
            }
        };
        let locale = text("locale")?;
        if let Some(l) = &locale {
            crate::translit::Locale::from_name(l)?;
        }
        Ok(Partner {
            name: text("name")?,
            surname: text("surname")?,
            email: text("email")?,
            id,
            locale,
            name_reading: text("name_reading")?,
            surname_reading: text("surname_reading")?,
        })
    }
}

/// The local part of an email address: before the last `@`, with a `+tag` dropped.
/// Text without `@` counts as a local part as a whole.
pub(crate) fn email_local_part(email: &str) -> &str {
    let local = email.rsplit_once('@').map_or(email, |(local, _)| local);
    local.split_once('+').map_or(local, |(before, _)| before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_local_part_uses_last_at_and_drops_tags() {
        assert_eq!(email_local_part("john.doe+promo@example.com"), "john.doe");
        assert_eq!(email_local_part("\"a@b\"@example.com"), "\"a@b\"");
        assert_eq!(email_local_part("nodomain"), "nodomain");
        assert_eq!(email_local_part("+tag@example.com"), "");
    }

    #[test]
    fn non_objects_and_wrong_field_types_are_typed_errors() {
        assert_eq!(Partner::from_value(&Value::from("John")).unwrap_err().code().as_str(), "invalid_type");
        let v = Value::object([("id", Value::Array(vec![]))]);
        assert_eq!(Partner::from_value(&v).unwrap_err().field(), Some("id"));
        let v = Value::object([("id", Value::Float(12.0))]);
        assert_eq!(Partner::from_value(&v).unwrap().id.as_deref(), Some("12"));
    }
}
