//! Manual codes: the owner (or the partner) picks the code, [`Generator::assign`]
//! checks it against the platform and claims it for the partner.
//!
//! With a store the claim is one atomic store operation (two processes picking
//! the same code: exactly one gets it); without one, the generator's own
//! registry is the authority, as for generated codes.

use super::{Generator, Inner};
use crate::error::{Error, Result};
use crate::partner::Partner;
use crate::random::{skeleton, Blocklist};
use crate::store::{check_name, Item, Origin, Outcome};
use crate::text::canonical_key;
use crate::value::Value;

/// The codes of the warnings [`Generator::assign`] gives.
pub const ASSIGN_WARNING_CODES: &[&str] = &["blocklisted", "confusable"];

/// A reason to look twice at an assigned code (it was assigned all the same).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignWarning {
    /// One of [`ASSIGN_WARNING_CODES`].
    pub code: &'static str,
    /// What the matter is and what to do, lowercase.
    pub message: String,
}

/// What [`Generator::assign`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assigned {
    /// The code as the platform stores it (lowercase on WooCommerce).
    pub code: String,
    /// True when the partner already had this code (nothing changed).
    pub reused: bool,
    /// The partner's previous code, released by `replace`.
    pub replaced: Option<String>,
    /// Warnings (blocklist, confusion with an existing code).
    pub warnings: Vec<AssignWarning>,
}

impl Assigned {
    /// `{code, reused, replaced, warnings: [{code, message}]}`.
    pub fn to_value(&self) -> Value {
        let warnings = self
            .warnings
            .iter()
            .map(|w| Value::object([("code", Value::from(w.code)), ("message", Value::from(w.message.as_str()))]));
        Value::object([
            ("code", Value::from(self.code.as_str())),
            ("reused", Value::Bool(self.reused)),
            ("replaced", Value::from(self.replaced.as_deref())),
            ("warnings", Value::Array(warnings.collect())),
        ])
    }
}

impl Generator {
    /// Gives `partner` (which must have an `id`) the code `code`, chosen by hand:
    /// checks it for the format's platform (an invalid code fails with
    /// `invalid_code`, every issue in its details, as [`crate::validate`] lists
    /// them), then claims it for the partner (in the generator's coupon, with a
    /// store). Fails with `code_taken` when another partner or an existing code
    /// holds it (ignoring case and accents), and with `partner_has_code` when the
    /// partner has another code; `replace` releases that one and claims the new
    /// one in one step. Assigning a partner's own code again changes nothing.
    ///
    /// Codes generated later never repeat an assigned one (`JOHN20` assigned, the
    /// next John gets `JOHN20-2`). The `confusable` warning compares with the
    /// codes this generator knows (its existing codes and what it issued or
    /// assigned), not with every code of a store.
    ///
    /// ```
    /// use promocode::{FormatOptions, Generator, Partner};
    /// let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build()?, None);
    /// let ann = Partner::new().name("Ann").id("p1");
    /// assert_eq!(gen.assign(&ann, "JOHN20", false)?.code, "JOHN20");
    /// let err = gen.assign(&Partner::new().id("p2"), "john20", false).unwrap_err();
    /// assert_eq!(err.code().as_str(), "code_taken");
    /// assert_eq!(gen.generate(&Partner::new().name("John"))?, "JOHN20-2");
    /// let err = gen.assign(&ann, "ANN20", false).unwrap_err();
    /// assert_eq!(err.code().as_str(), "partner_has_code");
    /// assert_eq!(gen.assign(&ann, "ANN20", true)?.replaced.as_deref(), Some("JOHN20"));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn assign(&self, partner: &Partner, code: &str, replace: bool) -> Result<Assigned> {
        let id = partner.id.as_deref().filter(|s| !s.is_empty()).ok_or(Error::PartnerIdRequired)?;
        check_name("partner id", id)?;
        let platform = self.format.platform();
        let stored = platform.normalize(code)?;
        let key = canonical_key(&stored);
        let (code, reused, replaced) = match &self.store {
            Some(bound) => {
                let item = Item { key: &key, code: &stored, partner: Some(id) };
                let (outcome, released) = if replace {
                    bound.store.replace_as(&bound.coupon, &stored, id, Origin::Assigned)?
                } else {
                    let o = bound.store.claim_keys(Some(&bound.coupon), Origin::Assigned, &[item])?;
                    (o.into_iter().next().unwrap_or(Outcome::KeyTaken), None)
                };
                let mut inner = self.lock();
                match outcome {
                    Outcome::Claimed => {
                        if let Some(old) = &released {
                            inner.forget(old);
                        }
                        inner.remember(&stored);
                        (stored, false, released)
                    }
                    Outcome::PartnerHas(held) if canonical_key(&held) == key => {
                        inner.remember(&held);
                        (held, true, None)
                    }
                    Outcome::PartnerHas(held) => {
                        return Err(Error::PartnerHasCode { partner: id.to_owned(), held, code: stored })
                    }
                    // Not cached as taken: its holder may release it.
                    Outcome::KeyTaken => return Err(Error::CodeTaken { code: stored }),
                }
            }
            None => {
                let mut inner = self.lock();
                let held = inner.assigned.get(id).cloned();
                match held {
                    Some(held) if canonical_key(&held) == key => (held, true, None),
                    Some(held) if !replace => {
                        return Err(Error::PartnerHasCode { partner: id.to_owned(), held, code: stored })
                    }
                    held => {
                        let fp = inner.registry.fingerprint(&stored);
                        if inner.registry.contains(fp) {
                            return Err(Error::CodeTaken { code: stored });
                        }
                        if let Some(old) = &held {
                            inner.forget(old);
                        }
                        inner.remember(&stored);
                        inner.assigned.insert(id.to_owned(), stored.clone());
                        (stored, false, held)
                    }
                }
            }
        };
        let warnings = self.assign_warnings(&code);
        Ok(Assigned { code, reused, replaced, warnings })
    }

    /// [`Generator::assign`] for bindings: the answer as [`Assigned::to_value`].
    pub fn assign_value(&self, partner: &Partner, code: &str, replace: bool) -> Result<Value> {
        Ok(self.assign(partner, code, replace)?.to_value())
    }

    fn assign_warnings(&self, code: &str) -> Vec<AssignWarning> {
        let mut out = Vec::new();
        let key = canonical_key(code);
        if Blocklist::get().blocks(key.chars().map(skeleton)) {
            out.push(AssignWarning {
                code: "blocklisted",
                message: format!(
                    "code `{}` contains a word of the blocklist (leet spellings included); keep it only if that is intended",
                    crate::error::Quoted(code)
                ),
            });
        }
        if let Some(near) = self.near(code, 3).first() {
            out.push(AssignWarning {
                code: "confusable",
                message: format!(
                    "code `{}` is one slip from existing code `{}`; customers may enter one for the other, pick a more distinct code if you can",
                    crate::error::Quoted(code),
                    crate::error::Quoted(&near.code)
                ),
            });
        }
        out
    }
}

impl Inner {
    /// Registers a code as taken (and in the lookup index).
    fn remember(&mut self, code: &str) {
        let fp = self.registry.fingerprint(code);
        if self.registry.insert(fp) {
            if let Some(ix) = self.index.as_mut() {
                ix.add(self.registry.key_of(code));
            }
            if let Some(m) = &self.matcher {
                if m.matches(self.registry.key_of(code)) {
                    self.in_space += 1;
                }
            }
        }
    }

    /// Takes a released code out of the registry: it may be issued again.
    fn forget(&mut self, code: &str) {
        let fp = self.registry.fingerprint(code);
        if self.registry.contains(fp) {
            self.registry.remove(fp);
            if let Some(m) = &self.matcher {
                if m.matches(self.registry.key_of(code)) {
                    self.in_space = self.in_space.saturating_sub(1);
                }
            }
            self.full.clear();
        }
    }
}
