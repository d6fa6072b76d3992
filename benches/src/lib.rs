//! Shared benchmark inputs: the deterministic synthetic partner list of
//! `benches/data/README.md` (the same list the Python and Node benchmarks build).

use promocode::Partner;

/// The name pools of `benches/data/names.json`.
pub struct Pools {
    first: Vec<String>,
    last: Vec<String>,
}

impl Pools {
    /// Loads the pools compiled into this crate.
    pub fn load() -> Pools {
        let v: serde_json::Value = serde_json::from_str(include_str!("../data/names.json")).unwrap_or_default();
        let list = |k: &str| -> Vec<String> {
            v[k].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default()
        };
        Pools { first: list("first"), last: list("last") }
    }
}

/// Marsaglia's xorshift32, started at 2463534242.
pub struct XorShift32(u32);

impl Default for XorShift32 {
    fn default() -> Self {
        XorShift32(2_463_534_242)
    }
}

impl XorShift32 {
    /// The next value.
    pub fn next_u32(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

/// The first `n` partners of the synthetic list.
pub fn partners(n: usize) -> Vec<Partner> {
    let pools = Pools::load();
    let mut rng = XorShift32::default();
    (0..n)
        .map(|i| {
            let name = pools.first[rng.next_u32() as usize % pools.first.len()].clone();
            let surname = pools.last[rng.next_u32() as usize % pools.last.len()].clone();
            Partner {
                name: Some(name),
                surname: Some(surname),
                email: Some(format!("partner{i}@example.com")),
                id: Some(i.to_string()),
                ..Partner::default()
            }
        })
        .collect()
}

/// `n` distinct existing codes of 8 characters from a 62-character alphabet, as a
/// peer library would have made them (deterministic).
pub fn existing_codes(n: usize) -> Vec<String> {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut rng = XorShift32(12345);
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let code: String = (0..8).map(|_| ALNUM[rng.next_u32() as usize % ALNUM.len()] as char).collect();
        if seen.insert(code.to_ascii_lowercase()) {
            out.push(code);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_synthetic_list_matches_the_shared_check_values() {
        let expected: serde_json::Value = serde_json::from_str(include_str!("../data/expected-first5.json")).unwrap();
        for (p, e) in super::partners(5).iter().zip(expected.as_array().unwrap()) {
            assert_eq!(p.name.as_deref(), e["name"].as_str());
            assert_eq!(p.surname.as_deref(), e["surname"].as_str());
            assert_eq!(p.email.as_deref(), e["email"].as_str());
        }
    }
}
