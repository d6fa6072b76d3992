//! The program store: every code of a program, who it belongs to, across runs,
//! processes and machines.
//!
//! A [`Store`] is opened from an address:
//!
//! | address | backend | for |
//! |---|---|---|
//! | `memory:` | this process's memory (64-bit fingerprints, as a [`Generator`](crate::Generator) without a store) | tests, one-off runs |
//! | `sqlite:PATH` | one SQLite file, created on first use, WAL (feature `sqlite`) | one machine, any number of processes |
//! | `postgresql://…`, `postgres://…` | a PostgreSQL database (feature `postgres`) | many processes and machines |
//!
//! Uniqueness is the database's job: the primary key `(program, key)` holds
//! promocode's own [`canonical_key`] of every code, and a
//! unique index on `(program, coupon, partner_id)` gives a partner at most one
//! code per coupon. Every write is one atomic [`Store::claim`] of a whole batch,
//! in sorted key order; the generator redraws what another writer took.
//!
//! ```
//! use promocode::{Claim, Outcome, Store};
//! let store = Store::open("memory:")?.with_program("acme")?;
//! let out = store.claim("summer", &[Claim::partner("JOHN20", "p1"), Claim::partner("john20", "p2")])?;
//! assert_eq!(out, [Outcome::Claimed, Outcome::KeyTaken]);
//! assert_eq!(store.code_of("p1", "summer")?.as_deref(), Some("JOHN20"));
//! assert_eq!(store.claim("summer", &[Claim::partner("ANN20", "p1")])?, [Outcome::PartnerHas("JOHN20".into())]);
//! assert!(store.contains("Jöhn20")?);
//! assert_eq!(store.len()?, 1);
//! # Ok::<(), promocode::Error>(())
//! ```

mod lookup;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

use crate::error::{Error, Result};
use crate::text::canonical_key;
use std::sync::Arc;

/// The program a store handle works in when none is named.
pub const DEFAULT_PROGRAM: &str = "default";
/// The coupon a generator issues for when none is named.
pub const DEFAULT_COUPON: &str = "default";
/// The longest program, coupon or partner id a store accepts, in bytes.
pub const MAX_NAME_BYTES: usize = 200;

/// One code to claim: the code as issued and, when it is a partner's code, the
/// partner's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim<'a> {
    /// The code as it will be handed out.
    pub code: &'a str,
    /// The partner it is for (`None`: a bulk code, or a partner without an id).
    pub partner: Option<&'a str>,
}

impl<'a> Claim<'a> {
    /// A code for nobody in particular.
    pub fn code(code: &'a str) -> Claim<'a> {
        Claim { code, partner: None }
    }

    /// A code for the partner with this id.
    pub fn partner(code: &'a str, partner: &'a str) -> Claim<'a> {
        Claim { code, partner: Some(partner) }
    }
}

/// What a claim did for one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The code is now this item's (and, with a partner, the partner's).
    Claimed,
    /// A code with the same canonical key exists (another partner's, an existing
    /// code, or an earlier item of the same batch).
    KeyTaken,
    /// The partner already has this code in the coupon (kept; nothing was claimed).
    PartnerHas(String),
}

/// How a stored code came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Registered with [`Store::add_existing`] (made elsewhere).
    Existing,
    /// Issued by a [`Generator`](crate::Generator).
    Generated,
    /// Chosen by the owner or the partner, given with [`Generator::assign`](crate::Generator::assign).
    Assigned,
}

impl Origin {
    /// `existing` or `generated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Existing => "existing",
            Origin::Generated => "generated",
            Origin::Assigned => "assigned",
        }
    }

    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    fn to_i16(self) -> i16 {
        match self {
            Origin::Existing => 0,
            Origin::Generated => 1,
            Origin::Assigned => 2,
        }
    }

    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    fn from_i16(v: i16) -> Origin {
        match v {
            0 => Origin::Existing,
            2 => Origin::Assigned,
            _ => Origin::Generated,
        }
    }
}

/// One row of [`Store::export`]: a code that is held, or one that was released.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The program.
    pub program: String,
    /// The code as issued.
    pub code: String,
    /// The partner's id, if it is a partner's code.
    pub partner: Option<String>,
    /// The coupon it was issued for (`None` for existing codes).
    pub coupon: Option<String>,
    /// How it came in.
    pub origin: Origin,
    /// When it was stored (UTC, RFC 3339).
    pub created: String,
    /// When it was released (UTC, RFC 3339); `None` while it is held.
    pub released: Option<String>,
}

/// Counts per program, from [`Store::stats`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgramStats {
    /// The program.
    pub program: String,
    /// Codes held.
    pub codes: u64,
    /// Of those, codes that belong to a partner.
    pub partner_codes: u64,
    /// Of those, codes registered as existing.
    pub existing: u64,
    /// Codes held per coupon (existing codes have none), sorted by coupon.
    pub coupons: Vec<(String, u64)>,
    /// Codes released so far.
    pub released: u64,
}

/// A backend item: the canonical key computed by the handle.
pub(crate) struct Item<'a> {
    pub key: &'a str,
    pub code: &'a str,
    pub partner: Option<&'a str>,
}

/// What every backend does; keys are always canonical keys computed in Rust.
pub(crate) trait Backend: Send + Sync {
    fn kind(&self) -> &'static str;
    /// Claims every free key, atomically, in one transaction; outcomes in input
    /// order. `items` are sorted by key, with no key and no partner twice.
    fn claim(&self, program: &str, coupon: Option<&str>, origin: Origin, items: &[Item<'_>]) -> Result<Vec<Outcome>>;
    fn codes_of(&self, program: &str, coupon: &str, partners: &[&str]) -> Result<Vec<Option<String>>>;
    fn contains(&self, program: &str, keys: &[&str]) -> Result<Vec<bool>>;
    /// Keys that start with any of `prefixes` (a hint for counters; may be partial).
    fn keys_with_prefix(&self, program: &str, prefixes: &[&str], limit: usize) -> Result<Vec<String>>;
    /// Takes keys out; `record` keeps a released row for the export.
    fn release(&self, program: &str, keys: &[&str], record: bool) -> Result<u64>;
    fn len(&self, program: &str) -> Result<u64>;
    fn export(&self, program: Option<&str>, visit: &mut dyn FnMut(Record) -> bool) -> Result<()>;
    fn stats(&self) -> Result<Vec<ProgramStats>>;
    fn check(&self) -> Result<()>;
    /// Gives `item.partner` the key `item.key` in `coupon`, in one transaction:
    /// the partner's other code in the coupon, if any, is released (recorded)
    /// first. `Claimed` with the released code; `KeyTaken` (nothing changed);
    /// `PartnerHas(code)` when the partner already holds this key.
    fn replace(
        &self,
        program: &str,
        coupon: &str,
        origin: Origin,
        item: &Item<'_>,
    ) -> Result<(Outcome, Option<String>)>;
    /// The stored code text of each canonical key, `None` where no code holds
    /// it (a lookup's probes: PostgreSQL answers in one query). The memory
    /// backend keeps no code text and answers with the key itself.
    fn codes_by_key(&self, program: &str, keys: &[&str]) -> Result<Vec<Option<String>>>;
}

/// A handle on a program store, bound to one program. Cheap to clone; clones
/// share one connection (behind a mutex) and may be used from many threads.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    program: Arc<str>,
    address: Arc<str>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("address", &self.address).field("program", &self.program).finish()
    }
}

/// Items per backend call (keeps one transaction's lock time and memory bounded).
pub(crate) const CHUNK: usize = 100_000;

impl Store {
    /// Opens (and creates on first use) the store at `address`, in program
    /// `"default"`. Opening reads the store's version records only, never its keys.
    ///
    /// ```
    /// let err = promocode::Store::open("redis://localhost").unwrap_err();
    /// assert_eq!(err.code().as_str(), "invalid_store");
    /// ```
    pub fn open(address: &str) -> Result<Store> {
        let shown = redact(address);
        let backend: Arc<dyn Backend> = if address == "memory:" || address == "memory" {
            Arc::new(memory::MemoryBackend::new())
        } else if let Some(path) = address.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(Error::InvalidStore { store: shown, reason: "names no file".into() });
            }
            open_sqlite(path, &shown)?
        } else if address.starts_with("postgresql://") || address.starts_with("postgres://") {
            open_postgres(address, &shown)?
        } else {
            return Err(Error::InvalidStore { store: shown, reason: "is not a store address".into() });
        };
        Ok(Store { backend, program: Arc::from(DEFAULT_PROGRAM), address: Arc::from(shown) })
    }

    /// A fresh in-memory store (the same as `Store::open("memory:")`).
    pub fn memory() -> Store {
        Store {
            backend: Arc::new(memory::MemoryBackend::new()),
            program: Arc::from(DEFAULT_PROGRAM),
            address: Arc::from("memory:"),
        }
    }

    /// This store, working in `program` (uniqueness is per program, across all
    /// its coupons). Shares the connection.
    pub fn with_program(&self, program: &str) -> Result<Store> {
        check_name("program", program)?;
        Ok(Store { backend: self.backend.clone(), program: Arc::from(program), address: self.address.clone() })
    }

    /// The program this handle works in.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// The address it was opened with (a password is never shown).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// `memory`, `sqlite` or `postgres`.
    pub fn kind(&self) -> &'static str {
        self.backend.kind()
    }

    /// Claims codes for `coupon` in one atomic step. Per item, in input order:
    /// [`Outcome::Claimed`], [`Outcome::KeyTaken`] (the key is held, also by an
    /// earlier item of this batch) or [`Outcome::PartnerHas`] (the partner keeps
    /// the code it has in this coupon).
    pub fn claim(&self, coupon: &str, items: &[Claim<'_>]) -> Result<Vec<Outcome>> {
        check_name("coupon", coupon)?;
        for item in items {
            if let Some(p) = item.partner {
                check_name("partner id", p)?;
            }
        }
        let keys: Vec<String> = items.iter().map(|c| canonical_key(c.code)).collect();
        let mut out = Vec::with_capacity(items.len());
        for (chunk, keys) in items.chunks(CHUNK).zip(keys.chunks(CHUNK)) {
            let batch: Vec<Item<'_>> =
                chunk.iter().zip(keys).map(|(c, k)| Item { key: k, code: c.code, partner: c.partner }).collect();
            out.extend(self.claim_keys(Some(coupon), Origin::Generated, &batch)?);
        }
        Ok(out)
    }

    /// Claim with keys already computed (the generator's path).
    /// An empty key (a code of spaces) is never claimed: it answers `KeyTaken`.
    pub(crate) fn claim_keys(&self, coupon: Option<&str>, origin: Origin, items: &[Item<'_>]) -> Result<Vec<Outcome>> {
        claim_planned(items, |batch| self.backend.claim(&self.program, coupon, origin, batch))
    }

    /// The code the partner holds in `coupon`, if any.
    pub fn code_of(&self, partner: &str, coupon: &str) -> Result<Option<String>> {
        Ok(self.codes_of(&[partner], coupon)?.pop().flatten())
    }

    /// The codes these partners hold in `coupon`, in input order (one round trip
    /// per 100k partners).
    pub fn codes_of(&self, partners: &[&str], coupon: &str) -> Result<Vec<Option<String>>> {
        check_name("coupon", coupon)?;
        let mut out = Vec::with_capacity(partners.len());
        for chunk in partners.chunks(CHUNK) {
            out.extend(self.backend.codes_of(&self.program, coupon, chunk)?);
        }
        Ok(out)
    }

    /// True when a code with the same canonical key is held in the program.
    pub fn contains(&self, code: &str) -> Result<bool> {
        let key = canonical_key(code);
        if key.is_empty() {
            return Ok(false);
        }
        Ok(self.backend.contains(&self.program, &[&key])?.pop().unwrap_or(false))
    }

    /// Registers codes that exist elsewhere (any text; compared by canonical key).
    /// Returns how many were new.
    pub fn add_existing<I, S>(&self, codes: I) -> Result<u64>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let codes: Vec<S> = codes.into_iter().collect();
        let mut added = 0;
        for chunk in codes.chunks(CHUNK) {
            let keys: Vec<String> = chunk.iter().map(|c| canonical_key(c.as_ref())).collect();
            let items: Vec<Item<'_>> =
                chunk.iter().zip(&keys).map(|(c, k)| Item { key: k, code: c.as_ref().trim(), partner: None }).collect();
            let out = self.claim_keys(None, Origin::Existing, &items)?;
            added += out.iter().filter(|o| **o == Outcome::Claimed).count() as u64;
        }
        Ok(added)
    }

    /// Releases codes (a partner who left, a deactivated coupon): their keys can
    /// be issued again, and the export keeps a released row. Returns how many
    /// were held.
    pub fn release<I, S>(&self, codes: I) -> Result<u64>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let keys: Vec<String> =
            codes.into_iter().map(|c| canonical_key(c.as_ref())).filter(|k| !k.is_empty()).collect();
        let mut released = 0;
        for chunk in keys.chunks(CHUNK) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            released += self.backend.release(&self.program, &refs, true)?;
        }
        Ok(released)
    }

    /// Gives `partner` the code `code` in `coupon`, releasing (and recording)
    /// the code it held there, in one transaction: [`Outcome::Claimed`] with
    /// the released code, if any; [`Outcome::KeyTaken`] when the code is held
    /// by someone else (nothing changes); [`Outcome::PartnerHas`] when the
    /// partner holds this code already.
    ///
    /// ```
    /// use promocode::{Claim, Outcome, Store};
    /// let store = Store::open("memory:")?;
    /// store.claim("summer", &[Claim::partner("ANN20", "p1"), Claim::partner("BOB20", "p2")])?;
    /// assert_eq!(store.replace("summer", "ANNA20", "p1")?, (Outcome::Claimed, Some("ANN20".into())));
    /// assert_eq!(store.replace("summer", "bob20", "p1")?, (Outcome::KeyTaken, None));
    /// assert!(!store.contains("ANN20")?); // released: free again
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn replace(&self, coupon: &str, code: &str, partner: &str) -> Result<(Outcome, Option<String>)> {
        self.replace_as(coupon, code, partner, Origin::Generated)
    }

    pub(crate) fn replace_as(
        &self,
        coupon: &str,
        code: &str,
        partner: &str,
        origin: Origin,
    ) -> Result<(Outcome, Option<String>)> {
        check_name("coupon", coupon)?;
        check_name("partner id", partner)?;
        let key = canonical_key(code);
        if key.is_empty() {
            return Ok((Outcome::KeyTaken, None));
        }
        self.backend.replace(&self.program, coupon, origin, &Item { key: &key, code, partner: Some(partner) })
    }

    /// Takes back claims of a failed call without recording a release.
    pub(crate) fn rollback(&self, keys: &[&str]) -> Result<u64> {
        let mut n = 0;
        for chunk in keys.chunks(CHUNK) {
            n += self.backend.release(&self.program, chunk, false)?;
        }
        Ok(n)
    }

    pub(crate) fn keys_with_prefix(&self, prefixes: &[&str], limit: usize) -> Result<Vec<String>> {
        self.backend.keys_with_prefix(&self.program, prefixes, limit)
    }

    /// How many codes the program holds.
    pub fn len(&self) -> Result<u64> {
        self.backend.len(&self.program)
    }

    /// True when the program holds no code.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Every code of this program (`all_programs`: of every program), held ones
    /// and released ones, oldest first; `visit` returns false to stop.
    /// The memory store keeps only fingerprints and cannot list its codes.
    pub fn export(&self, all_programs: bool, mut visit: impl FnMut(Record) -> bool) -> Result<()> {
        let program = if all_programs { None } else { Some(&*self.program) };
        self.backend.export(program, &mut visit)
    }

    /// Counts for every program in the store.
    pub fn stats(&self) -> Result<Vec<ProgramStats>> {
        self.backend.stats()
    }

    /// Runs the database's own integrity check (SQLite `PRAGMA integrity_check`
    /// plus the store's invariants); reads the whole store.
    pub fn check(&self) -> Result<()> {
        self.backend.check()
    }
}

/// Checks a program, coupon or partner id: non-empty, at most [`MAX_NAME_BYTES`], no NUL.
pub(crate) fn check_name(field: &str, name: &str) -> Result<()> {
    let reason = if name.is_empty() {
        "must not be empty"
    } else if name.len() > MAX_NAME_BYTES {
        "must be at most 200 bytes"
    } else if name.contains('\0') {
        "must not contain NUL characters"
    } else {
        return Ok(());
    };
    Err(Error::InvalidValue { field: field.into(), reason: reason.into() })
}

/// The address without a password (`postgresql://user:***@host/db`).
pub(crate) fn redact(address: &str) -> String {
    let Some((scheme, rest)) = address.split_once("://") else { return address.to_owned() };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let mut out = format!("{scheme}://");
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => out.push_str(&format!("{name}:***@{host}")),
            None => out.push_str(authority),
        },
        None => out.push_str(authority),
    }
    // `password=` in the query string, too.
    let mut parts = Vec::new();
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    out.push_str(path);
    for kv in query.split('&').filter(|s| !s.is_empty()) {
        if kv.to_ascii_lowercase().starts_with("password=") {
            parts.push("password=***".to_owned());
        } else {
            parts.push(kv.to_owned());
        }
    }
    if !parts.is_empty() {
        out.push('?');
        out.push_str(&parts.join("&"));
    }
    out
}

#[cfg(feature = "sqlite")]
fn open_sqlite(path: &str, shown: &str) -> Result<Arc<dyn Backend>> {
    Ok(Arc::new(sqlite::SqliteBackend::open(path, shown)?))
}

#[cfg(not(feature = "sqlite"))]
fn open_sqlite(_: &str, shown: &str) -> Result<Arc<dyn Backend>> {
    Err(Error::InvalidStore { store: shown.into(), reason: "needs SQLite, which this build leaves out".into() })
}

#[cfg(feature = "postgres")]
fn open_postgres(address: &str, shown: &str) -> Result<Arc<dyn Backend>> {
    Ok(Arc::new(postgres::PgBackend::open(address, shown)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_: &str, shown: &str) -> Result<Arc<dyn Backend>> {
    Err(Error::InvalidStore { store: shown.into(), reason: "needs PostgreSQL, which this build leaves out".into() })
}

/// Now, UTC, as RFC 3339 with milliseconds (`2026-11-27T15:04:05.123Z`).
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn now_utc() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let seconds = crate::provider::rfc3339(now.as_secs() as i64);
    format!("{}.{:03}Z", seconds.trim_end_matches('Z'), now.subsec_millis())
}

/// Claims `items` through `claim`, which takes batches of unique keys and
/// unique partners in key order (so concurrent writers lock in the same order).
/// Items that repeat an earlier item's key or partner are answered from that
/// item's outcome, or go round again when it tells nothing about them.
pub(crate) fn claim_planned(
    items: &[Item<'_>],
    mut claim: impl FnMut(&[Item<'_>]) -> Result<Vec<Outcome>>,
) -> Result<Vec<Outcome>> {
    // The generator's bulk chunks come sorted, with distinct keys and no partners.
    let planned = items.first().is_some_and(|i| !i.key.is_empty())
        && items.iter().all(|i| i.partner.is_none())
        && items.windows(2).all(|w| w[0].key < w[1].key);
    if planned {
        return claim(items);
    }
    let mut out = vec![Outcome::KeyTaken; items.len()];
    let mut pending: Vec<usize> = (0..items.len()).filter(|&i| !items[i].key.is_empty()).collect();
    while !pending.is_empty() {
        let mut keys: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(pending.len());
        let mut partners: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut send = Vec::with_capacity(pending.len());
        let mut repeats = Vec::new();
        for &i in &pending {
            let item = &items[i];
            if let Some(&first) = item.partner.and_then(|p| partners.get(p)) {
                repeats.push((i, first, true));
            } else if let Some(&first) = keys.get(item.key) {
                repeats.push((i, first, false));
            } else {
                keys.insert(item.key, i);
                if let Some(p) = item.partner {
                    partners.insert(p, i);
                }
                send.push(i);
            }
        }
        send.sort_unstable_by(|&a, &b| items[a].key.cmp(items[b].key));
        let batch: Vec<Item<'_>> =
            send.iter().map(|&i| Item { key: items[i].key, code: items[i].code, partner: items[i].partner }).collect();
        for (&i, o) in send.iter().zip(claim(&batch)?) {
            out[i] = o;
        }
        let mut next = Vec::new();
        for (i, first, same_partner) in repeats {
            match (&out[first], same_partner) {
                (Outcome::Claimed, true) => out[i] = Outcome::PartnerHas(items[first].code.to_owned()),
                (Outcome::PartnerHas(c), true) => out[i] = Outcome::PartnerHas(c.clone()),
                (Outcome::Claimed, false) => out[i] = Outcome::KeyTaken,
                _ => next.push(i),
            }
        }
        pending = next;
    }
    Ok(out)
}
