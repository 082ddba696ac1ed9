//! Text forms of deal fields for the editor: ramps ("2026-12: 0.5; 2027-12: 1.5"), optional months, money.
//! Parsing is strict and explains itself; structural checks (ramp order, end after start) are the model's
//! `Scenario::validate`, whose problems the app lists.

use gigawatt_model::{Month, RampPoint};

use crate::format::parse_number;

/// "2026-12: 0.5; 2027-12: 1.5".
pub fn ramp_text(ramp: &[RampPoint]) -> String {
    ramp.iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.month,
                gigawatt_model::params::trim_number(p.cumulative_gw)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Parses ramp text: points separated by ";" (or new lines), each "YYYY-MM: GW" (":" "=" "@" or a space).
pub fn parse_ramp(text: &str) -> Result<Vec<RampPoint>, String> {
    let mut points = Vec::new();
    for (i, item) in text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        let (month_text, gw_text) = item.split_once([':', '=', '@', ' ']).ok_or_else(|| {
            format!(
                "Point {} (“{item}”) needs a month and GW, e.g. 2027-12: 1.5",
                i + 1
            )
        })?;
        let month: Month = month_text
            .trim()
            .parse()
            .map_err(|e: gigawatt_model::BadMonth| format!("Point {}: {e}", i + 1))?;
        let cumulative_gw =
            parse_number(gw_text).map_err(|e| format!("Point {} ({month}): {e}", i + 1))?;
        if cumulative_gw < 0.0 {
            return Err(format!(
                "Point {} ({month}): capacity cannot be negative.",
                i + 1
            ));
        }
        points.push(RampPoint {
            month,
            cumulative_gw,
        });
    }
    if points.is_empty() {
        return Err("Enter at least one point, e.g. 2027-12: 1.5".to_string());
    }
    Ok(points)
}

/// "2030-06", or "" for none.
pub fn month_text(month: Option<Month>) -> String {
    month.map(|m| m.to_string()).unwrap_or_default()
}

/// "2030-06" → Some, "" or "none" → None when `optional`.
pub fn parse_month(text: &str, optional: bool) -> Result<Option<Month>, String> {
    let t = text.trim();
    if optional && (t.is_empty() || t.eq_ignore_ascii_case("none") || t == "—") {
        return Ok(None);
    }
    t.parse::<Month>().map(Some).map_err(|e| e.to_string())
}

/// A non-negative amount of $B; `optional` accepts "" as None (e.g. "priced at the model's valuation").
pub fn parse_money(text: &str, optional: bool) -> Result<Option<f64>, String> {
    if optional && text.trim().is_empty() {
        return Ok(None);
    }
    let value = parse_number(
        text.trim()
            .trim_start_matches('$')
            .trim_end_matches(['B', 'b']),
    )?;
    if value < 0.0 {
        return Err("Enter an amount of zero or more.".to_string());
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_round_trip() {
        let ramp = parse_ramp("2026-12: 0.5; 2027-12 1.5\n2028-12=2,5").expect("valid ramp");
        assert_eq!(ramp.len(), 3);
        assert_eq!(ramp[2].cumulative_gw, 2.5);
        assert_eq!(ramp_text(&ramp), "2026-12: 0.5; 2027-12: 1.5; 2028-12: 2.5");
    }

    #[test]
    fn ramp_errors_say_where() {
        assert!(parse_ramp("2026-13: 1").unwrap_err().contains("Point 1"));
        assert!(parse_ramp("2026-12: 1; 2027-12: lots")
            .unwrap_err()
            .contains("Point 2"));
        assert!(parse_ramp("  ").is_err());
        assert!(parse_ramp("2026-12: -1").is_err());
    }

    #[test]
    fn months_and_money() {
        assert_eq!(parse_month("", true), Ok(None));
        assert!(parse_month("", false).is_err());
        assert_eq!(parse_money("$38B", false), Ok(Some(38.0)));
        assert_eq!(parse_money("", true), Ok(None));
        assert!(parse_money("-3", false).is_err());
    }
}
