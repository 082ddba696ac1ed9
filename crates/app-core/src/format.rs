//! Display formatting of KPI values and parameter numbers. Pure string work, no economics.

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
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

/// "$20.1B", "$1.25T", "−$3.4B"; "—" when the value is not a finite number.
pub fn usd_b(value_usd_b: f64) -> String {
    if !value_usd_b.is_finite() {
        return "—".to_string();
    }
    let sign = if value_usd_b < 0.0 { "−" } else { "" };
    let abs = value_usd_b.abs();
    if abs >= 1000.0 {
        format!("{sign}${:.2}T", abs / 1000.0)
    } else if abs >= 100.0 {
        format!("{sign}${abs:.0}B")
    } else {
        format!("{sign}${abs:.1}B")
    }
}

/// "1.9 GW", "12 GW" for large values.
pub fn gw(value_gw: f64) -> String {
    if !value_gw.is_finite() {
        return "—".to_string();
    }
    if value_gw.abs() >= 100.0 {
        format!("{value_gw:.0} GW")
    } else {
        format!("{value_gw:.1} GW")
    }
}

/// A fraction shown as a percentage: 0.38 → "38%", 0.025 → "2.5%".
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".to_string();
    }
    let pct = fraction * 100.0;
    if pct.abs() < 10.0 && pct != 0.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.0}%")
    }
}

/// A ratio: 12.3 → "12.3×"; "—" when undefined (e.g. no revenue yet).
pub fn multiple(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "—".to_string();
    }
    if ratio.abs() >= 100.0 {
        format!("{ratio:.0}×")
    } else {
        format!("{ratio:.1}×")
    }
}

/// Runway in months: "18 mo"; a very long or infinite runway (no burn) reads "50+ yr".
pub fn runway_months(months: f64) -> String {
    if months.is_nan() {
        "—".to_string()
    } else if months.is_infinite() || months >= 600.0 {
        "50+ yr".to_string()
    } else {
        format!("{:.0} mo", months.max(0.0))
    }
}

/// Number of decimals that shows a parameter stepped by `step` (in display units) exactly.
pub fn decimals_for_step(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 2;
    }
    let mut decimals = 0;
    let mut scaled = step;
    while decimals < 6 && (scaled - scaled.round()).abs() > 1e-9 {
        scaled *= 10.0;
        decimals += 1;
    }
    decimals
}

/// A parameter value in display units, with as many decimals as its step needs ("0.90", "6").
pub fn param_value(display_value: f64, step: f64) -> String {
    if !display_value.is_finite() {
        return String::new();
    }
    let text = format!("{display_value:.*}", decimals_for_step(step));
    if text == "-0"
        || text.starts_with("-0.") && text.trim_start_matches("-0.").chars().all(|c| c == '0')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// Parses what a person typed into a number field. Accepts "1,5" as 1.5, a leading "+", spaces, a
/// trailing unit sign such as "%" and the Unicode minus. Returns a message for anything else.
pub fn parse_number(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("Enter a number.".to_string());
    }
    let cleaned: String = trimmed
        .trim_end_matches(['%', '×', 'x'])
        .trim()
        .replace('−', "-")
        .replace(',', ".")
        .replace(['_', ' '], "");
    let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned).to_string();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("“{trimmed}” is not a number.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_power() {
        assert_eq!(usd_b(20.08), "$20.1B");
        assert_eq!(usd_b(-3.44), "−$3.4B");
        assert_eq!(usd_b(1480.0), "$1.48T");
        assert_eq!(gw(1.9), "1.9 GW");
        assert_eq!(percent(0.38), "38%");
        assert_eq!(percent(0.025), "2.5%");
        assert_eq!(multiple(f64::NAN), "—");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_number(" 1,5 "), Ok(1.5));
        assert_eq!(parse_number("−2"), Ok(-2.0));
        assert_eq!(parse_number("35%"), Ok(35.0));
        assert!(parse_number("abc").is_err());
        assert!(parse_number("").is_err());
        assert!(parse_number("1e999").is_err());
    }

    #[test]
    fn step_decimals() {
        assert_eq!(param_value(0.9, 0.05), "0.90");
        assert_eq!(param_value(6.0, 1.0), "6");
        assert_eq!(param_value(-0.0001, 0.1), "0.0");
    }
}
