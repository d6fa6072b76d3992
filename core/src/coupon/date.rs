//! A small ISO-8601 parser for the two shapes the coupon API uses.
//!
//! Accepted (and nothing else):
//!
//! - a calendar date `YYYY-MM-DD`;
//! - a date and time `YYYY-MM-DDTHH:MM[:SS[.f…]][Z|±HH:MM]`, where the separator may
//!   also be a lowercase `t` or a single space (RFC 3339 allows both), `Z` may be
//!   lowercase, and the fraction has 1 to 9 digits.
//!
//! Years run from `0000` to `9999` (proleptic Gregorian calendar); months, days,
//! hours (0–23), minutes and seconds (0–59) are range-checked against the real
//! calendar, so `2023-02-29` and `2024-02-30` are invalid and `2024-02-29` is valid.
//! Leap seconds and `24:00` are rejected.
//!
//! A time without an offset is read as UTC (the library has no notion of a local
//! time zone, and every runtime must agree).

/// Nanoseconds in one day.
const DAY_NS: i128 = 86_400 * 1_000_000_000;

/// A parsed date or date-time, as an instant on one time line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Moment {
    /// Nanoseconds since 1970-01-01T00:00:00Z (negative before).
    pub(crate) start: i128,
    /// True for a bare `YYYY-MM-DD`, which stands for the whole day (UTC).
    pub(crate) date_only: bool,
}

impl Moment {
    /// The first instant the moment covers: the time itself, or 00:00:00Z of the day.
    pub(crate) fn first_instant(self) -> i128 {
        self.start
    }

    /// The last instant (in nanoseconds) the moment covers: the time itself, or the
    /// last nanosecond of the day (UTC) for a bare date.
    pub(crate) fn last_instant(self) -> i128 {
        if self.date_only {
            self.start + DAY_NS - 1
        } else {
            self.start
        }
    }
}

/// Parses an ISO-8601 date or date-time (see the module docs); `None` when it is
/// not one.
pub(crate) fn parse(text: &str) -> Option<Moment> {
    let b = text.as_bytes();
    if b.len() < 10 || b.len() > 40 {
        return None;
    }
    let year = digits(b, 0, 4)?;
    expect(b, 4, b'-')?;
    let month = digits(b, 5, 2)?;
    expect(b, 7, b'-')?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if b.len() == 10 {
        return Some(Moment { start: days as i128 * DAY_NS, date_only: true });
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let hour = digits(b, 11, 2)?;
    expect(b, 13, b':')?;
    let minute = digits(b, 14, 2)?;
    if hour > 23 || minute > 59 {
        return None;
    }
    let mut pos = 16;
    let mut second = 0;
    let mut nanos: i128 = 0;
    if b.get(pos) == Some(&b':') {
        second = digits(b, pos + 1, 2)?;
        if second > 59 {
            return None;
        }
        pos += 3;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while pos < b.len() && b[pos].is_ascii_digit() {
                pos += 1;
            }
            let count = pos - start;
            if count == 0 || count > 9 {
                return None;
            }
            for &d in &b[start..pos] {
                nanos = nanos * 10 + i128::from(d - b'0');
            }
            for _ in count..9 {
                nanos *= 10;
            }
        }
    }
    let offset_minutes: i64 = match b.get(pos) {
        None => 0,
        Some(b'Z' | b'z') if pos + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if pos + 6 == b.len() => {
            let oh = digits(b, pos + 1, 2)?;
            expect(b, pos + 3, b':')?;
            let om = digits(b, pos + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let total = i64::from(oh * 60 + om);
            if sign == b'+' {
                total
            } else {
                -total
            }
        }
        Some(_) => return None,
    };
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_minutes * 60;
    Some(Moment { start: seconds as i128 * 1_000_000_000 + nanos, date_only: false })
}

fn expect(b: &[u8], at: usize, c: u8) -> Option<()> {
    (b.get(at) == Some(&c)).then_some(())
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = b.get(at..at + n)?;
    let mut v = 0u32;
    for &d in slice {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(d - b'0');
    }
    Some(v)
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i128 = 1_000_000_000;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(parse("1970-01-01").unwrap().start, 0);
        assert_eq!(parse("2000-03-01").unwrap().start, 11_017 * DAY_NS);
        assert_eq!(parse("1969-12-31").unwrap().start, -DAY_NS);
        assert_eq!(parse("0000-01-01").unwrap().start, -719_528 * DAY_NS);
        assert_eq!(parse("9999-12-31").unwrap().start, 2_932_896 * DAY_NS);
    }

    #[test]
    fn calendar_rules() {
        assert!(parse("2024-02-29").is_some());
        assert!(parse("2023-02-29").is_none());
        assert!(parse("1900-02-29").is_none());
        assert!(parse("2000-02-29").is_some());
        assert!(parse("2024-02-30").is_none());
        assert!(parse("2024-04-31").is_none());
        assert!(parse("2024-13-01").is_none());
        assert!(parse("2024-00-10").is_none());
        assert!(parse("2024-01-00").is_none());
    }

    #[test]
    fn times_and_offsets() {
        let utc = parse("2024-06-01T12:00:00Z").unwrap();
        assert_eq!(parse("2024-06-01T14:00:00+02:00").unwrap(), utc);
        assert_eq!(parse("2024-06-01T07:30-04:30").unwrap(), utc);
        assert_eq!(parse("2024-06-01 12:00").unwrap(), utc);
        assert_eq!(parse("2024-06-01t12:00:00z").unwrap(), utc);
        assert_eq!(parse("2024-06-01T12:00:00.5Z").unwrap().start, utc.start + S / 2);
        assert_eq!(parse("2024-06-01T12:00:00.000000001Z").unwrap().start, utc.start + 1);
        assert_eq!(parse("2024-01-01T00:30+01:00").unwrap().start, parse("2023-12-31T23:30Z").unwrap().start);
    }

    #[test]
    fn garbage() {
        for bad in [
            "",
            "2024",
            "2024-1-01",
            "2024-01-1",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T",
            "2024-01-01T12",
            "2024-01-01T24:00",
            "2024-01-01T12:60",
            "2024-01-01T12:00:60",
            "2024-01-01T12:00:00.",
            "2024-01-01T12:00:00.1234567890",
            "2024-01-01T12:00Z0",
            "2024-01-01T12:00+0100",
            "2024-01-01T12:00+01",
            "2024-01-01T12:00+24:00",
            "2024-01-01X12:00",
            "2024-01-01 ",
            " 2024-01-01",
            "２０２４-01-01",
            "2024-01-01T12:00:00ZZ",
            "tomorrow",
        ] {
            assert!(parse(bad).is_none(), "{bad:?} parsed");
        }
    }

    #[test]
    fn instants() {
        let d = parse("2024-12-31").unwrap();
        assert_eq!(d.first_instant(), parse("2024-12-31T00:00Z").unwrap().start);
        assert_eq!(d.last_instant() + 1, parse("2025-01-01").unwrap().start);
        let t = parse("2024-12-31T10:00Z").unwrap();
        assert_eq!(t.first_instant(), t.last_instant());
    }
}
