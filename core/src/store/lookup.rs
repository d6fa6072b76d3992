//! Lookups in a program store ([`Store::lookup`], [`Store::suggest`]).
//!
//! A lookup probes a few hundred canonical keys (the entered text, its folds,
//! its one-edit neighbours; see [`crate::lookup`]). Against a store they are
//! collected first — the set of keys does not depend on what is found — and
//! fetched in one backend call: one query on PostgreSQL (`key = ANY($2)`), one
//! read transaction on SQLite. The answer is then worked out from those rows,
//! exactly as for a generator's registry.

use super::{Store, CHUNK};
use crate::error::Result;
use crate::format::Format;
use crate::lookup::{issued_form, run, CodeSet, Lookup, Suggestion};
use std::collections::HashMap;

/// Answers nothing and remembers every key asked for.
struct Recorder(Vec<String>);

impl CodeSet for Recorder {
    fn find(&mut self, keys: &[String]) -> Vec<Option<String>> {
        self.0.extend_from_slice(keys);
        vec![None; keys.len()]
    }
}

/// Answers from rows fetched beforehand; keys it has no row for go to
/// `fallback` (a generator's own registry), if any.
pub(crate) struct Fetched<'a> {
    rows: HashMap<String, String>,
    pub(crate) fallback: Option<&'a mut dyn CodeSet>,
}

impl CodeSet for Fetched<'_> {
    fn find(&mut self, keys: &[String]) -> Vec<Option<String>> {
        let mut out: Vec<Option<String>> = keys.iter().map(|k| self.rows.get(k).cloned()).collect();
        if let Some(fallback) = self.fallback.as_mut() {
            let missing: Vec<usize> = (0..keys.len()).filter(|&i| out[i].is_none()).collect();
            let asked: Vec<String> = missing.iter().map(|&i| keys[i].clone()).collect();
            for (i, hit) in missing.into_iter().zip(fallback.find(&asked)) {
                out[i] = hit;
            }
        }
        out
    }
}

impl Store {
    /// How `entered` relates to the program's codes: `exact`, `normalized`,
    /// `suggest`, `ambiguous` or `not_found`, as [`crate::Generator::lookup`]
    /// answers for a registry (see [`crate::lookup`]), with codes in their
    /// stored (issued) form. `format` (the codes' format, when known) adds its
    /// separators and alphabet to the probes and its check symbol to the
    /// ranking. One backend call per lookup.
    ///
    /// The `memory:` store keeps no code text: it answers with the canonical
    /// key in `format`'s letter case (upper case, the default, without a
    /// format), as a generator without a store does.
    ///
    /// ```
    /// use promocode::{Claim, FormatOptions, LookupKind, Store};
    /// let store = Store::open("memory:")?;
    /// store.claim("summer", &[Claim::partner("JOHN20", "p1")])?;
    /// let fmt = FormatOptions::new().name(true).discount(20.0).build()?;
    /// let typo = store.lookup("JON20", Some(&fmt))?;
    /// assert_eq!((typo.kind, typo.suggestions[0].code.as_str()), (LookupKind::Suggest, "JOHN20"));
    /// assert_eq!(store.lookup("john twenty", Some(&fmt))?.code.as_deref(), Some("JOHN20"));
    /// # Ok::<(), promocode::Error>(())
    /// ```
    pub fn lookup(&self, entered: &str, format: Option<&Format>) -> Result<Lookup> {
        let mut set = self.fetch(entered, format)?;
        Ok(run(&mut set, format, entered, false, None).0)
    }

    /// Every candidate for `entered` in the program, best first, at most
    /// `limit`: an exact hit, fold hits (distance 0, score 100), then one-edit
    /// candidates by score ([`crate::lookup::suggest_in`] over the store).
    pub fn suggest(&self, entered: &str, format: Option<&Format>, limit: usize) -> Result<Vec<Suggestion>> {
        let mut set = self.fetch(entered, format)?;
        let mut list = run(&mut set, format, entered, true, None).1;
        list.truncate(limit);
        Ok(list)
    }

    /// The stored rows of every key a lookup of `entered` may probe, in one
    /// backend call (keys are at most [`crate::lookup::MAX_VARIANTS`] +
    /// [`crate::lookup::MAX_PROBES`] + 1, well under one chunk).
    pub(crate) fn fetch<'a>(&self, entered: &str, format: Option<&Format>) -> Result<Fetched<'a>> {
        let mut recorder = Recorder(Vec::new());
        run(&mut recorder, format, entered, true, None);
        let mut keys = recorder.0;
        keys.sort_unstable();
        keys.dedup();
        let memory = self.kind() == "memory";
        let case = format.map(Format::case).unwrap_or(crate::platform::Case::Upper);
        let mut rows = HashMap::new();
        for chunk in keys.chunks(CHUNK) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            for (key, code) in chunk.iter().zip(self.backend.codes_by_key(&self.program, &refs)?) {
                if let Some(code) = code {
                    let code = if memory { issued_form(&code, case) } else { code };
                    rows.insert(key.clone(), code);
                }
            }
        }
        Ok(Fetched { rows, fallback: None })
    }
}
