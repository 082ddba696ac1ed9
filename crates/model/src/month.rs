//! Calendar months of the simulation. `Month(0)` is January 2025 (spec §0); the initial state is end-Dec-2024.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Seconds per month (spec §2 notation): a month of the model is 730 hours.
pub const SECONDS_PER_MONTH: f64 = 2.628e6;
/// Hours per month.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Months since January 2025. Negative months (the 2024 back-cast) exist only inside the simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Month(pub i32);

/// The last month of observed capacity history (spec `delay_cutoff`, 2026-04). Ramp points after it are
/// delayed.
pub const HISTORY_END: Month = Month(15);

/// The last month of the observed period (MODEL-SPEC-V2 §7: users, deals and events through 2026-06,
/// financials through Q1-2026). Charts shade months up to it as history.
pub const OBSERVED_END: Month = Month::from_ym(2026, 6);

impl Month {
    /// January 2025, the first simulated month.
    pub const START: Month = Month(0);

    /// The month of a calendar (year, month-of-year 1–12).
    pub const fn from_ym(year: i32, month: u32) -> Month {
        Month((year - 2025) * 12 + month as i32 - 1)
    }
    /// Calendar year.
    pub fn year(self) -> i32 {
        2025 + self.0.div_euclid(12)
    }
    /// Month of the year, 1–12.
    pub fn month_of_year(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }
    /// Mid-month decimal year, `2025 + (m + 0.5) / 12` (spec §0).
    pub fn decimal_year(self) -> f64 {
        2025.0 + (self.0 as f64 + 0.5) / 12.0
    }
    /// The month whose start is at or before a decimal year given as `year + (month-1)/12` (the form date
    /// parameters use).
    pub fn from_decimal_start(year: f64) -> Month {
        Month(((year - 2025.0) * 12.0 + 1e-6).floor() as i32)
    }
    /// The decimal year at the start of this month, `year + (month-1)/12`: the inverse of `from_decimal_start`.
    pub fn decimal_start(self) -> f64 {
        2025.0 + self.0 as f64 / 12.0
    }
    /// This month shifted by `n` months.
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month_of_year())
    }
}

/// Why a month string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a month: write it as YYYY-MM, e.g. 2026-03")]
pub struct BadMonth(pub String);

impl FromStr for Month {
    type Err = BadMonth;
    fn from_str(s: &str) -> Result<Month, BadMonth> {
        let bad = || BadMonth(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Month::from_ym(year, month))
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for Month {
    type Error = BadMonth;
    fn try_from(s: String) -> Result<Month, BadMonth> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        assert_eq!(Month::from_ym(2025, 1), Month(0));
        assert_eq!(Month::from_ym(2024, 12), Month(-1));
        assert_eq!(Month(-1).to_string(), "2024-12");
        assert_eq!(HISTORY_END.to_string(), "2026-04");
        assert_eq!(OBSERVED_END.to_string(), "2026-06");
        assert_eq!("2026-03".parse::<Month>().unwrap(), Month(14));
        assert!("2026-13".parse::<Month>().is_err());
        assert!("garbage".parse::<Month>().is_err());
        assert!((Month(0).decimal_year() - 2_025.041_666).abs() < 1e-5);
        for m in -24..400 {
            let month = Month(m);
            assert_eq!(Month::from_decimal_start(month.decimal_start()), month);
        }
    }
}
