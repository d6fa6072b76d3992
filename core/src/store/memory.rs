//! `memory:` — the registry of a generator without a store, shared by handles:
//! 64-bit fingerprints of the keys (10.7–21.3 bytes a code), plus the code text
//! of partners' codes only (to answer [`super::Store::code_of`]).

use super::{Backend, Item, Origin, Outcome, ProgramStats, Record};
use crate::error::{Error, Result};
use crate::registry::Registry;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

pub(crate) struct MemoryBackend {
    programs: Mutex<HashMap<String, Program>>,
}

struct Program {
    registry: Registry,
    /// (coupon, partner) -> (code, fingerprint of its key)
    partners: HashMap<(String, String), (String, u64)>,
    /// fingerprint -> (coupon, partner), for releasing a partner's code
    owners: HashMap<u64, (String, String)>,
    existing: u64,
    released: u64,
}

impl Program {
    fn new() -> Program {
        Program {
            registry: Registry::new(),
            partners: HashMap::new(),
            owners: HashMap::new(),
            existing: 0,
            released: 0,
        }
    }
}

impl MemoryBackend {
    pub(crate) fn new() -> MemoryBackend {
        MemoryBackend { programs: Mutex::new(HashMap::new()) }
    }

    fn with<T>(&self, program: &str, f: impl FnOnce(&mut Program) -> T) -> T {
        let mut programs = self.programs.lock().unwrap_or_else(PoisonError::into_inner);
        f(programs.entry(program.to_owned()).or_insert_with(Program::new))
    }
}

impl Backend for MemoryBackend {
    fn kind(&self) -> &'static str {
        "memory"
    }

    fn claim(&self, program: &str, coupon: Option<&str>, origin: Origin, items: &[Item<'_>]) -> Result<Vec<Outcome>> {
        Ok(self.with(program, |p| {
            p.registry.reserve(items.len());
            items
                .iter()
                .map(|item| {
                    if let (Some(partner), Some(coupon)) = (item.partner, coupon) {
                        if let Some((code, _)) = p.partners.get(&(coupon.to_owned(), partner.to_owned())) {
                            return Outcome::PartnerHas(code.clone());
                        }
                    }
                    let fp = p.registry.fingerprint_key(item.key.as_bytes());
                    if !p.registry.insert(fp) {
                        return Outcome::KeyTaken;
                    }
                    if let (Some(partner), Some(coupon)) = (item.partner, coupon) {
                        let owner = (coupon.to_owned(), partner.to_owned());
                        p.partners.insert(owner.clone(), (item.code.to_owned(), fp));
                        p.owners.insert(fp, owner);
                    }
                    if origin == Origin::Existing {
                        p.existing += 1;
                    }
                    Outcome::Claimed
                })
                .collect()
        }))
    }

    fn codes_of(&self, program: &str, coupon: &str, partners: &[&str]) -> Result<Vec<Option<String>>> {
        Ok(self.with(program, |p| {
            partners
                .iter()
                .map(|id| p.partners.get(&(coupon.to_owned(), (*id).to_owned())).map(|(c, _)| c.clone()))
                .collect()
        }))
    }

    fn contains(&self, program: &str, keys: &[&str]) -> Result<Vec<bool>> {
        Ok(self.with(program, |p| {
            keys.iter().map(|k| p.registry.contains(p.registry.fingerprint_key(k.as_bytes()))).collect()
        }))
    }

    fn keys_with_prefix(&self, _: &str, _: &[&str], _: usize) -> Result<Vec<String>> {
        // Fingerprints cannot be listed; the claim loop finds free counters instead.
        Ok(Vec::new())
    }

    fn release(&self, program: &str, keys: &[&str], record: bool) -> Result<u64> {
        Ok(self.with(program, |p| {
            let mut n = 0;
            for key in keys {
                let fp = p.registry.fingerprint_key(key.as_bytes());
                if p.registry.contains(fp) {
                    p.registry.remove(fp);
                    if let Some(owner) = p.owners.remove(&fp) {
                        p.partners.remove(&owner);
                    }
                    n += 1;
                }
            }
            if record {
                p.released += n;
            }
            n
        }))
    }

    fn len(&self, program: &str) -> Result<u64> {
        Ok(self.with(program, |p| p.registry.len() as u64))
    }

    fn export(&self, _: Option<&str>, _: &mut dyn FnMut(Record) -> bool) -> Result<()> {
        Err(Error::InvalidStore {
            store: "memory:".into(),
            reason: "keeps fingerprints only and cannot list its codes; export from `sqlite:PATH` or `postgresql://…`"
                .into(),
        })
    }

    fn stats(&self) -> Result<Vec<ProgramStats>> {
        let programs = self.programs.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<ProgramStats> = programs
            .iter()
            .map(|(name, p)| {
                let mut coupons: HashMap<&str, u64> = HashMap::new();
                for (coupon, _) in p.partners.keys() {
                    *coupons.entry(coupon).or_default() += 1;
                }
                let mut coupons: Vec<(String, u64)> = coupons.into_iter().map(|(c, n)| (c.to_owned(), n)).collect();
                coupons.sort();
                ProgramStats {
                    program: name.clone(),
                    codes: p.registry.len() as u64,
                    partner_codes: p.partners.len() as u64,
                    existing: p.existing,
                    coupons,
                    released: p.released,
                }
            })
            .collect();
        out.sort_by(|a, b| a.program.cmp(&b.program));
        Ok(out)
    }

    fn check(&self) -> Result<()> {
        Ok(())
    }

    fn replace(&self, program: &str, coupon: &str, _: Origin, item: &Item<'_>) -> Result<(Outcome, Option<String>)> {
        let Some(partner) = item.partner else { return Ok((Outcome::KeyTaken, None)) };
        Ok(self.with(program, |p| {
            let owner = (coupon.to_owned(), partner.to_owned());
            let fp = p.registry.fingerprint_key(item.key.as_bytes());
            let old = p.partners.get(&owner).cloned();
            if let Some((code, old_fp)) = &old {
                if *old_fp == fp {
                    return (Outcome::PartnerHas(code.clone()), None);
                }
            }
            if p.registry.contains(fp) {
                return (Outcome::KeyTaken, None);
            }
            let released = old.map(|(code, old_fp)| {
                p.registry.remove(old_fp);
                p.owners.remove(&old_fp);
                p.released += 1;
                code
            });
            p.registry.insert(fp);
            p.partners.insert(owner.clone(), (item.code.to_owned(), fp));
            p.owners.insert(fp, owner);
            (Outcome::Claimed, released)
        }))
    }

    /// No code text here (fingerprints only): a held key answers with itself,
    /// and [`super::Store::lookup`] puts it in the format's letter case, as a
    /// generator without a store does.
    fn codes_by_key(&self, program: &str, keys: &[&str]) -> Result<Vec<Option<String>>> {
        Ok(self.with(program, |p| {
            keys.iter()
                .map(|k| p.registry.contains(p.registry.fingerprint_key(k.as_bytes())).then(|| (*k).to_owned()))
                .collect()
        }))
    }
}
