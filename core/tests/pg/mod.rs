//! A throwaway PostgreSQL database for the store tests: `PROMOCODE_TEST_PG` is an
//! admin URI (`make test` starts a server and sets it). Without it the PostgreSQL
//! cases fail under `CI=true` and are skipped, loudly, elsewhere.

use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

/// A fresh database's URI, or `None` (skipped) when no server is configured.
pub fn pg_uri() -> Option<String> {
    let admin = match std::env::var("PROMOCODE_TEST_PG") {
        Ok(v) if !v.is_empty() => v,
        _ => {
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but PROMOCODE_TEST_PG is not set: the PostgreSQL cases cannot run"
            );
            eprintln!("SKIPPED: PostgreSQL cases (set PROMOCODE_TEST_PG, e.g. via `bash .ci/pg.sh start`)");
            return None;
        }
    };
    let name = format!("promocode_t{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::SeqCst));
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to PROMOCODE_TEST_PG");
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("drop database");
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    Some(with_database(&admin, &name))
}

/// `admin` with its database replaced by `name` (query parameters kept).
pub fn with_database(admin: &str, name: &str) -> String {
    let (base, query) = admin.split_once('?').unwrap_or((admin, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}
