//! Calendar days: the date an idea was given (docs/PROTOCOL.md §13, idea field 8), the
//! rule that bounds it (§16, `bad_given_date`), and the forms people read it in.
//!
//! A day is written `YYYY-MM-DD` (proleptic Gregorian). A time in ms since the Unix epoch
//! falls on its UTC day. No I/O, no clock: the bound comes from the statement's own author
//! time, so the append-time check and the audit's replay agree.

/// The earliest date an idea may say it was given.
pub const EARLIEST_GIVEN: &str = "1900-01-01";

const DAY_MS: u64 = 86_400_000;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The months in Welsh, as GOV.UK Welsh writes dates (`14 Mawrth 2026`; no mutation after
/// the day's number).
const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

/// (year, month, day) of a day number (days since 1970-01-01).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The first millisecond (UTC) of a day written `YYYY-MM-DD`, if it is a real day on or after
/// 1970-01-01.
pub fn day_start_ms(day: &str) -> Option<u64> {
    let (y, m, d) = parse_day(day)?;
    u64::try_from(days_from_civil(y, m, d)).ok()?.checked_mul(86_400_000)
}

/// The day number (days since 1970-01-01) of a valid (year, month, day).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) of the UTC day a time in ms since the Unix epoch falls on.
pub fn utc_civil(ms: u64) -> (i64, u32, u32) {
    civil_from_days((ms / DAY_MS) as i64)
}

/// `YYYY-MM-DD` of the UTC day a time in ms since the Unix epoch falls on.
pub fn utc_day(ms: u64) -> String {
    let (y, m, d) = utc_civil(ms);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Reads a date written exactly `YYYY-MM-DD` (four-digit year, two-digit month and day)
/// that exists in the calendar: `2026-02-30` and `2026-2-3` are `None`.
pub fn parse_day(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// Checks an idea's `given` date against its statement's author time: a real date written
/// `YYYY-MM-DD`, not before [`EARLIEST_GIVEN`], and not after the UTC day of the author time
/// plus one day (a day's grace for time zones ahead of UTC). The error is a plain sentence.
pub fn check_given(given: &str, author_ms: u64) -> Result<(), String> {
    let Some((y, m, d)) = parse_day(given) else {
        return Err(format!(
            "the date the idea was given must be a real calendar date written YYYY-MM-DD, such as 2026-03-14 (got \"{}\")",
            given.chars().take(40).collect::<String>().escape_default()
        ));
    };
    let day = days_from_civil(y, m, d);
    if day < days_from_civil(1900, 1, 1) {
        return Err(format!("the date the idea was given ({given}) is before {EARLIEST_GIVEN}"));
    }
    let latest = (author_ms / DAY_MS) as i64 + 1;
    if day > latest {
        let (ly, lm, ld) = civil_from_days(latest);
        return Err(format!(
            "the date the idea was given ({given}) is later than the day after the statement was signed \
             ({ly:04}-{lm:02}-{ld:02} at the latest)"
        ));
    }
    Ok(())
}

/// A date as people read it, GOV.UK style: `2026-03-14` → `14 March 2026` (the text
/// unchanged if it is not a date).
pub fn long_day(day: &str) -> String {
    match parse_day(day) {
        Some((y, m, d)) => format!("{d} {} {y}", MONTHS[(m - 1) as usize]),
        None => day.to_string(),
    }
}

/// A date as people read it in Welsh: `2026-03-14` → `14 Mawrth 2026` (the text unchanged
/// if it is not a date).
pub fn long_day_cy(day: &str) -> String {
    match parse_day(day) {
        Some((y, m, d)) => format!("{d} {} {y}", MONTHS_CY[(m - 1) as usize]),
        None => day.to_string(),
    }
}

/// The day a time falls on (UTC), as people read it: `14 March 2026`.
pub fn long_utc_day(ms: u64) -> String {
    let (y, m, d) = utc_civil(ms);
    let name = MONTHS.get(m.saturating_sub(1) as usize).copied().unwrap_or("?");
    format!("{d} {name} {y}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_and_write_back() {
        assert_eq!(utc_day(0), "1970-01-01");
        assert_eq!(utc_day(951_782_400_000), "2000-02-29");
        assert_eq!(parse_day("2000-02-29"), Some((2000, 2, 29)));
        assert_eq!(parse_day("2024-12-31"), Some((2024, 12, 31)));
        for bad in ["2026-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        for bad in ["2026-3-14", "14/03/2026", "2026-03-14T00:00", " 2026-03-14", "２０２６-03-14", "+026-03-14", ""]
        {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        // Every day from 1900 to 2100 goes round.
        let (a, b) = (days_from_civil(1900, 1, 1), days_from_civil(2100, 12, 31));
        for n in a..=b {
            let (y, m, d) = civil_from_days(n);
            assert_eq!(days_from_civil(y, m, d), n);
            assert_eq!(parse_day(&format!("{y:04}-{m:02}-{d:02}")), Some((y, m, d)));
        }
    }

    #[test]
    fn the_given_date_is_bounded_by_the_author_time() {
        // 2026-03-14T23:30:00Z.
        let t = 1_773_531_000_000;
        assert_eq!(utc_day(t), "2026-03-14");
        assert!(check_given("2026-03-14", t).is_ok());
        assert!(check_given("2026-03-15", t).is_ok(), "a day ahead for time zones");
        assert!(check_given("2026-03-16", t).unwrap_err().contains("2026-03-15 at the latest"));
        assert!(check_given("1900-01-01", t).is_ok());
        assert!(check_given("1899-12-31", t).unwrap_err().contains("before 1900-01-01"));
        assert!(check_given("2026-02-30", t).unwrap_err().contains("real calendar date"));
    }

    #[test]
    fn long_form() {
        assert_eq!(long_day("2026-03-14"), "14 March 2026");
        assert_eq!(long_day("2026-04-02"), "2 April 2026");
        assert_eq!(long_utc_day(0), "1 January 1970");
    }

    #[test]
    fn long_form_in_welsh() {
        assert_eq!(long_day_cy("2026-03-14"), "14 Mawrth 2026");
        assert_eq!(long_day_cy("2026-02-01"), "1 Chwefror 2026");
        assert_eq!(long_day_cy("2026-07-31"), "31 Gorffennaf 2026");
        assert_eq!(long_day_cy("2025-12-25"), "25 Rhagfyr 2025");
        assert_eq!(long_day_cy("not a day"), "not a day");
    }
}
