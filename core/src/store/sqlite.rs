//! `sqlite:PATH` — one SQLite file (bundled SQLite), WAL, safe for several
//! processes on one machine: every write is `BEGIN IMMEDIATE` (one writer at a
//! time, others wait up to `busy_timeout`) and commits with `synchronous=FULL`
//! (a forgotten commit would mean a code issued twice).

use super::{now_utc, Backend, Item, Origin, Outcome, ProgramStats, Record};
use crate::error::{Error, Result};
use crate::text::KEY_VERSION;
use rusqlite::{params, Connection, ErrorCode as Sq, OpenFlags, TransactionBehavior};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// `PRAGMA application_id` of a promocode store: "PRMC".
const APPLICATION_ID: i32 = 0x5052_4d43;
const SCHEMA_VERSION: &str = "1";
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS promocode_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS promocode_code (
    program TEXT NOT NULL,
    key TEXT NOT NULL,
    code TEXT NOT NULL,
    coupon TEXT,
    partner_id TEXT,
    origin INTEGER NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (program, key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS promocode_partner
    ON promocode_code (program, coupon, partner_id) WHERE partner_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS promocode_released (
    program TEXT NOT NULL,
    key TEXT NOT NULL,
    code TEXT NOT NULL,
    coupon TEXT,
    partner_id TEXT,
    origin INTEGER NOT NULL,
    created TEXT NOT NULL,
    released TEXT NOT NULL
);
";

pub(crate) struct SqliteBackend {
    conn: Mutex<Connection>,
    shown: String,
}

impl SqliteBackend {
    pub(crate) fn open(path: &str, shown: &str) -> Result<SqliteBackend> {
        let meta = std::fs::metadata(path);
        if let Ok(m) = &meta {
            if m.is_dir() {
                return Err(Error::NotAStore { store: shown.into(), reason: "it is a directory".into() });
            }
            if let Err(e) = std::fs::OpenOptions::new().read(true).write(true).open(path) {
                if e.kind() == std::io::ErrorKind::PermissionDenied {
                    return Err(Error::StoreReadOnly {
                        store: shown.into(),
                        reason: "the file is not writable".into(),
                    });
                }
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| map_err(e, shown))?;
        let backend = SqliteBackend { conn: Mutex::new(conn), shown: shown.into() };
        backend.init()?;
        Ok(backend)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        map_err(e, &self.shown)
    }

    fn init(&self) -> Result<()> {
        let mut conn = self.lock();
        let shown = self.shown.clone();
        let err = |e| map_err(e, &shown);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(err)?;
        if app != APPLICATION_ID {
            let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(err)?;
            if app != 0 || objects != 0 {
                return Err(Error::NotAStore {
                    store: shown,
                    reason: "it is a SQLite database of another application".into(),
                });
            }
            // A new file: WAL first (it cannot change inside a transaction), then
            // the schema in one transaction (another process may be doing the same:
            // every statement is idempotent).
            conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
            tx.execute_batch(SCHEMA).map_err(err)?;
            tx.execute(
                "INSERT OR IGNORE INTO promocode_meta (name, value) VALUES ('schema_version', ?1), ('key_version', ?2)",
                params![SCHEMA_VERSION, KEY_VERSION.to_string()],
            )
            .map_err(err)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(err)?;
            tx.commit().map_err(err)?;
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        conn.pragma_update(None, "cache_size", -65_536).map_err(err)?;
        let version: Option<String> = conn
            .query_row("SELECT value FROM promocode_meta WHERE name = 'key_version'", [], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => {
                    Error::StoreCorrupt { store: shown.clone(), reason: "its key version record is missing".into() }
                }
                rusqlite::Error::SqliteFailure(f, _) if f.code == Sq::Unknown => {
                    Error::StoreCorrupt { store: shown.clone(), reason: "its tables are missing".into() }
                }
                e => map_err(e, &shown),
            })
            .map(Some)?;
        let version = version.unwrap_or_default();
        if version != KEY_VERSION.to_string() {
            return Err(Error::StoreKeyVersion { store: shown, found: version, expected: KEY_VERSION });
        }
        Ok(())
    }
}

/// A SQLite error as the store's coded error.
fn map_err(e: rusqlite::Error, shown: &str) -> Error {
    let store = shown.to_owned();
    match &e {
        rusqlite::Error::SqliteFailure(f, msg) => {
            let reason = msg.clone().unwrap_or_else(|| f.to_string()).to_lowercase();
            match f.code {
                Sq::NotADatabase => Error::NotAStore { store, reason: "it is not a SQLite database".into() },
                Sq::DatabaseCorrupt => Error::StoreCorrupt { store, reason },
                Sq::ReadOnly => Error::StoreReadOnly { store, reason },
                Sq::PermissionDenied => Error::StoreReadOnly { store, reason },
                _ => Error::StoreUnavailable { store, reason },
            }
        }
        _ => Error::StoreUnavailable { store, reason: e.to_string().to_lowercase() },
    }
}

impl Backend for SqliteBackend {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    fn claim(&self, program: &str, coupon: Option<&str>, origin: Origin, items: &[Item<'_>]) -> Result<Vec<Outcome>> {
        let created = now_utc();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(items.len());
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO promocode_code (program, key, code, coupon, partner_id, origin, created) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                )
                .map_err(|e| self.err(e))?;
            let mut owner = tx
                .prepare_cached(
                    "SELECT code FROM promocode_code WHERE program = ?1 AND coupon = ?2 AND partner_id = ?3",
                )
                .map_err(|e| self.err(e))?;
            // The batch's constants are bound once; each row binds key, code and partner.
            let bind = |stmt: &mut rusqlite::CachedStatement<'_>| -> rusqlite::Result<()> {
                stmt.raw_bind_parameter(1, program)?;
                stmt.raw_bind_parameter(4, coupon)?;
                stmt.raw_bind_parameter(6, origin.to_i16())?;
                stmt.raw_bind_parameter(7, &created)
            };
            bind(&mut insert).map_err(|e| self.err(e))?;
            for item in items {
                let n = (|| {
                    insert.raw_bind_parameter(2, item.key)?;
                    insert.raw_bind_parameter(3, item.code)?;
                    insert.raw_bind_parameter(5, item.partner)?;
                    insert.raw_execute()
                })()
                .map_err(|e| self.err(e))?;
                out.push(if n == 1 {
                    Outcome::Claimed
                } else {
                    match (item.partner, coupon) {
                        (Some(partner), Some(coupon)) => {
                            match owner.query_row(params![program, coupon, partner], |r| r.get::<_, String>(0)) {
                                Ok(code) => Outcome::PartnerHas(code),
                                Err(rusqlite::Error::QueryReturnedNoRows) => Outcome::KeyTaken,
                                Err(e) => return Err(self.err(e)),
                            }
                        }
                        _ => Outcome::KeyTaken,
                    }
                });
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(out)
    }

    fn codes_of(&self, program: &str, coupon: &str, partners: &[&str]) -> Result<Vec<Option<String>>> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(partners.len());
        {
            let mut owner = tx
                .prepare_cached(
                    "SELECT code FROM promocode_code WHERE program = ?1 AND coupon = ?2 AND partner_id = ?3",
                )
                .map_err(|e| self.err(e))?;
            for partner in partners {
                out.push(match owner.query_row(params![program, coupon, partner], |r| r.get::<_, String>(0)) {
                    Ok(code) => Some(code),
                    Err(rusqlite::Error::QueryReturnedNoRows) => None,
                    Err(e) => return Err(self.err(e)),
                });
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(out)
    }

    fn contains(&self, program: &str, keys: &[&str]) -> Result<Vec<bool>> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM promocode_code WHERE program = ?1 AND key = ?2)")
            .map_err(|e| self.err(e))?;
        keys.iter()
            .map(|k| stmt.query_row(params![program, k], |r| r.get::<_, bool>(0)).map_err(|e| self.err(e)))
            .collect()
    }

    fn keys_with_prefix(&self, program: &str, prefixes: &[&str], limit: usize) -> Result<Vec<String>> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT key FROM promocode_code WHERE program = ?1 AND key >= ?2 AND key < ?3 ORDER BY key LIMIT ?4",
                )
                .map_err(|e| self.err(e))?;
            for prefix in prefixes {
                let end = format!("{prefix}\u{10FFFF}");
                let rows = stmt
                    .query_map(params![program, prefix, end, limit as i64], |r| r.get::<_, String>(0))
                    .map_err(|e| self.err(e))?;
                for row in rows {
                    out.push(row.map_err(|e| self.err(e))?);
                }
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(out)
    }

    fn release(&self, program: &str, keys: &[&str], record: bool) -> Result<u64> {
        let released = now_utc();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| self.err(e))?;
        let mut n = 0;
        {
            let mut keep = tx
                .prepare_cached(
                    "INSERT INTO promocode_released (program, key, code, coupon, partner_id, origin, created, released) \
                     SELECT program, key, code, coupon, partner_id, origin, created, ?3 FROM promocode_code \
                     WHERE program = ?1 AND key = ?2",
                )
                .map_err(|e| self.err(e))?;
            let mut delete = tx
                .prepare_cached("DELETE FROM promocode_code WHERE program = ?1 AND key = ?2")
                .map_err(|e| self.err(e))?;
            for key in keys {
                if record {
                    keep.execute(params![program, key, released]).map_err(|e| self.err(e))?;
                }
                n += delete.execute(params![program, key]).map_err(|e| self.err(e))? as u64;
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    fn len(&self, program: &str) -> Result<u64> {
        let conn = self.lock();
        conn.query_row("SELECT count(*) FROM promocode_code WHERE program = ?1", params![program], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n as u64)
        .map_err(|e| self.err(e))
    }

    fn export(&self, program: Option<&str>, visit: &mut dyn FnMut(Record) -> bool) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        {
            let mut stmt = tx
                .prepare(
                    "SELECT program, code, partner_id, coupon, origin, created, NULL AS released FROM promocode_code \
                     WHERE ?1 IS NULL OR program = ?1 \
                     UNION ALL \
                     SELECT program, code, partner_id, coupon, origin, created, released FROM promocode_released \
                     WHERE ?1 IS NULL OR program = ?1 \
                     ORDER BY 6, 7, 1, 2",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query(params![program]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let record = (|| -> rusqlite::Result<Record> {
                    Ok(Record {
                        program: r.get(0)?,
                        code: r.get(1)?,
                        partner: r.get(2)?,
                        coupon: r.get(3)?,
                        origin: Origin::from_i16(r.get(4)?),
                        created: r.get(5)?,
                        released: r.get(6)?,
                    })
                })()
                .map_err(|e| self.err(e))?;
                if !visit(record) {
                    break;
                }
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    fn stats(&self) -> Result<Vec<ProgramStats>> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let mut out: Vec<ProgramStats> = Vec::new();
        {
            let mut stmt = tx
                .prepare(
                    "SELECT program, count(*), count(partner_id), sum(origin = 0) FROM promocode_code \
                     GROUP BY program ORDER BY program",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(ProgramStats {
                        program: r.get(0)?,
                        codes: r.get::<_, i64>(1)? as u64,
                        partner_codes: r.get::<_, i64>(2)? as u64,
                        existing: r.get::<_, Option<i64>>(3)?.unwrap_or(0) as u64,
                        ..ProgramStats::default()
                    })
                })
                .map_err(|e| self.err(e))?;
            for row in rows {
                out.push(row.map_err(|e| self.err(e))?);
            }
            let mut coupons = tx
                .prepare(
                    "SELECT program, coupon, count(*) FROM promocode_code WHERE coupon IS NOT NULL \
                     GROUP BY program, coupon ORDER BY program, coupon",
                )
                .map_err(|e| self.err(e))?;
            let rows = coupons
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))
                .map_err(|e| self.err(e))?;
            for row in rows {
                let (program, coupon, n) = row.map_err(|e| self.err(e))?;
                if let Some(p) = out.iter_mut().find(|p| p.program == program) {
                    p.coupons.push((coupon, n as u64));
                }
            }
            let mut released = tx
                .prepare("SELECT program, count(*) FROM promocode_released GROUP BY program")
                .map_err(|e| self.err(e))?;
            let rows = released
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .map_err(|e| self.err(e))?;
            for row in rows {
                let (program, n) = row.map_err(|e| self.err(e))?;
                match out.iter_mut().find(|p| p.program == program) {
                    Some(p) => p.released = n as u64,
                    None => out.push(ProgramStats { program, released: n as u64, ..ProgramStats::default() }),
                }
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        out.sort_by(|a, b| a.program.cmp(&b.program));
        Ok(out)
    }

    fn replace(
        &self,
        program: &str,
        coupon: &str,
        origin: Origin,
        item: &Item<'_>,
    ) -> Result<(Outcome, Option<String>)> {
        let now = now_utc();
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| self.err(e))?;
        let held: Option<(String, String)> = match tx.query_row(
            "SELECT key, code FROM promocode_code WHERE program = ?1 AND coupon = ?2 AND partner_id = ?3",
            params![program, coupon, item.partner],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ) {
            Ok(row) => Some(row),
            Err(rusqlite::Error::QueryReturnedNoRows) => None,
            Err(e) => return Err(self.err(e)),
        };
        if let Some((key, code)) = &held {
            if key == item.key {
                return Ok((Outcome::PartnerHas(code.clone()), None));
            }
        }
        let taken: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM promocode_code WHERE program = ?1 AND key = ?2)",
                params![program, item.key],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if taken {
            return Ok((Outcome::KeyTaken, None));
        }
        if let Some((key, _)) = &held {
            tx.execute(
                "INSERT INTO promocode_released (program, key, code, coupon, partner_id, origin, created, released) \
                 SELECT program, key, code, coupon, partner_id, origin, created, ?3 FROM promocode_code \
                 WHERE program = ?1 AND key = ?2",
                params![program, key, now],
            )
            .map_err(|e| self.err(e))?;
            tx.execute("DELETE FROM promocode_code WHERE program = ?1 AND key = ?2", params![program, key])
                .map_err(|e| self.err(e))?;
        }
        tx.execute(
            "INSERT INTO promocode_code (program, key, code, coupon, partner_id, origin, created) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![program, item.key, item.code, coupon, item.partner, origin.to_i16(), now],
        )
        .map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok((Outcome::Claimed, held.map(|(_, code)| code)))
    }

    fn check(&self) -> Result<()> {
        let conn = self.lock();
        let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        if result != "ok" {
            return Err(Error::StoreCorrupt { store: self.shown.clone(), reason: result.to_lowercase() });
        }
        Ok(())
    }

    fn codes_by_key(&self, program: &str, keys: &[&str]) -> Result<Vec<Option<String>>> {
        let mut conn = self.lock();
        let tx = conn.transaction().map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(keys.len());
        {
            let mut stmt = tx
                .prepare_cached("SELECT code FROM promocode_code WHERE program = ?1 AND key = ?2")
                .map_err(|e| self.err(e))?;
            for key in keys {
                out.push(match stmt.query_row(params![program, key], |r| r.get::<_, String>(0)) {
                    Ok(code) => Some(code),
                    Err(rusqlite::Error::QueryReturnedNoRows) => None,
                    Err(e) => return Err(self.err(e)),
                });
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(out)
    }
}
