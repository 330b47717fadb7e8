//! PAP timestamps: `YYYY-MM-DDThh:mm:ssZ` <-> [`Timestamp`] (seconds since 1970-01-01T00:00:00Z).
//!
//! WAP-247-PAP (PAP 2.0), the `%Datetime;` attribute type of the DTD: "YYYY-MM-DDThh:mm:ssZ", always
//! UTC, always exactly 20 characters, no fractional seconds and no offset other than `Z`. The
//! arithmetic is the proleptic Gregorian calendar, hand-written (days from civil date after H.
//! Hinnant's well-known derivation, re-derived here).
//!
//! Range: years 0001..=9999, i.e. [`Timestamp::MIN`]..=[`Timestamp::MAX`]. Year 0000 is refused
//! because ISO 8601 / XML Schema `dateTime` only allow it by mutual agreement, and a 4-digit year
//! cannot carry anything above 9999. Second 60 (a leap second) is refused: seconds since the epoch
//! in POSIX time cannot represent it, so accepting it would lose information silently.

use core::fmt;

use super::types::Timestamp;
use crate::error::{DecodeError, DecodeResult, ErrorKind};

/// Structure name used in every timestamp error.
pub const STRUCTURE: &str = "PAP timestamp";

/// The exact length of a PAP timestamp: `YYYY-MM-DDThh:mm:ssZ`.
pub const TIMESTAMP_LEN: usize = 20;

/// Seconds in a day.
const SECS_PER_DAY: i64 = 86_400;

impl Timestamp {
    /// 0001-01-01T00:00:00Z, the earliest timestamp a 4-digit year can carry (year 0000 refused).
    pub const MIN: Self = Self(-62_135_596_800);
    /// 9999-12-31T23:59:59Z, the latest timestamp a 4-digit year can carry.
    pub const MAX: Self = Self(253_402_300_799);

    /// Parses `YYYY-MM-DDThh:mm:ssZ`. `offset` is the byte offset of `text` in the outermost input,
    /// used for the error position (offset of the first offending character).
    pub fn parse_at(text: &str, offset: usize) -> DecodeResult<Self> {
        let b = text.as_bytes();
        let err = |kind, at: usize| DecodeError::new(kind, STRUCTURE, offset.saturating_add(at));
        // Shape: digits at fixed places, separators at fixed places; the first offending
        // character is reported, then a wrong length (at the first missing or extra byte).
        for (i, &c) in b.iter().enumerate().take(TIMESTAMP_LEN) {
            let ok = match i {
                4 | 7 => c == b'-',
                10 => c == b'T',
                13 | 16 => c == b':',
                19 => c == b'Z',
                _ => c.is_ascii_digit(),
            };
            if !ok {
                return Err(err(ErrorKind::Syntax, i));
            }
        }
        if b.len() != TIMESTAMP_LEN {
            return Err(err(ErrorKind::Syntax, b.len().min(TIMESTAMP_LEN)));
        }
        // All digit positions are ASCII digits (checked above), so these cannot fail; the
        // closure keeps the code free of indexing.
        let num = |from: usize, to: usize| -> i64 {
            b.get(from..to)
                .unwrap_or_default()
                .iter()
                .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'))
        };
        let (year, month, day) = (num(0, 4), num(5, 7), num(8, 10));
        let (hour, minute, second) = (num(11, 13), num(14, 16), num(17, 19));
        if year == 0 {
            return Err(err(ErrorKind::InvalidValue, 0));
        }
        if !(1..=12).contains(&month) {
            return Err(err(ErrorKind::InvalidValue, 5));
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(err(ErrorKind::InvalidValue, 8));
        }
        if hour > 23 {
            return Err(err(ErrorKind::InvalidValue, 11));
        }
        if minute > 59 {
            return Err(err(ErrorKind::InvalidValue, 14));
        }
        if second > 59 {
            return Err(err(ErrorKind::InvalidValue, 17));
        }
        let days = days_from_civil(year, month, day);
        Ok(Self(
            days * SECS_PER_DAY + hour * 3600 + minute * 60 + second,
        ))
    }

    /// Whether this value has a PAP text form (years 0001..=9999).
    pub const fn is_representable(self) -> bool {
        self.0 >= Self::MIN.0 && self.0 <= Self::MAX.0
    }

    /// The civil date and time (year, month, day, hour, minute, second) in UTC. Valid for any i64
    /// whose year fits in i64 (all of them: |secs| / 86400 / 365 < 2^63).
    pub const fn civil(self) -> (i64, i64, i64, i64, i64, i64) {
        let days = self.0.div_euclid(SECS_PER_DAY);
        let secs = self.0.rem_euclid(SECS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// `YYYY-MM-DDThh:mm:ssZ`. A value outside [`Timestamp::MIN`]..=[`Timestamp::MAX`] is written with
/// its true year (`-0001`, `10000`): faithful, and refused by [`Timestamp::parse_at`], which is what
/// a negative test vector wants.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.civil();
        if y < 0 {
            write!(f, "-{:04}", y.unsigned_abs())?;
        } else {
            write!(f, "{y:04}")?;
        }
        write!(f, "-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

impl core::str::FromStr for Timestamp {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_at(s, 0)
    }
}

const fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12, day 1..=31).
/// Eras of 400 years (146097 days) starting on March 1st, so the leap day ends the year.
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // 0..=399
    let mp = (month + 9) % 12; // March = 0 .. February = 11
    let doy = (153 * mp + 2) / 5 + day - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468 // 719468 = days from 0000-03-01 to 1970-01-01
}

/// Inverse of [`days_from_civil`].
const fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_and_max_are_the_four_digit_year_bounds() {
        assert_eq!(Timestamp::MIN.to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59Z");
        assert_eq!("0001-01-01T00:00:00Z".parse(), Ok(Timestamp::MIN));
        assert_eq!("9999-12-31T23:59:59Z".parse(), Ok(Timestamp::MAX));
    }

    #[test]
    fn civil_round_trips_every_day_of_a_leap_cycle() {
        for days in -146_097 * 3..146_097 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
