//! Calendar dates as the engine uses them: a packed yyyymmdd integer that orders correctly and
//! gives completed years and months without allocation. jiff validates and supplies "today".

use std::fmt;

/// A valid calendar date, stored as `yyyy*10000 + mm*100 + dd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// A date when `year-month-day` exists on the calendar.
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let y = i16::try_from(year).ok()?;
        let m = i8::try_from(month).ok()?;
        let d = i8::try_from(day).ok()?;
        if !(1800..=2200).contains(&year) {
            return None;
        }
        jiff::civil::Date::new(y, m, d).ok()?;
        Some(Date(year * 10000 + month as i32 * 100 + day as i32))
    }

    /// Today's date on this machine's clock, in its time zone.
    pub fn today() -> Date {
        let now = jiff::ZonedDateTime::now().date();
        Date(now.year() as i32 * 10000 + now.month() as i32 * 100 + now.day() as i32)
    }

    /// The packed `yyyymmdd` number (to store a date as four bytes).
    pub(crate) fn packed(self) -> i32 {
        self.0
    }

    /// The date of a [`Date::packed`] number; `None` when it is not a valid date.
    pub(crate) fn from_packed(packed: i32) -> Option<Date> {
        Date::new(
            packed / 10000,
            (packed / 100 % 100) as u32,
            (packed % 100) as u32,
        )
    }

    /// The year.
    pub(crate) fn year(self) -> i32 {
        self.0 / 10000
    }

    /// The month, 1–12.
    pub(crate) fn month(self) -> i32 {
        self.0 / 100 % 100
    }

    /// The day of the month.
    pub(crate) fn day(self) -> i32 {
        self.0 % 100
    }

    /// Completed years from `self` to `later` (negative if `later` is earlier).
    ///
    /// A year is completed on the same month and day. Someone born on 29 February completes a
    /// year on 1 March in a non-leap year (28 February < 29 February), the usual legal reading.
    pub(crate) fn years_until(self, later: Date) -> i32 {
        let mut years = later.year() - self.year();
        if (later.month(), later.day()) < (self.month(), self.day()) {
            years -= 1;
        }
        years
    }

    /// Completed months from `self` to `later`; a month is completed on the same day number
    /// (31 January to 28 February is not yet a month).
    pub(crate) fn months_until(self, later: Date) -> i32 {
        let mut months = (later.year() - self.year()) * 12 + (later.month() - self.month());
        if later.day() < self.day() {
            months -= 1;
        }
        months
    }

    /// The same day `months` later; a day the target month lacks becomes its last day
    /// (31 August + 1 month = 30 September). None outside the supported years.
    pub(crate) fn add_months(self, months: i32) -> Option<Date> {
        let index = self.year() * 12 + (self.month() - 1) + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        let last = days_in_month(year, month);
        Date::new(year, month as u32, self.day().min(last) as u32)
    }

    /// The next calendar day (the first day after a period that ends on `self`).
    pub fn next_day(self) -> Option<Date> {
        let (y, m, d) = (self.year(), self.month(), self.day());
        if d < days_in_month(y, m) {
            Date::new(y, m as u32, d as u32 + 1)
        } else if m < 12 {
            Date::new(y, m as u32 + 1, 1)
        } else {
            Date::new(y + 1, 1, 1)
        }
    }

    /// Parses `yyyy-mm-dd`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        // the common case, `yyyy-mm-dd` in digits, without splitting
        if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text.as_bytes() {
            let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
            if digits.iter().all(u8::is_ascii_digit) {
                let n = |ds: &[u8]| ds.iter().fold(0, |a, &d| a * 10 + i32::from(d - b'0'));
                return Date::new(
                    n(&digits[..4]),
                    n(&digits[4..6]) as u32,
                    n(&digits[6..]) as u32,
                );
            }
        }
        let mut parts = text.trim().splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Parses what rosters hold: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or
    /// `yyyy-mm-dd`.
    pub(crate) fn parse_roster(text: &str) -> Option<Date> {
        let t = text.trim();
        let bytes = t.as_bytes();
        if bytes.len() >= 8 && bytes.get(4) == Some(&b'-') {
            return Date::parse_iso(t);
        }
        let sep = t.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
        let mut parts = t.splitn(3, sep);
        let d: u32 = parts.next()?.trim().parse().ok()?;
        let m: u32 = parts.next()?.trim().parse().ok()?;
        let y_text = parts.next()?.trim();
        if y_text.len() != 4 {
            return None;
        }
        Date::new(y_text.parse().ok()?, m, d)
    }
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn completed_years() {
        assert_eq!(d("1965-12-31").years_until(d("2025-12-31")), 60);
        assert_eq!(d("1966-01-01").years_until(d("2025-12-31")), 59);
        // born 29 February: the year completes on 1 March in a non-leap year
        assert_eq!(d("2000-02-29").years_until(d("2025-02-28")), 24);
        assert_eq!(d("2000-02-29").years_until(d("2025-03-01")), 25);
        assert_eq!(d("2000-02-29").years_until(d("2024-02-29")), 24);
    }

    #[test]
    fn completed_months() {
        assert_eq!(d("2020-01-31").months_until(d("2020-02-29")), 0);
        assert_eq!(d("2020-01-15").months_until(d("2025-01-15")), 60);
    }

    #[test]
    fn adding_months() {
        assert_eq!(
            d("1961-10-15").add_months(60 * 12 + 6),
            Some(d("2022-04-15"))
        );
        assert_eq!(d("2020-08-31").add_months(1), Some(d("2020-09-30")));
        assert_eq!(d("2020-01-31").add_months(1), Some(d("2020-02-29")));
        assert_eq!(d("2020-03-15").add_months(-3), Some(d("2019-12-15")));
    }

    #[test]
    fn roster_forms() {
        assert_eq!(Date::parse_roster("05/03/1980"), Some(d("1980-03-05")));
        assert_eq!(Date::parse_roster("5/3/1980"), Some(d("1980-03-05")));
        assert_eq!(Date::parse_roster("1980-03-05"), Some(d("1980-03-05")));
        assert_eq!(Date::parse_roster("05.03.1980"), Some(d("1980-03-05")));
        assert_eq!(Date::parse_roster("31/02/1980"), None);
        assert_eq!(Date::parse_roster("1980"), None);
        assert_eq!(Date::parse_roster("05/03/80"), None);
    }
}
