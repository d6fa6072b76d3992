//! Issue 16's evaluation: how well `Generator::lookup` recovers mistyped, misread
//! and misheard codes, and what it costs. Prints markdown tables
//! (`cargo run --release -p promocode-benches --bin typos`).
//!
//! Populations (seeded, deterministic): `N` random 8-character codes (default 1M)
//! without and with `check_symbol`, `N_AVOID` of them under the `avoid` guard
//! (default N/5: the guard probes ~620 neighbours per draw), FIRSTLAST15 codes for
//! `N` partners drawn by 1990 census frequency (`benches/data/census.txt`), and
//! `N_NAMES_AVOID` (default N/5) under `avoid`, and FIRST20 for every distinct
//! census first name once.
//!
//! For each population and channel, `TYPOS` (default 2,000) entered texts are made
//! from uniformly chosen issued codes by one seeded slip of that channel:
//!
//! - keyboard: 79% substitution by a QWERTY neighbour, 10% adjacent swap, 6% a
//!   dropped character, 5% a doubled one (Verhoeff/Gallian's mix of single errors);
//! - visual: one character swapped for a look-alike (O/0, I/1, L/1, S/5, Z/2, B/8,
//!   G/6, U/V), where the code has one;
//! - spoken: numbers said as words (`JOHNDOE fifteen`, `XV seven FRGNJ`), or one
//!   letter misheard (E-set B C D E G P T V Z, M/N, F/S, J/K), or a name
//!   homophone (SEAN/SHAWN, STEVEN/STEPHEN, ...) where there is one;
//! - format: lower case, spaces between groups, separators dropped or added, or a
//!   dropped counter suffix (`JOHNDOE15-2` → `JOHNDOE15`).
//!
//! Metrics: recall@1 (the answer's code, or its first suggestion, is the intended
//! code), recall@5 (`suggest(entered, 5)` contains it), false attribution (an
//! `exact` or `normalized` answer, or a `suggest` answer's unique top-1, that is
//! another code), ambiguous, and no answer (`not_found`).

use promocode::{FormatOptions, Generator, LookupKind, Partner, TypoGuard};
use std::time::Instant;

/// CPU seconds this process has used (user + system, from `/proc/self/stat`;
/// 0 where that file does not exist). On a loaded machine wall time overstates
/// the cost; lookups per CPU second do not.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// xorshift64*, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn percent(&mut self) -> usize {
        self.below(100)
    }
}

const ROWS: [&str; 4] = ["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"];

fn keyboard_neighbours(c: char) -> Vec<char> {
    let Some((r, col)) = ROWS.iter().enumerate().find_map(|(r, row)| row.find(c).map(|i| (r as i32, i as i32))) else {
        return Vec::new();
    };
    let at = |r: i32, c: i32| -> Option<char> {
        ROWS.get(usize::try_from(r).ok()?).and_then(|row| row.chars().nth(usize::try_from(c).ok()?))
    };
    [(r, col - 1), (r, col + 1), (r - 1, col), (r - 1, col + 1), (r + 1, col - 1), (r + 1, col)]
        .into_iter()
        .filter_map(|(r, c)| at(r, c))
        .collect()
}

const VISUAL: [(char, char); 14] = [
    ('O', '0'),
    ('0', 'O'),
    ('I', '1'),
    ('1', 'I'),
    ('L', '1'),
    ('S', '5'),
    ('5', 'S'),
    ('Z', '2'),
    ('2', 'Z'),
    ('B', '8'),
    ('8', 'B'),
    ('G', '6'),
    ('6', 'G'),
    ('U', 'V'),
];

const SOUND: [&str; 4] = ["BCDEGPTVZ", "MN", "FS", "JK"];

const HOMOPHONES: [(&str, &str); 10] = [
    ("SEAN", "SHAWN"),
    ("SHAWN", "SEAN"),
    ("STEVEN", "STEPHEN"),
    ("STEPHEN", "STEVEN"),
    ("CATHERINE", "KATHRYN"),
    ("ERIC", "ERIK"),
    ("CARL", "KARL"),
    ("JON", "JOHN"),
    ("SARA", "SARAH"),
    ("ALAN", "ALLEN"),
];

const DIGIT_WORDS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS: [&str; 10] =
    ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

fn number_word(n: &str) -> String {
    match n.len() {
        1 => DIGIT_WORDS[n.parse::<usize>().unwrap_or(0)].to_owned(),
        2 => {
            let v: usize = n.parse().unwrap_or(0);
            match v {
                0..=9 => format!("oh {}", DIGIT_WORDS[v]),
                10..=19 => TEENS[v - 10].to_owned(),
                10..=99 if v - v / 10 * 10 == 0 => TENS[v / 10].to_owned(),
                _ => format!("{} {}", TENS[v / 10], DIGIT_WORDS[v % 10]),
            }
        }
        _ => n.chars().map(|d| DIGIT_WORDS[d.to_digit(10).unwrap_or(0) as usize]).collect::<Vec<_>>().join(" "),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Channel {
    Keyboard,
    Visual,
    Spoken,
    Format,
}

const CHANNELS: [(Channel, &str); 4] = [
    (Channel::Keyboard, "keyboard"),
    (Channel::Visual, "visual"),
    (Channel::Spoken, "spoken"),
    (Channel::Format, "format"),
];

/// One slip of `channel` applied to `code`; `None` when the channel has nothing
/// to do with this code (no look-alike character, say).
fn slip(code: &str, channel: Channel, rng: &mut Rng) -> Option<String> {
    let c: Vec<char> = code.chars().collect();
    let n = c.len();
    let pos = rng.below(n);
    match channel {
        Channel::Keyboard => {
            let p = rng.percent();
            let mut v = c.clone();
            if p < 79 {
                let nb = keyboard_neighbours(c[pos]);
                if nb.is_empty() {
                    return None;
                }
                v[pos] = nb[rng.below(nb.len())];
            } else if p < 89 {
                if pos + 1 >= n || c[pos] == c[pos + 1] {
                    return None;
                }
                v.swap(pos, pos + 1);
            } else if p < 95 {
                v.remove(pos);
            } else {
                v.insert(pos, c[pos]);
            }
            Some(v.into_iter().collect())
        }
        Channel::Visual => {
            let spots: Vec<(usize, char)> = c
                .iter()
                .enumerate()
                .filter_map(|(i, ch)| VISUAL.iter().find(|(a, _)| a == ch).map(|(_, b)| (i, *b)))
                .collect();
            if spots.is_empty() {
                return None;
            }
            let (i, b) = spots[rng.below(spots.len())];
            let mut v = c.clone();
            v[i] = b;
            Some(v.into_iter().collect())
        }
        Channel::Spoken => {
            let p = rng.percent();
            if p < 40 {
                // Numbers as words, letters as they are.
                let mut out = String::new();
                let mut i = 0;
                if !c.iter().any(char::is_ascii_digit) {
                    return None;
                }
                while i < n {
                    if c[i].is_ascii_digit() {
                        let run: String = c[i..].iter().take_while(|d| d.is_ascii_digit()).collect();
                        out.push(' ');
                        out.push_str(&number_word(&run));
                        out.push(' ');
                        i += run.len();
                    } else if c[i] == '-' {
                        out.push(' ');
                        i += 1;
                    } else {
                        out.push(c[i]);
                        i += 1;
                    }
                }
                Some(out.trim().to_lowercase())
            } else if p < 85 {
                let spots: Vec<usize> = (0..n).filter(|&i| SOUND.iter().any(|s| s.contains(c[i]))).collect();
                if spots.is_empty() {
                    return None;
                }
                let i = spots[rng.below(spots.len())];
                let class = SOUND.iter().find(|s| s.contains(c[i]))?;
                let others: Vec<char> = class.chars().filter(|&x| x != c[i]).collect();
                let mut v = c.clone();
                v[i] = others[rng.below(others.len())];
                Some(v.into_iter().collect())
            } else {
                let (a, b) = HOMOPHONES.iter().find(|(a, _)| code.starts_with(a))?;
                Some(format!("{b}{}", &code[a.len()..]))
            }
        }
        Channel::Format => {
            let p = rng.percent();
            if p < 25 {
                Some(code.to_lowercase())
            } else if p < 50 {
                Some(if code.contains('-') {
                    code.replace('-', " ")
                } else {
                    let mut v = c.clone();
                    v.insert(n / 2, ' ');
                    v.into_iter().collect()
                })
            } else if p < 75 {
                Some(if code.contains('-') { code.replace('-', "") } else { format!("{code}-") })
            } else {
                // A dropped counter suffix, where there is one.
                let (base, counter) = code.rsplit_once('-')?;
                (counter.chars().all(|d| d.is_ascii_digit()) && !base.is_empty()).then(|| base.to_owned())
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    n: usize,
    r1: usize,
    r5: usize,
    false_attr: usize,
    ambiguous: usize,
    none: usize,
}

fn pct(a: usize, n: usize) -> String {
    if n == 0 {
        return "–".into();
    }
    format!("{:.2}%", 100.0 * a as f64 / n as f64)
}

struct Population {
    name: String,
    gen: Generator,
    issued: Vec<String>,
    build_s: f64,
}

fn random_population(label: &str, n: usize, check: bool, guard: TypoGuard, index: bool) -> Population {
    let fmt = FormatOptions::new().random(8).check_symbol(check).build().expect("format");
    let gen = Generator::new(fmt, Some(16)).with_typo_guard(guard).with_lookup_index(index);
    let t = Instant::now();
    let issued = gen.generate_codes(n).expect("codes");
    Population { name: label.into(), gen, issued, build_s: t.elapsed().as_secs_f64() }
}

struct Census {
    first: Vec<(String, u64)>,
    last: Vec<(String, u64)>,
}

impl Census {
    fn load() -> Census {
        let mut first = Vec::new();
        let mut last = Vec::new();
        for line in include_str!("../../data/census.txt").lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split_whitespace();
            let (Some(kind), Some(name), Some(w)) = (parts.next(), parts.next(), parts.next()) else { continue };
            let entry = (name.to_owned(), w.parse().unwrap_or(1));
            if kind == "f" {
                first.push(entry);
            } else {
                last.push(entry);
            }
        }
        Census { first, last }
    }
}

/// Weighted sampling by cumulative weights.
fn pick<'a>(list: &'a [(String, u64)], cumulative: &[u64], rng: &mut Rng) -> &'a str {
    let total = *cumulative.last().unwrap_or(&1);
    let x = rng.next() % total;
    let i = cumulative.partition_point(|&c| c <= x);
    &list[i.min(list.len() - 1)].0
}

fn name_population(label: &str, census: &Census, n: usize, guard: TypoGuard, index: bool) -> Population {
    let cum = |l: &[(String, u64)]| {
        l.iter()
            .scan(0u64, |s, (_, w)| {
                *s += w;
                Some(*s)
            })
            .collect::<Vec<u64>>()
    };
    let (cf, cl) = (cum(&census.first), cum(&census.last));
    let mut rng = Rng(0x1990_CE75);
    let partners: Vec<Partner> = (0..n)
        .map(|_| Partner::new().name(pick(&census.first, &cf, &mut rng)).surname(pick(&census.last, &cl, &mut rng)))
        .collect();
    let fmt = FormatOptions::new().name(true).surname(true).discount(15.0).build().expect("format");
    let gen = Generator::new(fmt, Some(16)).with_typo_guard(guard).with_lookup_index(index);
    let t = Instant::now();
    let issued: Vec<String> = gen.generate_all(&partners).into_iter().filter_map(Result::ok).collect();
    Population { name: label.into(), gen, issued, build_s: t.elapsed().as_secs_f64() }
}

fn first20_population(census: &Census) -> Population {
    let fmt = FormatOptions::new().name(true).discount(20.0).build().expect("format");
    let gen = Generator::new(fmt, Some(16));
    let t = Instant::now();
    let partners: Vec<Partner> = census.first.iter().map(|(n, _)| Partner::new().name(n.as_str())).collect();
    let issued: Vec<String> = gen.generate_all(&partners).into_iter().filter_map(Result::ok).collect();
    Population { name: "FIRST20, every census first name".into(), gen, issued, build_s: t.elapsed().as_secs_f64() }
}

/// Evaluates one population; returns lookups per wall second and per CPU second
/// (a second pass of lookups alone over the same entered texts).
fn evaluate(pop: &Population, typos: usize, rows: &mut Vec<String>) -> (f64, f64) {
    let mut entered_all: Vec<String> = Vec::new();
    let mut total = Tally::default();
    for (channel, label) in CHANNELS {
        let mut rng = Rng(0xC0DE_0000 + channel as u64);
        let mut tally = Tally::default();
        let mut attempts = 0;
        while tally.n < typos && attempts < typos * 50 {
            attempts += 1;
            let intended = &pop.issued[rng.below(pop.issued.len())];
            let Some(entered) = slip(intended, channel, &mut rng) else { continue };
            tally.n += 1;
            let answer = pop.gen.lookup(&entered);
            let top1 = answer.code.as_deref().or(answer.suggestions.first().map(|s| s.code.as_str()));
            tally.r1 += usize::from(top1 == Some(intended.as_str()));
            let top5 = pop.gen.suggest(&entered, 5);
            tally.r5 += usize::from(top5.iter().any(|s| &s.code == intended));
            tally.false_attr += usize::from(match answer.kind {
                LookupKind::Exact | LookupKind::Normalized | LookupKind::Suggest => top1 != Some(intended.as_str()),
                _ => false,
            });
            tally.ambiguous += usize::from(answer.kind == LookupKind::Ambiguous);
            tally.none += usize::from(answer.kind == LookupKind::NotFound);
            entered_all.push(entered);
        }
        rows.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            pop.name,
            label,
            tally.n,
            pct(tally.r1, tally.n),
            pct(tally.r5, tally.n),
            pct(tally.false_attr, tally.n),
            pct(tally.ambiguous, tally.n),
            pct(tally.none, tally.n)
        ));
        total.n += tally.n;
        total.r1 += tally.r1;
        total.r5 += tally.r5;
        total.false_attr += tally.false_attr;
        total.ambiguous += tally.ambiguous;
        total.none += tally.none;
    }
    rows.push(format!(
        "| {} | **all** | {} | **{}** | {} | **{}** | {} | {} |",
        pop.name,
        total.n,
        pct(total.r1, total.n),
        pct(total.r5, total.n),
        pct(total.false_attr, total.n),
        pct(total.ambiguous, total.n),
        pct(total.none, total.n)
    ));
    // Passes over the same texts until the CPU clock (10 ms ticks) has moved
    // enough to measure.
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let mut passes = 0;
    while passes == 0 || (cpu_seconds() - cpu < 1.0 && passes < 200 && t.elapsed().as_secs_f64() < 30.0) {
        for e in &entered_all {
            std::hint::black_box(pop.gen.lookup(e));
        }
        passes += 1;
    }
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    let n = (entered_all.len() * passes) as f64;
    (n / wall.max(1e-9), if cpu > 0.0 { n / cpu } else { f64::NAN })
}

fn main() {
    let n = env("N", 1_000_000);
    let n_avoid = env("N_AVOID", n / 5);
    let n_names_avoid = env("N_NAMES_AVOID", n / 5);
    let typos = env("TYPOS", 2_000);
    let census = Census::load();
    let mut rows = Vec::new();
    let mut costs = Vec::new();
    let mut cost = |pop: &Population, mode: &str, (rate, cpu_rate): (f64, f64)| {
        costs.push(format!(
            "| {} | {} | {} | {:.1} | {:.0} | {:.0} | {:.0} |",
            pop.name,
            mode,
            pop.issued.len(),
            pop.gen.memory_bytes() as f64 / pop.gen.len().max(1) as f64,
            rate,
            cpu_rate,
            pop.issued.len() as f64 / pop.build_s
        ));
    };

    for (label, check) in [("random 8", false), ("random 8, check_symbol", true)] {
        let pop = random_population(label, n, check, TypoGuard::Off, false);
        let rate = evaluate(&pop, typos, &mut rows);
        cost(&pop, "probe (default)", rate);
        drop(pop);
        let pop = random_population(label, n, check, TypoGuard::Off, true);
        let mut scratch = Vec::new();
        let rate = evaluate(&pop, typos / 4, &mut scratch);
        cost(&pop, "index", rate);
    }
    let pop = random_population("random 8, avoid", n_avoid, false, TypoGuard::Avoid, false);
    let rate = evaluate(&pop, typos, &mut rows);
    cost(&pop, "probe (default)", rate);
    drop(pop);

    let label = "FIRSTLAST15, census-weighted partners";
    let pop = name_population(label, &census, n, TypoGuard::Warn, false);
    let rate = evaluate(&pop, typos, &mut rows);
    cost(&pop, "probe (default)", rate);
    drop(pop);
    let pop = name_population(label, &census, n, TypoGuard::Warn, true);
    let mut scratch = Vec::new();
    let rate = evaluate(&pop, typos / 4, &mut scratch);
    cost(&pop, "index", rate);
    drop(pop);
    let pop = name_population("FIRSTLAST15, avoid (counters spread)", &census, n_names_avoid, TypoGuard::Avoid, false);
    let rate = evaluate(&pop, typos, &mut rows);
    cost(&pop, "probe (default)", rate);
    drop(pop);
    let pop = first20_population(&census);
    let rate = evaluate(&pop, typos, &mut rows);
    cost(&pop, "probe (default)", rate);

    println!("### Typo lookup: recall and false attribution (issue 16)");
    println!();
    println!(
        "{typos} seeded slips per channel and population (channels and metrics: `benches/src/bin/typos.rs`). \
         False attribution: an exact or normalized answer, or a unique top suggestion, that is another partner's code."
    );
    println!();
    println!("| population | channel | typos | recall@1 | recall@5 | false attribution | ambiguous | no answer |");
    println!("|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!("{r}");
    }
    println!();
    println!("### Typo lookup: cost");
    println!();
    println!(
        "Bytes per registered code (registry + counter memo + index), lookups per second (wall clock, and \
         per CPU second: on a loaded machine the second is the cost), mixed channels, one thread, and \
         codes issued per wall second while building the population."
    );
    println!();
    println!("| population | lookup mode | codes | bytes/code | lookups/s | lookups/CPU s | codes/s issued |");
    println!("|---|---|---|---|---|---|---|");
    for c in &costs {
        println!("{c}");
    }
}
